using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;

namespace VmssAutoscale.Recommend
{
    /// <summary>What every candidate of one search shares: the history, the period, the starting capacity, the warmup and MaxLoad.</summary>
    public sealed class ReplayPlan
    {
        public ReplayPlan(LoadHistory history, DateTime start, DateTime end, int initialCapacity, TimeSpan instanceWarmup, double maxLoad, EngineOptions engineOptions)
        {
            History = history;
            Start = start;
            End = end;
            InitialCapacity = initialCapacity;
            InstanceWarmup = instanceWarmup;
            MaxLoad = maxLoad;
            EngineOptions = engineOptions;
        }

        public LoadHistory History { get; }

        /// <summary>The first evaluation, on a whole minute.</summary>
        public DateTime Start { get; }

        /// <summary>The last evaluation, on a whole minute.</summary>
        public DateTime End { get; }

        public int Minutes => (int)((End - Start).Ticks / TimeSpan.TicksPerMinute) + 1;

        public int InitialCapacity { get; }

        public TimeSpan InstanceWarmup { get; }

        /// <summary>Where <see cref="InstanceWarmup"/> came from: "Given", "Median of N scale-outs" or "Default".</summary>
        public string InstanceWarmupSource { get; init; } = "Default";

        /// <summary>The replayed period as the output types write it, "2026-11-30 01:00Z to 2026-12-07 00:00Z (10021 minutes)".</summary>
        public string Period => string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:yyyy-MM-dd HH:mm}Z to {1:yyyy-MM-dd HH:mm}Z ({2} minutes)", Start, End, Minutes);

        public double MaxLoad { get; }

        public EngineOptions EngineOptions { get; }

        /// <summary>A scale action before the period (its cooldown runs into it), as the simulation's LastScaleActionTime.</summary>
        public DateTime? LastScaleActionTime { get; init; }

        public ScaleDirection? LastScaleActionDirection { get; init; }

