using System;
using System.Collections.Generic;
using System.Linq;

namespace VmssAutoscale.Model
{
    /// <summary>True, False or Unknown, as in a Kubernetes condition.</summary>
    public enum ConditionStatus
    {
        True,
        False,
        Unknown,
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

        public ConditionStatus Status { get; init; }

        public string Reason { get; init; } = string.Empty;

        public string Message { get; init; } = string.Empty;

        public override string ToString() => $"{Type}={Status} ({Reason}): {Message}";
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

        public IReadOnlyList<DiagnosisCondition> Conditions { get; init; } = Array.Empty<DiagnosisCondition>();

        public IReadOnlyList<Finding> Findings { get; init; } = Array.Empty<Finding>();

        public DiagnosisCondition? AbleToScale => Condition(DiagnosisCondition.AbleToScale);

        public DiagnosisCondition? ScalingActive => Condition(DiagnosisCondition.ScalingActive);

        public DiagnosisCondition? ScalingLimited => Condition(DiagnosisCondition.ScalingLimited);

        public int FailCount => Findings.Count(f => f.Status == FindingStatus.Fail);

        public int WarnCount => Findings.Count(f => f.Status == FindingStatus.Warn);

        /// <summary>The most likely cause: the first Fail (then Warn) finding by severity; null when every check passed.</summary>
        public Finding? TopFinding => Findings
            .Where(f => f.Status == FindingStatus.Fail || f.Status == FindingStatus.Warn)
            .OrderBy(f => f.Status == FindingStatus.Fail ? 0 : 1)
            .ThenByDescending(f => f.Severity)
            .FirstOrDefault();

        /// <summary>One line: the top finding's summary, or that nothing is wrong.</summary>
        public string Summary => TopFinding?.Summary ?? "Every check passed: autoscale can act on this scale set.";

        public DiagnosisCondition? Condition(string type) => Conditions.FirstOrDefault(c => c.Type == type);

        public override string ToString() => $"{VMScaleSetName}: {FailCount} fail, {WarnCount} warn. {Summary}";
    }
}
