using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using Sampling = VmssAutoscale.Sources.Sampling;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>The performance data read for one scale set, and where it came from.</summary>
    public sealed class SampleReadResult
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

    /// <summary>Every source a diagnosis reads, behind the same seams for live Azure and for a snapshot.</summary>
    public sealed class DiagnosisSources
    {
        public DiagnosisSources(IScaleSetSource scaleSets, ISettingSource settings, IScaleEventSource events, IMetricSampleSource samples, SourceLog log)
        {
            ScaleSets = scaleSets;
            Settings = settings;
            Events = events;
            Samples = samples;
            Log = log;
        }

        public IScaleSetSource ScaleSets { get; }

        public ISettingSource Settings { get; }

        public IScaleEventSource Events { get; }

        public IMetricSampleSource Samples { get; }

        public SourceLog Log { get; }

        /// <summary>Each VM's instance view; null when the source cannot list VMs (the diagnosis then says so).</summary>
        public IVmInstanceSource? Instances { get; init; }

        /// <summary>Resource Health and Service Health; null when the source cannot read them.</summary>
        public IAzureStatusSource? AzureStatus { get; init; }

        /// <summary>The settings' run history (the service's own view); null where the source has none.</summary>
        public Sampling.IAutoscaleSettingMetricSource? RunHistory { get; init; }

        /// <summary>Data collection rules and associations (the Azure Monitor Agent path); null where the source has none.</summary>
        public Sampling.IDataCollectionSource? DataCollection { get; init; }

        /// <summary>Azure Resource Graph, to find a scale set's settings in one request (SettingLookup); null where the source has none.</summary>
        public IResourceGraphSource? ResourceGraph { get; init; }
    }
}
