using System;
using System.Collections.Generic;

namespace VmssAutoscale.Model
{
    /// <summary>What the autoscale engine does at one evaluation.</summary>
    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class ScaleDecision
    {
        public const string None = nameof(None);
        public const string ScaleOut = nameof(ScaleOut);
        public const string ScaleIn = nameof(ScaleIn);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { None, ScaleOut, ScaleIn };
    }

    /// <summary>
    /// The path through the decision procedure that produced a decision, so scripts and the
    /// simulation summary can count outcomes without parsing the Reason sentence.
    /// </summary>
    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class DecisionOutcome
    {
        /// <summary>Rules were evaluated and none asked for a change.</summary>
        public const string NoRuleFired = nameof(NoRuleFired);
        public const string ScaledOut = nameof(ScaledOut);
        public const string ScaledIn = nameof(ScaledIn);
        /// <summary>Scale-in to fewer instances than the rules asked for, to avoid flapping.</summary>
        public const string PartialScaleIn = nameof(PartialScaleIn);
        /// <summary>Every scale-in count would trigger a scale-out rule: the scale-in was skipped.</summary>
        public const string FlappingDeferred = nameof(FlappingDeferred);
        /// <summary>A rule fired but its cooldown has not elapsed.</summary>
        public const string Cooldown = nameof(Cooldown);
        public const string AtMaximum = nameof(AtMaximum);
        public const string AtMinimum = nameof(AtMinimum);
        /// <summary>Capacity was below the profile minimum and was raised to it.</summary>
        public const string BelowMinimum = nameof(BelowMinimum);
        /// <summary>Capacity was above the profile maximum and was lowered to it.</summary>
        public const string AboveMaximum = nameof(AboveMaximum);
        /// <summary>No rule had metric data: the default capacity applies (upward only).</summary>
        public const string NoData = nameof(NoData);
        public const string NoRules = nameof(NoRules);
        public const string NoProfile = nameof(NoProfile);
        public const string SettingDisabled = nameof(SettingDisabled);
        /// <summary>The previous scale operation is still running: the whole evaluation is skipped.</summary>
        public const string OperationInProgress = nameof(OperationInProgress);

        /// <summary>Rules fired but the capacity they ask for equals the current one without a bound being reached (for example an ExactCount increase below the current count).</summary>
        public const string NoCapacityChange = nameof(NoCapacityChange);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { NoRuleFired, ScaledOut, ScaledIn, PartialScaleIn, FlappingDeferred, Cooldown, AtMaximum, AtMinimum, BelowMinimum, AboveMaximum, NoData, NoRules, NoProfile, SettingDisabled, OperationInProgress, NoCapacityChange };
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

        public IReadOnlyList<RuleEvaluation> Rules { get; init => field = ReadableList<RuleEvaluation>.Of(value); } = ReadableList<RuleEvaluation>.Empty;

        public string Decision { get; init; } = ScaleDecision.None;

        public string Outcome { get; init; } = DecisionOutcome.NoRuleFired;

        public int CurrentCapacity { get; init; }

        public int NewCapacity { get; init; }

        /// <summary>The capacity the rules asked for before flapping protection changed it; null when no rule asked.</summary>
        public int? IntendedCapacity { get; init; }

        /// <summary>The cooldown of the rule whose action this decision takes (it blocks every rule afterwards under CooldownMode LastFiredRule); null when no rule acts.</summary>
        internal TimeSpan? ActionCooldownSpan { get; init; }

        /// <summary>ActionCooldown, as ISO 8601 text (PT5M): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string? ActionCooldown => ActionCooldownSpan is TimeSpan span ? IsoDuration.Format(span) : null;

        public string Reason { get; init; } = string.Empty;

        public override string ToString() => $"{Decision} {CurrentCapacity} -> {NewCapacity}: {Reason}";
    }
}
