using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>A scale-out rule and the value it observed now: the input of the flapping estimate.</summary>
    public readonly struct ObservedRule
    {
        public ObservedRule(ScaleRule rule, double? observed)
        {
            Rule = rule;
            Observed = observed;
        }

        public ScaleRule Rule { get; }

        public double? Observed { get; }
    }

    /// <summary>Why a count would flap: the first scale-out rule whose projected value fires there.</summary>
    public sealed class FlappingHit
    {
        public FlappingHit(ScaleRule rule, int count, double observed, double projected)
        {
            Rule = rule;
            Count = count;
            Observed = observed;
            Projected = projected;
        }

        public ScaleRule Rule { get; }

        public int Count { get; }

        public double Observed { get; }

        public double Projected { get; }
    }

    /// <summary>Outcome of the flapping estimate before a scale-in.</summary>
    public sealed class FlappingResult
    {
        public FlappingResult(int current, int target, int? safeCount, FlappingHit? targetHit)
        {
            Current = current;
            Target = target;
            SafeCount = safeCount;
            TargetHit = targetHit;
        }

        public int Current { get; }

        public int Target { get; }

        /// <summary>The count to scale in to: Target when it does not flap, a count between Target and Current otherwise, or null (defer).</summary>
        public int? SafeCount { get; }

        /// <summary>Why Target itself flaps; null when it does not.</summary>
        public FlappingHit? TargetHit { get; }
    }

    /// <summary>For a profile at one capacity: the observed values at which the scale-in rule fires but the engine defers it.</summary>
    public sealed class FlappingProjection
    {
        public int Capacity { get; init; }

        public int TargetCapacity { get; init; }

        public string MetricName { get; init; } = string.Empty;

        public ScaleRule InRule { get; init; } = new ScaleRule();

        public ScaleRule OutRule { get; init; } = new ScaleRule();

        /// <summary>The in-rule's threshold: the highest (or lowest) observed value at which it fires.</summary>
        public double BoundaryValue { get; init; }

        /// <summary>The out-rule's metric projected to TargetCapacity from BoundaryValue.</summary>
        public double ProjectedAtBoundary { get; init; }

        /// <summary>True when a scale-in triggered right at the in-threshold would be deferred or partial.</summary>
        public bool BoundaryFlaps { get; init; }

        /// <summary>
        /// True when every value at which the in-rule fires projects into the out-rule at the target:
        /// no scale-in from this capacity can ever reach the target.
        /// </summary>
        public bool EveryScaleInFlaps { get; init; }

        /// <summary>Observed values beyond this (towards the in-threshold) flap; null when none do.</summary>
        public double? FlapsBeyond { get; init; }

        public string Reason { get; init; } = string.Empty;
    }

    /// <summary>
    /// The flapping estimate (§2.8): before a scale-in the engine projects each scale-out rule's
    /// metric to the new count (observed × current / new) and does not go where a scale-out rule
    /// would fire. Public so template and diagnosis checks can ask the same question.
    /// </summary>
    public static class FlappingEstimator
    {
        /// <summary>
        /// The rule's value projected from <paramref name="current"/> to <paramref name="newCount"/> instances.
        /// Per-instance values (Average, Min, Max, or anything divided per instance) scale by current/new;
        /// a total that is not divided (Sum, Count) does not depend on the count and is unchanged.
        /// </summary>
        public static double Project(double observed, MetricTrigger trigger, int current, int newCount)
        {
            var perInstance = PerInstanceThresholdMetrics.Divides(trigger) || trigger.MetricStatistic == MetricStatistic.Average
                || trigger.MetricStatistic == MetricStatistic.Min || trigger.MetricStatistic == MetricStatistic.Max;
            return perInstance && newCount > 0 ? observed * current / newCount : observed;
        }

        /// <summary>The first scale-out rule that would fire at <paramref name="count"/>, or null when none would.</summary>
        public static FlappingHit? WouldFlap(IEnumerable<ObservedRule> outRules, int current, int count)
        {
            foreach (var o in outRules)
            {
                if (o.Observed is double v && o.Rule.ScaleDirection == ScaleDirection.Increase)
                {
                    var p = Project(v, o.Rule.MetricTrigger, current, count);
                    if (CapacityMath.Compare(p, o.Rule.MetricTrigger.ComparisonOperator, o.Rule.MetricTrigger.Threshold))
                    {
                        return new FlappingHit(o.Rule, count, v, p);
                    }
                }
            }

            return null;
        }

        /// <summary>Where to scale in to from <paramref name="current"/> when the rules ask for <paramref name="target"/>.</summary>
        public static FlappingResult Resolve(IReadOnlyList<ObservedRule> outRules, int current, int target, FlappingSearch search = FlappingSearch.AscendingFromTarget)
        {
            var hit = WouldFlap(outRules, current, target);
            if (hit == null)
            {
                return new FlappingResult(current, target, target, null);
            }

            IEnumerable<int> order = search switch
            {
                FlappingSearch.AscendingFromTarget => Enumerable.Range(target + 1, Math.Max(0, current - target - 1)),
                FlappingSearch.DescendingFromCurrent => Enumerable.Range(target + 1, Math.Max(0, current - target - 1)).Reverse(),
                _ => Enumerable.Empty<int>(),
            };
            foreach (var n in order)
            {
                if (WouldFlap(outRules, current, n) == null)
                {
                    return new FlappingResult(current, target, n, hit);
                }
            }

            return new FlappingResult(current, target, null, hit);
        }

        /// <summary>
        /// For each scale-in rule of <paramref name="profile"/> paired with each scale-out rule on the
        /// same metric: at <paramref name="capacity"/>, would a scale-in that the in-rule triggers be
        /// deferred? The template checks (ThresholdsTooClose) call this for every capacity from the
        /// minimum to the maximum.
        /// </summary>
        public static IReadOnlyList<FlappingProjection> ProjectProfile(AutoscaleProfile profile, int capacity, EngineOptions? options = null)
        {
            options ??= EngineOptions.Default;
            var result = new List<FlappingProjection>();
            foreach (var inRule in profile.Rules.Where(r => r.ScaleDirection == ScaleDirection.Decrease))
            {
                var candidate = CapacityMath.Candidate(inRule.ScaleAction, capacity, options.PercentRounding);
                if (candidate is not int c)
                {
                    continue;
                }

                var target = CapacityMath.Clamp(c, profile.Capacity);
                if (target >= capacity)
                {
                    continue;
                }

                foreach (var outRule in profile.Rules.Where(r => r.ScaleDirection == ScaleDirection.Increase && string.Equals(r.MetricName, inRule.MetricName, StringComparison.Ordinal)))
                {
                    var boundary = inRule.MetricTrigger.Threshold;
                    var projected = Project(boundary, outRule.MetricTrigger, capacity, target);
                    var flaps = CapacityMath.Compare(projected, outRule.MetricTrigger.ComparisonOperator, outRule.MetricTrigger.Threshold);
                    var scale = Project(1.0, outRule.MetricTrigger, capacity, target);
                    // The value whose projection lands exactly on the out-threshold; values past it towards the in-threshold flap.
                    double? beyond = flaps ? outRule.MetricTrigger.Threshold / scale : null;
                    var inLow = inRule.MetricTrigger.ComparisonOperator == ComparisonOperator.LessThan || inRule.MetricTrigger.ComparisonOperator == ComparisonOperator.LessThanOrEqual;
                    var every = flaps && inLow && beyond is double b && b <= 0;
                    var reason = string.Format(
                        CultureInfo.InvariantCulture,
                        "At {0} instances the scale-in rule ({1} {2} {3}) targets {4}; at its threshold the projected value is {5} ({3} × {0} / {4}), which {6} the scale-out rule ({1} {7} {8}).",
                        capacity,
                        inRule.MetricName,
                        ScaleRule.OperatorSymbol(inRule.MetricTrigger.ComparisonOperator),
                        Num(boundary),
                        target,
                        Num(projected),
                        flaps ? "triggers" : "does not trigger",
                        ScaleRule.OperatorSymbol(outRule.MetricTrigger.ComparisonOperator),
                        Num(outRule.MetricTrigger.Threshold));
                    if (flaps && beyond is double from)
                    {
                        reason += string.Format(CultureInfo.InvariantCulture, " Scale-in to {0} happens only once {1} is below about {2}.", target, inRule.MetricName, Num(from));
                    }

                    result.Add(new FlappingProjection
                    {
                        Capacity = capacity,
                        TargetCapacity = target,
                        MetricName = inRule.MetricName,
                        InRule = inRule,
                        OutRule = outRule,
                        BoundaryValue = boundary,
                        ProjectedAtBoundary = projected,
                        BoundaryFlaps = flaps,
                        EveryScaleInFlaps = every,
                        FlapsBeyond = beyond,
                        Reason = reason,
                    });
                }
            }

            return result;
        }

        internal static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
