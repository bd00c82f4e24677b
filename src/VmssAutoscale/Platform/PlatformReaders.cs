using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using static VmssAutoscale.Json.JsonValues;

namespace VmssAutoscale.Platform
{
    /// <summary>One vCPU quota of a region: Compute usages (Usage_List, Microsoft.Compute 2024-07-01: value[].name.value, limit, currentValue).</summary>
    public sealed class ComputeUsage
    {
        public string Name { get; init; } = string.Empty;

        public long Limit { get; init; }

        public long CurrentValue { get; init; }
    }

    /// <summary>One restriction of a resource SKU (ResourceSkus_List, Microsoft.Compute 2021-07-01, skus.json: restrictions[]).</summary>
    public sealed class SkuRestriction
    {
        /// <summary>Location or Zone.</summary>
        public string Type { get; init; } = string.Empty;

        /// <summary>NotAvailableForSubscription or QuotaId.</summary>
        public string ReasonCode { get; init; } = string.Empty;

        public IReadOnlyList<string> Locations { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> Zones { get; init; } = Array.Empty<string>();
    }

    /// <summary>A VM size as the resource SKUs list gives it: its quota family, vCPUs and restrictions.</summary>
    public sealed class ResourceSku
    {
        public string Name { get; init; } = string.Empty;

        /// <summary>The quota family (standardDSv3Family), the name of its usages entry.</summary>
        public string? Family { get; init; }

        public int? VCpus { get; init; }

        public IReadOnlyList<SkuRestriction> Restrictions { get; init; } = Array.Empty<SkuRestriction>();
    }

    /// <summary>One entry of a virtual network's usages (VirtualNetworks_ListUsage, Microsoft.Network 2024-05-01): a subnet's addresses.</summary>
    public sealed class SubnetUsage
    {
        public string SubnetId { get; init; } = string.Empty;

        public long Limit { get; init; }

        public long CurrentValue { get; init; }
    }

    /// <summary>
    /// Readers of the platform bodies, each taking the items of a list (the value[] entries, paging
    /// already followed) as the JSON text ARM returned, live or from a snapshot.
    /// </summary>
    public static class PlatformReaders
    {
        public static IReadOnlyList<ComputeUsage> Usages(IEnumerable<string> items) => Usages(items.Select(JsonParser.Parse));

        public static IReadOnlyList<ComputeUsage> Usages(IEnumerable<JsonNode> items) =>
            items.Select(n => new ComputeUsage { Name = Text(n["name"]?["value"]) ?? string.Empty, Limit = Long(n["limit"]) ?? 0, CurrentValue = Long(n["currentValue"]) ?? 0 })
                .Where(u => u.Name.Length > 0)
                .ToList();

        /// <summary>The virtualMachines SKUs offered in the region (the list is filtered by location, but entries are checked again).</summary>
        public static IReadOnlyList<ResourceSku> Skus(IEnumerable<string> items, string? location) => Skus(items.Select(JsonParser.Parse), location);

        public static IReadOnlyList<ResourceSku> Skus(IEnumerable<JsonNode> items, string? location) =>
            items.Where(n => string.Equals(Text(n["resourceType"]), "virtualMachines", StringComparison.OrdinalIgnoreCase))
                .Where(n => location == null || n["locations"] == null || (n["locations"]?.Items ?? Array.Empty<JsonNode>()).Select(Text).Any(l => Locations.AreSame(l, location)))
                .Select(n => new ResourceSku
                {
                    Name = Text(n["name"]) ?? string.Empty,
                    Family = Text(n["family"]),
                    VCpus = (n["capabilities"]?.Items ?? Array.Empty<JsonNode>())
                        .Where(c => string.Equals(Text(c["name"]), "vCPUs", StringComparison.OrdinalIgnoreCase))
                        .Select(c => Int(c["value"]))
                        .FirstOrDefault(v => v != null),
                    Restrictions = (n["restrictions"]?.Items ?? Array.Empty<JsonNode>())
                        .Select(r => new SkuRestriction
                        {
                            Type = Text(r["type"]) ?? string.Empty,
                            ReasonCode = Text(r["reasonCode"]) ?? string.Empty,
                            Locations = Strings(r["restrictionInfo"]?["locations"]),
                            Zones = Strings(r["restrictionInfo"]?["zones"]),
                        })
                        .ToList(),
                })
                .ToList();

