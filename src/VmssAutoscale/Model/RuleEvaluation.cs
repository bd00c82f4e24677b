using System;

namespace VmssAutoscale.Model
{
    /// <summary>One rule of the active profile evaluated at one time: the observed value against the threshold, and why it did or did not fire.</summary>
    public sealed class RuleEvaluation
    {
        public string MetricName { get; init; } = string.Empty;

        public string Direction { get; init; } = nameof(ScaleDirection.None);

        public string Operator { get; init; } = nameof(ComparisonOperator.Equals);

        public double Threshold { get; init; }

        /// <summary>The value compared with the threshold; null when no grain in the window had data.</summary>
        public double? ObservedValue { get; init; }

        internal TimeSpan TimeGrainSpan { get; init; }

        /// <summary>TimeGrain, as ISO 8601 text (PT5M): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string TimeGrain => IsoDuration.Format(TimeGrainSpan);

        public string Statistic { get; init; } = nameof(MetricStatistic.Average);

        internal TimeSpan TimeWindowSpan { get; init; }

        /// <summary>TimeWindow, as ISO 8601 text (PT5M): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string TimeWindow => IsoDuration.Format(TimeWindowSpan);

        public string TimeAggregation { get; init; } = nameof(TimeAggregationType.Average);

        public bool DividePerInstance { get; init; }

        /// <summary>Start (inclusive) and end (exclusive) of the window that was read, UTC.</summary>
        public DateTime WindowStart { get; init; }

        public DateTime WindowEnd { get; init; }

        /// <summary>Grains in the window that had at least one value (missing grains are dropped, not zero-filled).</summary>
        public int GrainsUsed { get; init; }

        /// <summary>Distinct instances with at least one value in the window.</summary>
        public int InstancesSeen { get; init; }

        /// <summary>True when the observed value meets the threshold (whatever the cooldown says).</summary>
        public bool ConditionMet { get; init; }

        /// <summary>True when the rule may act: the condition is met and the cooldown has elapsed.</summary>
        public bool Fired { get; init; }

        /// <summary>When the rule's cooldown ends, if it is still running at the evaluation time.</summary>
        public DateTime? CooldownUntil { get; init; }

        /// <summary>The capacity this rule asks for when it fires (before min/max clamping).</summary>
        public int? CandidateCapacity { get; init; }

        public string Reason { get; init; } = string.Empty;

        public ScaleRule? Rule { get; init; }

        public override string ToString() => Reason;
    }
}
