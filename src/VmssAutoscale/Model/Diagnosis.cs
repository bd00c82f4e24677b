using System;
using System.Collections.Generic;
using System.Linq;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// True, False or Unknown, as in a Kubernetes condition, carried as a <c>bool?</c> (null is
    /// Unknown) so that JSON holds true/false/null and <c>if ($c.Status)</c> reads it the right way
    /// round (see <see cref="NamedValues"/>).
    /// </summary>
    public static class ConditionStatus
    {
        public const bool True = true;
        public const bool False = false;
        public static readonly bool? Unknown = null;

        /// <summary>The Kubernetes spelling: True, False or Unknown.</summary>
        public static string Text(bool? status) => status switch { true => "True", false => "False", _ => "Unknown" };
    }

    /// <summary>
    /// One condition in the style of <c>kubectl describe hpa</c>: a type (AbleToScale,
    /// ScalingActive, ScalingLimited), whether it holds, a stable CamelCase reason code and a message.
    /// </summary>
    public sealed class DiagnosisCondition
    {
        public const string AbleToScale = "AbleToScale";
        public const string ScalingActive = "ScalingActive";
        public const string ScalingLimited = "ScalingLimited";

        public string Type { get; init; } = string.Empty;

        /// <summary>true, false, or null when unknown.</summary>
        public bool? Status { get; init; }

        public string Reason { get; init; } = string.Empty;

        public string Message { get; init; } = string.Empty;

        public override string ToString() => $"{Type}={ConditionStatus.Text(Status)} ({Reason}): {Message}";
    }

    /// <summary>
    /// The verdict on one scale set: the three conditions, the engine's current decision, and every
    /// finding that led there. Debug-VmssAutoscale writes it after the findings; -All writes one per scale set.
    /// </summary>
    public sealed class Diagnosis
    {
        public string ResourceId { get; init; } = string.Empty;

        public string ResourceGroupName { get; init; } = string.Empty;

        public string VMScaleSetName { get; init; } = string.Empty;

        /// <summary>The time the diagnosis is about (collection time for a snapshot), UTC.</summary>
        public DateTime Time { get; init; }

        /// <summary>Live or the snapshot path the data came from.</summary>
        public string Source { get; init; } = string.Empty;

        public int? CurrentCapacity { get; init; }

        /// <summary>The capacity the engine would set now, from the setting and the samples; null when it could not decide.</summary>
        public int? DesiredCapacity { get; init; }

        /// <summary>The engine's reason for that decision.</summary>
        public string? EngineReason { get; init; }

        public IReadOnlyList<DiagnosisCondition> Conditions { get; init => field = ReadableList<DiagnosisCondition>.Of(value); } = ReadableList<DiagnosisCondition>.Empty;

        public IReadOnlyList<Finding> Findings { get; init => field = ReadableList<Finding>.Of(value); } = ReadableList<Finding>.Empty;

        public DiagnosisCondition? AbleToScale => Condition(DiagnosisCondition.AbleToScale);

        public DiagnosisCondition? ScalingActive => Condition(DiagnosisCondition.ScalingActive);

        public DiagnosisCondition? ScalingLimited => Condition(DiagnosisCondition.ScalingLimited);

        public int FailCount => Findings.Count(f => f.Status == FindingStatus.Fail);

        public int WarnCount => Findings.Count(f => f.Status == FindingStatus.Warn);

        /// <summary>
        /// The most likely cause: the most severe Fail finding (the first in guide order among equals); null when no
        /// check failed. A warning alone is advice, not a cause (a setting that notifies nobody does not stop scaling).
        /// </summary>
        public Finding? TopFinding => Findings
            .Where(f => f.Status == FindingStatus.Fail)
            .OrderByDescending(f => DiagnosisSeverity.Rank(f.Severity))
            .FirstOrDefault();

        /// <summary>One line: the top finding's summary, or that no check failed (and how many warned).</summary>
        public string Summary => TopFinding?.Summary
            ?? (WarnCount > 0
                ? $"No check failed: nothing found stops autoscale on this scale set; {WarnCount} warning{(WarnCount == 1 ? string.Empty : "s")} to read."
                : "Every check passed: autoscale can act on this scale set.");

        public DiagnosisCondition? Condition(string type) => Conditions.FirstOrDefault(c => c.Type == type);

        public override string ToString() => $"{VMScaleSetName}: {FailCount} fail, {WarnCount} warn. {Summary}";
    }
}
