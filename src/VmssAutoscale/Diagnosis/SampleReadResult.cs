using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Model;
using Sampling = VmssAutoscale.Sources.Sampling;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>The performance data read for one scale set, and where it came from.</summary>
    public sealed record SampleReadResult
    {
        public IReadOnlyList<MetricSample> Samples { get; init; } = Array.Empty<MetricSample>();

        /// <summary>Where the scale set's own samples came from: HostMetrics (Azure Monitor per VM), Tables (WAD/LAD storage tables), GuestMetrics (AMA); ResourceMetrics when the rules read only other resources.</summary>
        public string SampleSource { get; init; } = "HostMetrics";

        public IReadOnlyList<string> TablesRead { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> TablesMissing { get; init; } = Array.Empty<string>();

        /// <summary>Why no samples could be read at all (no permission, no source for this metric); null when the read ran.</summary>
        public string? Unavailable { get; init; }
    }

    /// <summary>Samples of the metrics the rules use (each with its resource and namespace), over a period. Live Azure and snapshots implement it.</summary>
    public interface IMetricSampleSource
    {
        Task<SampleReadResult> ReadSamplesAsync(ScaleSetInfo scaleSet, string scaleSetJson, IReadOnlyList<Sampling.MetricRequest> requests, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken);
    }
}
