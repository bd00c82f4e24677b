using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Platform;

namespace VmssAutoscale.Sources.Reads
{
    /// <summary>
    /// The region's vCPU quotas: Compute Usage_List (Azure/azure-rest-api-specs, Microsoft.Compute
    /// 2024-07-01, GET /subscriptions/{s}/providers/Microsoft.Compute/locations/{region}/usages).
    /// One list per subscription and region per command, shared by every scale set there.
    /// </summary>
    public static class QuotaRead
    {
        public const string ApiVersion = "2024-07-01";

        public static readonly ScaleSetRead<IReadOnlyList<ComputeUsage>> Unit = new ScaleSetRead<IReadOnlyList<ComputeUsage>>(
            "computeUsages",
            "the vCPU quota of the region",
            (arm, s, ct) => ScaleSetRead.ListAsync(
                arm,
                new ArmRead
                {
                    PathAndQuery = $"/subscriptions/{s.SubscriptionId}/providers/Microsoft.Compute/locations/{Uri.EscapeDataString(s.Location ?? string.Empty)}/usages?api-version={ApiVersion}",
                    What = $"the vCPU quota of region '{s.Location}'",
                    Action = "Microsoft.Compute/locations/usages/read",
                    Roles = "Reader",
                    Scope = "/subscriptions/" + s.SubscriptionId,
                },
                ct),
            (body, _) => PlatformReaders.Usages(body.Items),
            s => s.SubscriptionId + "|" + s.Location);
    }

    /// <summary>
    /// The scale set's size as the resource SKUs list gives it (family, vCPUs, restrictions): Compute
    /// ResourceSkus_List (Microsoft.Compute 2021-07-01, skus.json) filtered to the region. Read once per
    /// subscription, region and size per command; only the scale set's size is kept, so a bundle does
    /// not carry the region's whole list.
    /// </summary>
    public static class ResourceSkuRead
    {
        public const string ApiVersion = "2021-07-01";

        public static readonly ScaleSetRead<IReadOnlyList<ResourceSku>> Unit = new ScaleSetRead<IReadOnlyList<ResourceSku>>(
            "resourceSkus",
            "the size's family, vCPUs and restrictions",
            async (arm, s, ct) =>
            {
                var filter = Uri.EscapeDataString($"location eq '{s.Location}'");
                var all = await ScaleSetRead.ListAsync(
                    arm,
                    new ArmRead
                    {
                        PathAndQuery = $"/subscriptions/{s.SubscriptionId}/providers/Microsoft.Compute/skus?api-version={ApiVersion}&$filter={filter}",
                        What = $"the VM sizes offered in region '{s.Location}'",
                        Action = "Microsoft.Compute/skus/read",
                        Roles = "Reader",
                        Scope = "/subscriptions/" + s.SubscriptionId,
                    },
                    ct).ConfigureAwait(false);
                return JsonNode.Array(all.Items.Where(n => string.Equals(JsonValues.Text(n["name"]), s.SkuName, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(JsonValues.Text(n["resourceType"]), "virtualMachines", StringComparison.OrdinalIgnoreCase)));
            },
            (body, s) => PlatformReaders.Skus(body.Items, s.Location),
            s => s.SubscriptionId + "|" + s.Location + "|" + s.SkuName);
    }

    /// <summary>
    /// The management locks that apply to the scale set: three lists (Microsoft.Authorization
    /// 2020-05-01, ManagementLocks_ListAtResourceLevel, _ListAtResourceGroupLevel and
    /// _ListAtSubscriptionLevel), each kept to the locks set on the scale set, its resource group or its
    /// subscription, and each lock once. Reader may list locks.
    /// </summary>
    public static class LockRead
    {
        public const string ApiVersion = "2020-05-01";

        public static readonly ScaleSetRead<IReadOnlyList<ScopeLock>> Unit = new ScaleSetRead<IReadOnlyList<ScopeLock>>(
            "locks",
            "the locks on the scale set, its resource group and subscription",
            async (arm, s, ct) =>
            {
                var group = $"/subscriptions/{s.SubscriptionId}/resourceGroups/{s.ResourceGroupName}";
                var scopes = new[] { s.ResourceId, group, "/subscriptions/" + s.SubscriptionId };
                var lists = await Task.WhenAll(scopes.Select(scope => ScaleSetRead.ListAsync(
                    arm,
                    new ArmRead
                    {
                        PathAndQuery = $"{scope}/providers/Microsoft.Authorization/locks?api-version={ApiVersion}",
                        What = $"the locks at '{scope}'",
                        Action = "Microsoft.Authorization/locks/read",
                        Roles = "Reader",
                        Scope = scope,
                    },
                    ct))).ConfigureAwait(false);
                var applying = lists.SelectMany(l => l.Items)
                    .Where(n => PlatformReaders.ScopeOf(JsonValues.Text(n["id"]), s.ResourceId) != null)
                    .GroupBy(n => JsonValues.Text(n["id"]) ?? string.Empty, StringComparer.OrdinalIgnoreCase)
                    .Select(g => g.First());
                return JsonNode.Array(applying);
            },
            (body, s) => PlatformReaders.LocksOf(body.Items, s.ResourceId));
    }

    /// <summary>
    /// The free addresses of the scale set's subnet: VirtualNetworks_ListUsage (Microsoft.Network
    /// 2024-05-01, GET {virtualNetwork}/usages), one entry per subnet. Read once per virtual network
    /// per command; a scale set whose model names no subnet reads nothing (an empty list).
    /// </summary>
    public static class SubnetUsageRead
    {
        public const string ApiVersion = "2024-05-01";

        public static readonly ScaleSetRead<IReadOnlyList<SubnetUsage>> Unit = new ScaleSetRead<IReadOnlyList<SubnetUsage>>(
            "subnetUsage",
            "the free addresses of the scale set's subnet",
            (arm, s, ct) => VirtualNetworkOf(s) is string vnet
                ? ScaleSetRead.ListAsync(
                    arm,
                    new ArmRead
                    {
                        PathAndQuery = $"{vnet}/usages?api-version={ApiVersion}",
                        What = $"the address usage of virtual network '{ResourceIds.LastSegment(vnet)}'",
                        Action = "Microsoft.Network/virtualNetworks/read",
                        Roles = "Reader (or Network Contributor)",
                        Scope = vnet,
                    },
                    ct)
                : Task.FromResult(JsonNode.Array(Array.Empty<JsonNode>())),
            (body, _) => PlatformReaders.SubnetUsages(body.Items),
            s => VirtualNetworkOf(s) ?? s.ResourceId);

        /// <summary>The virtual network of the scale set's subnet (the subnet ID without "/subnets/{name}").</summary>
        public static string? VirtualNetworkOf(ScaleSetInfo s)
        {
            var at = s.SubnetId?.IndexOf("/subnets/", StringComparison.OrdinalIgnoreCase) ?? -1;
            return at > 0 ? s.SubnetId!.Substring(0, at) : null;
        }
    }
}
