using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;

namespace VmssAutoscale.Recommend
{
    /// <summary>A field of the optimized profile the search may change.</summary>
    public enum KnobField
    {
        Threshold,
        TimeWindow,
        Cooldown,
        Step,
        Minimum,
        Maximum,
    }

    /// <summary>One field of one rule (or of the capacity), with the values the search tries for it; the first value is the current one.</summary>
    public sealed class Knob
    {
        public Knob(int rule, KnobField field, IReadOnlyList<double> values, string label)
        {
            Rule = rule;
            Field = field;
            Values = values;
            Label = label;
        }

        /// <summary>The rule's index in the profile; -1 for the capacity.</summary>
        public int Rule { get; }

        public KnobField Field { get; }

        public IReadOnlyList<double> Values { get; }

        /// <summary>How a change reads: "scale-out threshold", "scale-in (Percentage CPU) cooldown".</summary>
        public string Label { get; }
    }

    /// <summary>
    /// The fields of a one-profile setting the search varies and the values it tries, and the
    /// setting a choice of values makes. Metric, statistic, grain, time aggregation and operator stay;
    /// the capacity stays unless allowed to change. Values respect what the service accepts
    /// (<see cref="SettingRanges"/>): windows of 5 minutes to 12 hours in whole grains, cooldowns of 1
    /// minute to a week, steps of at least 1.
    /// </summary>
    public sealed class SettingKnobs
    {
        private static readonly double[] WindowMinutes = { 5, 10, 15, 20, 30, 45, 60 };
        private static readonly double[] CooldownMinutes = { 1, 3, 5, 10, 15, 20, 30, 45, 60 };
        private static readonly double[] CountSteps = { 1, 2, 3, 4, 5 };
        private static readonly double[] PercentSteps = { 10, 20, 25, 34, 50, 100 };

        /// <summary>The longest window any candidate reads, for the lead-in every candidate shares.</summary>
        public static readonly TimeSpan LongestCandidateWindow = TimeSpan.FromMinutes(60);

        private readonly AutoscaleSetting setting;
        private readonly AutoscaleProfile profile;
        private readonly string loadMetric;

        public SettingKnobs(AutoscaleSetting setting, double maxLoad, string loadMetric, bool allowCapacityChange)
        {
            this.setting = setting;
            this.loadMetric = loadMetric;
            profile = setting.Profiles[0];
            var knobs = new List<Knob>();
            var rules = profile.Rules;
            for (var i = 0; i < rules.Count; i++)
            {
                var rule = rules[i];
                var t = rule.MetricTrigger;
                var word = rule.ScaleDirection == ScaleDirection.Increase ? "scale-out" : "scale-in";
                var sameDirection = rules.Count(r => r.Direction == rule.Direction);
                var name = sameDirection > 1 ? Invariant($"{word} ({t.MetricName})") : word;
                var onLoad = string.Equals(t.MetricName, loadMetric, StringComparison.Ordinal);
                knobs.Add(new Knob(i, KnobField.Threshold, WithCurrent(t.Threshold, Thresholds(rule, maxLoad, onLoad)), name + " threshold"));
                var grain = LoadHistory.GrainTicksOf(t) / TimeSpan.TicksPerMinute;
                var windows = WindowMinutes.Where(w => w % grain == 0 && w >= grain);
                knobs.Add(new Knob(i, KnobField.TimeWindow, WithCurrent(t.TimeWindowSpan.TotalMinutes, windows), name + " time window"));
                knobs.Add(new Knob(i, KnobField.Cooldown, WithCurrent(rule.ScaleAction.CooldownSpan.TotalMinutes, CooldownMinutes), name + " cooldown"));
                if (rule.ScaleAction.ScaleType != ScaleType.ExactCount)
                {
                    var steps = rule.ScaleAction.ScaleType == ScaleType.PercentChangeCount ? PercentSteps : CountSteps;
                    knobs.Add(new Knob(i, KnobField.Step, WithCurrent(rule.ScaleAction.Value, steps), name + " step"));
                }
            }

            if (allowCapacityChange)
            {
                var c = profile.Capacity;
                var minima = new[] { c.Minimum - 1, (c.Minimum + 1) / 2, 1 }.Where(m => m >= 1);
                var maxima = new[] { c.Maximum + (int)Math.Ceiling(c.Maximum * 0.25), c.Maximum + (int)Math.Ceiling(c.Maximum * 0.5), c.Maximum * 2 };
                knobs.Add(new Knob(-1, KnobField.Minimum, WithCurrent(c.Minimum, minima.Select(m => (double)m)), "minimum"));
                knobs.Add(new Knob(-1, KnobField.Maximum, WithCurrent(c.Maximum, maxima.Where(m => m <= 1000).Select(m => (double)m)), "maximum"));
            }

            Knobs = knobs;
        }

