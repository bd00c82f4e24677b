using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>
    /// What a set of samples covers for a setting, for the warnings and defaults of
    /// Test-VmssAutoscaleThreshold: which metrics count the scale set's instances, and why no rule
    /// used a sample (the samples' times outside every window, or samples inside the windows that
    /// belong to another metric or resource).
    /// </summary>
    public static class SampleCoverage
    {
        /// <summary>The metrics the profile's rules read from the scale set itself: only their rows are its instances (a queue's rows are not).</summary>
        public static ICollection<string> OwnMetricNames(AutoscaleSetting setting, AutoscaleProfile? profile) =>
            new HashSet<string>(
                (profile?.Rules ?? (IReadOnlyList<ScaleRule>)Array.Empty<ScaleRule>())
                    .Where(r => string.IsNullOrEmpty(r.MetricTrigger.MetricResourceUri) || ResourceIds.AreEqual(r.MetricTrigger.MetricResourceUri, setting.TargetResourceUri))
                    .Select(r => r.MetricName),
                StringComparer.Ordinal);

        /// <summary>
        /// Null when some rule used a sample. Otherwise the warning that fits: no sample time inside any rule's window
        /// (check -At and that Timestamp is UTC), or samples inside the windows that no rule reads (check the metric
        /// names and ResourceId: the time is not the problem).
        /// </summary>
        public static string? OutsideWindowsWarning(AutoscaleDecision decision, IReadOnlyList<DateTime> sampleTimesUtc)
        {
            if (sampleTimesUtc.Count == 0 || decision.Rules.Count == 0 || decision.Rules.Any(r => r.GrainsUsed > 0))
            {
                return null;
            }

            var first = decision.Rules[0];
            var inside = sampleTimesUtc.Count(t => decision.Rules.Any(r => t >= r.WindowStart && t < r.WindowEnd));
            if (inside > 0)
            {
                var wanted = string.Join(", ", decision.Rules.Select(r => $"'{r.MetricName}'").Distinct());
                return string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} of the {1} sample(s) fall inside the rules' windows, but no rule reads them: the rules read {2}. Check the samples' MetricName and ResourceId (a sample of another resource, or a metric the rules do not name, is not used).",
                    inside,
                    sampleTimesUtc.Count,
                    wanted);
            }

            return $"None of the {sampleTimesUtc.Count} sample(s) falls inside a rule's window (for example {first.WindowStart:yyyy-MM-dd HH:mm}Z to {first.WindowEnd:yyyy-MM-dd HH:mm}Z for '{first.MetricName}'). Check -At, the metric names, and that Timestamp is UTC.";
        }
    }
}
