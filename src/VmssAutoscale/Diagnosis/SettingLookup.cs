using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// Finds the bodies of the autoscale settings that may target a scale set, for one command.
    /// </summary>
    /// <remarks>
    /// ARM pages the subscription's settings list (100 a page), and a page's nextLink only comes
    /// with the page before, so reading it costs one round trip per page: a subscription with 502
    /// settings made one diagnosis wait 8 round trips instead of 3. For the first scale set of a
    /// subscription the lookup therefore asks Azure Resource Graph for the ids of the settings that
    /// target it (one request, whatever the subscription holds) and, in the same round trip, lists
    /// the scale set's own resource group (normally one page). Resource Graph is an eventually
    /// consistent index, so it only says <em>which</em> settings exist; the bodies come from the
    /// resource provider: from the resource group list, or one GET each for a setting in another
    /// group, as "Choose a query strategy" recommends (learn.microsoft.com/azure/governance/resource-graph/choose-query-strategy,
    /// read 2026-11-29). The group list also finds a setting created in the scale set's group too
    /// recently for Resource Graph to know it. When Resource Graph is refused or unavailable (no
    /// role on it, a cloud without it), the lookup says so in verbose output and reads the
    /// subscription's list, as before.
    ///
    /// A command that diagnoses several scale sets of one subscription (the fleet, piped names)
    /// reads the subscription's list once and shares it: one query per scale set would cost more
    /// requests than the list's pages, and Resource Graph allows a user about 15 queries per
    /// 5 seconds (learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests,
    /// read 2026-11-29).
    /// </remarks>
    public sealed class SettingLookup
    {
        /// <summary>
        /// The first line of the query, so it can be recognised in logs and by the test fake ARM
        /// (which has no query engine). Change the version when the query changes.
        /// </summary>
        public const string Marker = "// VmssAutoscale settings of one target v1";

        /// <summary>
        /// Settings read one by one for a scale set at most. A scale set normally has one autoscale
        /// setting, so more than a handful is not a real answer; the bound keeps a hostile one from
        /// turning into thousands of GETs.
        /// </summary>
        public const int MaxReads = 20;

        private readonly ISettingSource settings;
        private readonly IResourceGraphSource? graph;
        private readonly SourceLog log;
        private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> bySubscription = new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, int> expected = new ConcurrentDictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        /// <param name="graph">Resource Graph, or null where there is none (a snapshot): then the subscription's list is read.</param>
        public SettingLookup(ISettingSource settings, IResourceGraphSource? graph, SourceLog log)
        {
            this.settings = settings;
            this.graph = graph;
            this.log = log;
        }

        /// <summary>
        /// The Resource Graph query (resources table, KQL) for the settings whose targetResourceUri
        /// is the scale set. <c>=~</c> compares without case: targetResourceUri keeps whatever case
        /// its author wrote, and ARM ids compare case-insensitively.
        /// </summary>
        public static string QueryFor(string scaleSetId) => string.Join("\n", new[]
        {
            Marker,
            "resources",
            "| where type =~ 'microsoft.insights/autoscalesettings'",
            "| where tostring(properties.targetResourceUri) =~ " + QueryLiterals.Kql(scaleSetId.TrimEnd('/'), '\''),
            "| project id",
            "| order by id asc",
        });

        /// <summary>Announces scale sets this command will diagnose, so a subscription with several shares one settings list.</summary>
        public void Expect(IEnumerable<string> scaleSetIds)
        {
            foreach (var id in scaleSetIds)
            {
                if (ResourceIds.Subscription(id) is string subscription)
                {
                    expected.AddOrUpdate(subscription, 1, (_, n) => n + 1);
                }
            }
        }

        /// <summary>Setting bodies among which are all those that target the scale set (the caller keeps those whose target matches).</summary>
        public Task<IReadOnlyList<string>> FindAsync(string scaleSetId, string subscription, CancellationToken cancellationToken)
        {
            var alone = !expected.TryGetValue(subscription, out var count) || count <= 1;
            if (graph != null && alone && !bySubscription.ContainsKey(subscription)
                && ResourceIds.IsScaleSet(scaleSetId) && ResourceIds.ResourceGroup(scaleSetId) is string group)
            {
                return ByResourceGraphAsync(graph, scaleSetId, subscription, group, cancellationToken);
            }

            return SubscriptionList(subscription, cancellationToken);
        }

        private Task<IReadOnlyList<string>> SubscriptionList(string subscription, CancellationToken cancellationToken) =>
            bySubscription.GetOrAdd(subscription, _ => new Lazy<Task<IReadOnlyList<string>>>(() => settings.ListSettingJsonAsync(subscription, null, cancellationToken))).Value;

        private async Task<IReadOnlyList<string>> ByResourceGraphAsync(IResourceGraphSource resourceGraph, string scaleSetId, string subscription, string group, CancellationToken cancellationToken)
        {
            var name = ResourceIds.LastSegment(scaleSetId);
            var rowsTask = resourceGraph.QueryResourcesAsync(new[] { subscription }, QueryFor(scaleSetId), cancellationToken);
            var groupTask = GroupListAsync(subscription, group, name, cancellationToken);
            IReadOnlyList<string> rows;
            try
            {
                rows = await rowsTask.ConfigureAwait(false);
            }
            catch (ModuleException e)
            {
                await groupTask.ConfigureAwait(false);
                log.Verbose($"Azure Resource Graph could not be asked which autoscale settings target '{name}' ({e.Message}); reading the subscription's autoscale settings list instead, one page after another.");
                return await SubscriptionList(subscription, cancellationToken).ConfigureAwait(false);
            }

            var bodies = (await groupTask.ConfigureAwait(false)).ToList();
            var listed = new HashSet<string>(bodies.Select(IdOf).Where(id => id != null).Select(id => id!.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

            // Each id becomes a GET: only autoscale settings' exact resource IDs, each once, and at most MaxReads of them.
            var found = new List<string>();
            var refused = 0;
            foreach (var id in rows.Select(IdOf).Where(id => id != null).Select(id => id!.TrimEnd('/')).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (ArmResourceId.IsValid(id, ArmResourceType.AutoscaleSetting))
                {
                    found.Add(id);
                }
                else
                {
                    refused++;
                }
            }

            if (refused > 0)
            {
                log.Warning($"Azure Resource Graph returned {refused} row(s) whose field id is not an autoscale setting's resource ID (Microsoft.Insights/autoscalesettings); they were skipped and nothing was sent to them.");
            }

            var elsewhere = found.Where(id => !listed.Contains(id)).ToList();
            var inGroup = found.Count - elsewhere.Count;
            if (elsewhere.Count > MaxReads)
            {
                log.Warning($"Azure Resource Graph named {elsewhere.Count} autoscale settings outside the resource group of '{name}' that target it; only the first {MaxReads} were read.");
                elsewhere = elsewhere.Take(MaxReads).ToList();
            }

            var read = (await Task.WhenAll(elsewhere.Select(id => GetAsync(id, cancellationToken))).ConfigureAwait(false)).Where(b => b != null).Select(b => b!).ToList();
            bodies.AddRange(read);
            log.Verbose($"Azure Resource Graph found {found.Count} autoscale setting(s) that target '{name}'; {inGroup} came with its resource group's list and {read.Count} of {elsewhere.Count} were read from outside it.");
            return bodies;
        }

        /// <summary>The scale set's resource group's settings; empty (and said) when the group cannot be listed, since Resource Graph's ids are then read one by one.</summary>
        private async Task<IReadOnlyList<string>> GroupListAsync(string subscription, string group, string? name, CancellationToken cancellationToken)
        {
            try
            {
                return await settings.ListSettingJsonAsync(subscription, group, cancellationToken).ConfigureAwait(false);
            }
            catch (ModuleException e)
            {
                log.Verbose($"The autoscale settings of resource group '{group}' could not be listed ({e.Message}); the settings Azure Resource Graph finds for '{name}' are read one by one.");
                return Array.Empty<string>();
            }
        }

        /// <summary>One setting's current body; null when it was deleted since Resource Graph indexed it.</summary>
        private async Task<string?> GetAsync(string settingId, CancellationToken cancellationToken)
        {
            var subscription = ResourceIds.Subscription(settingId);
            var group = ResourceIds.ResourceGroup(settingId);
            var name = ResourceIds.LastSegment(settingId);
            if (subscription == null || group == null || name == null)
            {
                log.Verbose($"Azure Resource Graph returned '{settingId}', which is not an autoscale setting id; it was skipped.");
                return null;
            }

            try
            {
                return await settings.GetSettingJsonAsync(subscription, group, name, cancellationToken).ConfigureAwait(false);
            }
            catch (ModuleException e) when (e.Category == ErrorCategory.ObjectNotFound)
            {
                log.Verbose($"The autoscale setting '{name}' that Azure Resource Graph listed no longer exists; it was skipped.");
                return null;
            }
        }

        private static string? IdOf(string body)
        {
            try
            {
                var id = JsonParser.Parse(body)["id"];
                return id == null || id.IsNull ? null : id.ScalarText;
            }
            catch (JsonParseException)
            {
                return null;
            }
        }
    }
}
