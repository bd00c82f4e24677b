using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Sampling
{
    /// <summary>Where a metric's samples come from.</summary>
    public enum SampleKind
    {
        /// <summary>Azure Monitor platform metrics of the scale set, one series per VM.</summary>
        HostMetrics,

        /// <summary>The WAD/LAD diagnostics tables in the extension's storage account.</summary>
        DiagnosticsTables,

        /// <summary>Azure Monitor Agent guest counters in Azure Monitor Metrics (azure.vm.windows/linux.guestmetrics), one series per VM.</summary>
        GuestMetrics,

        /// <summary>Azure Monitor metrics of another resource (a storage queue, a Service Bus queue, an application gateway, another scale set).</summary>
        ResourceMetrics,
    }

    /// <summary>One metric a rule reads: its resource (the scale set when the rule leaves it out), namespace and name.</summary>
    public sealed class MetricRequest
    {
        public string ResourceId { get; init; } = string.Empty;

        /// <summary>The rule's metricNamespace; empty for the resource's default namespace.</summary>
        public string Namespace { get; init; } = string.Empty;

        public string MetricName { get; init; } = string.Empty;
    }

    /// <summary>One read the planner decided on: a kind of source, a resource and namespace, the metrics to read there.</summary>
    public sealed class PlannedRead
    {
        public SampleKind Kind { get; init; }

        public string ResourceId { get; init; } = string.Empty;

        public string Namespace { get; init; } = string.Empty;

        public IReadOnlyList<string> MetricNames { get; init; } = Array.Empty<string>();

        /// <summary>The Azure Monitor query for the metrics kinds; null for the tables.</summary>
        public MetricQuery ToQuery(DateTime startUtc, DateTime endUtc, int instanceCountHint) => new MetricQuery
        {
            ResourceId = ResourceId,
            Namespace = Namespace,
            MetricNames = MetricNames,
            StartUtc = startUtc,
            EndUtc = endUtc,
            SplitByVmName = Kind != SampleKind.ResourceMetrics,
            InstanceCountHint = instanceCountHint,
            SampleNamespace = Kind == SampleKind.HostMetrics ? string.Empty : Namespace,
        };
    }

    /// <summary>
    /// The one place that decides where each rule's metric is read, for every cmdlet that reads
    /// samples (Get-VmssDiagnosticsSample, Debug-VmssAutoscale, Export-VmssAutoscaleReport): by the
    /// rule's metricResourceUri and metricNamespace, and by the agents the scale set runs. Pure:
    /// the same rules and agents give the same plan. Adding a source is one SampleKind, one
    /// routing line here and one reader.
    /// </summary>
    public static class SamplePlanner
    {
        public const string HostNamespace = MetricCatalog.HostNamespace;

        public const string WindowsGuestNamespace = MetricCatalog.WindowsGuestNamespace;

        public const string LinuxGuestNamespace = MetricCatalog.LinuxGuestNamespace;

        public static bool IsGuestNamespace(string? metricNamespace) => MetricCatalog.IsGuestNamespace(metricNamespace);

        /// <summary>Every metric the settings' rules read, with the scale set filled in where a rule names no resource; duplicates removed.</summary>
        public static IReadOnlyList<MetricRequest> RequestsFromSettings(IEnumerable<AutoscaleSetting> settings, string scaleSetId) =>
            settings
                .SelectMany(s => s.Profiles.SelectMany(p => p.Rules).Select(r => (Setting: s, Trigger: r.MetricTrigger)))
                .Where(x => !string.IsNullOrWhiteSpace(x.Trigger.MetricName))
                .Select(x => new MetricRequest
                {
                    ResourceId = OwnResource(x.Trigger.MetricResourceUri, x.Setting.TargetResourceUri, scaleSetId),
                    Namespace = x.Trigger.MetricNamespace ?? string.Empty,
                    MetricName = x.Trigger.MetricName,
                })
                .GroupBy(r => (Resource: r.ResourceId.ToLowerInvariant(), Namespace: r.Namespace.ToLowerInvariant(), r.MetricName))
                .Select(g => g.First())
                .ToList();

        /// <summary>The metrics requested by name (Get-VmssDiagnosticsSample -MetricName): all on the scale set, default namespace.</summary>
        public static IReadOnlyList<MetricRequest> RequestsFromNames(IEnumerable<string> metricNames, string scaleSetId) =>
            metricNames.Distinct(StringComparer.Ordinal).Select(n => new MetricRequest { ResourceId = scaleSetId, MetricName = n }).ToList();

        /// <summary>
        /// Routes each metric: another resource's metric to ResourceMetrics; a guest namespace to
        /// GuestMetrics; a counter path to the tables when a WAD/LAD extension writes them, else to
        /// AMA's guest metrics when that agent runs (the namespace follows the OS); anything else to
        /// the scale set's host metrics. Reads of one kind, resource and namespace are merged, so
        /// each is one request whatever the number of metrics or instances.
        /// </summary>
        public static IReadOnlyList<PlannedRead> Plan(string scaleSetId, IEnumerable<MetricRequest> requests, ScaleSetAgents agents)
        {
            var routed = requests.Select(r => Route(scaleSetId, r, agents)).ToList();
            return routed
                .GroupBy(r => (r.Kind, Resource: r.ResourceId.ToLowerInvariant(), Namespace: r.Namespace.ToLowerInvariant()))
                .Select(g => new PlannedRead
                {
                    Kind = g.Key.Kind,
                    ResourceId = g.First().ResourceId,
                    Namespace = g.First().Namespace,
                    MetricNames = g.SelectMany(r => r.MetricNames).Distinct(StringComparer.Ordinal).ToList(),
                })
                .OrderBy(r => r.Kind)
                .ThenBy(r => r.ResourceId, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        private static PlannedRead Route(string scaleSetId, MetricRequest r, ScaleSetAgents agents)
        {
            PlannedRead Read(SampleKind kind, string resource, string ns) => new PlannedRead { Kind = kind, ResourceId = resource, Namespace = ns, MetricNames = new[] { r.MetricName } };

            if (!ResourceIds.AreEqual(r.ResourceId, scaleSetId))
            {
                return Read(SampleKind.ResourceMetrics, r.ResourceId, r.Namespace);
            }

            var metric = MetricCatalog.Classify(r.MetricName, r.Namespace);
            if (metric.Kind == MetricKind.AgentGuestMetric && IsGuestNamespace(r.Namespace))
            {
                return Read(SampleKind.GuestMetrics, scaleSetId, r.Namespace);
            }

            if (metric.Kind == MetricKind.AgentGuestMetric || (metric.IsTableCounter && !agents.DiagnosticsExtension && agents.AzureMonitorAgent))
            {
                // The rule lacks metricNamespace (the service rejects it: UnsupportedMetric); read where
                // AMA writes, so the data is shown while the health check names the missing namespace.
                // A Linux guest metric name (cpu/usage_active) only ever lives in the Linux namespace.
                return Read(SampleKind.GuestMetrics, scaleSetId, metric.Kind == MetricKind.AgentGuestMetric ? MetricCatalog.GuestNamespaceFor(metric.Os) : agents.Windows ? WindowsGuestNamespace : LinuxGuestNamespace);
            }

            return metric.IsTableCounter
                ? Read(SampleKind.DiagnosticsTables, scaleSetId, string.Empty)
                : Read(SampleKind.HostMetrics, scaleSetId, HostNamespace);
        }

        private static string OwnResource(string? metricResourceUri, string? settingTarget, string scaleSetId) =>
            string.IsNullOrEmpty(metricResourceUri) || ResourceIds.AreEqual(metricResourceUri, settingTarget) ? scaleSetId : metricResourceUri!.TrimEnd('/');
    }

    /// <summary>The agents a scale set runs, as far as sampling cares: they decide where guest counters are.</summary>
    public sealed class ScaleSetAgents
    {
        /// <summary>The WAD or LAD diagnostics extension (writes the storage tables).</summary>
        public bool DiagnosticsExtension { get; init; }

        /// <summary>AzureMonitorWindowsAgent or AzureMonitorLinuxAgent.</summary>
        public bool AzureMonitorAgent { get; init; }

        public bool Windows { get; init; }

        public static ScaleSetAgents Of(ScaleSetInfo scaleSet) => new ScaleSetAgents
        {
            DiagnosticsExtension = scaleSet.Extensions.Any(e => e.DiagnosticsKind != null && e.DiagnosticsKind != "AzureMonitorAgent"),
            AzureMonitorAgent = scaleSet.Extensions.Any(e => e.DiagnosticsKind == "AzureMonitorAgent"),
            Windows = string.Equals(scaleSet.OsType, "Windows", StringComparison.OrdinalIgnoreCase),
        };
    }
}
