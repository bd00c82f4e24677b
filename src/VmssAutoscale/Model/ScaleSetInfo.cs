using System;
using System.Collections.Generic;
using System.Linq;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// A scale set as autoscale sees it: what it is (size, vCPUs, OS), how big it is, whether its
    /// instances and extensions are healthy, and which autoscale settings target it.
    /// Property names match the parameters of the other cmdlets so the object pipes into them.
    /// </summary>
    public sealed class ScaleSetInfo
    {
        public string ResourceId { get; init; } = string.Empty;

        public string SubscriptionId { get; init; } = string.Empty;

        public string ResourceGroupName { get; init; } = string.Empty;

        public string VMScaleSetName { get; init; } = string.Empty;

        public string? Location { get; init; }

        public string? SkuName { get; init; }

        public string? SkuTier { get; init; }

        public int Capacity { get; init; }

        /// <summary>
        /// Why <see cref="Capacity"/> could not be read from the model (no sku.capacity, or not a whole
        /// number of instances); null when it was. Capacity is 0 then, and nothing may compute from it.
        /// </summary>
        public string? CapacityProblem { get; init; }

        /// <summary>vCPUs of one instance, from the VM size list of the region; null when the size is unknown there.</summary>
        public int? VCpusPerInstance { get; init; }

        /// <summary>Windows or Linux; null when the model does not say (e.g. a Flexible scale set without a profile).</summary>
        public string? OsType { get; init; }

        public string OrchestrationMode { get; init; } = "Uniform";

        public bool? Overprovision { get; init; }

        public bool? SinglePlacementGroup { get; init; }

        public string? UpgradePolicy { get; init; }

        public string? ProvisioningState { get; init; }

        /// <summary>
        /// The largest capacity the platform accepts for this scale set's shape: 100 in a single placement
        /// group, 600 for a managed image not from a gallery, 200 for a Flexible scale set of some sizes
        /// with more than one fault domain, 1000 otherwise (Platform.HeadroomCalculator.Ceiling, set by
        /// the reader). Without it (a record built by hand): 100 in a Uniform single placement group, else 1000.
        /// </summary>
        public int MaximumCapacity
        {
            get => field > 0 ? field : SinglePlacementGroup == false || string.Equals(OrchestrationMode, "Flexible", StringComparison.OrdinalIgnoreCase) ? 1000 : 100;
            init;
        }

        /// <summary>Instance counts per status code (e.g. ProvisioningState/succeeded: 3, PowerState/running: 3).</summary>
        public IReadOnlyList<StatusCount> InstanceStatuses { get; init => field = ReadableList<StatusCount>.Of(value); } = ReadableList<StatusCount>.Empty;

        /// <summary>One line: "3 ProvisioningState/succeeded, 1 ProvisioningState/failed".</summary>
        public string InstanceStatusSummary => string.Join(", ", InstanceStatuses.Select(s => s.ToString()));

        public IReadOnlyList<ExtensionInfo> Extensions { get; init => field = ReadableList<ExtensionInfo>.Of(value); } = ReadableList<ExtensionInfo>.Empty;

        /// <summary>The diagnostics extension (WAD or LAD) that feeds guest metrics; null when none is installed.</summary>
        public ExtensionInfo? DiagnosticsExtension => Extensions.FirstOrDefault(e => e.DiagnosticsKind != null);

        public IReadOnlyList<string> AutoscaleSettingIds { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        /// <summary>Each VM with its own instance view (power state, agent, extensions); empty when they were not read.</summary>
        public IReadOnlyList<VmInstance> Instances { get; init => field = ReadableList<VmInstance>.Of(value); } = ReadableList<VmInstance>.Empty;

        /// <summary>The VMs that are not running, failed provisioning, or have a failed agent or extension.</summary>
        public IReadOnlyList<VmInstance> UnhealthyInstances => ReadableList<VmInstance>.Of(Instances.Where(i => i.Problem != null));

        public IReadOnlyDictionary<string, string> Tags { get; init => field = ReadableDictionary.Of(value); } = ReadableDictionary.Empty;

        /// <summary>The subnet of the first NIC configuration's first IP configuration; null when the model names none.</summary>
        public string? SubnetId { get; init; }

        /// <summary>What the platform allows (quota, instance ceiling, size restrictions, locks, subnet); null when it was not read.</summary>
        public Headroom? Headroom { get; init; }

        public override string ToString() => VMScaleSetName;
    }

    public sealed class StatusCount
    {
        public string Code { get; init; } = string.Empty;

        public int Count { get; init; }

        public override string ToString() => $"{Count} {Code}";
    }

    /// <summary>An extension of the scale set model, with how many instances report each state for it.</summary>
    public sealed class ExtensionInfo
    {
        public string Name { get; init; } = string.Empty;

        public string? Publisher { get; init; }

        public string? Type { get; init; }

        public string? TypeHandlerVersion { get; init; }

        /// <summary>WAD, LAD 2.x, LAD 3.x or AzureMonitorAgent; null for any other extension.</summary>
        public string? DiagnosticsKind { get; init; }

        /// <summary>The storage account the diagnostics extension writes its tables to (public settings only; keys are never read).</summary>
        public string? StorageAccount { get; init; }

        public IReadOnlyList<StatusCount> Statuses { get; init => field = ReadableList<StatusCount>.Of(value); } = ReadableList<StatusCount>.Empty;

        public int SucceededCount => Statuses.Where(s => s.Code.EndsWith("/succeeded", StringComparison.OrdinalIgnoreCase)).Sum(s => s.Count);

        public int NotSucceededCount => Statuses.Where(s => !s.Code.EndsWith("/succeeded", StringComparison.OrdinalIgnoreCase)).Sum(s => s.Count);

        /// <summary>True when every instance that reports the extension reports it succeeded; null when no instance reports it.</summary>
        public bool? Healthy => Statuses.Count == 0 ? (bool?)null : NotSucceededCount == 0;

        public override string ToString() => $"{Name} ({Type} {TypeHandlerVersion})";
    }

    /// <summary>A VM size of a region, as the Compute vmSizes list returns it.</summary>
    public sealed class VmSizeInfo
    {
        public string Name { get; init; } = string.Empty;

        public int NumberOfCores { get; init; }

        public int MemoryInMB { get; init; }
    }
}
