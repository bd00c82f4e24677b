using System.Collections.Generic;

namespace VmssAutoscale.Sources.Reads
{
    /// <summary>A read the module makes through a typed seam rather than a declared unit: where it is kept in a bundle and what it is.</summary>
    public sealed record ReadDeclaration(string Name, string Section, string What, string Capability);

    /// <summary>
    /// Every Azure read of the module, in one place. <see cref="ScaleSetReads"/> are the declared
    /// units the collector runs for every scale set (add a new read there: CONTRIBUTING.md, "Add a
    /// read"). <see cref="Seams"/> lists the reads that keep their own typed seam (they have
    /// parameters a unit does not: periods, metric lists, paging over a whole subscription), with
    /// the snapshot.json section each is kept in and the SourceSet capability that answers it.
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

        /// <summary>The reads behind typed seams: name, snapshot.json section (of each scale set unless it starts with "$."), what, SourceSet member.</summary>
        public static readonly IReadOnlyList<ReadDeclaration> Seams = new[]
        {
            new ReadDeclaration("ScaleSet", "model", "the scale set model", nameof(SourceSet.ScaleSets)),
            new ReadDeclaration("InstanceView", "instanceView", "the scale set's instance view", nameof(SourceSet.ScaleSets)),
            new ReadDeclaration("Settings", "$.autoscaleSettings", "the autoscale settings", nameof(SourceSet.Settings)),
            new ReadDeclaration("ActivityLog", "activityLog", "the activity log", nameof(SourceSet.Events)),
            new ReadDeclaration("Samples", "samples", "the performance samples (host metrics, diagnostics tables, agent guest metrics)", nameof(SourceSet.Samples)),
            new ReadDeclaration("RunHistory", "serviceMetrics", "the run history", nameof(SourceSet.RunHistory)),
            new ReadDeclaration("AutoscaleLogs", string.Empty, "the autoscale resource logs (Log Analytics)", nameof(SourceSet.Logs)),
            new ReadDeclaration("ResourceGraph", string.Empty, "Azure Resource Graph", nameof(SourceSet.ResourceGraph)),
        };
    }
}
