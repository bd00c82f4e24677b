using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>How the simulation treats the metric samples when its capacity differs from the one they were recorded at.</summary>
    public enum LoadModel
    {
        /// <summary>Use the samples as recorded (default): the simulated capacity changes only dividePerInstance and the decisions.</summary>
        AsGiven,
        /// <summary>Treat each minute's total across instances as fixed load and spread it evenly over the simulated capacity.</summary>
        RedistributeTotal,
    }

    public sealed class SimulationOptions
    {
        /// <summary>Time between engine runs (default one minute).</summary>
        public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>Capacity at the start; null: the instances seen in the first window, or the profile default when none.</summary>
        public int? InitialCapacity { get; set; }

        public DateTime? LastScaleActionTime { get; set; }

        /// <summary>The direction of the action at <see cref="LastScaleActionTime"/>, when known: under CooldownMode LastFiredRule it picks the cooldown.</summary>
        public ScaleDirection? LastScaleActionDirection { get; set; }

        /// <summary>
        /// When the setting was updated (its writes in the activity log): from each, the cooldowns of the
        /// actions before it are cleared (autoscale-understanding-settings.md, ms.date 08/19/2026).
        /// </summary>
        public IReadOnlyList<DateTime> SettingUpdateTimes { get; set; } = Array.Empty<DateTime>();

        /// <summary>First evaluation; null: the first sample plus the longest rule window, so the first run sees a full window.</summary>
        public DateTime? Start { get; set; }

        /// <summary>Last evaluation; null: the minute after the newest sample.</summary>
        public DateTime? End { get; set; }

        public LoadModel LoadModel { get; set; } = LoadModel.AsGiven;

        /// <summary>
        /// Under RedistributeTotal: how long an added instance is paid for before it takes load. The load
        /// of a moment is spread over the smallest capacity in force during the warmup before it, so a
        /// scale-out helps only once the warmup has passed and a scale-in counts at once. Zero (the
        /// default) spreads over the capacity in force.
        /// </summary>
        public TimeSpan InstanceWarmup { get; set; } = TimeSpan.Zero;

        /// <summary>Keep the full AutoscaleDecision on each step (default true); the benchmark turns it off to measure the engine alone.</summary>
        public bool KeepDetail { get; set; } = true;

        /// <summary>Build the Reason sentences (default true); -Summary turns it off because it writes no reasons.</summary>
        public bool Explain { get; set; } = true;

        public int? CoresPerInstance { get; set; }

        public int? LoadedCoresPerInstance { get; set; }

        /// <summary>Read every window instance by instance (the reference path), for the tests that compare it with the by-minute path.</summary>
        internal bool UseReferenceWindowPath { get; set; }
    }

    /// <summary>
    /// Replays the engine at a fixed interval over a time-ordered stream of samples. It reads each
    /// sample once and keeps only the slots the longest rule window needs, so time is O(samples +
    /// evaluations × window) and memory is bounded by window × instances, whatever the history length.
    /// </summary>
    public sealed class AutoscaleSimulator
    {
        private readonly AutoscaleSetting setting;
        private readonly AutoscaleEngine engine;
        private readonly SimulationOptions options;
        private readonly MetricWindowStore store;
        private readonly List<KeyValuePair<long, int>> capacityHistory = new List<KeyValuePair<long, int>>();
        private readonly HashSet<string> metricsSeen = new HashSet<string>(StringComparer.Ordinal);
        private readonly TimeSpan longestWindow;
        private readonly TimeSpan retention;

        private string? lastMetricSeen;
        private int evaluations;
        private int scaleOuts;
        private int scaleIns;
        private int deferred;
        private int partial;
        private int cooldownBlocks;
        private double minutesAtMax;
        private double minutesAtMin;
        private DateTime? firstScaleOut;
        private DateTime? firstScaleIn;
        private DateTime? firstEvaluation;
        private DateTime? lastEvaluation;
        private int initialCapacity;
        private int capacity;
        private int minSeen = int.MaxValue;
        private int maxSeen = int.MinValue;

        public AutoscaleSimulator(AutoscaleSetting setting, EngineOptions? engineOptions = null, SimulationOptions? simulationOptions = null)
        {
            this.setting = setting;
            store = new MetricWindowStore(setting.TargetResourceUri);
            options = simulationOptions ?? new SimulationOptions();
            store.UseReferencePath = options.UseReferenceWindowPath;
            engine = new AutoscaleEngine(engineOptions, options.Explain);
            if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > TimeLimits.LongestDuration)
            {
                throw new ArgumentException("The simulation interval must lie between one second and one week.");
            }

            if (options.InstanceWarmup < TimeSpan.Zero || options.InstanceWarmup > TimeLimits.LongestDuration)
            {
                throw new ArgumentException("The instance warmup must lie between zero and one week.");
            }

            var rules = setting.Profiles.SelectMany(p => p.Rules).Select(r => r.MetricTrigger).ToList();
            longestWindow = rules.Count > 0 ? rules.Max(t => t.TimeWindowSpan > t.TimeGrainSpan ? t.TimeWindowSpan : t.TimeGrainSpan) : TimeSpan.FromMinutes(5);
            var longestGrain = rules.Count > 0 ? rules.Max(t => t.TimeGrainSpan) : TimeSpan.FromMinutes(1);
            retention = longestWindow + longestGrain + engine.Options.IngestionLag + options.Interval;
        }

        public long SamplesRead { get; private set; }

        public long Duplicates { get; private set; }

        /// <summary>Line (or position) of the first duplicate sample, for the warning.</summary>
        public long FirstDuplicateLine { get; private set; }

        /// <summary>The time the simulation has reached, for progress.</summary>
        public DateTime? CurrentTime { get; private set; }

        public IReadOnlyCollection<string> MetricsSeen => metricsSeen;

        /// <summary>Runs the simulation lazily: each step is produced as the samples it needs are read.</summary>
        public IEnumerable<SimulationStep> Run(IEnumerable<SampleRecord> samples)
        {
            using var e = samples.GetEnumerator();
            if (!e.MoveNext())
            {
                yield break;
            }

            var pending = e.Current;
            var hasPending = true;
            var lag = engine.Options.IngestionLag;
            var interval = options.Interval;
            var firstMinute = pending.UtcTicks - (pending.UtcTicks % TimeSpan.TicksPerMinute);
            var t = options.Start is DateTime s ? ProfileSelector.AsUtc(s) : new DateTime(firstMinute, DateTimeKind.Utc) + longestWindow;
            var end = options.End is DateTime en ? ProfileSelector.AsUtc(en) : (DateTime?)null;
            long newestMinute = long.MinValue;
            long lastSampleTicks = pending.UtcTicks;
            var lastAction = options.LastScaleActionTime is DateTime la ? ProfileSelector.AsUtc(la) : (DateTime?)null;
            var lastDirection = lastAction != null ? options.LastScaleActionDirection : null;
            TimeSpan? lastCooldown = null;
            DateTime? operationEnds = null;
            var updates = options.SettingUpdateTimes.Select(ProfileSelector.AsUtc).OrderBy(u => u).ToList();
            var nextUpdate = 0;
            DateTime? lastUpdate = null;
            var started = false;
            Func<DateTime, int>? capacityAt = options.LoadModel == LoadModel.RedistributeTotal ? CapacityAt : null;
            var source = new StoreObservedValueSource(store, engine.Options, capacityAt);

            while (true)
            {
                // Read every sample before the evaluation time; the store keeps them for the windows.
                hasPending = hasPending && IngestBefore(e, ref pending, t.Ticks, ref newestMinute, ref lastSampleTicks);

                var stop = end ?? new DateTime(lastSampleTicks - (lastSampleTicks % TimeSpan.TicksPerMinute), DateTimeKind.Utc).AddMinutes(1);
                if (t > stop && !(hasPending && end == null))
                {
                    break;
                }

                if (!started)
                {
                    started = true;
                    initialCapacity = options.InitialCapacity ?? InitialCapacityFromData(t);
                    capacity = initialCapacity;
                    capacityHistory.Add(new KeyValuePair<long, int>(long.MinValue, capacity));
                    firstEvaluation = t;
                }

                store.EvictBefore(t - retention);
                CurrentTime = t;
                while (nextUpdate < updates.Count && updates[nextUpdate] <= t)
                {
                    lastUpdate = updates[nextUpdate++];
                }

                var decision = engine.Evaluate(
                    new EvaluationContext
                    {
                        Setting = setting,
                        Time = t,
                        CurrentCapacity = capacity,
                        LastScaleActionTime = lastAction,
                        LastScaleActionDirection = lastDirection,
                        LastScaleActionCooldown = lastCooldown,
                        LastSettingUpdateTime = lastUpdate,
                        ScaleOperationInProgress = operationEnds is DateTime oe && t < oe,
                        CoresPerInstance = options.CoresPerInstance,
                        LoadedCoresPerInstance = options.LoadedCoresPerInstance,
                    },
                    source);

                var step = new SimulationStep
                {
                    Time = t,
                    Capacity = capacity,
                    Decision = decision.Decision,
                    Outcome = decision.Outcome,
                    NewCapacity = decision.NewCapacity,
                    Profile = decision.Profile,
                    Reason = SimulationStep.ReasonFor(decision.Decision, decision.Reason),
                    Detail = options.KeepDetail ? decision : null,
                };
                Count(decision, interval);
                if (decision.NewCapacity != capacity)
                {
                    if (StartsCooldown(decision, engine.Options))
                    {
                        lastAction = t;
                        lastDirection = decision.NewCapacity > capacity ? ScaleDirection.Increase : ScaleDirection.Decrease;
                        // A rule's action knows its cooldown; a bound adjustment has none of its own, so the direction's rules decide.
                        lastCooldown = decision.ActionCooldownSpan;
                    }

                    operationEnds = t + engine.Options.ScaleOperationDuration;
                    capacity = decision.NewCapacity;
                    capacityHistory.Add(new KeyValuePair<long, int>(t.Ticks, capacity));
                    TrimHistory(t - retention - options.InstanceWarmup);
                }

                minSeen = Math.Min(minSeen, capacity);
                maxSeen = Math.Max(maxSeen, capacity);
                lastEvaluation = t;
                yield return step;
                t += interval;
            }
        }

        /// <summary>
        /// A capacity moved to the profile's bounds is not a rule's action (08/19/2026: "isn't a
        /// metric-triggered scale action"), so by default it starts no cooldown; see EngineOptions.BoundaryAdjustmentStartsCooldown.
        /// </summary>
        public static bool StartsCooldown(AutoscaleDecision decision, EngineOptions options) =>
            options.BoundaryAdjustmentStartsCooldown
            || (decision.Outcome != DecisionOutcome.BelowMinimum && decision.Outcome != DecisionOutcome.AboveMaximum);

        /// <summary>The summary of what <see cref="Run"/> has produced so far (call it after enumerating).</summary>
        public SimulationSummary Summary() => new SimulationSummary
        {
            SettingName = setting.Name,
            Start = firstEvaluation,
            End = lastEvaluation,
            Evaluations = evaluations,
            SamplesRead = SamplesRead,
            InitialCapacity = initialCapacity,
            FinalCapacity = evaluations > 0 ? capacity : initialCapacity,
            MinimumCapacitySeen = evaluations > 0 ? Math.Min(minSeen, initialCapacity) : initialCapacity,
            MaximumCapacitySeen = evaluations > 0 ? Math.Max(maxSeen, initialCapacity) : initialCapacity,
            ScaleOuts = scaleOuts,
            ScaleIns = scaleIns,
            DeferredScaleIns = deferred,
            PartialScaleIns = partial,
            CooldownBlocks = cooldownBlocks,
            MinutesAtMaximum = minutesAtMax,
            MinutesAtMinimum = minutesAtMin,
            FirstScaleOut = firstScaleOut,
            FirstScaleIn = firstScaleIn,
            LoadModel = options.LoadModel.ToString(),
        };

        /// <summary>Ingests <paramref name="pending"/> and the samples after it that come before <paramref name="beforeTicks"/>; false once the samples have run out.</summary>
        private bool IngestBefore(IEnumerator<SampleRecord> e, ref SampleRecord pending, long beforeTicks, ref long newestMinute, ref long lastSampleTicks)
        {
            // Samples move through a local: the caller's pending sample lives in the iterator object on the heap, and
            // storing a record with its name references there costs a GC write barrier per reference, per sample.
            var current = pending;
            var more = true;
            while (current.UtcTicks < beforeTicks)
            {
                Ingest(current, ref newestMinute);
                lastSampleTicks = current.UtcTicks;
                if (!e.MoveNext())
                {
                    more = false;
                    break;
                }

                current = e.Current;
            }

            pending = current;
            return more;
        }

        private void Ingest(in SampleRecord sample, ref long newestMinute)
        {
            var minute = sample.UtcTicks - (sample.UtcTicks % TimeSpan.TicksPerMinute);
            if (minute < newestMinute)
            {
                throw new SampleOrderException(sample, new DateTime(newestMinute, DateTimeKind.Utc));
            }

            newestMinute = minute;
            SamplesRead++;
            if (!ReferenceEquals(sample.MetricName, lastMetricSeen))
            {
                // Rows of one metric follow each other and share one pooled name: hash it once per run of rows, not per sample.
                metricsSeen.Add(sample.MetricName);
                lastMetricSeen = sample.MetricName;
            }

            if (store.Add(sample) == SampleAddResult.Duplicate)
            {
                if (Duplicates == 0)
                {
                    FirstDuplicateLine = sample.Line;
                }

                Duplicates++;
            }
        }

        private int InitialCapacityFromData(DateTime t)
        {
            var seen = store.DistinctInstances(t - longestWindow, t);
            if (seen > 0)
            {
                return seen;
            }

            var p = ProfileSelector.Select(setting, t, engine.Options).Profile;
            return p?.Capacity.Default ?? 1;
        }

        private void Count(AutoscaleDecision d, TimeSpan interval)
        {
            evaluations++;
            switch (d.Outcome)
            {
                case DecisionOutcome.FlappingDeferred:
                    deferred++;
                    break;
                case DecisionOutcome.PartialScaleIn:
                    partial++;
                    break;
                case DecisionOutcome.Cooldown:
                    cooldownBlocks++;
                    break;
            }

            if (d.Decision == ScaleDecision.ScaleOut)
            {
                scaleOuts++;
                firstScaleOut ??= d.Time;
            }
            else if (d.Decision == ScaleDecision.ScaleIn)
            {
                scaleIns++;
                firstScaleIn ??= d.Time;
            }

            if (d.Capacity is ScaleCapacity bounds)
            {
                if (d.NewCapacity >= bounds.Maximum)
                {
                    minutesAtMax += interval.TotalMinutes;
                }

                if (d.NewCapacity <= bounds.Minimum)
                {
                    minutesAtMin += interval.TotalMinutes;
                }
            }
        }

        /// <summary>The capacity serving load at <paramref name="utc"/>: the smallest in force from one warmup before it to it.</summary>
        private int CapacityAt(DateTime utc)
        {
            var ticks = utc.Ticks;
            var from = ticks - options.InstanceWarmup.Ticks;
            var serving = int.MaxValue;
            for (var i = capacityHistory.Count - 1; i >= 0; i--)
            {
                if (capacityHistory[i].Key <= ticks)
                {
                    serving = Math.Min(serving, capacityHistory[i].Value);
                    if (capacityHistory[i].Key <= from)
                    {
                        return serving;
                    }
                }
            }

            return serving != int.MaxValue ? serving : capacityHistory.Count > 0 ? capacityHistory[0].Value : capacity;
        }

        private void TrimHistory(DateTime before)
        {
            // Keep the last change before the cutoff: it is the capacity in force at the window's start.
            var keepFrom = 0;
            for (var i = capacityHistory.Count - 1; i >= 0; i--)
            {
                if (capacityHistory[i].Key <= before.Ticks)
                {
                    keepFrom = i;
                    break;
                }
            }

            if (keepFrom > 0)
            {
                capacityHistory.RemoveRange(0, keepFrom);
            }
        }
    }
}
