using System;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>The capacity a scale action asks for (§2.6), and clamping to the profile's bounds.</summary>
    public static class CapacityMath
    {
        /// <summary>
        /// The count a rule's action asks for from <paramref name="current"/>, before clamping; null
        /// for ServiceAllowedNextValue, whose meaning for scale sets is undocumented.
        /// </summary>
        public static int? Candidate(ScaleAction action, int current, PercentRounding rounding = PercentRounding.AtLeastOne)
        {
            var sign = action.ScaleDirection == ScaleDirection.Decrease ? -1 : action.ScaleDirection == ScaleDirection.Increase ? 1 : 0;
            switch (action.ScaleType)
            {
                case ScaleType.ChangeCount:
                    return current + (sign * action.Value);
                case ScaleType.PercentChangeCount:
                    return current + (sign * PercentChange(current, action.Value, action.ScaleDirection, rounding));
                case ScaleType.ExactCount:
                    return action.Value;
                default:
                    return null;
            }
        }

        /// <summary>How many instances a PercentChangeCount action of <paramref name="percent"/> moves from <paramref name="current"/>.</summary>
        public static int PercentChange(int current, int percent, ScaleDirection direction, PercentRounding rounding)
        {
            var raw = current * (double)percent / 100.0;
            return rounding switch
            {
                PercentRounding.Ceiling => (int)Math.Ceiling(raw),
                PercentRounding.Floor => (int)Math.Floor(raw),
                PercentRounding.Nearest => (int)Math.Round(raw, MidpointRounding.AwayFromZero),
                _ => Math.Max(1, direction == ScaleDirection.Increase ? (int)Math.Ceiling(raw) : (int)Math.Floor(raw)),
            };
        }

        public static int Clamp(int count, ScaleCapacity capacity) =>
            Math.Max(capacity.Minimum, Math.Min(capacity.Maximum, count));

        public static bool Compare(double observed, ComparisonOperator op, double threshold) => op switch
        {
            ComparisonOperator.Equals => observed == threshold,
            ComparisonOperator.NotEquals => observed != threshold,
            ComparisonOperator.GreaterThan => observed > threshold,
            ComparisonOperator.GreaterThanOrEqual => observed >= threshold,
            ComparisonOperator.LessThan => observed < threshold,
            _ => observed <= threshold,
        };
    }
}
