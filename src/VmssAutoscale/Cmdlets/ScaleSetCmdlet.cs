using System;
using System.Management.Automation;
using VmssAutoscale.Errors;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// The cmdlets that read one scale set at a time, live or from a snapshot: the target parameters
    /// (-ResourceGroupName/-VMScaleSetName or -ResourceId, bound by property name from scale sets,
    /// settings and records of this module and from Get-AzVmss) and -Snapshot,
    /// with the session opened once per invocation and its log written before the cmdlet ends.
    /// </summary>
    /// <remarks>
    /// The parameters are virtual so that a cmdlet whose binding differs (another position, a
    /// -Snapshot parameter set, an optional name) overrides just that property with its own
    /// attributes: PowerShell binds the most derived declaration of a parameter and ignores the
    /// base's (InternalParameterMetadata.AddParameter in System.Management.Automation, repository
    /// PowerShell/PowerShell), while the code here reads the value through the override.
    /// tests/Pester/ScaleSetParameters.Tests.ps1 pins the resulting binding of every derived cmdlet.
    /// </remarks>
    public abstract class ScaleSetCmdlet : VmssAutoscaleCmdlet
    {
        protected const string NameSet = "ByName";
        protected const string IdSet = "ByResourceId";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ResourceGroupNameCompleter))]
        public virtual string? ResourceGroupName { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ScaleSetNameCompleter))]
        public virtual string? VMScaleSetName { get; set; }

        /// <summary>The scale set's resource ID (autoscale settings piped in bind their target here).</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public virtual string? ResourceId { get; set; }

        /// <summary>
        /// The one subscription a target's name is looked up in. Each cmdlet declares its own
        /// -SubscriptionId (a string, or Debug-VmssAutoscale's list for -All), so no declaration hides
        /// another and the code here never reads a base property the user did not set.
        /// </summary>
        private protected abstract string? TargetSubscription { get; }

        /// <summary>A snapshot bundle (Export-VmssAutoscaleReport) to read instead of Azure.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public virtual string? Snapshot { get; set; }

        /// <summary>The session (live or snapshot); opened in BeginProcessing unless a cmdlet opens it later itself.</summary>
        private protected LiveAzure? azure;

        /// <summary>The session opened in BeginProcessing.</summary>
        internal LiveAzure Azure => azure!;

        /// <summary>-ResourceId was given (the by-ID parameter set), not a group and name.</summary>
        protected bool ByResourceId => ParameterSetName == IdSet;

        protected override void BeginProcessing() => azure = OpenSession();

        /// <summary>The snapshot bundle when -Snapshot is given, live Azure otherwise; a failure stops the cmdlet with its ErrorRecord.</summary>
        private protected LiveAzure OpenSession()
        {
            try
            {
                return Snapshot != null ? LiveAzure.FromSnapshot(this, CancellationToken, ResolveFilePath(Snapshot)) : LiveAzure.Open(this, CancellationToken);
            }
            catch (ModuleException e)
            {
                ThrowTerminatingError(Record(e));
                throw;
            }
        }

        /// <summary>The scale set ID of the current pipeline input. Throws a ModuleException for an ID that is not a scale set's.</summary>
        protected string TargetScaleSetId() =>
            ScaleSetTarget.Id(Azure, ByResourceId ? ResourceId : null, ResourceGroupName, VMScaleSetName, TargetSubscription);

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

            // Requests state times in whole seconds (yyyy-MM-ddTHH:mm:ssZ): the period filtered on must be the
            // one asked for, or a grain starting a fraction of a second before a fractional start is dropped
            // (ten minutes back from 18:50:00.3 gave nine one-minute grains instead of ten).
            start = WholeSecond(start);
            end = WholeSecond(end);
            if (start >= end)
            {
                Report(ErrorIds.InvalidTimeRange, ErrorCategory.InvalidArgument, startTime, $"The start time {start:u} is not before the end time {end:u}. Give -StartTime earlier than -EndTime, within the last {retention.TotalDays:0} days.");
                return false;
            }

            return true;
        }

        private static DateTime WholeSecond(DateTime t) => new DateTime(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Kind);

        protected override void EndProcessing() => azure?.Flush();
    }
}
