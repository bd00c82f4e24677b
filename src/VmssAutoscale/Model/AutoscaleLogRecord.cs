using System;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// Which autoscale resource log a record comes from. Numbered from 1 so that every value is
    /// true in PowerShell: "Where-Object Kind" keeps the log records of a mixed stream.
    /// </summary>
    public enum AutoscaleLogKind
    {
        /// <summary>AutoscaleEvaluationsLog (diagnostic category AutoscaleEvaluations): one step of an engine run.</summary>
        Evaluation = 1,

        /// <summary>AutoscaleScaleActionsLog (diagnostic category AutoscaleScaleActions): a scale action and its outcome.</summary>
        ScaleAction = 2,
    }

    /// <summary>
    /// One row of the autoscale setting's resource logs, read from the Log Analytics workspace a
    /// diagnostic setting sends them to: what the real engine evaluated (profile, rule, observed
    /// value against threshold, and why it skipped: cooldown, flapping) and which scale actions it
    /// ran with their old and new instance count and result. The field names are the tables'
    /// column names (learn.microsoft.com/azure/azure-monitor/reference/tables/autoscaleevaluationslog
    /// and .../autoscalescaleactionslog, read 2026-11-29); a column the row lacks stays null.
    /// </summary>
    public sealed class AutoscaleLogRecord
    {
        public AutoscaleLogKind Kind { get; init; }

        /// <summary>TimeGenerated (UTC).</summary>
        public DateTime Time { get; init; }

        public string SettingName { get; init; } = string.Empty;

        /// <summary>The autoscale setting's resource ID (the resource that wrote the log).</summary>
        public string SettingId { get; init; } = string.Empty;

        public string ResourceGroupName { get; init; } = string.Empty;

        public string VMScaleSetName { get; init; } = string.Empty;

        /// <summary>The scale set's resource ID, so the record pipes into the other cmdlets.</summary>
        public string ResourceId { get; init; } = string.Empty;

        /// <summary>The resource ID of the Log Analytics workspace the row was read from.</summary>
        public string WorkspaceId { get; init; } = string.Empty;

        /// <summary>The log's OperationName: the step of the run (e.g. a profile, metric or rule evaluation) or the scale action.</summary>
        public string? OperationName { get; init; }

        /// <summary>Profile: the profile the row is about.</summary>
        public string? Profile { get; init; }

        /// <summary>AutoscaleMetricName: the rule's metric.</summary>
        public string? MetricName { get; init; }

        /// <summary>Operator of the rule (GreaterThan, LessThan, ...).</summary>
        public string? Operator { get; init; }

        /// <summary>ObservedValue: the value the engine computed for the rule's metric.</summary>
        public double? ObservedValue { get; init; }

        /// <summary>Threshold of the rule.</summary>
        public double? Threshold { get; init; }

        /// <summary>EvaluationResult as logged.</summary>
        public string? EvaluationResult { get; init; }

        /// <summary>EstimateScaleResult: the engine's estimate of the scale result (where flapping shows).</summary>
        public string? EstimateScaleResult { get; init; }

        /// <summary>
        /// Why the engine did not act, from the log's own fields: Cooldown (SkipRuleEvaluationForCooldown),
        /// Flapping (an operation or estimate that names flapping), Skipped (SkipCurrentAutoscaleEvaluation);
        /// null when the row reports no skip. See Get-VmssAutoscaleRunHistory, NOTES.
        /// </summary>
        public string? SkipReason { get; init; }

        public bool? SkipRuleEvaluationForCooldown { get; init; }

        public bool? SkipCurrentAutoscaleEvaluation { get; init; }

        /// <summary>Cooldown of the rule in minutes, as logged.</summary>
        public double? Cooldown { get; init; }

        public DateTime? LastScaleActionTime { get; init; }

        public int? CurrentInstanceCount { get; init; }

        public int? NewInstanceCount { get; init; }

        /// <summary>ScaleDirection of an action (Increase, Decrease).</summary>
        public string? ScaleDirection { get; init; }

        /// <summary>ResultType: the outcome of an action (or of the logged step).</summary>
        public string? ResultType { get; init; }

        public string? ResultDescription { get; init; }

        /// <summary>ScaleActionMessage of an action.</summary>
        public string? Message { get; init; }

        public string? CorrelationId { get; init; }

        public override string ToString() => Kind == AutoscaleLogKind.ScaleAction
            ? FormattableString.Invariant($"{Time:yyyy-MM-ddTHH:mm:ssZ} {SettingName} {ScaleDirection} {CurrentInstanceCount}->{NewInstanceCount} {ResultType}")
            : FormattableString.Invariant($"{Time:yyyy-MM-ddTHH:mm:ssZ} {SettingName} {OperationName} {MetricName} observed={ObservedValue} threshold={Threshold} {SkipReason}");
    }
}