        /// <summary>When the setting was last updated, as the simulation's SettingUpdateTimes: from then on the earlier cooldowns are cleared.</summary>
        public DateTime? LastSettingUpdateTime { get; init; }
    }

    /// <summary>
    /// Replays one candidate setting minute by minute exactly as <see cref="AutoscaleSimulator"/>
    /// does under <see cref="LoadModel.RedistributeTotal"/> with the same warmup, and scores it.
    /// The decisions are the engine's own: <see cref="AutoscaleEngine.Evaluate"/> runs on every
    /// minute where a capacity change is possible, with observed values computed from the shared
    /// <see cref="LoadHistory"/> the way the window store computes them. A minute is skipped only
    /// where the engine provably keeps the capacity: the capacity lies within the bounds, no
    /// scale-out condition holds (or the capacity is at the maximum), a scale-in rule with data is
    /// not met (or the capacity is at the minimum), and some rule has data (or the capacity is at
    /// least the default); under a scheduled or disabled setting nothing is skipped. One instance per thread: it reuses its buffers, so a minute allocates nothing.
    /// </summary>
    public sealed class CandidateReplay
    {
        private static readonly long MinuteTicks = TimeSpan.TicksPerMinute;
        private readonly ReplayPlan plan;
        private readonly AutoscaleEngine engine;
        private readonly ReplaySource source;
        private readonly int warmupMinutes;
        private readonly long startTicks;
        private int[] billed = Array.Empty<int>();
        private int[] serving = Array.Empty<int>();
        private readonly List<int> actionMinutes = new List<int>();
        private readonly List<bool> actionUp = new List<bool>();

        public CandidateReplay(ReplayPlan plan)
        {
            this.plan = plan;
            engine = new AutoscaleEngine(plan.EngineOptions, explain: false);
            source = new ReplaySource(this);
            startTicks = plan.Start.Ticks;
            warmupMinutes = (int)Math.Ceiling(plan.InstanceWarmup.Ticks / (double)MinuteTicks);
        }

        /// <summary>Engine runs the last replay made (the minutes it could not skip), for the benchmark.</summary>
        public int EngineCalls { get; private set; }

        /// <summary>The capacity after the evaluation at minute <paramref name="k"/> of the last replay (what is paid for).</summary>
        public int CapacityAt(int k) => billed[k];

        /// <summary>Minute <paramref name="k"/>'s load per serving instance in the last replay; NaN when the minute had no sample.</summary>
        public double LoadPerInstanceAt(int k) =>
            plan.History.Load.At(startTicks + k * MinuteTicks) / Math.Max(1, serving[k]);

        public ReplayScore Run(AutoscaleSetting setting)
        {
            var minutes = plan.Minutes;
            if (billed.Length < minutes)
            {
                billed = new int[minutes];
                serving = new int[minutes];
            }

            var rules = setting.Profiles.SelectMany(p => p.Rules).ToList();
            source.Bind(rules, plan.History);
            var profile = setting.Profiles.Count == 1 && setting.Profiles[0].IsDefault && setting.Enabled ? setting.Profiles[0] : null;
            var lag = engine.Options.IngestionLag;
            var operation = engine.Options.ScaleOperationDuration;
            var cap = plan.InitialCapacity;
            var lastAction = plan.LastScaleActionTime;
            var lastDirection = lastAction != null ? plan.LastScaleActionDirection : null;
            TimeSpan? lastCooldown = null;
            var operationEnds = long.MinValue;
            var maximum = profile?.Capacity.Maximum ?? int.MaxValue;
            long instanceMinutes = 0;
            var overload = 0;
            var atMaximum = 0;
            EngineCalls = 0;
            actionMinutes.Clear();
            actionUp.Clear();

            for (var k = 0; k < minutes; k++)
            {
                var tTicks = startTicks + k * MinuteTicks;
                if (tTicks >= operationEnds)
                {
                    var t = new DateTime(tTicks, DateTimeKind.Utc);
                    if (profile == null || !Unchanged(profile, t, cap, lag))
                    {
                        EngineCalls++;
                        var decision = engine.Evaluate(
                            new EvaluationContext
                            {
                                Setting = setting,
                                Time = t,
                                CurrentCapacity = cap,
                                LastScaleActionTime = lastAction,
                                LastScaleActionDirection = lastDirection,
                                LastScaleActionCooldown = lastCooldown,
                                LastSettingUpdateTime = plan.LastSettingUpdateTime is DateTime updated && updated <= t ? updated : null,
                            },
                            source);
                        if (profile == null && decision.Capacity is ScaleCapacity bounds)
                        {
                            maximum = bounds.Maximum;
                        }

                        if (decision.NewCapacity != cap)
                        {
                            if (AutoscaleSimulator.StartsCooldown(decision, engine.Options))
                            {
                                lastAction = t;
                                lastDirection = decision.NewCapacity > cap ? ScaleDirection.Increase : ScaleDirection.Decrease;
                                lastCooldown = decision.ActionCooldownSpan;
                            }

                            operationEnds = tTicks + operation.Ticks;
                            actionMinutes.Add(k);
                            actionUp.Add(decision.NewCapacity > cap);
                            cap = decision.NewCapacity;
                        }
                    }
                }

                billed[k] = cap;
                serving[k] = ServingOf(k);
                instanceMinutes += cap;
                if (cap >= maximum)
                {
                    atMaximum++;
                }

                var load = plan.History.Load.At(tTicks);
                if (!double.IsNaN(load) && load / Math.Max(1, serving[k]) > plan.MaxLoad)
                {
                    overload++;
                }
            }

            var flaps = 0;
            for (var i = 0; i + 1 < actionMinutes.Count; i++)
            {
                if (actionUp[i] != actionUp[i + 1] && actionMinutes[i + 1] - actionMinutes[i] <= ScoreOrder.FlapWindow.TotalMinutes)
                {
                    flaps++;
                }
            }

            return new ReplayScore(minutes, instanceMinutes, overload, actionMinutes.Count, flaps, atMaximum);
        }

        /// <summary>
        /// True when the engine would keep <paramref name="cap"/> at <paramref name="t"/> whatever the
        /// cooldowns: no scale-out condition can raise it and no scale-in can lower it (see the class).
        /// </summary>
        private bool Unchanged(AutoscaleProfile profile, DateTime t, int cap, TimeSpan lag)
        {
            var bounds = profile.Capacity;
            var rules = profile.Rules;
            if (cap < bounds.Minimum || cap > bounds.Maximum || rules.Count == 0)
            {
                return false;
            }

            // Scale-out first: one met condition below the maximum is enough to need the engine.
            var anyValue = false;
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i].ScaleDirection != ScaleDirection.Increase)
                {
                    continue;
                }

                var v = Value(i, rules[i].MetricTrigger, t, cap, lag);
                if (double.IsNaN(v))
                {
                    continue;
                }

                anyValue = true;
                if (cap < bounds.Maximum && CapacityMath.Compare(v, rules[i].MetricTrigger.ComparisonOperator, rules[i].MetricTrigger.Threshold))
                {
                    return false;
                }
            }

            // Scale-in: at the minimum nothing can be removed; above it, one scale-in rule with data that is not met keeps the capacity.
            if (cap > bounds.Minimum)
            {
                var inRules = 0;
                var proven = false;
                for (var i = 0; i < rules.Count && !proven; i++)
                {
                    if (rules[i].ScaleDirection != ScaleDirection.Decrease)
                    {
                        continue;
                    }

                    inRules++;
                    var v = Value(i, rules[i].MetricTrigger, t, cap, lag);
                    if (!double.IsNaN(v))
                    {
                        anyValue = true;
                        proven = !CapacityMath.Compare(v, rules[i].MetricTrigger.ComparisonOperator, rules[i].MetricTrigger.Threshold);
                    }
                }

                if (inRules > 0 && !proven)
                {
                    return false;
                }
            }

            // No rule with data at all: the engine raises the capacity to the default when it is below it.
            return anyValue || cap >= bounds.Default;
        }

        /// <summary>The capacity taking load at minute <paramref name="k"/>: the smallest in force from one warmup before it.</summary>
        private int ServingOf(int k)
        {
            var lowest = billed[k];
            var from = k - warmupMinutes;
            if (from < 0)
            {
                lowest = Math.Min(lowest, plan.InitialCapacity);
                from = 0;
            }

            for (var i = from; i < k; i++)
            {
                lowest = Math.Min(lowest, billed[i]);
            }

            return lowest;
        }

        private int ServingAt(long ticks)
        {
            var k = (ticks - startTicks) / MinuteTicks;
            return k < 0 ? plan.InitialCapacity : serving[k];
        }

        /// <summary>
        /// The rule's observed value at <paramref name="t"/> (NaN: no grain had data), as the window store
        /// computes it under RedistributeTotal: each grain's numerator over the capacity serving at the
        /// grain's start, the time aggregation over the grains in the window, then dividePerInstance.
        /// </summary>
        private double Value(int rule, MetricTrigger trigger, DateTime t, int cap, TimeSpan lag)
        {
            var series = source.Series(rule);
            var (start, end) = MetricWindowStore.Window(trigger, t, lag);
            var grain = series.GrainTicks;
            var statistic = series.Statistic;
            double sum = 0, min = 0, max = 0, last = 0;
            var count = 0;
            for (var b = start.Ticks; b < end.Ticks; b += grain)
            {
                var numerator = series.At(b);
                if (double.IsNaN(numerator))
                {
                    continue;
                }

                var over = Math.Max(1, ServingAt(b));
                var v = statistic == MetricStatistic.Sum ? numerator : statistic == MetricStatistic.Count ? over : numerator / over;
                if (count == 0)
                {
                    sum = min = max = v;
                }
                else
                {
                    sum += v;
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }

                last = v;
                count++;
            }

            if (count == 0)
            {
                return double.NaN;
            }

            var value = trigger.TimeAggregationType switch
            {
                TimeAggregationType.Average => sum / count,
                TimeAggregationType.Minimum => min,
                TimeAggregationType.Maximum => max,
                TimeAggregationType.Total => sum,
                TimeAggregationType.Count => count,
                _ => last,
            };
            return PerInstanceThresholdMetrics.Divides(trigger) ? value / Math.Max(1, cap) : value;
        }

        /// <summary>The engine's view of the candidate's rules, read from the shared history.</summary>
        private sealed class ReplaySource : IObservedValueSource
        {
            private readonly CandidateReplay owner;
            private readonly Dictionary<MetricTrigger, int> index = new Dictionary<MetricTrigger, int>();
            private GrainSeries[] series = Array.Empty<GrainSeries>();

            public ReplaySource(CandidateReplay owner)
            {
                this.owner = owner;
            }

            public void Bind(IReadOnlyList<ScaleRule> rules, LoadHistory history)
            {
                index.Clear();
                series = new GrainSeries[rules.Count];
                for (var i = 0; i < rules.Count; i++)
                {
                    index[rules[i].MetricTrigger] = i;
                    series[i] = history.SeriesOf(rules[i].MetricTrigger);
                }
            }

            public GrainSeries Series(int rule) => series[rule];

            public ObservedValue Observe(MetricTrigger trigger, DateTime evaluationUtc, int currentCapacity, bool perInstance)
            {
                var (start, end) = MetricWindowStore.Window(trigger, evaluationUtc, owner.engine.Options.IngestionLag);
                var grains = (int)((end - start).Ticks / series[index[trigger]].GrainTicks);
                var v = owner.Value(index[trigger], trigger, evaluationUtc, currentCapacity, owner.engine.Options.IngestionLag);
                if (double.IsNaN(v))
                {
                    return new ObservedValue { WindowStart = start, WindowEnd = end, GrainsInWindow = grains };
                }

                var divided = PerInstanceThresholdMetrics.Divides(trigger);
                return new ObservedValue
                {
                    Value = v,
                    Aggregate = divided ? v * Math.Max(1, currentCapacity) : v,
                    DividedPerInstance = divided,
                    WindowStart = start,
                    WindowEnd = end,
                    GrainsInWindow = grains,
                    GrainsUsed = grains,
                };
            }
        }
    }
}
