using System;
using System.Collections.Generic;

using VmssAutoscale.Model;

namespace VmssAutoscale.Reports
{
    /// <summary>What Export-VmssAutoscaleReport wrote: where, for which scale sets, and how many problems it found.</summary>
    public sealed class ReportBundle
    {
        public string Path { get; init; } = string.Empty;

        public string SnapshotPath { get; init; } = string.Empty;

        public string ReportPath { get; init; } = string.Empty;

        public IReadOnlyList<string> VMScaleSetName { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        public DateTime CollectedAt { get; init; }

        public int FailCount { get; init; }

        public int WarnCount { get; init; }

        public override string ToString() => Path;
    }
}
