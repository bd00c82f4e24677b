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

        /// <summary>-Snapshot with the names optional: the bundle's one scale set, or the one the names pick among several.</summary>
        protected const string SnapshotSet = "Snapshot";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SnapshotSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ResourceGroupNameCompleter))]
        public virtual string? ResourceGroupName { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SnapshotSet, ValueFromPipelineByPropertyName = true)]
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

        /// <summary>
        /// A snapshot bundle (Export-VmssAutoscaleReport) to read instead of Azure. It selects the
        /// Snapshot parameter set, where the names are optional: alone, it names the scale set when
        /// the bundle holds one.
        /// </summary>
        [Parameter(ParameterSetName = IdSet)]
        [Parameter(Mandatory = true, ParameterSetName = SnapshotSet)]
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

        /// <summary>-Snapshot without both names (the Snapshot parameter set): the names, when given, only filter the bundle's scale sets.</summary>
        protected bool FromBundleNames => ParameterSetName == SnapshotSet;

        /// <summary>The scale set ID of the current pipeline input. Throws a ModuleException for an ID that is not a scale set's.</summary>
        protected string TargetScaleSetId() =>
            FromBundleNames
                ? BundleScaleSetId()
                : ScaleSetTarget.Id(Azure, ByResourceId ? ResourceId : null, ResourceGroupName, VMScaleSetName, TargetSubscription);

        /// <summary>The bundle's one scale set, or the one the names pick (ScaleSetTarget.FromBundle).</summary>
        protected string BundleScaleSetId() => ScaleSetTarget.FromBundle(Azure, TargetSubscription, ResourceGroupName, VMScaleSetName, Snapshot);

        /// <summary>
        /// The period to read: -StartTime/-EndTime in UTC, the end no later than now, the start no
        /// earlier than the source keeps (moved there with a warning). Reports InvalidTimeRange and
        /// returns false when nothing is left.
        /// </summary>
        /// <param name="keeps">What keeps the data and for how long, for the messages, e.g. "The activity log keeps 90 days".</param>
        protected bool TryResolvePeriod(DateTime? startTime, DateTime? endTime, TimeSpan defaultPeriod, TimeSpan retention, string keeps, out DateTime start, out DateTime end)
        {
            try
            {
                (start, end) = ResolvePeriod(startTime, endTime, null, defaultPeriod, new PeriodLimits(retention, keeps));
                return true;
            }
            catch (ModuleException e)
            {
                WriteError(Record(e));
                start = end = default;
                return false;
            }
        }

        /// <summary>The bundle's collection time with -Snapshot, the clock otherwise: what -Last and the default period count back from.</summary>
        protected override DateTime ReferenceNow => azure?.Now ?? DateTime.UtcNow;

        protected override void EndProcessing() => azure?.Flush();
    }
}
