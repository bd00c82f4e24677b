using System;
using System.Management.Automation;
using VmssAutoscale.Errors;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// The cmdlets that read one scale set at a time, live or from a snapshot: the target parameters
    /// (-ResourceGroupName/-VMScaleSetName or -ResourceId, bound by property name from scale sets,
    /// settings and records of this module and from Get-AzVmss), -SubscriptionId and -Snapshot,
    /// with the session opened once per invocation and its log written before the cmdlet ends.
    /// </summary>
    public abstract class ScaleSetCmdlet : VmssAutoscaleCmdlet
    {
        protected const string NameSet = "ByName";
        protected const string IdSet = "ByResourceId";
        private LiveAzure? azure;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ResourceGroupNameCompleter))]
        public string ResourceGroupName { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ScaleSetNameCompleter))]
        public string VMScaleSetName { get; set; } = string.Empty;

        /// <summary>The scale set's resource ID (autoscale settings piped in bind their target here).</summary>
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

        /// <summary>The session (live or snapshot) opened in BeginProcessing.</summary>
        internal LiveAzure Azure => azure!;

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

        /// <summary>The scale set ID of the current pipeline input. Throws a ModuleException for an ID that is not a scale set's.</summary>
        protected string TargetScaleSetId() =>
            ScaleSetTarget.Id(Azure, ParameterSetName == IdSet ? ResourceId : null, ResourceGroupName, VMScaleSetName, SubscriptionId);

        /// <summary>
        /// The period to read: -StartTime/-EndTime in UTC, the end no later than now, the start no
        /// earlier than the source keeps (moved there with a warning). Reports InvalidTimeRange and
        /// returns false when nothing is left.
        /// </summary>
        /// <param name="keeps">What keeps the data and for how long, for the messages, e.g. "The activity log keeps 90 days".</param>
        protected bool TryResolvePeriod(DateTime? startTime, DateTime? endTime, TimeSpan defaultPeriod, TimeSpan retention, string keeps, out DateTime start, out DateTime end)
        {
            var now = Azure.Now;
            end = ToUtc(endTime) ?? now;
            if (end > now)
            {
                end = now;
            }

            start = ToUtc(startTime) ?? end - defaultPeriod;
            if (start < now - retention)
            {
                WriteWarning($"{keeps}; the start time {start:u} was moved to {(now - retention):u}.");
                start = now - retention;
            }

            if (start >= end)
            {
                Report(ErrorIds.InvalidTimeRange, ErrorCategory.InvalidArgument, startTime, $"The start time {start:u} is not before the end time {end:u}. Give -StartTime earlier than -EndTime, within the last {retention.TotalDays:0} days.");
                return false;
            }

            return true;
        }

        protected override void EndProcessing() => azure?.Flush();
    }
}
