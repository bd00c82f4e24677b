using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace VmssAutoscale.Model
{
    /// <summary>How one instance's data looks at the reference time.</summary>
    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class DiagnosticsInstanceStatus
    {
        /// <summary>The newest sample is within the lag tolerance.</summary>
        public const string Healthy = nameof(Healthy);

        /// <summary>Samples arrive, but the newest is older than the lag tolerance.</summary>
        public const string Lagging = nameof(Lagging);

        /// <summary>The instance wrote in the window but nothing for longer than the silence threshold.</summary>
        public const string Silent = nameof(Silent);

        /// <summary>The instance exists in the scale set but wrote nothing in the window.</summary>
        public const string Missing = nameof(Missing);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { Healthy, Lagging, Silent, Missing };
    }

    /// <summary>The scale-set-level answer to "is the performance data that autoscale needs there?".</summary>
    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class DiagnosticsVerdictKind
    {
        public const string Healthy = nameof(Healthy);
        public const string NoDiagnosticsExtension = nameof(NoDiagnosticsExtension);
        public const string CounterNotConfigured = nameof(CounterNotConfigured);
        public const string MetricsResourceIdMismatch = nameof(MetricsResourceIdMismatch);
        public const string TableMissing = nameof(TableMissing);
        public const string AllInstancesSilent = nameof(AllInstancesSilent);
        public const string SomeInstancesSilent = nameof(SomeInstancesSilent);
        public const string DataLagging = nameof(DataLagging);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { Healthy, NoDiagnosticsExtension, CounterNotConfigured, MetricsResourceIdMismatch, TableMissing, AllInstancesSilent, SomeInstancesSilent, DataLagging };
    }

    /// <summary>One instance's data health (Get-VmssDiagnosticsSample -Summary).</summary>
    public sealed class DiagnosticsHealth
    {
        public string Instance { get; init; } = string.Empty;

        public string? MetricName { get; init; }

        public DateTime? LastSampleTime { get; init; }

        /// <summary>Reference time minus the newest sample's time; null when there is no sample.</summary>
        internal TimeSpan? LagSpan { get; init; }

        /// <summary>Lag, as ISO 8601 text (PT5M): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string? Lag => LagSpan is TimeSpan span ? IsoDuration.Format(span) : null;

        public int SampleCount { get; init; }

        public string Status { get; init; } = DiagnosticsInstanceStatus.Healthy;

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

        public string Verdict { get; init; } = DiagnosticsVerdictKind.Healthy;

        /// <summary>Every verdict kind that applies, most fundamental first.</summary>
        public IReadOnlyList<string> Problems { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        /// <summary>Plain-language explanation with what to do.</summary>
        public string Message { get; init; } = string.Empty;

        /// <summary>For AllInstancesSilent: the newest sample of any instance (null when nothing was written in the window).</summary>
        public DateTime? SilentSince { get; init; }

        /// <summary>The instances concerned by the verdict (silent, missing or lagging ones).</summary>
        public IReadOnlyList<string> AffectedInstances { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        /// <summary>HostMetrics or Tables.</summary>
        public string Source { get; init; } = string.Empty;

        public IReadOnlyList<string> Tables { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        public IReadOnlyList<string> MetricNames { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        public DateTime ReferenceTime { get; init; }

        public IReadOnlyList<DiagnosticsHealth> Instances { get; init => field = ReadableList<DiagnosticsHealth>.Of(value); } = ReadableList<DiagnosticsHealth>.Empty;

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
            string.Join(", ", Instances.GroupBy(i => i.Status).OrderBy(g => NamedValues.Rank(DiagnosticsInstanceStatus.All, g.Key)).Select(g => string.Format(CultureInfo.InvariantCulture, "{0} {1}", g.Count(), g.Key)));

        public override string ToString() => $"{Verdict}: {Message}";
    }
}
