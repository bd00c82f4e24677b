using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using static VmssAutoscale.Json.JsonValues;

namespace VmssAutoscale.Sources
{
    /// <summary>A scale set that at least one autoscale setting targets, as Resource Graph found it.</summary>
    public sealed class FleetMember
    {
        public string ResourceId { get; init; } = string.Empty;

        public string SubscriptionId { get; init; } = string.Empty;

        public string ResourceGroupName { get; init; } = string.Empty;

        public string VMScaleSetName { get; init; } = string.Empty;

        public string? Location { get; init; }

        public IReadOnlyList<string> AutoscaleSettingIds { get; init; } = Array.Empty<string>();
    }

    /// <summary>
    /// Fleet discovery: one Azure Resource Graph query returns every scale set that an autoscale
    /// setting targets, across all the subscriptions asked for, instead of one settings listing per
    /// subscription. The diagnosis then reads each scale set live, because Resource Graph's copy
    /// of a resource can lag ARM by minutes and a diagnosis must see the current state.
    /// </summary>
    public static class FleetInventory
    {
        /// <summary>
        /// A comment on the query's first line, so the query can be recognised in logs and by the
        /// test fake ARM (which has no query engine). Change the version when the query changes.
        /// </summary>
        public const string Marker = "// VmssAutoscale fleet v1";

        /// <summary>
        /// Settings grouped by their target (lower-cased: targetResourceUri keeps whatever case the
        /// author wrote, ids compare case-insensitively), joined with the scale sets on that key.
        /// The inner join drops settings whose scale set no longer exists or is not visible.
        /// Ordered by id so paging with $skipToken is stable.
        /// </summary>
        public static readonly string Query = string.Join("\n", new[]
        {
            Marker,
            "resources",
            "| where type =~ 'microsoft.insights/autoscalesettings'",
            "| extend targetId = tolower(tostring(properties.targetResourceUri))",
            "| where targetId has '/providers/microsoft.compute/virtualmachinescalesets/'",
            "| summarize settingIds = make_list(id) by targetId",
            "| join kind=inner (",
            "    resources",
            "    | where type =~ 'microsoft.compute/virtualmachinescalesets'",
            "    | project targetId = tolower(id), id, name, resourceGroup, subscriptionId, location",
            "  ) on targetId",
            "| project id, name, resourceGroup, subscriptionId, location, settingIds",
            "| order by id asc",
        });

        public static async Task<IReadOnlyList<FleetMember>> FindAsync(IResourceGraphSource graph, IReadOnlyList<string> subscriptionIds, SourceLog log, CancellationToken cancellationToken)
        {
            if (subscriptionIds.Count == 0)
            {
                return Array.Empty<FleetMember>();
            }

            var rows = await graph.QueryResourcesAsync(subscriptionIds, Query, cancellationToken).ConfigureAwait(false);
            var members = new List<FleetMember>();
            var skipped = 0;
            string? firstSkipped = null;
            foreach (var row in rows)
            {
                if (Read(row) is FleetMember m)
                {
                    members.Add(m);
                }
                else if (skipped++ == 0)
                {
                    firstSkipped = row;
                }
            }

            // One warning for all of them: a hostile answer of 10,000 bad rows once gave 10,000 warnings.
            if (skipped > 0)
            {
                log.Warning($"Azure Resource Graph returned {skipped} row(s) that are not a scale set's resource ID (Microsoft.Compute/virtualMachineScaleSets) and were skipped; the first: {Shorten(firstSkipped!)}");
            }

            // A scale set appears once even if paging or batches overlap.
            return members
                .GroupBy(m => m.ResourceId, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .OrderBy(m => m.ResourceId, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        /// <summary>One row of the query; null when it has no scale set id.</summary>
        public static FleetMember? Read(string row)
        {
            JsonNode node;
            try
            {
                node = JsonParser.Parse(row);
            }
            catch (JsonParseException)
            {
                return null;
            }

            // Every later read is a URL built from this id: only a scale set's exact resource ID is kept.
            var id = Text(node["id"])?.TrimEnd('/');
            if (!ArmResourceId.IsValid(id, ArmResourceType.ScaleSet))
            {
                return null;
            }

            return new FleetMember
            {
                ResourceId = id!,
                SubscriptionId = Text(node["subscriptionId"]) ?? ResourceIds.Subscription(id) ?? string.Empty,
                ResourceGroupName = Text(node["resourceGroup"]) ?? ResourceIds.ResourceGroup(id) ?? string.Empty,
                VMScaleSetName = Text(node["name"]) ?? ResourceIds.LastSegment(id) ?? string.Empty,
                Location = Text(node["location"]),
                AutoscaleSettingIds = (node["settingIds"]?.Items ?? Array.Empty<JsonNode>()).Select(Text).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList(),
            };
        }

        /// <summary>
        /// The subscriptions to search when none is named: every one the identity can see, except
        /// those Azure has disabled or deleted (read-only, their scale sets are deallocated).
        /// </summary>
        public static IReadOnlyList<string> Searchable(IEnumerable<SubscriptionInfo> visible) =>
            visible.Where(s => !string.IsNullOrEmpty(s.SubscriptionId)
                    && !string.Equals(s.State, "Disabled", StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(s.State, "Deleted", StringComparison.OrdinalIgnoreCase))
                .Select(s => s.SubscriptionId)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();

        // Names and IDs of a Resource Graph row are data: cleaned for the terminal as they are read.
        private static string Shorten(string row) => TerminalText.Clean(row.Length <= 200 ? row : row.Substring(0, 200) + "...");
    }
}
