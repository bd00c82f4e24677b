using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Gets a scale set as autoscale sees it (the guide's "check the instance view" step): size,
    /// vCPUs, OS, capacity, instance and extension health, and the autoscale settings that target it.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VmssAutoscaleTarget", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(ScaleSetInfo))]
    public sealed class GetVmssAutoscaleTargetCommand : ScaleSetCmdlet
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        private protected override string? TargetSubscription => SubscriptionId;

        /// <summary>The scale set; when omitted, every scale set of the resource group (with -Snapshot alone, every scale set of the bundle).</summary>
        [Parameter(Position = 1, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SnapshotSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ScaleSetNameCompleter))]
        public override string? VMScaleSetName { get; set; }

        protected override void ProcessRecord()
        {
            var live = Azure;
            try
            {
                if (FromBundleNames && string.IsNullOrEmpty(VMScaleSetName))
                {
                    // What the bundle holds, as a name left out lists a resource group's scale sets live.
                    var bundle = live.Sources.Snapshot!;
                    var held = bundle.Matching(SubscriptionId, ResourceGroupName, null).ToList();
                    if (held.Count == 0)
                    {
                        throw bundle.NotInSnapshot(ResourceGroupName, null, Snapshot);
                    }

                    foreach (var set in held)
                    {
                        WriteObject(live.Run(ct => live.ScaleSets.GetAsync(set.ResourceId, ct)));
                    }

                    return;
                }

                if (!ByResourceId && string.IsNullOrEmpty(VMScaleSetName))
                {
                    var subscription = live.Subscription(null, SubscriptionId);
                    foreach (var info in live.Run(ct => live.ScaleSets.ListAsync(subscription, ResourceGroupName, ct)))
                    {
                        WriteObject(info);
                    }

                    return;
                }

                var id = TargetScaleSetId();
                WriteObject(live.Run(ct => live.ScaleSets.GetAsync(id, ct)));
            }
            catch (ModuleException e)
            {
                WriteError(Record(e));
            }
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            WriteVerbose($"{azure?.Sources.RequestCount()} HTTP requests sent in this session so far.");
        }
    }
}
