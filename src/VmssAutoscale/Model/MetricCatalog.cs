using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace VmssAutoscale.Model
{
    public enum GuestOs
    {
        Unknown,
        Windows,
        Linux,
    }

    /// <summary>What kind of metric a rule reads, which decides who writes it and where it is read.</summary>
    public enum MetricKind
    {
        /// <summary>A platform (host) metric of Microsoft.Compute/virtualMachineScaleSets: no agent needed.</summary>
        HostMetric,

        /// <summary>A Windows diagnostics extension (WAD) counter path, read from the storage tables.</summary>
        WindowsCounter,

        /// <summary>A Linux diagnostics extension (LAD 2.3 or 3.0) counter name, read from the storage tables.</summary>
        LinuxCounter,

        /// <summary>An Azure Monitor Agent guest metric (azure.vm.windows/linux.guestmetrics), read from Azure Monitor Metrics.</summary>
        AgentGuestMetric,

        /// <summary>A metric of another resource (a storage queue, a Service Bus queue, another scale set).</summary>
        OtherResource,

        /// <summary>A name on the scale set that is none of the above: a custom metric, or a misspelt one.</summary>
        Custom,
    }

    /// <summary>One metric classified: its kind and the OS whose agent writes it (Unknown for host, custom and other-resource metrics).</summary>
    public sealed class MetricClass
    {
        public MetricClass(MetricKind kind, GuestOs os)
        {
            Kind = kind;
            Os = os;
        }

        public MetricKind Kind { get; }

        public GuestOs Os { get; }

        /// <summary>A WAD or LAD counter, written to the diagnostics extension's storage tables.</summary>
        public bool IsTableCounter => Kind == MetricKind.WindowsCounter || Kind == MetricKind.LinuxCounter;

        /// <summary>How the module names the kind in findings.</summary>
        public string Describe() => Kind switch
        {
            MetricKind.HostMetric => "host metric (no agent needed)",
            MetricKind.WindowsCounter => "Windows diagnostics (WAD) counter",
            MetricKind.LinuxCounter => "Linux diagnostics (LAD) counter",
            MetricKind.AgentGuestMetric => "Azure Monitor Agent guest metric",
            MetricKind.OtherResource => "another resource's metric",
            _ => "custom metric (neither a host metric nor a known counter)",
        };

        public override string ToString() => Kind + (Os == GuestOs.Unknown ? string.Empty : "/" + Os);
    }

    /// <summary>
    /// The one classifier of metric names, used by the template checks (Test-VmssAutoscaleTemplate),
    /// Debug-VmssAutoscale's checks and the sampling planner, so the three agree on what a rule reads:
    /// by name, metricNamespace and resource, a host metric, a WAD or LAD counter, an Azure Monitor
    /// Agent guest metric or another resource's metric. Host names are the Microsoft.Compute/
    /// virtualMachineScaleSets supported-metrics list (microsoft-compute-virtualmachinescalesets-
    /// metrics-include.md, 2024-02); guest counter forms are WAD's and LAD 2.x/3.0's
    /// (learn.microsoft.com "Autoscale common metrics", and Azure/azure-linux-extensions Diagnostic/).
    /// The Azure Monitor Agent's Linux names are in <see cref="LinuxGuestMetrics"/>.
    /// </summary>
    public static class MetricCatalog
    {
        public const string HostNamespace = "Microsoft.Compute/virtualMachineScaleSets";

        public const string WindowsGuestNamespace = "azure.vm.windows.guestmetrics";

        public const string LinuxGuestNamespace = "azure.vm.linux.guestmetrics";

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

        /// <summary>
        /// The Azure Monitor Agent's Linux counters: each data collection rule counter (named the Windows way, as the
        /// AMA page "Collect performance counters with Azure Monitor Agent" lists the Linux counters) beside the metric it
        /// becomes in azure.vm.linux.guestmetrics, which an autoscale rule's metricName must use. The metric names are
        /// the LAD 4.0 page's, class by class (learn.microsoft.com/azure/virtual-machines/extensions/diagnostics-linux,
        /// "Use the Linux diagnostic extension 4.0", ms.date 02/05/2021, read 2026-12-07: each LAD counter beside its
        /// azure.vm.linux.guestmetrics name, e.g. PercentUsedMemory and mem/used_percent). The tie between the two
        /// tables (AMA's "Memory(*)\% Used Memory" is LAD's PercentUsedMemory) is this module's reading of the two
        /// pages; no page states it. about_VmssAutoscale_Engine ("Azure Monitor Agent guest metric names") says where
        /// the module relies on it.
        /// </summary>
        public static readonly IReadOnlyList<(string DcrCounter, string GuestMetric)> LinuxGuestMetrics = new[]
        {
            (@"Processor(*)\% Processor Time", "cpu/usage_active"),
            (@"Processor(*)\% Idle Time", "cpu/usage_idle"),
            (@"Processor(*)\% IO Wait Time", "cpu/usage_iowait"),
            (@"Processor(*)\% Interrupt Time", "cpu/usage_irq"),
            (@"Processor(*)\% User Time", "cpu/usage_user"),
            (@"Processor(*)\% Nice Time", "cpu/usage_nice"),
            (@"Processor(*)\% Privileged Time", "cpu/usage_system"),
            (@"Memory(*)\Available MBytes Memory", "mem/available"),
            (@"Memory(*)\% Available Memory", "mem/available_percent"),
            (@"Memory(*)\Used Memory MBytes", "mem/used"),
            (@"Memory(*)\% Used Memory", "mem/used_percent"),
            (@"Memory(*)\Pages/sec", "kernel_vmstat/total_pages"),
            (@"Memory(*)\Page Reads/sec", "kernel_vmstat/pgpgin"),
            (@"Memory(*)\Page Writes/sec", "kernel_vmstat/pgpgout"),
            (@"Memory(*)\Available MBytes Swap", "swap/free"),
            (@"Memory(*)\% Available Swap Space", "swap/free_percent"),
            (@"Memory(*)\Used MBytes Swap Space", "swap/used"),
            (@"Memory(*)\% Used Swap Space", "swap/used_percent"),
            (@"Network(*)\Total Bytes Transmitted", "net/bytes_sent"),
            (@"Network(*)\Total Bytes Received", "net/bytes_recv"),
            (@"Network(*)\Total Bytes", "net/bytes_total"),
            (@"Network(*)\Total Packets Transmitted", "net/packets_sent"),
            (@"Network(*)\Total Packets Received", "net/packets_recv"),
            (@"Network(*)\Total Rx Errors", "net/err_in"),
            (@"Network(*)\Total Tx Errors", "net/err_out"),
            (@"Network(*)\Total Collisions", "net/drop_total"),
            (@"Logical Disk(*)\Free Megabytes", "disk/free"),
            (@"Logical Disk(*)\% Free Space", "disk/free_percent"),
            (@"Logical Disk(*)\% Used Space", "disk/used_percent"),
            (@"Logical Disk(*)\% Free Inodes", "disk/inodes_free_percent"),
            (@"Logical Disk(*)\% Used Inodes", "disk/inodes_used_percent"),
            (@"Logical Disk(*)\Disk Read Bytes/sec", "diskio/read_bytes_filesystem"),
            (@"Logical Disk(*)\Disk Write Bytes/sec", "diskio/write_bytes_filesystem"),
            (@"Logical Disk(*)\Logical Disk Bytes/sec", "diskio/total_bytes_filesystem"),
            (@"Logical Disk(*)\Disk Reads/sec", "diskio/reads_filesystem"),
            (@"Logical Disk(*)\Disk Writes/sec", "diskio/writes_filesystem"),
            (@"Logical Disk(*)\Disk Transfers/sec", "diskio/total_transfers_filesystem"),
        };

        // LAD 2.x names counters \Class\CamelCaseName with no instance and no spaces; WAD counters have an instance or spaces.
        private static readonly Regex LinuxLad2 = new Regex(@"^\\(Processor|Memory|PhysicalDisk|NetworkInterface|FileSystem)\\[A-Za-z]+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        // The Telegraf-style names of azure.vm.linux.guestmetrics: one of its plugins, a slash, a field (cpu/usage_steal, too, is not in the table).
        private static readonly Regex TelegrafName = new Regex(@"^(cpu|mem|swap|disk|diskio|net|kernel_vmstat|kernel|processes|system)/[a-z_]+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly Dictionary<string, string> GuestMetricByCounter = LinuxGuestMetrics.ToDictionary(m => CounterKey(m.DcrCounter), m => m.GuestMetric, StringComparer.OrdinalIgnoreCase);

        private static readonly Dictionary<string, string> CounterByGuestMetric = LinuxGuestMetrics.ToDictionary(m => m.GuestMetric, m => m.DcrCounter, StringComparer.OrdinalIgnoreCase);

        public static bool IsGuestNamespace(string? metricNamespace) =>
            string.Equals(metricNamespace, WindowsGuestNamespace, StringComparison.OrdinalIgnoreCase)
            || string.Equals(metricNamespace, LinuxGuestNamespace, StringComparison.OrdinalIgnoreCase);

        /// <summary>The guest namespace the Azure Monitor Agent of this OS sends counters to (Windows when the OS is unknown).</summary>
        public static string GuestNamespaceFor(GuestOs os) => os == GuestOs.Linux ? LinuxGuestNamespace : WindowsGuestNamespace;

        /// <summary>The OS from a scale set's osType text ("Windows", "Linux"); Unknown otherwise.</summary>
        public static GuestOs OsOf(string? osType) =>
            string.Equals(osType, "Linux", StringComparison.OrdinalIgnoreCase) ? GuestOs.Linux
            : string.Equals(osType, "Windows", StringComparison.OrdinalIgnoreCase) ? GuestOs.Windows
            : GuestOs.Unknown;

        /// <summary>
        /// Classifies a rule's metric: another resource's metric when <paramref name="onOtherResource"/>; an Azure
        /// Monitor Agent guest metric by its namespace, or by a Linux guest metric name written without one (the service
        /// rejects that rule, and the checks say so); otherwise a host metric, a WAD or LAD counter by the form of the
        /// name, or a custom name.
        /// </summary>
        public static MetricClass Classify(string name, string? metricNamespace = null, bool onOtherResource = false)
        {
            var n = (name ?? string.Empty).Trim();
            if (onOtherResource)
            {
                return new MetricClass(MetricKind.OtherResource, GuestOs.Unknown);
            }

            if (string.Equals(metricNamespace, LinuxGuestNamespace, StringComparison.OrdinalIgnoreCase))
            {
                return new MetricClass(MetricKind.AgentGuestMetric, GuestOs.Linux);
            }

            if (string.Equals(metricNamespace, WindowsGuestNamespace, StringComparison.OrdinalIgnoreCase))
            {
                return new MetricClass(MetricKind.AgentGuestMetric, GuestOs.Windows);
            }

            if (IsHostMetric(n))
            {
                return new MetricClass(MetricKind.HostMetric, GuestOs.Unknown);
            }

            if (n.StartsWith("/builtin/", StringComparison.OrdinalIgnoreCase) || LinuxLad2.IsMatch(n))
            {
                return new MetricClass(MetricKind.LinuxCounter, GuestOs.Linux);
            }

            if (n.StartsWith(@"\", StringComparison.Ordinal))
            {
                return new MetricClass(MetricKind.WindowsCounter, GuestOs.Windows);
            }

            if (CounterByGuestMetric.ContainsKey(n) || TelegrafName.IsMatch(n))
            {
                return new MetricClass(MetricKind.AgentGuestMetric, GuestOs.Linux);
            }

            return new MetricClass(MetricKind.Custom, GuestOs.Unknown);
        }

        public static bool IsHostMetric(string name) => HostMetrics.Any(h => h.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

        /// <summary>A WAD or LAD counter name (a path the diagnostics extension writes), rather than a host metric.</summary>
        public static bool IsGuestMetric(string name) => Classify(name).IsTableCounter;

        /// <summary>The OS whose diagnostics agent uses this counter form; Unknown for host metrics.</summary>
        public static GuestOs CounterOs(string name) => Classify(name).Os;

        /// <summary>
        /// A rule's metric name and a data collection rule's counter specifier name the same counter: equal ignoring
        /// case and a leading backslash, a DCR wildcard instance ("Processor(*)") covering the rule's instance
        /// ("Processor(_Total)"), or the Linux guest metric the counter becomes ("mem/used_percent" for
        /// "Memory(*)\% Used Memory").
        /// </summary>
        public static bool SameAgentCounter(string counterSpecifier, string metricName)
        {
            var counter = counterSpecifier.Trim().TrimStart('\\');
            var metric = metricName.Trim().TrimStart('\\');
            if (string.Equals(counter, metric, StringComparison.OrdinalIgnoreCase)
                || (counter.IndexOf("(*)", StringComparison.Ordinal) >= 0 && string.Equals(counter, CounterKey(metric), StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            return GuestMetricByCounter.TryGetValue(CounterKey(counter), out var guest) && string.Equals(guest, metricName.Trim(), StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The data collection rule counter to add for a rule's metric: the DCR name of a Linux guest metric, the counter path itself otherwise.</summary>
        public static string DcrCounterFor(string metricName) =>
            CounterByGuestMetric.TryGetValue(metricName.Trim(), out var counter) ? counter : metricName.Trim();

        /// <summary>The CPU counter the other OS's agent uses, for a helpful remediation.</summary>
        public static string CpuCounterFor(GuestOs os) => os == GuestOs.Linux ? @"\Processor\PercentProcessorTime" : @"\Processor(_Total)\% Processor Time";

        /// <summary>Percent-valued metrics, whose thresholds must lie within 0 to 100.</summary>
        public static bool IsPercentage(string name) =>
            name.IndexOf("Percent", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf('%') >= 0;

        /// <summary>The CPU percentage of the host or of any agent: Percentage CPU, % Processor Time (WAD, AMA), PercentProcessorTime (LAD), cpu/usage_active (AMA on Linux).</summary>
        public static bool IsCpu(string name)
        {
            var n = name.Trim();
            return n.Equals("Percentage CPU", StringComparison.OrdinalIgnoreCase)
                || n.IndexOf("% Processor Time", StringComparison.OrdinalIgnoreCase) >= 0
                || n.IndexOf("PercentProcessorTime", StringComparison.OrdinalIgnoreCase) >= 0
                || n.Equals("cpu/usage_active", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Metrics where a low value means high load (free memory, idle CPU, remaining credits).</summary>
        public static bool LowMeansBusy(string name) =>
            new[] { "Available", "Idle", "Free", "Remaining" }.Any(w => name.IndexOf(w, StringComparison.OrdinalIgnoreCase) >= 0);

        // Counter specifiers compare without a leading backslash and with any instance written as (*).
        private static string CounterKey(string counter) =>
            Regex.Replace(counter.Trim().TrimStart('\\'), @"\([^)]*\)", "(*)");

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
}
