using System.Collections.Generic;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// One setting of a search by Optimize-VmssAutoscaleSetting, scored over the replayed history:
    /// Rank 0 is the current setting, 1 the best found. The scores are what
    /// Invoke-VmssAutoscaleSimulation -LoadModel RedistributeTotal gives for <see cref="Setting"/>
    /// with the same -InstanceWarmup, -InitialCapacity, -Start and -End.
    /// </summary>
    public sealed record AutoscaleRecommendation : SettingScores
    {
        /// <summary>A recommendation carrying <paramref name="scores"/> as they were built.</summary>
        public AutoscaleRecommendation(SettingScores scores)
            : base(scores)
        {
        }

        public int Rank { get; init; }

        /// <summary>The candidate setting; it pipes into the other cmdlets, and <see cref="ToJson"/> gives the ARM body.</summary>
        public AutoscaleSetting Setting { get; init; } = new AutoscaleSetting();

        /// <summary>One line per changed field, "scale-out threshold 70 -> 65"; for Rank 0 "current setting".</summary>
        public IReadOnlyList<string> Changes { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        /// <summary>True for Rank 0 and for a rank that is the current setting unchanged.</summary>
        public bool IsCurrent { get; init; }

        public int CandidatesEvaluated { get; init; }

        /// <summary>The ARM body (Create Or Update) of <see cref="Setting"/>.</summary>
        public string ToJson() => AutoscaleSettingJson.Write(Setting);

        public override string ToString() => $"{Rank}: {InstanceHours:0.0} instance-hours, {OverloadMinutes} overload minutes";
    }

    /// <summary>One side of Compare-VmssAutoscaleSetting: a setting scored over the history as Optimize-VmssAutoscaleSetting scores it.</summary>
    public sealed record SettingComparison : SettingScores
    {
        /// <summary>A side carrying <paramref name="scores"/> as they were built.</summary>
        public SettingComparison(SettingScores scores)
            : base(scores)
        {
        }

        /// <summary>Reference or Difference.</summary>
        public string Side { get; init; } = string.Empty;

        public string SettingName { get; init; } = string.Empty;

        public AutoscaleSetting Setting { get; init; } = new AutoscaleSetting();

        public override string ToString() => $"{Side}: {InstanceHours:0.0} instance-hours, {OverloadMinutes} overload minutes";
    }
}
