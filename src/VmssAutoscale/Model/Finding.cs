using System;
using System.Collections.Generic;

namespace VmssAutoscale.Model
{
    /// <summary>The outcome of one troubleshooting check.</summary>
    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class FindingStatus
    {
        public const string Pass = nameof(Pass);
        public const string Warn = nameof(Warn);
        public const string Fail = nameof(Fail);

        /// <summary>The check could not run (its input was missing); Summary says which input.</summary>
        public const string Skipped = nameof(Skipped);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { Pass, Warn, Fail, Skipped };
    }

    /// <summary>
    /// How much a finding matters for "why does it not scale". Debug-VmssAutoscale orders Fail and
    /// Warn findings by it, so the most likely cause comes first.
    /// </summary>
    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class DiagnosisSeverity
    {
        public const string Info = nameof(Info);
        public const string Low = nameof(Low);
        public const string Medium = nameof(Medium);
        public const string High = nameof(High);
        public const string Critical = nameof(Critical);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { Info, Low, Medium, High, Critical };

        /// <summary>Larger is worse: Info 0 to Critical 4 (-1 for a name not in the list).</summary>
        public static int Rank(string? severity) => NamedValues.Rank(All, severity);
    }

    /// <summary>
    /// One step of the troubleshooting guide applied to one scale set: what was checked, what it
    /// found, the numbers behind it, and what to do.
    /// </summary>
    public sealed class Finding
    {
        /// <summary>A stable check name (e.g. AverageAcrossInstances), for filtering in scripts.</summary>
        public string Check { get; init; } = string.Empty;

        public string Status { get; init; } = FindingStatus.Pass;

        public string Severity { get; init; } = DiagnosisSeverity.Info;

        /// <summary>One sentence a person can act on, naming the numbers.</summary>
        public string Summary { get; init; } = string.Empty;

        /// <summary>
        /// The summary shortened to one line next to the status, severity and check (the default
        /// view's first line). Derived from <see cref="Summary"/> by <see cref="FindingHeadline"/>
        /// unless the check writes its own.
        /// </summary>
        public string Headline { get => headline ?? FindingHeadline.Of(Summary); init => headline = string.IsNullOrWhiteSpace(value) ? null : value; }

        private readonly string? headline;

        /// <summary>The observations the summary rests on, one per line.</summary>
        public IReadOnlyList<string> Evidence { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

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
