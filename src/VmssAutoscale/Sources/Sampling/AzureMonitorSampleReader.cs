using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Sampling
{
    /// <summary>
    /// Reads the three Azure Monitor kinds (host metrics, AMA guest metrics, other resources'
    /// metrics): one request per planned read, whatever the number of instances. A read that fails
    /// leaves the others standing and says why its data is missing.
    /// </summary>
    public sealed class AzureMonitorSampleReader
    {
        private readonly IAzureMonitorMetricSource metrics;

        public AzureMonitorSampleReader(IAzureMonitorMetricSource metrics)
        {
            this.metrics = metrics;
        }

        public async Task<SampleReadResult> ReadAsync(PlannedRead read, ScaleSetInfo scaleSet, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            try
            {
                var samples = await metrics.GetMetricsAsync(read.ToQuery(startUtc, endUtc, scaleSet.Capacity), cancellationToken).ConfigureAwait(false);
                return new SampleReadResult { Samples = samples, SampleSource = SourceName(read.Kind) };
            }
            catch (ModuleException e)
            {
                return new SampleReadResult { SampleSource = SourceName(read.Kind), Unavailable = $"{Describe(read, scaleSet)} could not be read ({e.Message})" };
            }
        }

        /// <summary>The SampleReadResult.SampleSource of a kind: HostMetrics, GuestMetrics, ResourceMetrics.</summary>
        public static string SourceName(SampleKind kind) => kind == SampleKind.DiagnosticsTables ? "Tables" : kind.ToString();

        private static string Describe(PlannedRead read, ScaleSetInfo scaleSet) => read.Kind switch
        {
            SampleKind.HostMetrics => $"the host metrics of '{scaleSet.VMScaleSetName}'",
            SampleKind.GuestMetrics => $"the guest metrics ({read.Namespace}) of '{scaleSet.VMScaleSetName}'",
            _ => $"the metrics {string.Join(", ", read.MetricNames)} of '{ResourceIds.LastSegment(read.ResourceId)}'",
        };
    }
}