        /// <summary>A lock body (ManagementLocks, Microsoft.Authorization 2020-05-01: name, properties.level, properties.notes).</summary>
        public static ScopeLock Lock(string item, string scope) =>
            Lock(JsonParser.Parse(item), scope);

        /// <summary>
        /// The locks that apply to the scale set, each once, with where it is set: the scale set itself,
        /// its resource group or its subscription (from the lock's ID). A lock on another resource, which
        /// a resource group's or subscription's list also returns, does not apply and is left out.
        /// </summary>
        public static IReadOnlyList<ScopeLock> LocksOf(IEnumerable<JsonNode> items, string scaleSetId) =>
            items.Select(n => (Node: n, Scope: ScopeOf(Text(n["id"]), scaleSetId)))
                .Where(x => x.Scope != null)
                .GroupBy(x => Text(x.Node["id"]) ?? string.Empty, StringComparer.OrdinalIgnoreCase)
                .Select(g => Lock(g.First().Node, g.First().Scope!))
                .ToList();

        /// <summary>ScaleSet, ResourceGroup or Subscription when a lock with this ID applies to the scale set; null otherwise.</summary>
        public static string? ScopeOf(string? lockId, string scaleSetId)
        {
            var scope = ScopeIdOf(lockId);
            if (scope == null)
            {
                return null;
            }

            var subscription = "/subscriptions/" + ResourceIds.Subscription(scaleSetId);
            var group = subscription + "/resourceGroups/" + ResourceIds.ResourceGroup(scaleSetId);
            return ResourceIds.AreEqual(scope, scaleSetId) ? "ScaleSet"
                : string.Equals(scope, group, StringComparison.OrdinalIgnoreCase) ? "ResourceGroup"
                : string.Equals(scope, subscription, StringComparison.OrdinalIgnoreCase) ? "Subscription"
                : null;
        }

        /// <summary>The scope a lock is set at: its ID without "/providers/Microsoft.Authorization/locks/{name}"; null for another ID.</summary>
        public static string? ScopeIdOf(string? lockId)
        {
            const string Marker = "/providers/Microsoft.Authorization/locks/";
            var at = lockId?.IndexOf(Marker, StringComparison.OrdinalIgnoreCase) ?? -1;
            return at < 0 ? null : lockId!.Substring(0, at);
        }

        public static IReadOnlyList<SubnetUsage> SubnetUsages(IEnumerable<string> items) => SubnetUsages(items.Select(JsonParser.Parse));

        public static IReadOnlyList<SubnetUsage> SubnetUsages(IEnumerable<JsonNode> items) =>
            items.Select(n => new SubnetUsage { SubnetId = Text(n["id"]) ?? string.Empty, Limit = Long(n["limit"]) ?? 0, CurrentValue = Long(n["currentValue"]) ?? 0 })
                .Where(u => u.SubnetId.Length > 0)
                .ToList();

        private static ScopeLock Lock(JsonNode n, string scope) => new ScopeLock
        {
            Name = Text(n["name"]) ?? string.Empty,
            Level = Text(n["properties"]?["level"]) ?? string.Empty,
            Notes = Text(n["properties"]?["notes"]),
            LockId = Text(n["id"]),
            Scope = scope,
        };

        private static IReadOnlyList<string> Strings(JsonNode? n) =>
            (n?.Items ?? Array.Empty<JsonNode>()).Select(Text).Where(s => s != null).Select(s => s!).ToList();

        private static long? Long(JsonNode? n) =>
            n?.ScalarText is string s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null;
    }

    /// <summary>Region names as ARM writes them in different places ("West Europe", "westeurope").</summary>
    internal static class Locations
    {
        public static bool AreSame(string? a, string? b) =>
            a != null && b != null && string.Equals(a.Replace(" ", string.Empty), b.Replace(" ", string.Empty), StringComparison.OrdinalIgnoreCase);
    }
}