        public IReadOnlyList<Knob> Knobs { get; }

        public ScaleDirection RuleDirection(int rule) => profile.Rules[rule].ScaleDirection;

        /// <summary>True when the rule reads the load metric, whose thresholds the search pairs.</summary>
        public bool OnLoad(int rule) => string.Equals(profile.Rules[rule].MetricName, loadMetric, StringComparison.Ordinal);

        /// <summary>The current setting's values, one per knob.</summary>
        public double[] Current() => Knobs.Select(k => k.Values[0]).ToArray();

        /// <summary>The setting with <paramref name="values"/> (one per knob) applied to the optimized profile.</summary>
        public AutoscaleSetting Build(double[] values)
        {
            var rules = profile.Rules.ToArray();
            var capacity = profile.Capacity;
            var minimum = capacity.Minimum;
            var maximum = capacity.Maximum;
            for (var k = 0; k < Knobs.Count; k++)
            {
                var knob = Knobs[k];
                var v = values[k];
                if (knob.Rule < 0)
                {
                    if (knob.Field == KnobField.Minimum)
                    {
                        minimum = (int)v;
                    }
                    else
                    {
                        maximum = (int)v;
                    }

                    continue;
                }

                var rule = rules[knob.Rule];
                var t = rule.MetricTrigger;
                var a = rule.ScaleAction;
                rules[knob.Rule] = knob.Field switch
                {
                    KnobField.Threshold when v != t.Threshold => new ScaleRule { MetricTrigger = Copy(t, threshold: v), ScaleAction = a },
                    KnobField.TimeWindow when v != t.TimeWindowSpan.TotalMinutes => new ScaleRule { MetricTrigger = Copy(t, window: TimeSpan.FromMinutes(v)), ScaleAction = a },
                    KnobField.Cooldown when v != a.CooldownSpan.TotalMinutes => new ScaleRule { MetricTrigger = t, ScaleAction = new ScaleAction { ScaleDirection = a.ScaleDirection, ScaleType = a.ScaleType, Value = a.Value, CooldownSpan = TimeSpan.FromMinutes(v) } },
                    KnobField.Step when (int)v != a.Value => new ScaleRule { MetricTrigger = t, ScaleAction = new ScaleAction { ScaleDirection = a.ScaleDirection, ScaleType = a.ScaleType, Value = (int)v, CooldownSpan = a.CooldownSpan } },
                    _ => rule,
                };
            }

            var newCapacity = minimum == capacity.Minimum && maximum == capacity.Maximum
                ? capacity
                : new ScaleCapacity { Minimum = minimum, Maximum = maximum, Default = Math.Min(maximum, Math.Max(minimum, capacity.Default)) };
            var newProfile = new AutoscaleProfile { Name = profile.Name, Capacity = newCapacity, Rules = rules, FixedDate = profile.FixedDate, Recurrence = profile.Recurrence, AutoCreatedFor = profile.AutoCreatedFor };
            return new AutoscaleSetting
            {
                Name = setting.Name,
                Id = setting.Id,
                Location = setting.Location,
                Tags = setting.Tags,
                Enabled = setting.Enabled,
                TargetResourceUri = setting.TargetResourceUri,
                TargetResourceLocation = setting.TargetResourceLocation,
                Profiles = new[] { newProfile },
                Notifications = setting.Notifications,
                PredictiveAutoscalePolicy = setting.PredictiveAutoscalePolicy,
                Source = setting.Source,
            };
        }

        /// <summary>One line per changed field, "scale-out threshold 70 -> 65".</summary>
        public IReadOnlyList<string> Changes(double[] values)
        {
            var lines = new List<string>();
            for (var k = 0; k < Knobs.Count; k++)
            {
                var from = Knobs[k].Values[0];
                if (values[k] != from)
                {
                    lines.Add(Invariant($"{Knobs[k].Label} {Format(Knobs[k], from)} -> {Format(Knobs[k], values[k])}"));
                }
            }

            return lines;
        }

