using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Engine;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Recommend;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// What Optimize-VmssAutoscaleSetting and Compare-VmssAutoscaleSetting share: the load
    /// parameters (-MaxLoad, -OverloadBudget, -InitialCapacity, -InstanceWarmup), the samples read
    /// once into a <see cref="LoadHistory"/>, and the <see cref="ReplayPlan"/> every setting is
    /// scored over.
    /// </summary>
    public abstract partial class ReplayCmdletBase : EngineCmdletBase
    {
        /// <summary>The instance warmup when none is given: 5 minutes.</summary>
        public static readonly TimeSpan DefaultInstanceWarmup = TimeSpan.FromMinutes(5);

        /// <summary>Per-instance load above which a minute counts as overloaded; default: the setting's one scale-out threshold.</summary>
        [Parameter]
        [ValidateRange(0.0, double.MaxValue)]
        public double? MaxLoad { get; set; }

        /// <summary>Overloaded minutes a setting may have and still count as good enough; default 1 % of the period's minutes.</summary>
        [Parameter]
        [ValidateRange(0.0, double.MaxValue)]
        public double? OverloadBudget { get; set; }

        /// <summary>Capacity at the start; default: the instances seen before the first evaluation.</summary>
        [Parameter]
        [ValidateRange(0, 1000)]
        public int? InitialCapacity { get; set; }

        /// <summary>How long an added instance is paid for before it takes load; default: the median Started-to-Succeeded time of the scale set's own scale-outs (live or a bundle), else 5 minutes; 0 allowed.</summary>
        [Parameter]
        [DurationArgument]
        public TimeSpan? InstanceWarmup { get; set; }

        /// <summary>The per-instance load limit for <paramref name="setting"/>: -MaxLoad, or its one scale-out threshold.</summary>
        protected double ResolveMaxLoad(AutoscaleSetting setting)
        {
            if (MaxLoad is double given)
            {
                return given;
            }

            var thresholds = setting.Profiles.SelectMany(p => p.Rules).Where(r => r.ScaleDirection == ScaleDirection.Increase).Select(r => r.MetricTrigger.Threshold).Distinct().ToList();
            if (thresholds.Count != 1)
            {
                Fail(ErrorIds.MaxLoadRequired, ErrorCategory.InvalidArgument, setting.Name,
                    $"The setting '{setting.Name}' has {(thresholds.Count == 0 ? "no scale-out rule" : $"{thresholds.Count} scale-out thresholds")}, so there is no one threshold to take as the load an instance can carry. Give -MaxLoad: the per-instance value of the load metric above which a minute counts as overloaded (e.g. -MaxLoad 85 for CPU).");
            }

            return thresholds[0];
        }

        /// <summary>The rule whose metric is the load: the first scale-out rule on the setting's own resource, else the first scale-out rule, else the first rule.</summary>
        protected static MetricTrigger LoadTrigger(AutoscaleSetting setting)
        {
            var rules = setting.Profiles.SelectMany(p => p.Rules).ToList();
            var outs = rules.Where(r => r.ScaleDirection == ScaleDirection.Increase).ToList();
            return (outs.FirstOrDefault(r => MetricSeriesKey.ReadsTarget(r.MetricTrigger, setting.TargetResourceUri)) ?? outs.FirstOrDefault() ?? rules[0]).MetricTrigger;
        }

        /// <summary>Reads the samples once for every rule of <paramref name="settings"/>; the load is the first setting's load rule.</summary>
        protected LoadHistory ReadHistory(AutoscaleSetting combined, MetricTrigger load, EngineOptions options)
        {
            SampleCsvReader? reader = null;
            var progress = new ProgressRecord(1, "Reading samples", "Reading");
            try
            {
                IEnumerable<SampleRecord> samples;
                if (SamplePath != null)
                {
                    var file = SampleFile();
                    WriteVerbose($"Reading samples from '{file}'.");
                    reader = new SampleCsvReader(file);
                    samples = reader.ReadAll();
                }
                else if (ReadsScaleSet && !SamplesGiven)
                {
                    samples = ScaleSetSamples(combined);
                }
                else
                {
                    samples = ObjectSamples();
                }

                var leadIn = SettingKnobs.LongestCandidateWindow;
                foreach (var t in combined.Profiles.SelectMany(p => p.Rules).Select(r => r.MetricTrigger))
                {
                    var window = t.TimeWindowSpan > t.TimeGrainSpan ? t.TimeWindowSpan : t.TimeGrainSpan;
                    leadIn = window > leadIn ? window : leadIn;
                }

                var r = reader;
                var history = LoadHistory.Read(samples, combined, load, leadIn, options, CancellationToken, read =>
                {
                    if (r != null)
                    {
                        progress.PercentComplete = (int)Math.Min(99, r.Fraction * 100);
                    }

                    progress.StatusDescription = $"{read:N0} samples read";
                    WriteProgress(progress);
                });
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
                if (history.Duplicates > 0)
                {
                    WriteWarning($"{history.Duplicates} duplicate sample(s) (same instance, metric and timestamp) were ignored, the first at {(SamplePath != null ? "line" : "position")} {history.FirstDuplicateLine}; the first value was kept.");
                }

                WarnMissingMetrics(new[] { combined }, history.MetricsSeen.ToList());
                return history;
            }
            catch (Exception e) when (IsInputError(e))
            {
                FailOnEngineError(e);
                throw;
            }
            finally
            {
                reader?.Dispose();
            }
        }

        /// <summary>The period every setting is scored over: from the end of the lead-in to the minute after the newest sample.</summary>
        protected ReplayPlan Plan(LoadHistory history, double maxLoad, TimeSpan warmup, EngineOptions options)
        {
            var last = history.LastSampleTicks - (history.LastSampleTicks % TimeSpan.TicksPerMinute);
            var end = new DateTime(last, DateTimeKind.Utc).AddMinutes(1);
            var start = new DateTime(history.LeadInEnd, DateTimeKind.Utc);
            if (history.SamplesRead == 0 || start > end)
            {
                Fail(ErrorIds.NoHistoryToScore, ErrorCategory.InvalidData, SamplePath,
                    history.SamplesRead == 0
                        ? "The samples are empty: there is no history to replay. Give samples with -SamplePath or -Sample."
                        : $"The samples span less than the lead-in of {(new DateTime(history.LeadInEnd) - new DateTime(history.FirstMinuteTicks)).TotalMinutes:0} minutes that the longest rule window needs, so no minute can be scored. Give a longer history (a day or more).");
            }

            var initial = InitialCapacity ?? Math.Max(1, history.InstancesInLeadIn);
            return new ReplayPlan(history, start, end, initial, warmup, maxLoad, options)
            {
                LastScaleActionTime = ToUtc(LastScaleActionTime),
                LastScaleActionDirection = LastDirection,
                LastSettingUpdateTime = ToUtc(LastSettingUpdateTime),
                InstanceWarmupSource = WarmupSource,
            };
        }

        protected double Budget(ReplayPlan plan) => OverloadBudget ?? 0.01 * plan.Minutes;
    }
}
