using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Engine;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Recommend;
using VmssAutoscale.Sources;
using VmssAutoscale.Sources.Sampling;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// The setting and samples of one scale set, read live (-ResourceGroupName/-VMScaleSetName or
    /// -ResourceId) or from a bundle (-Snapshot) through the command's source set, the way the read
    /// cmdlets read them: the settings by SettingLookup, the samples by the sample source Debug
    /// uses, the scale events as Get-VmssScaleEvent merges them.
    /// </summary>
    public abstract partial class ReplayCmdletBase
    {
        /// <summary>Without -StartTime or -Last: the 7 days before now (or before the bundle's collection time).</summary>
        public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(7);

        private LiveAzure? session;
        private string? scaleSetIdGiven;
        private string? scaleSetId;
        private (DateTime Start, DateTime End)? period;

        /// <summary>A snapshot bundle (Export-VmssAutoscaleReport) to take the setting and the samples from; alone, its one scale set.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Snapshot { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ResourceGroupNameCompleter))]
        public string? ResourceGroupName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ScaleSetNameCompleter))]
        public string? VMScaleSetName { get; set; }

        /// <summary>Given on the command line: the scale set's resource ID to read. Piped samples bind their resource here too.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public override object? ResourceId { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        /// <summary>The start of the period whose samples are read from the scale set.</summary>
        [Parameter]
        public DateTime? StartTime { get; set; }

        [Parameter]
        public DateTime? EndTime { get; set; }

        /// <summary>The period ending at -EndTime (or now, or the bundle's collection time); default 7 days.</summary>
        [Parameter]
        [DurationArgument]
        public TimeSpan? Last { get; set; }

        /// <summary>The setting and samples come from a scale set, live or in a bundle.</summary>
        protected override bool ReadsScaleSet => session != null;

        protected override DateTime ReferenceNow => session?.Now ?? DateTime.UtcNow;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();

            // Only a -ResourceId typed on the command line names the scale set: piped samples bind theirs later.
            scaleSetIdGiven = MyInvocation.BoundParameters.ContainsKey(nameof(ResourceId)) ? ResourceId?.ToString() : null;
            if (Snapshot == null && scaleSetIdGiven == null && ResourceGroupName == null && VMScaleSetName == null)
            {
                if (StartTime != null || EndTime != null || Last != null)
                {
                    Fail(ErrorIds.ConflictingWindow, ErrorCategory.InvalidArgument, (object?)StartTime ?? (object?)Last ?? EndTime,
                        "-StartTime, -EndTime and -Last choose the samples read from a scale set; give the scale set (-ResourceGroupName and -VMScaleSetName, -ResourceId or -Snapshot), or leave them out: -SamplePath and -Sample are replayed whole.");
                }

                return;
            }

            if (Snapshot == null && scaleSetIdGiven == null && (ResourceGroupName == null || VMScaleSetName == null))
            {
                Fail(ErrorIds.ScaleSetNotChosen, ErrorCategory.InvalidArgument, ResourceGroupName ?? VMScaleSetName,
                    "Name the scale set with both -ResourceGroupName and -VMScaleSetName (or -ResourceId), or read a bundle with -Snapshot.");
            }

            try
            {
                session = Snapshot != null ? LiveAzure.FromSnapshot(this, CancellationToken, ResolveFilePath(Snapshot)) : LiveAzure.Open(this, CancellationToken);
            }
            catch (ModuleException e)
            {
                ThrowTerminatingError(Record(e));
            }
        }

        /// <summary>The scale set's ID: -ResourceId, the names, or the bundle's one scale set (as every -Snapshot cmdlet picks it).</summary>
        private string ScaleSetId() => scaleSetId ??= Guard(() =>
            Snapshot != null && scaleSetIdGiven == null && (ResourceGroupName == null || VMScaleSetName == null)
                ? ScaleSetTarget.FromBundle(session!, SubscriptionId, ResourceGroupName, VMScaleSetName, Snapshot)
                : ScaleSetTarget.Id(session!, scaleSetIdGiven, ResourceGroupName, VMScaleSetName, SubscriptionId));

        /// <summary>The period of the samples: -StartTime/-EndTime/-Last by the shared resolver, within what Azure Monitor keeps.</summary>
        private (DateTime Start, DateTime End) Period() => period ??= Guard(() =>
            ResolvePeriod(StartTime, EndTime, Last, DefaultPeriod, new PeriodLimits(AutoscaleSettingMetrics.Retention, "Azure Monitor keeps metrics 93 days")));

        /// <summary>The autoscale settings that target the scale set, found as Debug-VmssAutoscale finds them.</summary>
        protected override IEnumerable<AutoscaleSetting> SettingsFromScaleSet()
        {
            if (session == null)
            {
                return Array.Empty<AutoscaleSetting>();
            }

            var id = ScaleSetId();
            var settings = Guard(() => session.Run(ct => session.ScaleSets.SettingsTargetingAsync(id, ct)));
            if (settings.Count == 0)
            {
                Fail(ErrorIds.NoAutoscaleSetting, ErrorCategory.ObjectNotFound, id,
                    $"No autoscale setting targets the scale set '{ResourceIds.LastSegment(id)}'{(Snapshot != null ? $" in the snapshot '{Snapshot}'" : string.Empty)}, so there is nothing to optimize or compare. Give a setting with -Path or from the pipeline.");
            }

            WriteVerbose($"Autoscale setting(s) of {id}: {string.Join(", ", settings.Select(s => s.Name))}.");
            return settings;
        }

        /// <summary>The samples of every metric <paramref name="combined"/> reads, over <see cref="Period"/>, from the command's sample source.</summary>
        private IEnumerable<SampleRecord> ScaleSetSamples(AutoscaleSetting combined)
        {
            var id = ScaleSetId();
            var (start, end) = Period();
            var live = session!;
            var source = live.Sources.Samples.Source;
            if (source == null)
            {
                Fail(ErrorIds.MetricUnavailable, ErrorCategory.ResourceUnavailable, id, live.Sources.Samples.Unavailable + " Give the samples with -SamplePath or -Sample.");
            }

            var read = Guard(() =>
            {
                var json = live.Run(ct => live.Sources.ScaleSets.GetScaleSetJsonAsync(id, ct));
                var info = live.Run(ct => live.ScaleSets.DescribeAsync(json, ct));
                var requests = SamplePlanner.RequestsFromSettings(new[] { combined }, info.ResourceId);
                return live.Run(ct => source!.ReadSamplesAsync(info, json, requests, start, end, ct));
            });
            if (read.Unavailable != null)
            {
                Fail(ErrorIds.MetricUnavailable, ErrorCategory.ResourceUnavailable, id,
                    $"The samples of '{ResourceIds.LastSegment(id)}' from {start:u} to {end:u} cannot be read: {read.Unavailable}. Give the samples with -SamplePath or -Sample.");
            }

            WriteVerbose($"Read {read.Samples.Count} samples ({read.SampleSource}) of {id} from {start:u} to {end:u}.");
            return read.Samples.Select((s, i) => SampleRecord.From(s, i + 1)).ToList();
        }

        /// <summary>
        /// -InstanceWarmup, else the median Started-to-Succeeded time of the scale set's own
        /// scale-outs over the period (live, or a bundle's activity log), else 5 minutes (see WarmupSource).
        /// </summary>
        protected TimeSpan ResolveWarmup()
        {
            TimeSpan warmup;
            (warmup, WarmupSource) = InstanceWarmup is TimeSpan given ? (given, "Given") : EstimateWarmup();
            if (warmup < TimeSpan.Zero || warmup > TimeSpan.FromHours(1))
            {
                Fail(ErrorIds.InvalidInstanceWarmup, ErrorCategory.InvalidArgument, warmup,
                    $"-InstanceWarmup {warmup} is outside 0 to 1 hour. It is how long a new instance is paid for before it takes load (boot, extensions, application start); 0 means at once.");
            }

            return warmup;
        }

        /// <summary>Where the warmup of <see cref="ResolveWarmup"/> came from, for the output's InstanceWarmupSource.</summary>
        protected string WarmupSource { get; private set; } = "Default";

        private (TimeSpan, string) EstimateWarmup()
        {
            if (session == null)
            {
                WriteVerbose($"-InstanceWarmup not given: using the default, {DefaultInstanceWarmup.TotalMinutes:0} minutes.");
                return (DefaultInstanceWarmup, "Default");
            }

            var id = ScaleSetId();
            var (start, end) = Period();
            var activityStart = start < ReferenceNow - GetVmssScaleEventCommand.Retention ? ReferenceNow - GetVmssScaleEventCommand.Retention : start;
            var events = Guard(() => ScaleEventMerger.Merge(session.ActivityLog(id, Settings, activityStart, end), Settings));
            if (InstanceWarmupEstimate.FromEvents(events) is (TimeSpan median, int count))
            {
                WriteVerbose($"-InstanceWarmup not given: using {median}, the median Started-to-Succeeded time of the scale set's {count} succeeded scale-out(s) from {activityStart:u} to {end:u}.");
                return (median, $"Median of {count} scale-outs");
            }

            WriteVerbose($"-InstanceWarmup not given and the activity log from {activityStart:u} to {end:u} has no succeeded scale-out of the scale set: using the default, {DefaultInstanceWarmup.TotalMinutes:0} minutes.");
            return (DefaultInstanceWarmup, "Default");
        }

        /// <summary>A read's ModuleException stops the command with its own ErrorRecord.</summary>
        private T Guard<T>(Func<T> read)
        {
            try
            {
                return read();
            }
            catch (ModuleException e)
            {
                ThrowTerminatingError(Record(e));
                throw;
            }
        }
    }
}
