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
            (arm, s, ct) => ScaleSetRead.ComputeRegionListAsync(arm, s, "usages", ApiVersion, "the vCPU quota", ct),
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
    /// The management locks that apply to the scale set (Microsoft.Authorization 2020-05-01,
    /// ManagementLocks_ListByScope), in three units so that a fleet shares what it can: the locks set
    /// on the scale set itself (one request per scale set), on its resource group (one per resource
    /// group per command) and on its subscription (one per subscription per command). A list at a
    /// scope also returns the locks below it (ARM's lists do), so each unit keeps the locks set at its
    /// own scope: a bundle carries no other resource's locks. Reader may list locks.
    /// </summary>
    public static class LockRead
    {
        public const string ApiVersion = "2020-05-01";

        public static readonly ScaleSetRead<IReadOnlyList<ScopeLock>> ScaleSet = Unit("locks", "the locks on the scale set", s => s.ResourceId, s => null);

        public static readonly ScaleSetRead<IReadOnlyList<ScopeLock>> ResourceGroup = Unit("resourceGroupLocks", "the locks on the scale set's resource group", GroupOf, GroupOf);

        public static readonly ScaleSetRead<IReadOnlyList<ScopeLock>> Subscription = Unit("subscriptionLocks", "the locks on the scale set's subscription", SubscriptionOf, SubscriptionOf);

        private static string GroupOf(ScaleSetInfo s) => $"/subscriptions/{s.SubscriptionId}/resourceGroups/{s.ResourceGroupName}";

        private static string SubscriptionOf(ScaleSetInfo s) => "/subscriptions/" + s.SubscriptionId;

        private static ScaleSetRead<IReadOnlyList<ScopeLock>> Unit(string name, string what, Func<ScaleSetInfo, string> scopeOf, Func<ScaleSetInfo, string?> share) =>
            new ScaleSetRead<IReadOnlyList<ScopeLock>>(
                name,
                what,
                async (arm, s, ct) =>
                {
                    var scope = scopeOf(s);
                    var all = await ScaleSetRead.ListAsync(
                        arm,
                        new ArmRead
                        {
                            PathAndQuery = $"{scope}/providers/Microsoft.Authorization/locks?api-version={ApiVersion}",
                            What = $"the locks at '{scope}'",
                            Action = "Microsoft.Authorization/locks/read",
                            Roles = "Reader",
                            Scope = scope,
                        },
                        ct).ConfigureAwait(false);
                    return JsonNode.Array(all.Items.Where(n => PlatformReaders.ScopeIdOf(JsonValues.Text(n["id"])) is string at && ResourceIds.AreEqual(at, scope)));
                },
                (body, s) => PlatformReaders.LocksOf(body.Items, s.ResourceId),
                share);
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
