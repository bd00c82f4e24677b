using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// The decisions Get-VmssDiagnosticsSample makes before reading anything: which metrics, from
    /// which source, in which table layout. Pure, so the diagnosis and the report make the same ones.
    /// </summary>
    public static class DiagnosticsSamplePlanner
    {
        /// <summary>
        /// Guest counters are paths: WAD "\Processor(_Total)\% Processor Time", LAD 2.x
        /// "\Processor\PercentProcessorTime", LAD 3 "/builtin/processor/...". Host metrics are
        /// plain names ("Percentage CPU", "Network In Total").
        /// </summary>
        public static bool IsGuestMetric(string metricName) => metricName.StartsWith("\\", StringComparison.Ordinal) || metricName.StartsWith("/", StringComparison.Ordinal);

        /// <summary>The metrics the rules of the settings read for this scale set (rules on another resource, e.g. a queue, are left out).</summary>
        public static IReadOnlyList<string> MetricNamesFromSettings(IEnumerable<AutoscaleSetting> settings, string? scaleSetId) =>
            settings
                .SelectMany(s => s.Profiles.SelectMany(p => p.Rules).Select(r => (Setting: s, Rule: r)))
                .Where(x => scaleSetId == null || x.Rule.MetricTrigger.MetricResourceUri == null
                    || ResourceIds.AreEqual(x.Rule.MetricTrigger.MetricResourceUri, scaleSetId)
                    || ResourceIds.AreEqual(x.Rule.MetricTrigger.MetricResourceUri, x.Setting.TargetResourceUri))
                .Select(x => x.Rule.MetricName)
                .Where(n => !string.IsNullOrWhiteSpace(n))
                .Distinct(StringComparer.Ordinal)
                .ToList();

        /// <summary>
        /// The table layout for a configuration: aggregates (WADMetrics) when the extension writes
        /// them, which is what guest-metric autoscale reads; otherwise the raw Windows table or the
        /// LAD 2.3 wide tables.
        /// </summary>
        public static DiagnosticsTableFormat ResolveFormat(DiagnosticsTableFormat requested, DiagnosticsConfiguration? extension)
        {
            if (requested != DiagnosticsTableFormat.Auto)
            {
                return requested;
            }

            if (extension == null || extension.MetricsResourceId != null)
            {
                return DiagnosticsTableFormat.WADMetrics;
            }

            return extension.Kind == "WAD" ? DiagnosticsTableFormat.WADPerformanceCounters
                : extension.Kind == "LAD 2.x" ? DiagnosticsTableFormat.LAD23
                : DiagnosticsTableFormat.WADMetrics;
        }

        /// <summary>PT1H aggregates only when the caller asks for hourly data; autoscale grains are minutes.</summary>
        public static TimeSpan TransferPeriod(TimeSpan? requested) => requested ?? TimeSpan.FromMinutes(1);

        /// <summary>Lag is measured against the end of the window, or now when the window reaches into the future.</summary>
        public static DateTime ReferenceTime(DateTime endUtc, DateTime nowUtc) => endUtc < nowUtc ? endUtc : nowUtc;
    }
}
