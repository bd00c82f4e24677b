using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;
using VmssAutoscale.Sources.Reads;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>What was read for one scale set: the diagnosis input and the raw bodies a snapshot keeps. Changed with <c>with</c>, never copied by hand.</summary>
    public sealed record CollectedScaleSet
    {
        public DiagnosisInput Input { get; init; } = new DiagnosisInput();

        public SnapshotScaleSet Raw { get; init; } = new SnapshotScaleSet();

        /// <summary>The bodies of the settings that target the scale set.</summary>
        public IReadOnlyList<JsonNode> SettingBodies { get; init; } = Array.Empty<JsonNode>();
    }

    /// <summary>
    /// Reads everything a diagnosis needs through the source seams, the same way for live Azure and
    /// for a snapshot. Thread-safe, so fleet mode shares one collector (and its per-subscription
    /// settings list and per-region size list) across parallel diagnoses.
    /// </summary>
    public sealed class DiagnosisCollector
    {
        private readonly SourceSet sources;

        /// <summary>What a diagnosis does without a read that failed, as its warning says.</summary>
        private const string LeftOut = "the checks that need them are skipped";

        private readonly DeclaredReadRunner declared;
        private readonly SettingLookup settingLookup;

        public DiagnosisCollector(SourceSet sources)
        {
            this.sources = sources;
            declared = new DeclaredReadRunner(sources.Reads, sources.Log);
            settingLookup = sources.SettingLookup;
        }

        /// <summary>The settings lookup of this command (Resource Graph, falling back to the list), shared with the read cmdlets.</summary>
        public SettingLookup Settings => settingLookup;

        /// <summary>Announces the scale sets the command will collect, so that several in one subscription share its settings list (see SettingLookup).</summary>
        public void Expect(IEnumerable<string> scaleSetIds) => settingLookup.Expect(scaleSetIds);

        /// <remarks>
        /// The reads run in rounds. Each round starts every read whose inputs the earlier rounds gave and
        /// awaits them together, so the critical path is three round trips (the model and the settings list;
        /// the instance view, the declared reads (the region's sizes, the VMs, Resource and Service Health and the Azure Monitor
        /// Agent's rules among them), the activity logs and the run history; the samples) whatever the number of
        /// reads, where one after another it was one per read. Finding the settings costs one round trip whatever
        /// the subscription holds (SettingLookup), except where Resource Graph is refused and the subscription's
        /// list is read page by page. A new independent read joins the first round
        /// that has its inputs: start its task beside the others and await it with them.
        /// </remarks>
        public async Task<CollectedScaleSet> CollectAsync(string scaleSetId, DateTime now, string sourceName, DiagnosisOptions options, IReadOnlyList<Finding> templateFindings, CancellationToken cancellationToken)
        {
            // Round 1: what the scale set's ID alone names: its model, and the settings that target it (one
            // Resource Graph query beside its resource group's list, or the subscription's shared list).
            var modelTask = sources.ScaleSets.GetScaleSetJsonAsync(scaleSetId, cancellationToken);
            var idSubscription = ResourceIds.Subscription(scaleSetId);
            var settingsTask = idSubscription == null ? null : settingLookup.FindAsync(scaleSetId, idSubscription, cancellationToken);

            var modelJson = await modelTask.ConfigureAwait(false);
            var bare = ScaleSetReader.Read(modelJson, null, (l, s) => null, Array.Empty<string>());
            var subscription = bare.SubscriptionId.Length > 0 ? bare.SubscriptionId : idSubscription ?? string.Empty;
            settingsTask ??= settingLookup.FindAsync(bare.ResourceId, subscription, cancellationToken);

            // Independent of every read below (they need only the model), so they run alongside round 2.
            var declaredRead = declared.RunAsync(ReadRegistry.ScaleSetReads, bare, LeftOut, cancellationToken, new ReadWindow(now - options.EventPeriod, now));

            // Round 2: what needs the model (its ID, region) or the settings (their IDs).
            var viewTask = InstanceViewOf(bare, cancellationToken);
            var allSettings = await settingsTask.ConfigureAwait(false);
            var settingBodies = new List<JsonNode>();
            var settings = new List<AutoscaleSetting>();
            foreach (var body in allSettings)
            {
                foreach (var s in ScaleSetInfoService.Parse(new[] { body }, sources.Log))
                {
                    if (ResourceIds.AreEqual(s.TargetResourceUri, bare.ResourceId))
                    {
                        settings.Add(s);
                        settingBodies.Add(JsonParser.Parse(body));
                    }
                }
            }

            var runHistoryRead = RunHistoryCollector.ReadAsync(sources.RunHistory, settings, bare.ResourceId, now - options.SamplePeriod, now, sources.Log, cancellationToken);
            var eventStart = now - options.EventPeriod;
            // The settings' activity logs first, then the scale set's own, as before: the merge keeps that order.
            var activityTasks = settings.Select(s => s.Id).Where(id => id != null).Concat(new[] { bare.ResourceId })
                .Select(resource => sources.Events.GetActivityLogJsonAsync(subscription, resource!, eventStart, now, cancellationToken))
                .ToList();
            // The samples wait for the view and the declared reads (the sizes, the VMs), not for the activity logs: when a
            // setting had to be read on its own (another resource group), its activity log starts a round later, beside the samples.
            var viewJson = await viewTask.ConfigureAwait(false);
            var read = await declaredRead.ConfigureAwait(false);
            var sizes = read.Of(VmSizeRead.Unit).Value;
            var vms = read.Of(VirtualMachinesRead.Unit);
            var info = ScaleSetReader.Read(
                modelJson,
                viewJson,
                (location, sku) => VmSizeRead.VCpusOf(sizes, sku),
                settings.Select(s => s.Id ?? s.Name).ToList(),
                vms.Value);

            // Round 3: the samples need the instances (view), the rules' metrics (settings) and the OS (model).
            // Every rule's metric, its own resource's included (a queue, another scale set): the planner routes each.
            var requests = Sources.Sampling.SamplePlanner.RequestsFromSettings(settings, info.ResourceId);
            var samples = requests.Count == 0
                ? new SampleReadResult { Unavailable = "no autoscale rule reads a metric" }
                : sources.Samples.Source == null
                    ? new SampleReadResult { Unavailable = sources.Samples.Unavailable }
                    : await sources.Samples.Source.ReadSamplesAsync(info, modelJson, requests, now - options.SamplePeriod, now, cancellationToken).ConfigureAwait(false);

            await Task.WhenAll(activityTasks).ConfigureAwait(false);
            var activityBodies = activityTasks.SelectMany(t => t.Result).ToList();
            var records = activityBodies.Select(ActivityLogReader.Read).ToList();
            var events = ScaleEventMerger.Merge(records, settings);

            var runHistory = await runHistoryRead.ConfigureAwait(false);
            var reads = read.Describing(info);
            var health = reads.Of(ResourceHealthRead.Unit);
            var serviceHealth = reads.Of(ServiceHealthRead.Unit);
            var ama = DataCollectionRead.Configuration(modelJson, reads.Of(DataCollectionRead.Unit), info.VMScaleSetName, sources.Log);

            var input = new DiagnosisInput
            {
                Now = now,
                Source = sourceName,
                ScaleSet = info,
                ScaleSetJson = modelJson,
                DiagnosticsConfiguration = DiagnosticsExtensionReader.Read(modelJson),
                Settings = settings,
                ActivityLog = records,
                Events = events,
                Samples = samples,
                TemplateFindings = templateFindings,
                Options = options,
                Guide = new GuideObservations
                {
                    Instances = vms.Value,
                    InstancesUnavailable = vms.Unavailable,
                    ResourceHealth = health.Value,
                    ResourceHealthUnavailable = health.Unavailable,
                    ServiceHealthEvents = serviceHealth.Value,
                    ServiceHealthUnavailable = serviceHealth.Unavailable,
                },
                RunHistory = runHistory,
                Ama = ama,
                Reads = reads,
            };

            var raw = new SnapshotScaleSet
            {
                ResourceId = info.ResourceId,
                Model = JsonParser.Parse(modelJson),
                InstanceView = viewJson == null ? null : JsonParser.Parse(viewJson),
                ActivityLog = activityBodies.Select(JsonParser.Parse).ToList(),
                Samples = samples.Samples,
                SampleSource = samples.SampleSource,
                TablesRead = samples.TablesRead,
                TablesMissing = samples.TablesMissing,
                Reads = reads.Bodies,
                ServiceMetrics = runHistory.Bodies,
            };
            return new CollectedScaleSet { Input = input, Raw = raw, SettingBodies = settingBodies };
        }

        private async Task<string?> InstanceViewOf(ScaleSetInfo bare, CancellationToken cancellationToken)
        {
            if (ScaleSetReader.IsFlexible(bare))
            {
                // Azure refuses a Flexible scale set's instance view; its health comes from its VMs (VirtualMachinesRead).
                return null;
            }

            try
            {
                return await sources.ScaleSets.GetInstanceViewJsonAsync(bare.ResourceId, cancellationToken).ConfigureAwait(false);
            }
            catch (ModuleException e)
            {
                // The instance view adds health counts; without it the diagnosis still runs, and says what it could not see.
                sources.Log.Warning($"The instance view of '{bare.VMScaleSetName}' could not be read ({e.Message}); instance and extension health are not checked.");
                return null;
            }
        }
    }
}
