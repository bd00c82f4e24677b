using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Gets the scale history of a scale set from the activity log (the guide's "did you miss any
    /// scale events?"): autoscale actions of every setting that targets it and manual capacity
    /// changes, one object per operation, with the patterns that explain a scale set that does not scale.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VmssScaleEvent", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(ScaleEvent), typeof(ActivityLogRecord))]
    public sealed class GetVmssScaleEventCommand : VmssAutoscaleCmdlet
    {
        /// <summary>The activity log keeps 90 days.</summary>
        public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

        private const string NameSet = "ByName";
        private const string IdSet = "ByResourceId";
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
        public DateTime? StartTime { get; set; }

        [Parameter]
        public DateTime? EndTime { get; set; }

        /// <summary>The activity-log records as they are, one per status, not merged.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

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
            var now = live.Now;
            var end = ToUtc(EndTime) ?? now;
            var start = ToUtc(StartTime) ?? end.AddHours(-24);
            if (end > now)
            {
                end = now;
            }

            if (start < now - Retention)
            {
                WriteWarning($"The activity log keeps 90 days; the start time {start:u} was moved to {(now - Retention):u}.");
                start = now - Retention;
            }

            if (start >= end)
            {
                Report(ErrorIds.InvalidTimeRange, ErrorCategory.InvalidArgument, StartTime, $"The start time {start:u} is not before the end time {end:u}. Give -StartTime earlier than -EndTime, within the last 90 days.");
                return;
            }

            try
            {
                var id = ScaleSetTarget.Id(live, ParameterSetName == IdSet ? ResourceId : null, ResourceGroupName, VMScaleSetName, SubscriptionId);
                var subscription = ResourceIds.Subscription(id)!;
                var settings = live.Run(ct => live.ScaleSets.SettingsTargetingAsync(id, ct));
                var records = new List<ActivityLogRecord>();
                foreach (var resource in settings.Select(s => s.Id).Where(s => s != null).Concat(new[] { id }))
                {
                    WriteVerbose($"Reading the activity log of {resource} from {start:u} to {end:u}.");
                    records.AddRange(live.Run(ct => live.Session.GetActivityLogJsonAsync(subscription, resource!, start, end, ct)).Select(ActivityLogReader.Read));
                }

                if (Raw)
                {
                    foreach (var r in records.OrderBy(r => r.EventTimestamp))
                    {
                        WriteObject(r);
                    }

                    return;
                }

                var cooldown = settings.SelectMany(s => s.Profiles).SelectMany(p => p.Rules).Select(r => r.ScaleAction.Cooldown).DefaultIfEmpty(TimeSpan.FromMinutes(5)).Max();
                foreach (var e in ScaleEventMerger.Merge(records, cooldown))
                {
                    WriteObject(e);
                }
            }
            catch (ModuleException e)
            {
                WriteError(Record(e));
            }
        }

        protected override void EndProcessing() => azure?.Flush();
    }
}
