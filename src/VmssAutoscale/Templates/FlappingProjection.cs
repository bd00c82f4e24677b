using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Templates
{
    /// <summary>
    /// The engine's flapping test for scale-in (semantics §2.8), reduced to what a threshold check
    /// needs: before scaling in from N to n instances the engine projects each metric to
    /// observed × N / n and defers the scale-in when any scale-out rule would fire on the projection.
    /// Kept here, narrow and internal, until the engine branch publishes its projection; then
    /// <see cref="IsDeferred"/> and <see cref="NewCount"/> should call the engine instead.
    /// </summary>
    internal static class FlappingProjection
    {
        public static double Project(double observed, int current, int newCount) => observed * current / newCount;

        /// <summary>True when a scale-in from <paramref name="current"/> to <paramref name="newCount"/> at this observed value would be deferred.</summary>
        public static bool IsDeferred(double observed, int current, int newCount, IEnumerable<ScaleRule> outRules) =>
            newCount < current && newCount > 0 && outRules.Any(r => Fires(r.MetricTrigger.Operator, Project(observed, current, newCount), r.MetricTrigger.Threshold));

        public static bool Fires(ComparisonOperator op, double value, double threshold) => op switch
        {
            ComparisonOperator.GreaterThan => value > threshold,
            ComparisonOperator.GreaterThanOrEqual => value >= threshold,
            ComparisonOperator.LessThan => value < threshold,
            ComparisonOperator.LessThanOrEqual => value <= threshold,
            ComparisonOperator.Equals => value == threshold,
            _ => value != threshold,
        };

        /// <summary>The capacity a scale-in rule asks for from <paramref name="current"/> (§2.6, default rounding), clamped to the profile.</summary>
        public static int NewCount(ScaleAction action, int current, int minimum, int maximum)
        {
            var target = action.Type switch
            {
                ScaleType.PercentChangeCount => current - Math.Max(1, (int)Math.Floor(current * action.Value / 100.0)),
                ScaleType.ExactCount => action.Value,
                _ => current - action.Value,
            };

            return Math.Min(maximum, Math.Max(minimum, target));
        }
    }
}
