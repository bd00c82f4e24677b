using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Sampling
{
    /// <summary>
    /// One Azure Monitor metrics read: one resource, one namespace, any number of metrics, one
    /// request. Host metrics, AMA guest metrics and other resources' metrics are all this query
    /// with a different resource, namespace and split.
    /// </summary>
    public sealed class MetricQuery
    {
        public string ResourceId { get; init; } = string.Empty;

        /// <summary>The metric namespace, e.g. Microsoft.Compute/virtualMachineScaleSets or azure.vm.linux.guestmetrics.</summary>
        public string Namespace { get; init; } = string.Empty;

        public IReadOnlyList<string> MetricNames { get; init; } = Array.Empty<string>();

        public DateTime StartUtc { get; init; }

        public DateTime EndUtc { get; init; }

        /// <summary>One series per VM (the VMName dimension): what autoscale averages for a scale set's own metrics.</summary>
        public bool SplitByVmName { get; init; }

        /// <summary>The number of series to ask for (top) is at least this, so a large scale set is not cut at the default 10.</summary>
        public int InstanceCountHint { get; init; }

        /// <summary>The namespace samples carry: empty for the scale set's own host metrics, so they mean "the setting's target" as every older sample does.</summary>
        public string SampleNamespace { get; init; } = string.Empty;
    }

    /// <summary>Azure Monitor metrics over the session's pipeline (its retry policy and request count). Live sessions implement it.</summary>
    public interface IAzureMonitorMetricSource
    {
        Task<IReadOnlyList<MetricSample>> GetMetricsAsync(MetricQuery query, CancellationToken cancellationToken);
    }
}
