using System.Collections.Generic;
using System.Linq;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// Can the platform give autoscale its instances: the most instances the platform allows the scale
    /// set now, what sets that number, and every limit read on the way (vCPU quotas, size restrictions,
    /// locks, the subnet's free addresses, the instance ceiling). Get-VmssAutoscaleTarget returns it in
    /// Headroom; Debug-VmssAutoscale's Headroom check holds the rules against it.
    /// </summary>
    public sealed class Headroom
    {
        /// <summary>The most instances the platform allows now: the least of every limit below (the current capacity when a lock or a restriction allows no change).</summary>
        public int MaximumCapacity { get; init; }

        /// <summary>What sets <see cref="MaximumCapacity"/>: Quota:standardDSv3Family, Quota:cores, Quota:lowPriorityCores, PlacementGroup, CustomImage, FlexibleFaultDomains, ScaleSetLimit, Subnet, SizeRestricted, Lock:&lt;name&gt;.</summary>
        public string LimitedBy { get; init; } = string.Empty;

        /// <summary>The instance ceiling of the scale set's shape (100, 200, 600 or 1000) and why (<see cref="CeilingReason"/>).</summary>
        public int Ceiling { get; init; }

        public string CeilingReason { get; init; } = string.Empty;

        public IReadOnlyList<QuotaHeadroom> Quotas { get; init => field = ReadableList<QuotaHeadroom>.Of(value); } = ReadableList<QuotaHeadroom>.Empty;

        /// <summary>The scale set's zones where its size is restricted for this subscription, with the restriction's reason code.</summary>
        public IReadOnlyList<ZoneRestriction> RestrictedZones { get; init => field = ReadableList<ZoneRestriction>.Of(value); } = ReadableList<ZoneRestriction>.Empty;

        /// <summary>The reason code when the size is restricted in the whole region (NotAvailableForSubscription, QuotaId); null when it is not.</summary>
        public string? RegionRestriction { get; init; }

        /// <summary>Locks on the scale set, its resource group and its subscription.</summary>
        public IReadOnlyList<ScopeLock> Locks { get; init => field = ReadableList<ScopeLock>.Of(value); } = ReadableList<ScopeLock>.Empty;

        /// <summary>The subnet of the scale set's first NIC configuration and its free addresses; null when it was not read.</summary>
        public SubnetHeadroom? Subnet { get; init; }

        /// <summary>The reads that could not be made, each with why (their limits are unknown, not absent).</summary>
        public IReadOnlyList<string> Unavailable { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        /// <summary>True when a ReadOnly lock applies: every write fails, so every scale action does.</summary>
        public bool ReadOnlyLocked => Locks.Any(l => l.IsReadOnly);

        /// <summary>True when a CanNotDelete lock applies: the VM deletes of a Flexible scale-in fail (our inference; see about_VmssAutoscale_Engine).</summary>
        public bool DeleteLocked => Locks.Any(l => !l.IsReadOnly);

        public override string ToString() => $"{MaximumCapacity} ({LimitedBy})";
    }

    /// <summary>One vCPU quota of the region (Compute usages) as it bears on this scale set.</summary>
    public sealed class QuotaHeadroom
    {
        /// <summary>The quota's name as Azure names it: cores, standardDSv3Family, lowPriorityCores.</summary>
        public string Name { get; init; } = string.Empty;

        public long Limit { get; init; }

        public long Used { get; init; }

        public long Free => Limit > Used ? Limit - Used : 0;

        public int VCpusPerInstance { get; init; }

        /// <summary>The capacity this quota allows: the current capacity plus the whole instances its free vCPUs hold.</summary>
        public int InstancesAllowed { get; init; }

        public override string ToString() => $"{Name}: {Used}/{Limit} vCPUs, {InstancesAllowed} instances";
    }

    /// <summary>A zone of the scale set where its size is restricted.</summary>
    public sealed class ZoneRestriction
    {
        public string Zone { get; init; } = string.Empty;

        /// <summary>NotAvailableForSubscription or QuotaId, as the resource SKUs list gives it.</summary>
        public string ReasonCode { get; init; } = string.Empty;

        public override string ToString() => $"zone {Zone} ({ReasonCode})";
    }

    /// <summary>A management lock that applies to the scale set.</summary>
    public sealed class ScopeLock
    {
        public string Name { get; init; } = string.Empty;

        /// <summary>ReadOnly or CanNotDelete.</summary>
        public string Level { get; init; } = string.Empty;

        /// <summary>ScaleSet, ResourceGroup or Subscription: where the lock is set.</summary>
        public string Scope { get; init; } = string.Empty;

        public string? Notes { get; init; }

        public string? LockId { get; init; }

        public bool IsReadOnly => string.Equals(Level, "ReadOnly", System.StringComparison.OrdinalIgnoreCase);

        public override string ToString() => $"{Name} ({Level} on {Scope})";
    }

    /// <summary>The scale set's subnet: its free addresses against what more instances need.</summary>
    public sealed class SubnetHeadroom
    {
        public string SubnetId { get; init; } = string.Empty;

        public long Limit { get; init; }

        public long Used { get; init; }

        public long Free => Limit > Used ? Limit - Used : 0;

        /// <summary>Addresses one more instance takes: 2 while overprovisioning creates extra VMs, else 1.</summary>
        public int AddressesPerInstance { get; init; } = 1;

        /// <summary>The capacity the free addresses allow.</summary>
        public int InstancesAllowed { get; init; }

        public override string ToString() => $"{Free} free of {Limit}";
    }
}
