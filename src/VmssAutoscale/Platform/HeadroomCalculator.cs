using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Platform
{
    /// <summary>What was read about the platform for one scale set; a null list was not read (its reason is in <see cref="Unavailable"/>).</summary>
    public sealed class PlatformReads
    {
        public IReadOnlyList<ComputeUsage>? Usages { get; init; }

        public IReadOnlyList<ResourceSku>? Skus { get; init; }

        public IReadOnlyList<ScopeLock>? Locks { get; init; }

        public IReadOnlyList<SubnetUsage>? SubnetUsages { get; init; }

        /// <summary>"quota: ...", "locks: ..." for each read that failed or was not made.</summary>
        public IReadOnlyList<string> Unavailable { get; init; } = Array.Empty<string>();

        /// <summary>The platform reads among a scale set's declared reads (Sources/Reads/PlatformReadUnits.cs), with the reason of each one missing.</summary>
        public static PlatformReads From(Sources.Reads.ReadResults results)
        {
            var unavailable = new List<string>();
            T? Take<T>(Sources.Reads.ScaleSetRead<T> unit, string label)
                where T : class
            {
                var r = results.Of(unit);
                if (!r.Present)
                {
                    unavailable.Add($"{label}: {r.Unavailable}");
                }

                return r.Value;
            }

            return new PlatformReads
            {
                Usages = Take(Sources.Reads.QuotaRead.Unit, "quota"),
                Skus = Take(Sources.Reads.ResourceSkuRead.Unit, "size restrictions"),
                Locks = AllScopes(Take(Sources.Reads.LockRead.ScaleSet, "locks"), Take(Sources.Reads.LockRead.ResourceGroup, "resource group locks"), Take(Sources.Reads.LockRead.Subscription, "subscription locks")),
                SubnetUsages = Take(Sources.Reads.SubnetUsageRead.Unit, "subnet"),
                Unavailable = unavailable,
            };
        }

        /// <summary>The locks of the three scopes; null only when none of them was read.</summary>
        private static IReadOnlyList<ScopeLock>? AllScopes(params IReadOnlyList<ScopeLock>?[] scopes) =>
            scopes.All(l => l == null) ? null : scopes.Where(l => l != null).SelectMany(l => l!).ToList();
    }

    /// <summary>
    /// The most instances the platform allows a scale set now, and what sets it. Pure: the same
    /// model and reads give the same headroom, live or from a bundle.
    /// </summary>
    /// <remarks>
    /// Sources (read 2026-12-07): the Compute usages and resource SKUs REST references; "Placement
    /// groups" (100 instances in a single placement group, 1000 otherwise, 600 for a managed image
    /// not from a gallery) and "Orchestration modes" (Flexible with more than one fault domain: 200
    /// on the sizes the page names). A scale action adds step × vCPUs at once: a quota with room for
    /// fewer than the whole step fails the whole step (kubernetes/autoscaler issue 2607).
    /// </remarks>
    public static class HeadroomCalculator
    {
        public const int ScaleSetLimit = 1000;
        public const int SinglePlacementGroupLimit = 100;
        public const int CustomImageLimit = 600;
        public const int FlexibleFaultDomainLimit = 200;

        /// <summary>
        /// The sizes the orchestration-modes page limits to 200 instances in a Flexible scale set with
        /// more than one fault domain (those without memory-preserving updates). Our reading of the
        /// page, kept here as the one place to change it: size-name prefixes, compared case-insensitively.
        /// </summary>
        public static readonly IReadOnlyList<string> FlexibleFaultDomainSizePrefixes = new[] { "Standard_M", "Standard_G", "Standard_H", "Standard_L", "Standard_N" };

        public static Headroom Calculate(ScaleSetShape shape, PlatformReads reads, int? vcpusFallback = null)
        {
            var sku = reads.Skus?.FirstOrDefault(s => string.Equals(s.Name, shape.SkuName, StringComparison.OrdinalIgnoreCase));
            var vcpus = sku?.VCpus ?? vcpusFallback;
            var (ceiling, ceilingReason) = Ceiling(shape);
            var limits = new List<(int Allowed, string By)> { (ceiling, ceilingReason) };
            var unavailable = reads.Unavailable.ToList();

            var quotas = new List<QuotaHeadroom>();
            if (reads.Usages != null && vcpus is int perInstance && perInstance > 0)
            {
                foreach (var name in QuotaNames(shape, sku))
                {
                    var usage = reads.Usages.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
                    if (usage == null)
                    {
                        continue;
                    }

                    var free = Math.Max(0, usage.Limit - usage.CurrentValue);
                    var allowed = Clamp(shape.Capacity + (free / perInstance));
                    quotas.Add(new QuotaHeadroom { Name = usage.Name, Limit = usage.Limit, Used = usage.CurrentValue, VCpusPerInstance = perInstance, InstancesAllowed = allowed });
                    limits.Add((allowed, "Quota:" + usage.Name));
                }
            }
            else if (reads.Usages != null)
            {
                unavailable.Add($"quota: the vCPUs of size '{shape.SkuName}' are unknown in this region, so its quota cannot be turned into instances");
            }

            SubnetHeadroom? subnet = null;
            var subnetUsage = shape.SubnetId == null ? null : reads.SubnetUsages?.FirstOrDefault(u => string.Equals(u.SubnetId, shape.SubnetId, StringComparison.OrdinalIgnoreCase));
            if (subnetUsage != null)
            {
                var per = shape.Overprovision ? 2 : 1;
                var allowed = Clamp(shape.Capacity + (Math.Max(0, subnetUsage.Limit - subnetUsage.CurrentValue) / per));
                subnet = new SubnetHeadroom { SubnetId = subnetUsage.SubnetId, Limit = subnetUsage.Limit, Used = subnetUsage.CurrentValue, AddressesPerInstance = per, InstancesAllowed = allowed };
                limits.Add((allowed, "Subnet"));
            }

            var regionRestriction = sku?.Restrictions.FirstOrDefault(r => string.Equals(r.Type, "Location", StringComparison.OrdinalIgnoreCase))?.ReasonCode;
            var restrictedZones = (sku?.Restrictions ?? Array.Empty<SkuRestriction>())
                .Where(r => string.Equals(r.Type, "Zone", StringComparison.OrdinalIgnoreCase))
                .SelectMany(r => r.Zones.Where(z => shape.Zones.Contains(z, StringComparer.OrdinalIgnoreCase)).Select(z => new ZoneRestriction { Zone = z, ReasonCode = r.ReasonCode }))
                .GroupBy(z => z.Zone, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .OrderBy(z => z.Zone, StringComparer.Ordinal)
                .ToList();
            if (regionRestriction != null || (shape.Zones.Count > 0 && restrictedZones.Count == shape.Zones.Count))
            {
                // No new VM of this size can be placed: the scale set keeps what it has.
                limits.Add((shape.Capacity, "SizeRestricted"));
            }

            var locks = reads.Locks ?? Array.Empty<ScopeLock>();
            if (locks.FirstOrDefault(l => l.IsReadOnly) is ScopeLock readOnly)
            {
                limits.Add((shape.Capacity, "Lock:" + readOnly.Name));
            }

            // The least wins; on a tie the first named (ceiling, then quotas in their order) is the one reported.
            var least = limits.OrderBy(l => l.Allowed).First();
            return new Headroom
            {
                MaximumCapacity = least.Allowed,
                LimitedBy = least.By,
                Ceiling = ceiling,
                CeilingReason = ceilingReason,
                Quotas = quotas,
                RestrictedZones = restrictedZones,
                RegionRestriction = regionRestriction,
                Locks = locks,
                Subnet = subnet,
                Unavailable = unavailable,
            };
        }

        /// <summary>The quotas a new instance counts against: lowPriorityCores for Spot; its family's and the regional cores otherwise.</summary>
        public static IReadOnlyList<string> QuotaNames(ScaleSetShape shape, ResourceSku? sku)
        {
            if (shape.Spot)
            {
                return new[] { "lowPriorityCores" };
            }

            return sku?.Family == null ? new[] { "cores" } : new[] { sku.Family, "cores" };
        }

        public static (int Limit, string Reason) Ceiling(ScaleSetShape shape)
        {
            if (shape.SinglePlacementGroup)
            {
                return (SinglePlacementGroupLimit, "PlacementGroup");
            }

            if (shape.CustomImageNotFromGallery)
            {
                return (CustomImageLimit, "CustomImage");
            }

            if (shape.Flexible && shape.PlatformFaultDomainCount > 1 && shape.SkuName != null
                && FlexibleFaultDomainSizePrefixes.Any(p => shape.SkuName.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                return (FlexibleFaultDomainLimit, "FlexibleFaultDomains");
            }

            return (ScaleSetLimit, "ScaleSetLimit");
        }

        private static int Clamp(long value) => value > int.MaxValue ? int.MaxValue : (int)value;
    }
}
