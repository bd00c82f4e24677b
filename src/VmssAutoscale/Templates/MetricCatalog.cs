using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace VmssAutoscale.Templates
{
    public enum GuestOs
    {
        Unknown,
        Windows,
        Linux,
    }

    /// <summary>
    /// Metric names autoscale accepts for a scale set: the host metrics Azure Monitor publishes for
    /// Microsoft.Compute/virtualMachineScaleSets (supported-metrics reference,
    /// microsoft-compute-virtualmachinescalesets-metrics-include.md, 2024-02) and the guest counter
    /// forms of WAD (Windows) and LAD 2.x/3.0 (Linux) (learn.microsoft.com "Autoscale common metrics",
    /// and the counter names in Azure/azure-linux-extensions Diagnostic/).
    /// </summary>
    public static class MetricCatalog
    {
        public static readonly IReadOnlyList<string> HostMetrics = new[]
        {
            "Percentage CPU", "Available Memory Bytes", "CPU Credits Consumed", "CPU Credits Remaining",
            "Network In", "Network Out", "Network In Total", "Network Out Total",
            "Disk Read Bytes", "Disk Write Bytes", "Disk Read Operations/Sec", "Disk Write Operations/Sec",
            "Inbound Flows", "Outbound Flows", "Inbound Flows Maximum Creation Rate", "Outbound Flows Maximum Creation Rate",
            "Data Disk Bandwidth Consumed Percentage", "Data Disk IOPS Consumed Percentage", "Data Disk Max Burst Bandwidth",
            "Data Disk Max Burst IOPS", "Data Disk Queue Depth", "Data Disk Read Bytes/sec", "Data Disk Read Operations/Sec",
            "Data Disk Target Bandwidth", "Data Disk Target IOPS", "Data Disk Used Burst BPS Credits Percentage",
            "Data Disk Used Burst IO Credits Percentage", "Data Disk Write Bytes/sec", "Data Disk Write Operations/Sec",
            "OS Disk Bandwidth Consumed Percentage", "OS Disk IOPS Consumed Percentage", "OS Disk Max Burst Bandwidth",
            "OS Disk Max Burst IOPS", "OS Disk Queue Depth", "OS Disk Read Bytes/sec", "OS Disk Read Operations/Sec",
            "OS Disk Target Bandwidth", "OS Disk Target IOPS", "OS Disk Used Burst BPS Credits Percentage",
            "OS Disk Used Burst IO Credits Percentage", "OS Disk Write Bytes/sec", "OS Disk Write Operations/Sec",
            "Premium Data Disk Cache Read Hit", "Premium Data Disk Cache Read Miss", "Premium OS Disk Cache Read Hit",
            "Premium OS Disk Cache Read Miss", "VM Cached Bandwidth Consumed Percentage", "VM Cached IOPS Consumed Percentage",
            "VM Local Used Burst BPS Credits Percentage", "VM Local Used Burst IO Credits Percentage",
            "VM Remote Used Burst BPS Credits Percentage", "VM Remote Used Burst IO Credits Percentage",
            "VM Uncached Bandwidth Consumed Percentage", "VM Uncached IOPS Consumed Percentage", "VmAvailabilityMetric",
        };

        /// <summary>Well-known guest counters (autoscale-common-metrics), offered as suggestions.</summary>
        public static readonly IReadOnlyList<string> WindowsCounters = new[]
        {
            @"\Processor(_Total)\% Processor Time", @"\Processor(_Total)\% Privileged Time", @"\Processor(_Total)\% User Time",
            @"\Memory\% Committed Bytes In Use", @"\Memory\Available Bytes", @"\Memory\Committed Bytes", @"\Process(_Total)\Thread Count",
            @"\PhysicalDisk(_Total)\Disk Transfers/sec", @"\LogicalDisk(_Total)\% Free Space", @"\System\Processes",
        };

        public static readonly IReadOnlyList<string> LinuxCounters = new[]
        {
            @"\Processor\PercentProcessorTime", @"\Processor\PercentIdleTime", @"\Processor\PercentIOWaitTime",
            @"\Memory\PercentUsedMemory", @"\Memory\PercentAvailableMemory", @"\Memory\AvailableMemory", @"\Memory\UsedMemory",
            @"\PhysicalDisk\ReadBytesPerSecond", @"\PhysicalDisk\WriteBytesPerSecond", @"\NetworkInterface\BytesTransmitted",
            "/builtin/processor/percentprocessortime", "/builtin/memory/percentusedmemory", "/builtin/memory/percentavailablememory",
        };

        // LAD 2.x names counters \Class\CamelCaseName with no instance and no spaces; WAD counters have an instance or spaces.
        private static readonly Regex LinuxLad2 = new Regex(@"^\\(Processor|Memory|PhysicalDisk|NetworkInterface|FileSystem)\\[A-Za-z]+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static bool IsHostMetric(string name) => HostMetrics.Any(h => h.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

        /// <summary>A guest (diagnostics-extension) counter name rather than a host metric.</summary>
        public static bool IsGuestMetric(string name) => name.StartsWith(@"\", StringComparison.Ordinal) || name.StartsWith("/builtin/", StringComparison.OrdinalIgnoreCase);

        /// <summary>The OS whose diagnostics agent uses this counter form; Unknown for host metrics.</summary>
        public static GuestOs CounterOs(string name)
        {
            if (name.StartsWith("/builtin/", StringComparison.OrdinalIgnoreCase) || LinuxLad2.IsMatch(name))
            {
                return GuestOs.Linux;
            }

            return name.StartsWith(@"\", StringComparison.Ordinal) ? GuestOs.Windows : GuestOs.Unknown;
        }

        /// <summary>The CPU counter the other OS's agent uses, for a helpful remediation.</summary>
        public static string CpuCounterFor(GuestOs os) => os == GuestOs.Linux ? @"\Processor\PercentProcessorTime" : @"\Processor(_Total)\% Processor Time";

        /// <summary>Percent-valued metrics, whose thresholds must lie within 0 to 100.</summary>
        public static bool IsPercentage(string name) =>
            name.IndexOf("Percent", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf('%') >= 0;

        public static bool IsCpu(string name) =>
            name.Equals("Percentage CPU", StringComparison.OrdinalIgnoreCase)
            || name.IndexOf("Processor Time", StringComparison.OrdinalIgnoreCase) >= 0
            || name.IndexOf("PercentProcessorTime", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>Metrics where a low value means high load (free memory, idle CPU, remaining credits).</summary>
        public static bool LowMeansBusy(string name) =>
            new[] { "Available", "Idle", "Free", "Remaining" }.Any(w => name.IndexOf(w, StringComparison.OrdinalIgnoreCase) >= 0);

        /// <summary>
        /// The candidate closest to a misspelt name. Words are compared as sets first, so word order
        /// does not matter (CpuPercentage -> Percentage CPU), then by edit distance.
        /// </summary>
        public static string? Closest(string name, IEnumerable<string> candidates)
        {
            var words = Words(name);
            string? best = null;
            var bestScore = double.MinValue;
            foreach (var c in candidates)
            {
                var cw = Words(c);
                var union = words.Union(cw).Count();
                var overlap = union == 0 ? 0 : (double)words.Intersect(cw).Count() / union;
                var a = Squash(name);
                var b = Squash(c);
                var distance = Levenshtein(a, b) / (double)Math.Max(1, Math.Max(a.Length, b.Length));
                var score = overlap - distance;
                if (score > bestScore)
                {
                    bestScore = score;
                    best = c;
                }
            }

            return bestScore > -0.5 ? best : null;
        }

        private static HashSet<string> Words(string s)
        {
            var spaced = Regex.Replace(s, "([a-z])([A-Z])", "$1 $2");
            return new HashSet<string>(Regex.Split(spaced.ToLowerInvariant(), "[^a-z0-9]+").Where(w => w.Length > 0));
        }

        private static string Squash(string s) => new string(s.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

        private static int Levenshtein(string a, string b)
        {
            var d = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                d[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                var previous = d[0];
                d[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var current = d[j];
                    d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                    previous = current;
                }
            }

            return d[b.Length];
        }
    }

    /// <summary>vCPU counts of common VM sizes, so a CPU threshold can be checked against a described load without Azure.</summary>
    public static class VmSizes
    {
        private static readonly Dictionary<string, int> Cores = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["Standard_A0"] = 1, ["Standard_A1"] = 1, ["Standard_A2"] = 2, ["Standard_A3"] = 4, ["Standard_A4"] = 8,
            ["Standard_A1_v2"] = 1, ["Standard_A2_v2"] = 2, ["Standard_A4_v2"] = 4, ["Standard_A8_v2"] = 8,
            ["Standard_D1"] = 1, ["Standard_D2"] = 2, ["Standard_D3"] = 4, ["Standard_D4"] = 8,
            ["Standard_D1_v2"] = 1, ["Standard_D2_v2"] = 2, ["Standard_D3_v2"] = 4, ["Standard_D4_v2"] = 8, ["Standard_D5_v2"] = 16,
            ["Standard_DS1_v2"] = 1, ["Standard_DS2_v2"] = 2, ["Standard_DS3_v2"] = 4, ["Standard_DS4_v2"] = 8,
            ["Standard_D2s_v3"] = 2, ["Standard_D4s_v3"] = 4, ["Standard_D8s_v3"] = 8, ["Standard_D2_v3"] = 2, ["Standard_D4_v3"] = 4,
            ["Standard_D2s_v5"] = 2, ["Standard_D4s_v5"] = 4, ["Standard_D2as_v5"] = 2, ["Standard_D4as_v5"] = 4,
            ["Standard_B1s"] = 1, ["Standard_B1ms"] = 1, ["Standard_B2s"] = 2, ["Standard_B2ms"] = 2, ["Standard_B4ms"] = 4,
            ["Standard_F1"] = 1, ["Standard_F2"] = 2, ["Standard_F4"] = 4, ["Standard_F2s_v2"] = 2, ["Standard_F4s_v2"] = 4,
        };

        public static int? VCpus(string? size) => size != null && Cores.TryGetValue(size, out var n) ? n : (int?)null;
    }
}
