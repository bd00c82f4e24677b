using System;
using System.Collections.Generic;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// What the scale set model says about its diagnostics extension: who writes, where, which
    /// counters, and under which resource ID the aggregates go (public settings only).
    /// </summary>
    public sealed class DiagnosticsConfiguration
    {
        public string ExtensionName { get; init; } = string.Empty;

        public string? Publisher { get; init; }

        public string? Type { get; init; }

        public string? TypeHandlerVersion { get; init; }

        /// <summary>WAD, LAD 2.x or LAD 3.x (ScaleSetReader.DiagnosticsKind).</summary>
        public string Kind { get; init; } = string.Empty;

        /// <summary>The storage account from settings (storageAccount / StorageAccount).</summary>
        public string? StorageAccount { get; init; }

        /// <summary>Counter specifiers configured (xmlCfg, WadCfg or ladCfg), exactly as written, except that a LAD 2.3 ladCfg entry is named as its metrics table names it (\Class\Specifier).</summary>
        public IReadOnlyList<string> Counters { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        /// <summary>The &lt;Metrics resourceId&gt; (or ladCfg metrics.resourceId): the WADMetrics PartitionKey. Null when no aggregates are configured.</summary>
        public string? MetricsResourceId { get; init; }

        /// <summary>MetricAggregation transfer periods (PT1M, PT1H): which WADMetrics tables exist.</summary>
        public IReadOnlyList<TimeSpan> MetricAggregations { get; init => field = ReadableList<TimeSpan>.Of(value); } = ReadableList<TimeSpan>.Empty;

        /// <summary>LAD eventVolume (Small, Medium, Large), when set.</summary>
        public string? EventVolume { get; init; }

        /// <summary>Why the configuration could not be read completely (bad base64 or XML), or null.</summary>
        public string? ReadProblem { get; init; }

        public bool IsLinux => Kind.StartsWith("LAD", StringComparison.OrdinalIgnoreCase);

        public override string ToString() => $"{Kind} {ExtensionName} ({Publisher}.{Type} {TypeHandlerVersion})";
    }
}
