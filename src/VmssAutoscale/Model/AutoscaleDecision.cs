using System;
using System.Collections.Generic;

namespace VmssAutoscale.Model
{
    /// <summary>What the autoscale engine does at one evaluation.</summary>
    public enum ScaleDecision
    {
        None,
        ScaleOut,
        ScaleIn,
    }

    /// <summary>
    /// The path through the decision procedure that produced a decision, so scripts and the
    /// simulation summary can count outcomes without parsing the Reason sentence.
    /// </summary>
    public enum DecisionOutcome
    {
        /// <summary>Rules were evaluated and none asked for a change.</summary>
        NoRuleFired,
        ScaledOut,
        ScaledIn,
        /// <summary>Scale-in to fewer instances than the rules asked for, to avoid flapping.</summary>
        PartialScaleIn,
        /// <summary>Every scale-in count would trigger a scale-out rule: the scale-in was skipped.</summary>
        FlappingDeferred,
        /// <summary>A rule fired but its cooldown has not elapsed.</summary>
        Cooldown,
        AtMaximum,
        AtMinimum,
        /// <summary>Capacity was below the profile minimum and was raised to it.</summary>
        BelowMinimum,
        /// <summary>Capacity was above the profile maximum and was lowered to it.</summary>
        AboveMaximum,
        /// <summary>No rule had metric data: the default capacity applies (upward only).</summary>
        NoData,
        NoRules,
        NoProfile,
        SettingDisabled,
        /// <summary>The previous scale operation is still running: the whole evaluation is skipped.</summary>
        OperationInProgress,
        /// <summary>Rules fired but the capacity they ask for equals the current one without a bound being reached (for example an ExactCount increase below the current count).</summary>
        NoCapacityChange,
    }

    /// <summary>
    /// One evaluation of an autoscale setting: the profile that applied, each rule's observed value
    /// against its threshold, and the resulting capacity, with a Reason a person can act on.
    /// </summary>
    public sealed class AutoscaleDecision
    {
        /// <summary>The evaluation time (UTC).</summary>
        public DateTime Time { get; init; }

        public string SettingName { get; init; } = string.Empty;

        /// <summary>The active profile's name; null when no profile applies.</summary>
        public string? Profile { get; init; }

        /// <summary>Why that profile is the active one (fixed date, the most recent recurrence start, or default).</summary>
        public string ProfileReason { get; init; } = string.Empty;

        public ScaleCapacity? Capacity { get; init; }

        public IReadOnlyList<RuleEvaluation> Rules { get; init; } = Array.Empty<RuleEvaluation>();

        public ScaleDecision Decision { get; init; }

        public DecisionOutcome Outcome { get; init; }

        public int CurrentCapacity { get; init; }

        public int NewCapacity { get; init; }

        /// <summary>The capacity the rules asked for before flapping protection changed it; null when no rule asked.</summary>
        public int? IntendedCapacity { get; init; }

        /// <summary>The cooldown of the rule whose action this decision takes (it blocks every rule afterwards under CooldownMode LastFiredRule); null when no rule acts.</summary>
        public TimeSpan? ActionCooldown { get; init; }

        public string Reason { get; init; } = string.Empty;

        public override string ToString() => $"{Decision} {CurrentCapacity} -> {NewCapacity}: {Reason}";
    }
}
