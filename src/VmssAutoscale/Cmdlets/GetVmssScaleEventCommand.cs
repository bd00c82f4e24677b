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
    public sealed class GetVmssScaleEventCommand : ScaleSetCmdlet
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        private protected override string? TargetSubscription => SubscriptionId;

        /// <summary>The activity log keeps 90 days.</summary>
        public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

        [Parameter]
        public DateTime? StartTime { get; set; }

        [Parameter]
        public DateTime? EndTime { get; set; }

        /// <summary>The activity-log records as they are, one per status, not merged.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        protected override void ProcessRecord()
        {
            var live = Azure;
            if (!TryResolvePeriod(StartTime, EndTime, TimeSpan.FromHours(24), Retention, "The activity log keeps 90 days", out var start, out var end))
            {
                return;
            }

            try
            {
                var id = TargetScaleSetId();
                var settings = live.Run(ct => live.ScaleSets.SettingsTargetingAsync(id, ct));
                var records = live.ActivityLog(id, settings, start, end);

                if (Raw)
                {
                    foreach (var r in records.OrderBy(r => r.EventTimestamp))
                    {
                        WriteObject(r);
                    }

                    return;
                }

                foreach (var e in ScaleEventMerger.Merge(records, settings))
                {
                    WriteObject(e);
                }
            }
            catch (ModuleException e)
            {
                WriteError(Record(e));
            }
        }
    }
}
