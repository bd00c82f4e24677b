using System;
using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using VmssAutoscale.Sources.Sampling;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Gets what the real autoscale engine observed for a scale set, minute by minute: the platform
    /// metrics of every autoscale setting that targets it (observed metric value and threshold per
    /// rule, observed capacity, scale actions started), one request per setting. It is the
    /// service's own view to hold the module's replay against. With -IncludeLogs, the setting's
    /// resource logs follow its metric records in the same stream, where a diagnostic setting
    /// sends them to a Log Analytics workspace.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VmssAutoscaleRunHistory", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(RunHistoryRecord), typeof(AutoscaleLogRecord))]
    public sealed class GetVmssAutoscaleRunHistoryCommand : ScaleSetCmdlet
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        private protected override string? TargetSubscription => SubscriptionId;

        /// <summary>Without -StartTime or -Last: the last hour, what the portal's run history shows first.</summary>
        public static readonly TimeSpan DefaultPeriod = TimeSpan.FromHours(1);

        [Parameter]
        public DateTime? StartTime { get; set; }

        [Parameter]
        public DateTime? EndTime { get; set; }

        /// <summary>The period ending at -EndTime (or now), instead of -StartTime.</summary>
        [Parameter]
        [DurationArgument]
        public TimeSpan? Last { get; set; }

        /// <summary>
        /// Also read the autoscale resource logs (AutoscaleEvaluationsLog, AutoscaleScaleActionsLog)
        /// from the Log Analytics workspace the setting's diagnostic settings send them to; the
        /// records follow the setting's metric records. Live only: snapshots do not carry the logs.
        /// </summary>
        [Parameter]
        public SwitchParameter IncludeLogs { get; set; }

        /// <summary>Refused before the snapshot is opened: a bundle does not carry the logs (its source set has no Logs capability), so no input could succeed.</summary>
        protected override void BeginProcessing()
        {
            if (IncludeLogs && Snapshot != null)
            {
                Fail(ErrorIds.NotInSnapshot, ErrorCategory.InvalidOperation, Snapshot, SourceSet.NoLogsInSnapshot);
            }

            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            var live = Azure;
            var logs = live.Sources.Logs.Source;
            if (Last != null && (Last < TimeSpan.FromMinutes(1) || Last > AutoscaleSettingMetrics.Retention))
            {
                Report(ErrorIds.InvalidPeriod, ErrorCategory.InvalidArgument, Last, $"-Last {Last} is outside one minute to 93 days, the span Azure Monitor keeps platform metrics for. Give a shorter -Last, e.g. 06:00:00 for six hours.");
                return;
            }

            try
            {
                // -Last counts back from the end, so the end's clamping to now applies to it too.
                var (start, end) = ResolvePeriod(StartTime, EndTime, Last, DefaultPeriod, new PeriodLimits(AutoscaleSettingMetrics.Retention, "Azure Monitor keeps platform metrics 93 days"));
                var id = TargetScaleSetId();
                var settings = live.Run(ct => live.ScaleSets.SettingsTargetingAsync(id, ct));
                if (settings.Count == 0)
                {
                    Report(ErrorIds.NoAutoscaleSetting, ErrorCategory.ObjectNotFound, id,
                        $"No autoscale setting targets '{ResourceIds.LastSegment(id)}', so autoscale keeps no run history for it. Check the name, or create a setting (Get-VmssAutoscaleSetting lists those of a resource group).");
                    return;
                }

                var metrics = live.Sources.RunHistory.Require(id);
                foreach (var setting in settings.Where(s => s.Id != null))
                {
                    // The reads are URLs built from the setting's id: one that is not an autoscale setting's id is skipped, and the others still read.
                    if (ArmResourceId.Problem(setting.Id, ArmResourceType.AutoscaleSetting) is string problem)
                    {
                        WriteWarning($"Skipped the run history of '{setting.Name}': its field id " + ArmResourceId.Refusal(string.Empty, ArmResourceType.AutoscaleSetting, problem).TrimStart());
                        continue;
                    }

                    WriteVerbose($"Reading the run history of '{setting.Name}' from {start:u} to {end:u}.");
                    var body = live.Run(ct => metrics.GetSettingMetricsJsonAsync(setting.Id!, start, end, ct));
                    foreach (var record in AutoscaleSettingMetrics.Read(body, setting.Id!, setting, id).Where(r => r.Time >= start && r.Time < end))
                    {
                        WriteObject(record);
                    }

                    if (IncludeLogs && logs != null)
                    {
                        WriteLogs(logs!, setting.Id!, setting.Name, id, start, end);
                    }
                }
            }
            catch (ModuleException e)
            {
                WriteError(Record(e));
            }
        }

        /// <summary>
        /// One setting's log records after its metric records, written as each workspace answers (at
        /// most the five diagnostic settings Azure allows, so at most five queries); a missing
        /// destination warns, a refused query is a non-terminating error.
        /// </summary>
        private void WriteLogs(IAutoscaleLogSource logs, string settingId, string settingName, string scaleSetId, DateTime start, DateTime end)
        {
            WriteVerbose($"Reading the autoscale logs of '{settingName}' from {start:u} to {end:u}.");
            var (routing, read) = Azure.Run(ct => AutoscaleLogReader.RouteAsync(logs, settingId, settingName, ct));
            Write(read);
            foreach (var destination in routing?.Workspaces ?? Array.Empty<AutoscaleLogDestination>())
            {
                Write(Azure.Run(ct => AutoscaleLogReader.QueryAsync(logs, destination, settingId, settingName, scaleSetId, start, end, ct)));
            }
        }

        private void Write(AutoscaleLogRead read)
        {
            foreach (var warning in read.Warnings)
            {
                WriteWarning(warning);
            }

            foreach (var error in read.Errors)
            {
                WriteError(Record(error));
            }

            foreach (var record in read.Records)
            {
                WriteObject(record);
            }
        }
    }
}