        /// <summary>
        /// Whether the service would take the setting and the engine would never defer a scale-in for
        /// flapping at a rule's threshold: the documented projection (the in-threshold × current / target
        /// against each scale-out rule on the same metric) for every capacity from minimum to maximum.
        /// </summary>
        public static bool IsValidAndSteady(AutoscaleSetting candidate, EngineOptions options)
        {
            if (SettingRanges.Problems(candidate).Count > 0 || SettingGuard.Problem(candidate) != null)
            {
                return false;
            }

            foreach (var p in candidate.Profiles)
            {
                if (p.Rules.Any(r => r.ScaleAction.Value < 1 && r.ScaleAction.ScaleType != ScaleType.ExactCount))
                {
                    return false;
                }

                for (var c = p.Capacity.Minimum; c <= p.Capacity.Maximum; c++)
                {
                    if (FlappingEstimator.ProjectProfile(p, c, options).Any(x => x.BoundaryFlaps))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static string Format(Knob knob, double v) => knob.Field switch
        {
            KnobField.TimeWindow or KnobField.Cooldown => v >= 60 && v % 60 == 0 ? Invariant($"{v / 60} h") : Invariant($"{v} min"),
            KnobField.Step => Invariant($"{v}"),
            _ => v.ToString("0.##", CultureInfo.InvariantCulture),
        };

        /// <summary>
        /// Thresholds to try. On the load metric, for a rule comparing upward (scale-out above, scale-in
        /// below): a scale-out from 40 % to 95 % of MaxLoad (it must act before the load is too much), a
        /// scale-in from 10 % to 70 % of it; on another metric, or any other comparison, 60 % to 150 % of
        /// the current threshold.
        /// </summary>
        private static IEnumerable<double> Thresholds(ScaleRule rule, double maxLoad, bool onLoad)
        {
            var op = rule.MetricTrigger.ComparisonOperator;
            var above = op == ComparisonOperator.GreaterThan || op == ComparisonOperator.GreaterThanOrEqual;
            var below = op == ComparisonOperator.LessThan || op == ComparisonOperator.LessThanOrEqual;
            IEnumerable<double> fractions;
            double scale;
            if (onLoad && rule.ScaleDirection == ScaleDirection.Increase && above)
            {
                fractions = Enumerable.Range(8, 12).Select(i => i * 0.05);
                scale = maxLoad;
            }
            else if (onLoad && rule.ScaleDirection == ScaleDirection.Decrease && below)
            {
                fractions = Enumerable.Range(2, 13).Select(i => i * 0.05);
                scale = maxLoad;
            }
            else
            {
                fractions = new[] { 0.6, 0.7, 0.8, 0.9, 1.1, 1.2, 1.3, 1.5 };
                scale = rule.MetricTrigger.Threshold;
            }

            return fractions.Select(f => Round(f * scale)).Where(v => v > 0);
        }

        /// <summary>Whole numbers where the scale allows (a CPU percentage), two decimals below 20.</summary>
        private static double Round(double v) => Math.Abs(v) >= 20 ? Math.Round(v) : Math.Round(v, 2);

        private static IReadOnlyList<double> WithCurrent(double current, IEnumerable<double> values) =>
            new[] { current }.Concat(values.Where(v => v != current)).Distinct().ToList();

        /// <summary>A copy of the trigger with the given fields changed; the metric, its resource and dimensions stay.</summary>
        internal static MetricTrigger Copy(MetricTrigger t, double? threshold = null, TimeSpan? window = null, MetricStatistic? statistic = null, TimeSpan? grain = null, TimeAggregationType? aggregation = null, bool? divide = null) => new MetricTrigger
        {
            MetricName = t.MetricName,
            MetricNamespace = t.MetricNamespace,
            MetricResourceUri = t.MetricResourceUri,
            MetricResourceLocation = t.MetricResourceLocation,
            TimeGrainSpan = grain ?? t.TimeGrainSpan,
            MetricStatistic = statistic ?? t.MetricStatistic,
            TimeWindowSpan = window ?? t.TimeWindowSpan,
            TimeAggregationType = aggregation ?? t.TimeAggregationType,
            ComparisonOperator = t.ComparisonOperator,
            Threshold = threshold ?? t.Threshold,
            Dimensions = t.Dimensions,
            DividePerInstance = divide ?? t.DividePerInstance,
        };

        private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
    }
}
