using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Evaluates an autoscale setting against metric samples at one time, as the autoscale engine
    /// would, and says why it scales or does not.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "VmssAutoscaleThreshold")]
    [OutputType(typeof(AutoscaleDecision))]
    public sealed class TestVmssAutoscaleThresholdCommand : EngineCmdletBase
    {
        /// <summary>The evaluation time; default: the end of the newest sample's minute.</summary>
        [Parameter]
        [ValidateEngineTime]
        public DateTime? At { get; set; }

        /// <summary>The scale set's instance count; default: the distinct instances in the rules' windows.</summary>
        [Parameter]
        [ValidateRange(0, 10000)]
        public int? CurrentCapacity { get; set; }

        /// <summary>Treat the previous scale operation as still running (the engine then skips the evaluation).</summary>
        [Parameter]
        public SwitchParameter ScaleOperationInProgress { get; set; }

        protected override void EndProcessing()
        {
            ResolveInputs();
            var options = EffectiveOptions();
            List<SampleRecord> samples;
            try
            {
                samples = ReadSamples();
            }
            catch (Exception e) when (IsInputError(e))
            {
                FailOnEngineError(e);
                return;
            }

            // An empty sample set with -At asks what the engine does without data at that time (the
            // default capacity applies upward); without -At there is no time to ask about.
            if (samples.Count == 0 && At == null)
            {
                FailWithoutSamples((SamplePath != null ? $"'{SamplePath}' holds none" : "none could be read") + " (with -At, an empty set asks what the engine does without data then)");
            }

            var at = ToUtc(At) ?? EndOfMinute(samples[samples.Count - 1].UtcTicks);
            if (At == null)
            {
                WriteVerbose($"Evaluating at {at:yyyy-MM-dd HH:mm}Z (the end of the newest sample's minute).");
            }

            var after = 0;
            var duplicates = 0;
            long firstDuplicate = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            // One store per target: a sample without ResourceId belongs to the target of the setting that reads it.
            var stores = new Dictionary<string, MetricWindowStore>(StringComparer.OrdinalIgnoreCase);
            MetricWindowStore StoreFor(AutoscaleSetting setting)
            {
                var target = setting.TargetResourceUri ?? string.Empty;
                if (stores.TryGetValue(target, out var existing))
                {
                    return existing;
                }

                var store = new MetricWindowStore(target);
                var first = stores.Count == 0;
                foreach (var s in samples)
                {
                    if (s.UtcTicks >= at.Ticks)
                    {
                        after += first ? 1 : 0;
                        continue;
                    }

                    seen.Add(s.MetricName);
                    if (store.Add(s) == SampleAddResult.Duplicate && first)
                    {
                        firstDuplicate = duplicates == 0 ? s.Line : firstDuplicate;
                        duplicates++;
                    }
                }

                stores.Add(target, store);
                return store;
            }

            foreach (var setting in Settings)
            {
                StoreFor(setting);
            }

            if (after > 0)
            {
                WriteWarning($"{after} sample(s) at or after -At {at:yyyy-MM-dd HH:mm:ss}Z were ignored: the engine only sees the past.");
            }

            if (duplicates > 0)
            {
                WriteWarning($"{duplicates} duplicate sample(s) (same instance, metric and timestamp) were ignored, the first at {(SamplePath != null ? "line" : "position")} {firstDuplicate}; the first value was kept.");
            }

            WarnMissingMetrics(Settings, seen);
            if (samples.Count == 0)
            {
                WriteWarning("No samples were given: every rule lacks data, so only the default capacity can apply.");
            }

            var engine = new AutoscaleEngine(options);
            foreach (var setting in Settings)
            {
                AutoscaleDecision decision;
                try
                {
                    var store = StoreFor(setting);
                    var source = new StoreObservedValueSource(store, options);
                    var capacity = CurrentCapacity ?? DefaultCapacity(setting, store, at, options);
                    decision = engine.Evaluate(
                        new EvaluationContext
                        {
                            Setting = setting,
                            Time = at,
                            CurrentCapacity = capacity,
                            LastScaleActionTime = ToUtc(LastScaleActionTime),
                            LastScaleActionDirection = LastDirection,
                            LastSettingUpdateTime = ToUtc(LastSettingUpdateTime),
                            ScaleOperationInProgress = ScaleOperationInProgress.IsPresent,
                            CoresPerInstance = CoresPerInstance,
                            LoadedCoresPerInstance = LoadedCoresPerInstance,
                        },
                        source);
                }
                catch (Exception e) when (IsInputError(e))
                {
                    FailOnEngineError(e);
                    return;
                }

                if (SampleCoverage.OutsideWindowsWarning(decision, samples.Where(x => x.UtcTicks < at.Ticks).Select(x => new DateTime(x.UtcTicks, DateTimeKind.Utc)).ToList()) is string outside)
                {
                    WriteWarning(outside);
                }
                WriteObject(decision);
            }
        }

        private static DateTime EndOfMinute(long ticks) => new DateTime(ticks - (ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc).AddMinutes(1);

        private List<SampleRecord> ReadSamples()
        {
            if (SamplePath == null)
            {
                return ObjectSamples().ToList();
            }

            var file = SampleFile();
            WriteVerbose($"Reading samples from '{file}'.");
            using var reader = new SampleCsvReader(file);
            var list = reader.ReadAll().ToList();
            for (var i = 1; i < list.Count; i++)
            {
                if (list[i].UtcTicks < list[i - 1].UtcTicks)
                {
                    WriteWarning($"The samples in '{file}' are not in time order (line {list[i].Line} is earlier than line {list[i - 1].Line}); they were sorted by Timestamp.");
                    return list.OrderBy(s => s.UtcTicks).ToList();
                }
            }

            return list;
        }

        private int DefaultCapacity(AutoscaleSetting setting, MetricWindowStore store, DateTime at, EngineOptions options)
        {
            var profile = ProfileSelector.Select(setting, at, options).Profile;
            var longest = profile?.Rules.Select(r => r.MetricTrigger.TimeWindowSpan).DefaultIfEmpty(TimeSpan.FromMinutes(5)).Max() ?? TimeSpan.FromMinutes(5);
            var end = at - options.IngestionLag;
            var seen = store.DistinctInstances(end - longest, end, SampleCoverage.OwnMetricNames(setting, profile));
            if (seen > 0)
            {
                WriteVerbose($"-CurrentCapacity not given: using the {seen} distinct instance(s) with samples in the last {IsoDuration.Format(longest)}.");
                return seen;
            }

            var fallback = profile?.Capacity.Minimum ?? 1;
            WriteWarning($"-CurrentCapacity not given and no instance has samples in the rules' windows: assuming the profile minimum, {fallback}.");
            return fallback;
        }
    }
}
