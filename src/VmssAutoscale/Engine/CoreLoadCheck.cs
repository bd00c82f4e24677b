using System;
using System.Globalization;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>
    /// The troubleshooting guide's "your load generator loads one core of a multi-core VM": a CPU
    /// percentage is averaged over all vCPUs, so L busy cores of C give at most 100·L/C percent.
    /// </summary>
    public static class CoreLoadCheck
    {
        /// <summary>The highest CPU percentage an instance can report with <paramref name="loadedCores"/> of <paramref name="cores"/> busy.</summary>
        public static double MaximumCpuPercent(int cores, int loadedCores) =>
            cores <= 0 ? 100 : 100.0 * Math.Min(Math.Max(0, loadedCores), cores) / cores;

        /// <summary>
        /// A sentence when <paramref name="rule"/> is a CPU percentage scale-out rule that can never
        /// fire with that many loaded cores; null when it can fire or the rule is not of that kind.
        /// </summary>
        public static string? Explain(ScaleRule rule, int cores, int loadedCores)
        {
            if (rule.ScaleDirection != ScaleDirection.Increase || !MetricCatalog.IsCpu(rule.MetricName) || cores <= 0)
            {
                return null;
            }

            var t = rule.MetricTrigger;
            var max = MaximumCpuPercent(cores, loadedCores);
            var never = t.ComparisonOperator switch
            {
                ComparisonOperator.GreaterThan => max <= t.Threshold,
                ComparisonOperator.GreaterThanOrEqual => max < t.Threshold,
                ComparisonOperator.Equals => max < t.Threshold,
                _ => false,
            };
            if (!never)
            {
                return null;
            }

            var coreWord = loadedCores == 1 ? "core" : "cores";
            return string.Format(
                CultureInfo.InvariantCulture,
                "{0} loaded {1} of {2} gives at most {3}% CPU per instance; the scale-out rule needs {4} {5}%.",
                loadedCores,
                coreWord,
                cores,
                FlappingEstimator.Num(max),
                ScaleRule.OperatorSymbol(t.ComparisonOperator),
                FlappingEstimator.Num(t.Threshold));
        }
    }
}
