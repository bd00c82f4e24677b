using System;
using System.Globalization;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// One metric value of one instance at one time: the record every sample source emits
    /// (diagnostics tables, host metrics, CSV files) and the engine consumes. The property names
    /// are the contract with the pipeline: Test-VmssAutoscaleThreshold and
    /// Invoke-VmssAutoscaleSimulation bind Instance, Timestamp, MetricName and Value by name, so the
    /// same columns in a CSV read by Import-Csv work too.
    /// </summary>
    public sealed class MetricSample
    {
        /// <summary>The instance (VM name, RoleInstance or Host) the value belongs to.</summary>
        public string Instance { get; init; } = string.Empty;

        /// <summary>Start of the sample's period, in UTC.</summary>
        public DateTime Timestamp { get; init; }

        /// <summary>The metric name exactly as an autoscale rule must spell it (e.g. Percentage CPU or \Processor(_Total)\% Processor Time).</summary>
        public string MetricName { get; init; } = string.Empty;

        /// <summary>
        /// The ARM ID of the resource the metric belongs to. Empty means the autoscale setting's target
        /// scale set, which is what every sample exported before samples carried a resource meant.
        /// </summary>
        public string ResourceId { get; init; } = string.Empty;

        /// <summary>The metric namespace (e.g. azure.vm.linux.guestmetrics); empty for the resource's default namespace.</summary>
        public string Namespace { get; init; } = string.Empty;

        /// <summary>The value for the period; for aggregated rows the period's average.</summary>
        public double Value { get; init; }

        public double? Minimum { get; init; }

        public double? Maximum { get; init; }

        /// <summary>Number of raw samples aggregated into this row, when the source knows it.</summary>
        public double? Count { get; init; }

        /// <summary>Where the value came from: a file path, "AzureMonitor", "WADMetrics", "LAD2.3" and so on.</summary>
        public string? Source { get; init; }

        /// <summary>The storage table the row was read from, for table-based sources.</summary>
        public string? Table { get; init; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0:yyyy-MM-ddTHH:mm:ssZ} {1} {2} = {3}", Timestamp, Instance, MetricName, Value);
    }
}
