using System;
using System.Collections.Generic;

namespace VmssAutoscale.Templates
{
    /// <summary>
    /// The name under which LAD 2.3 writes a ladCfg performance counter into its metrics table, which
    /// is the name an autoscale rule must use. A ladCfg entry gives an OMI property
    /// (<c>counterSpecifier: PercentProcessorTime</c>) and a <c>class</c>, written either as the metrics
    /// table's class name (Processor) or as the OMI class (scx_processorstatisticalinformation); the
    /// metrics table names it <c>\Processor\PercentProcessorTime</c> (Azure/azure-linux-extensions@073b405c,
    /// Diagnostic/Utils/LadDiagnosticUtil.py: "we are using Counter names as \Processor\PercentProcessorTime
    /// in the metrics table", and its classNameMapping). LAD 3.0 counterSpecifiers are already full
    /// names (/builtin/...), and so are WAD's.
    /// </summary>
    public static class Lad23CounterNames
    {
        // The metrics-table class name, from either spelling the extension accepts.
        private static readonly Dictionary<string, string> Classes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["processor"] = "Processor",
            ["scx_processorstatisticalinformation"] = "Processor",
            ["memory"] = "Memory",
            ["scx_memorystatisticalinformation"] = "Memory",
            ["physicaldisk"] = "PhysicalDisk",
            ["scx_diskdrivestatisticalinformation"] = "PhysicalDisk",
            ["networkinterface"] = "NetworkInterface",
            ["scx_ethernetportstatistics"] = "NetworkInterface",
        };

        /// <summary>The counter's name in the metrics table: <c>\Class\Specifier</c> for a LAD 2.3 entry, the specifier unchanged otherwise.</summary>
        public static string MetricsTableName(string counterSpecifier, string? className)
        {
            var spec = counterSpecifier.Trim();
            if (spec.StartsWith(@"\", StringComparison.Ordinal) || spec.StartsWith("/", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(className))
            {
                return counterSpecifier;
            }

            var cls = Classes.TryGetValue(className!.Trim(), out var known) ? known : className.Trim();
            return @"\" + cls + @"\" + spec;
        }
    }
}
