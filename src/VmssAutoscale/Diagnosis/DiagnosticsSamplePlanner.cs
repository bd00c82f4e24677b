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
