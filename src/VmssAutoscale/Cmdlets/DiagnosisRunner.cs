using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// What Debug-VmssAutoscale and Export-VmssAutoscaleReport share: the source set the base
    /// cmdlet opened (live Azure or a snapshot), the scale sets asked for, and collecting and
    /// diagnosing them with bounded parallelism while the pipeline thread writes progress and logs.
    /// </summary>
    internal sealed class DiagnosisRunner
    {
        private readonly VmssAutoscaleCmdlet cmdlet;
        private readonly CancellationToken cancellation;
        private readonly LiveAzure azure;
        private readonly DateTime opened = DateTime.UtcNow;

        private DiagnosisRunner(VmssAutoscaleCmdlet cmdlet, CancellationToken cancellation, LiveAzure azure, SourceSet sources)
        {
            this.cmdlet = cmdlet;
            this.cancellation = cancellation;
            this.azure = azure;
            Sources = sources;
            Collector = new DiagnosisCollector(sources);
        }

        public SourceSet Sources { get; }

        /// <summary>The bundle read with -Snapshot; null live.</summary>
        public SnapshotSource? SnapshotSource => Sources.Snapshot;

        public DiagnosisCollector Collector { get; }

        public string SourceName => Sources.Name;

        /// <summary>
        /// The reference time: the snapshot's collection time offline; live, the clock when the
        /// runner opened, once for the whole command. Export-VmssAutoscaleReport records it as the
        /// bundle's collection time, so Debug-VmssAutoscale -Snapshot evaluates at the very instant
        /// the live diagnosis did; a clock read again at export time could put the engine's windows
        /// a minute further on and change the findings.
        /// </summary>
        public DateTime Now => SnapshotSource?.Now ?? opened;

        /// <summary>
        /// The runner over the source set the cmdlet opened. Samples the user gave (-Sample), or
        /// -AllowKeyAccess, change the live set's sample source (with <c>with</c>); a bundle answers
        /// from its own samples.
        /// </summary>
        /// <param name="allowKeyAccess">-AllowKeyAccess: the diagnostics tables may be read with an account key when Entra ID cannot (TableKeyFallback).</param>
        public static DiagnosisRunner Over(VmssAutoscaleCmdlet cmdlet, CancellationToken cancellation, LiveAzure azure, IReadOnlyList<MetricSample>? samples, bool allowKeyAccess)
        {
            var sources = azure.Sources;
            if (!sources.IsSnapshot && (samples != null || allowKeyAccess))
            {
                sources = sources with
                {
                    Samples = Capability<IMetricSampleSource>.Of(new LiveSampleSource(azure.Options, sources.Log, samples, sources.Metrics.Require(null), allowKeyAccess)),
                };
            }

            return new DiagnosisRunner(cmdlet, cancellation, azure, sources);
        }

        /// <summary>The scale set IDs the user named: a resource ID, a group and name, or (snapshot) every scale set matching the filters.</summary>
        public IReadOnlyList<string> Resolve(string? resourceId, string? resourceGroupName, string? name, string? subscriptionId)
        {
            if (SnapshotSource != null)
            {
                if (!string.IsNullOrEmpty(resourceId))
                {
                    return new[] { SnapshotSource.Find(resourceId!).ResourceId };
                }

                var matches = SnapshotSource.Matching(subscriptionId, resourceGroupName, name).Select(s => s.ResourceId).ToList();
                if (matches.Count == 0)
                {
                    throw SnapshotSource.NotInSnapshot(resourceGroupName, name, name);
                }

                return matches;
            }

            return new[] { ScaleSetTarget.Id(azure, resourceId, resourceGroupName, name, subscriptionId) };
        }

        /// <summary>
        /// Every scale set that an autoscale setting targets: in the snapshot, or live with one
        /// Azure Resource Graph query over the subscriptions given, else over every subscription
        /// the identity can see.
        /// </summary>
        public IReadOnlyList<string> AllWithSettings(IReadOnlyList<string>? subscriptions)
        {
            if (SnapshotSource != null)
            {
                return SnapshotSource.Snapshot.ScaleSets.Select(s => s.ResourceId).ToList();
            }

            var subs = subscriptions != null && subscriptions.Count > 0
                ? subscriptions
                : FleetInventory.Searchable(azure.Run(ct => Sources.Subscriptions.ListSubscriptionsAsync(ct)));
            if (subs.Count == 0)
            {
                throw new ModuleException(ErrorIds.NoSubscription, ErrorCategory.InvalidArgument,
                    "The signed-in identity can see no enabled subscription. Give -SubscriptionId, or grant the identity Reader on the subscriptions to search.");
            }

            cmdlet.WriteVerbose($"Finding the scale sets with an autoscale setting in {subs.Count} subscription(s) with one Azure Resource Graph query.");
            var graph = Sources.ResourceGraph.Require(null);
            var members = azure.Run(ct => FleetInventory.FindAsync(graph, subs, Sources.Log, ct));
            cmdlet.WriteVerbose($"Azure Resource Graph found {members.Count} scale set(s) with an autoscale setting.");
            return members.Select(m => m.ResourceId).ToList();
        }

        /// <summary>
        /// Collects and diagnoses the scale sets with at most <paramref name="throttle"/> in flight
        /// (each costs a handful of ARM reads, so this bounds the request rate that ARM throttles
        /// on), and yields each result on the pipeline thread as it completes, with Write-Progress.
        /// </summary>
        public IEnumerable<(string Id, CollectedScaleSet? Collected, DiagnosisResult? Result, Exception? Error)> Run(
            IReadOnlyList<string> ids, DiagnosisOptions options, Func<ScaleSetInfo, IReadOnlyList<Finding>> templateFindings, int throttle, bool progress)
        {
            Collector.Expect(ids);
            using var gate = new SemaphoreSlim(Math.Max(1, throttle));
            var tasks = ids.Select(id => Task.Run(async () =>
            {
                await gate.WaitAsync(cancellation).ConfigureAwait(false);
                try
                {
                    var collected = await Collector.CollectAsync(id, Now, SourceName, options, Array.Empty<Finding>(), cancellation).ConfigureAwait(false);
                    var extra = templateFindings(collected.Input.ScaleSet);
                    if (extra.Count > 0)
                    {
                        collected = collected with { Input = collected.Input with { TemplateFindings = extra } };
                    }

                    return (id, (CollectedScaleSet?)collected, (DiagnosisResult?)Diagnoser.Run(collected.Input), (Exception?)null);
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    return (id, null, null, e);
                }
                finally
                {
                    gate.Release();
                }
            })).ToList();

            var pending = new List<Task<(string, CollectedScaleSet?, DiagnosisResult?, Exception?)>>(tasks);
            var done = 0;
            var record = new ProgressRecord(1, "Debug-VmssAutoscale", $"Diagnosing {ids.Count} scale set(s)");
            while (pending.Count > 0)
            {
                var index = WaitAny(pending);
                Flush();
                if (index < 0)
                {
                    continue;
                }

                if (index == int.MaxValue || (pending[index].IsCanceled && cmdlet.Deadline?.Expired == true))
                {
                    // What was returned stays returned; the error says how much that was.
                    throw cmdlet.Deadline!.Error($"{done} of {ids.Count} scale set(s) were diagnosed and returned before it, the other {ids.Count - done} were not.");
                }

                var finished = pending[index];
                pending.RemoveAt(index);
                done++;
                if (progress)
                {
                    record.PercentComplete = (int)(100.0 * done / ids.Count);
                    record.StatusDescription = $"{done} of {ids.Count} done";
                    cmdlet.WriteProgress(record);
                }

                yield return finished.GetAwaiter().GetResult();
            }

            if (progress)
            {
                record.RecordType = ProgressRecordType.Completed;
                cmdlet.WriteProgress(record);
            }

            Flush();
        }

        /// <summary>The index of a finished task, -1 after a short wait, or int.MaxValue when the command's deadline passed.</summary>
        private int WaitAny(List<Task<(string, CollectedScaleSet?, DiagnosisResult?, Exception?)>> pending)
        {
            try
            {
                return Task.WaitAny(pending.Cast<Task>().ToArray(), 100, cancellation);
            }
            catch (OperationCanceledException) when (cmdlet.Deadline?.Expired == true)
            {
                return int.MaxValue;
            }
        }

        public void Flush() => azure.Flush();

        /// <summary>The request count of the live session (what the fleet benchmark divides by scale sets); null for a bundle.</summary>
        public int? RequestCount => Sources.IsSnapshot ? (int?)null : Sources.RequestCount();

        public static ErrorRecord Error(string id, Exception e) => e is ModuleException m
            ? Record(m)
            : Record(ErrorIds.DiagnosisFailed, ErrorCategory.NotSpecified, id, $"Diagnosing '{id}' failed: {e.Message}", e);

        /// <summary>The template checks' findings, or one Fail finding saying why the template could not be read.</summary>
        public static IReadOnlyList<Finding> TemplateFindingsOrFailure(string path, ScaleSetInfo scaleSet)
        {
            try
            {
                return TemplateFindings.FromTemplate(path, scaleSet, scaleSet.VCpusPerInstance);
            }
            catch (Exception e) when (e is System.IO.IOException || e is Json.JsonParseException || e is Templates.TemplateEvaluationException || e is UnauthorizedAccessException)
            {
                return new[]
                {
                    new Finding
                    {
                        Check = "Template",
                        Step = GuideSteps.Template,
                        Status = FindingStatus.Fail,
                        Severity = DiagnosisSeverity.Medium,
                        Summary = TerminalText.Clean($"The template '{path}' could not be read: {e.Message}"),
                        Remediation = "Give the path of a valid ARM template (JSON) with -TemplatePath.",
                        VMScaleSetName = scaleSet.VMScaleSetName,
                        ResourceGroupName = scaleSet.ResourceGroupName,
                        ResourceId = scaleSet.ResourceId,
                    },
                };
            }
        }
    }
}
