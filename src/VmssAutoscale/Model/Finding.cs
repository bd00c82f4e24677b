using System;
using System.Collections.Generic;

namespace VmssAutoscale.Model
{
    /// <summary>The outcome of one troubleshooting check.</summary>
    public enum FindingStatus
    {
        Pass,
        Warn,
        Fail,

        /// <summary>The check could not run (its input was missing); Summary says which input.</summary>
        Skipped,
    }

    /// <summary>
    /// How much a finding matters for "why does it not scale". Debug-VmssAutoscale orders Fail and
    /// Warn findings by it, so the most likely cause comes first.
    /// </summary>
    public enum DiagnosisSeverity
    {
        Info = 0,
        Low = 1,
        Medium = 2,
        High = 3,
        Critical = 4,
    }

    /// <summary>
    /// One step of the troubleshooting guide applied to one scale set: what was checked, what it
    /// found, the numbers behind it, and what to do.
    /// </summary>
    public sealed class Finding
    {
        /// <summary>A stable check name (e.g. AverageAcrossInstances), for filtering in scripts.</summary>
        public string Check { get; init; } = string.Empty;

        public FindingStatus Status { get; init; }

        public DiagnosisSeverity Severity { get; init; }

        /// <summary>One sentence a person can act on, naming the numbers.</summary>
        public string Summary { get; init; } = string.Empty;

        /// <summary>The observations the summary rests on, one per line.</summary>
        public IReadOnlyList<string> Evidence { get; init; } = Array.Empty<string>();

        /// <summary>What to do about it; empty for a Pass.</summary>
        public string Remediation { get; init; } = string.Empty;

        /// <summary>The troubleshooting guide's question this check answers.</summary>
        public string Step { get; init; } = string.Empty;

        /// <summary>The condition reason code this finding supports (e.g. OnlySomeInstancesHot), when it explains a condition.</summary>
        public string? Reason { get; init; }

        public string? VMScaleSetName { get; init; }

        public string? ResourceGroupName { get; init; }

        public string? ResourceId { get; init; }

        public override string ToString() => $"[{Status}] {Check}: {Summary}";
    }
}
