using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace VmssAutoscale.Model
{
    /// <summary>How one instance's data looks at the reference time.</summary>
    public enum DiagnosticsInstanceStatus
    {
        /// <summary>The newest sample is within the lag tolerance.</summary>
        Healthy,

        /// <summary>Samples arrive, but the newest is older than the lag tolerance.</summary>
        Lagging,

        /// <summary>The instance wrote in the window but nothing for longer than the silence threshold.</summary>
        Silent,

        /// <summary>The instance exists in the scale set but wrote nothing in the window.</summary>
        Missing,
    }

    /// <summary>The scale-set-level answer to "is the performance data that autoscale needs there?".</summary>
    public enum DiagnosticsVerdictKind
    {
        Healthy,
        NoDiagnosticsExtension,
        CounterNotConfigured,
        MetricsResourceIdMismatch,
        TableMissing,
        AllInstancesSilent,
        SomeInstancesSilent,
        DataLagging,
    }

    /// <summary>One instance's data health (Get-VmssDiagnosticsSample -Summary).</summary>
    public sealed class DiagnosticsHealth
    {
        public string Instance { get; init; } = string.Empty;

        public string? MetricName { get; init; }

        public DateTime? LastSampleTime { get; init; }

        /// <summary>Reference time minus the newest sample's time; null when there is no sample.</summary>
        public TimeSpan? Lag { get; init; }

        public int SampleCount { get; init; }

        public DiagnosticsInstanceStatus Status { get; init; }

        public string? VMScaleSetName { get; init; }

        public string? ResourceGroupName { get; init; }

        public override string ToString() => $"{Instance}: {Status}";
    }

    /// <summary>
    /// The scale-set verdict: the most fundamental problem first (Verdict), every problem found
    /// (Problems), and the per-instance health it was built from.
    /// </summary>
    public sealed class DiagnosticsVerdict
    {
        public string? VMScaleSetName { get; init; }

        public string? ResourceGroupName { get; init; }

        public string? ResourceId { get; init; }

        public DiagnosticsVerdictKind Verdict { get; init; }

        /// <summary>Every verdict kind that applies, most fundamental first.</summary>
        public IReadOnlyList<DiagnosticsVerdictKind> Problems { get; init; } = Array.Empty<DiagnosticsVerdictKind>();

        /// <summary>Plain-language explanation with what to do.</summary>
        public string Message { get; init; } = string.Empty;

        /// <summary>For AllInstancesSilent: the newest sample of any instance (null when nothing was written in the window).</summary>
        public DateTime? SilentSince { get; init; }

        /// <summary>The instances concerned by the verdict (silent, missing or lagging ones).</summary>
        public IReadOnlyList<string> AffectedInstances { get; init; } = Array.Empty<string>();

        /// <summary>HostMetrics or Tables.</summary>
        public string Source { get; init; } = string.Empty;

        public IReadOnlyList<string> Tables { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> MetricNames { get; init; } = Array.Empty<string>();

        public DateTime ReferenceTime { get; init; }

        public IReadOnlyList<DiagnosticsHealth> Instances { get; init; } = Array.Empty<DiagnosticsHealth>();

        /// <summary>
        /// For rules on Azure Monitor Agent guest metrics: the AzureMonitorAgent reason code
        /// (NoAgent, AgentWithoutIdentity, NoDataCollectionRule, CounterNotInDataCollectionRule,
        /// NoMetricsDestination, MetricNamespaceMissing, SilentInstances, LaggingInstances, Healthy),
        /// the same Debug-VmssAutoscale gives; null when no rule reads a guest metric of the agent.
        /// </summary>
        public string? AgentReason { get; internal set; }

        /// <summary>What the AgentReason means here and what to do.</summary>
        public string? AgentMessage { get; internal set; }

        public string InstanceSummary =>
            string.Join(", ", Instances.GroupBy(i => i.Status).OrderBy(g => g.Key).Select(g => string.Format(CultureInfo.InvariantCulture, "{0} {1}", g.Count(), g.Key)));

        public override string ToString() => $"{Verdict}: {Message}";
    }
}
