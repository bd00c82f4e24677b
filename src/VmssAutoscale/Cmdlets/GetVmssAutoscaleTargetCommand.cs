using System;
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
    public sealed class GetVmssAutoscaleTargetCommand : VmssAutoscaleCmdlet
    {
        private const string NameSet = "ByName";
        private const string IdSet = "ByResourceId";
        private LiveAzure? azure;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ResourceGroupNameCompleter))]
        public string ResourceGroupName { get; set; } = string.Empty;

        /// <summary>The scale set; when omitted, every scale set of the resource group.</summary>
        [Parameter(Position = 1, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ScaleSetNameCompleter))]
        public string? VMScaleSetName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string ResourceId { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        /// <summary>A snapshot bundle (Export-VmssAutoscaleReport) to read instead of Azure.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Snapshot { get; set; }

        protected override void BeginProcessing()
        {
            try
            {
                azure = Snapshot != null ? LiveAzure.FromSnapshot(this, CancellationToken, ResolveFilePath(Snapshot)) : LiveAzure.Open(this, CancellationToken);
            }
            catch (ModuleException e)
            {
                ThrowTerminatingError(Record(e));
            }
        }

        protected override void ProcessRecord()
        {
            var live = azure!;
            try
            {
                if (ParameterSetName == NameSet && string.IsNullOrEmpty(VMScaleSetName))
                {
                    var subscription = live.Subscription(null, SubscriptionId);
                    foreach (var info in live.Run(ct => live.ScaleSets.ListAsync(subscription, ResourceGroupName, ct)))
                    {
                        WriteObject(info);
                    }

                    return;
                }

                var id = ScaleSetTarget.Id(live, ParameterSetName == IdSet ? ResourceId : null, ResourceGroupName, VMScaleSetName, SubscriptionId);
                WriteObject(live.Run(ct => live.ScaleSets.GetAsync(id, ct)));
            }
            catch (ModuleException e)
            {
                WriteError(Record(e));
            }
        }

        protected override void EndProcessing()
        {
            azure?.Flush();
            WriteVerbose($"{azure?.Session.RequestCount} HTTP requests sent in this session so far.");
        }
    }
}
