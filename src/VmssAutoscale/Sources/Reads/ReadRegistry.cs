using System.Collections.Generic;

namespace VmssAutoscale.Sources.Reads
{
    /// <summary>
    /// A read the module makes through a typed seam rather than a declared unit: where it is kept in a
    /// bundle, what it is, the SourceSet member that answers it, and why it is not a unit.
    /// </summary>
    public sealed record ReadDeclaration(string Name, string Section, string What, string Capability, string WhyNotAUnit);

    /// <summary>
    /// Every Azure read of the module, in one place. <see cref="ScaleSetReads"/> are the declared
    /// units the collector runs for every scale set (add a new read there: CONTRIBUTING.md, "Add a
    /// read"); a unit may be shared by scale sets (a region's list, each keeping its part), bounded
    /// by the command's period, and limited to the scale sets it applies to. <see cref="Seams"/>
    /// lists the reads that keep their own typed seam, each with the reason: they are not one body
    /// per scale set (keyed by setting or resource, queried by metric list or period at will by a
    /// read cmdlet), or they are what every unit starts from.
    /// </summary>
    public static class ReadRegistry
    {
        /// <summary>
        /// The declared reads, run by the collector for each scale set once its model is read. A bundle
        /// keeps them in this order within their slot (BundleSlot), so the older reads come first, where
        /// bundles have always had them.
        /// </summary>
        public static readonly IReadOnlyList<ScaleSetRead> ScaleSetReads = new ScaleSetRead[]
        {
            VmSizeRead.Unit,
            VirtualMachinesRead.Unit,
            ResourceHealthRead.Unit,
            QuotaRead.Unit,
            ResourceSkuRead.Unit,
            LockRead.ScaleSet,
            LockRead.ResourceGroup,
            LockRead.Subscription,
            SubnetUsageRead.Unit,
            ServiceHealthRead.Unit,
            DataCollectionRead.Unit,
        };

        /// <summary>The platform's limits (issue 21) among them, which Get-VmssAutoscaleTarget also reads for its Headroom.</summary>
        public static readonly IReadOnlyList<ScaleSetRead> PlatformReads = new ScaleSetRead[] { QuotaRead.Unit, ResourceSkuRead.Unit, LockRead.ScaleSet, LockRead.ResourceGroup, LockRead.Subscription, SubnetUsageRead.Unit };

        /// <summary>The reads behind typed seams: name, snapshot.json section (of each scale set unless it starts with "$."), what, SourceSet member, why.</summary>
        public static readonly IReadOnlyList<ReadDeclaration> Seams = new[]
        {
            new ReadDeclaration("ScaleSet", "model", "the scale set model", nameof(SourceSet.ScaleSets),
                "Every unit starts from it (its region, size, agent and subnet are the units' input), and the cmdlets also list it by resource group or subscription."),
            new ReadDeclaration("InstanceView", "instanceView", "the scale set's instance view", nameof(SourceSet.ScaleSets),
                "Part of describing every scale set (ScaleSetInfo's health counts) in every cmdlet, where a failed read ends the command; an older bundle without it reads as an empty view, not as a reason."),
            new ReadDeclaration("Settings", "$.autoscaleSettings", "the autoscale settings", nameof(SourceSet.Settings),
                "Keyed by setting, not by scale set: found by one Resource Graph query or listed by subscription or resource group (SettingLookup shares one list between scale sets), and kept once for the whole bundle."),
            new ReadDeclaration("ActivityLog", "activityLog", "the activity log", nameof(SourceSet.Events),
                "Read per resource (the scale set and each setting that targets it) over any period a cmdlet asks (Get-VmssScaleEvent -StartTime), which a bundle answers from inside its window."),
            new ReadDeclaration("Samples", "samples", "the performance samples (host metrics, diagnostics tables, agent guest metrics)", nameof(SourceSet.Samples),
                "Parameters a unit does not have: the rules' metric list, routed per metric to Azure Monitor, the diagnostics tables or the agent's guest metrics, streamed into a compact store, never one JSON body."),
            new ReadDeclaration("RunHistory", "serviceMetrics", "the run history", nameof(SourceSet.RunHistory),
                "Keyed by autoscale setting, read once the settings are found, over the sample period; Get-VmssAutoscaleRunHistory reads one setting for any period."),
            new ReadDeclaration("AutoscaleLogs", string.Empty, "the autoscale resource logs (Log Analytics)", nameof(SourceSet.Logs),
                "A Log Analytics query over a period in the workspaces the diagnostic settings name, streamed by Get-VmssAutoscaleRunHistory -IncludeLogs; live only, bundles do not carry it."),
            new ReadDeclaration("ResourceGraph", string.Empty, "Azure Resource Graph", nameof(SourceSet.ResourceGraph),
                "A query over many subscriptions (settings lookup, fleet inventory), live only: nothing a bundle keeps."),
        };
    }
}
