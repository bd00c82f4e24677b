using System;
using System.Collections.Generic;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// One setting of a search by Optimize-VmssAutoscaleSetting, scored over the replayed history:
    /// Rank 0 is the current setting, 1 the best found. The scores are what
    /// Invoke-VmssAutoscaleSimulation -LoadModel RedistributeTotal gives for <see cref="Setting"/>
    /// with the same -InstanceWarmup, -InitialCapacity, -Start and -End.
    /// </summary>
    public sealed class AutoscaleRecommendation
    {
        public int Rank { get; init; }

        /// <summary>The candidate setting; it pipes into the other cmdlets, and <see cref="ToJson"/> gives the ARM body.</summary>
        public AutoscaleSetting Setting { get; init; } = new AutoscaleSetting();

        /// <summary>One line per changed field, "scale-out threshold 70 -> 65"; for Rank 0 "current setting".</summary>
        public IReadOnlyList<string> Changes { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        /// <summary>True for Rank 0 and for a rank that is the current setting unchanged.</summary>
        public bool IsCurrent { get; init; }

        public double InstanceHours { get; init; }

        public int OverloadMinutes { get; init; }

        public bool MeetsBudget { get; init; }

        public int ScaleActions { get; init; }

        /// <summary>Scale actions reversed by the next action within 30 minutes.</summary>
        public int Flaps { get; init; }

        public int MinutesAtMaximum { get; init; }

        public int CandidatesEvaluated { get; init; }

        /// <summary>The replayed period, "2026-11-30 01:00Z to 2026-12-07 00:00Z (10021 minutes)".</summary>
        public string Period { get; init; } = string.Empty;

        /// <summary>The first evaluation (give it to Invoke-VmssAutoscaleSimulation -Start to replay the same minutes).</summary>
        public DateTime Start { get; init; }

        public DateTime End { get; init; }

        public int Minutes { get; init; }

        public int InitialCapacity { get; init; }

        public double MaxLoad { get; init; }

        public double OverloadBudget { get; init; }

        internal TimeSpan InstanceWarmupSpan { get; init; }

        /// <summary>InstanceWarmup, as ISO 8601 text (PT5M): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string InstanceWarmup => IsoDuration.Format(InstanceWarmupSpan);

        /// <summary>Where <see cref="InstanceWarmup"/> came from: "Given", "Median of N scale-outs" (the scale set's own, live or from a bundle) or "Default".</summary>
        public string InstanceWarmupSource { get; init; } = "Default";

        /// <summary>The ARM body (Create Or Update) of <see cref="Setting"/>.</summary>
        public string ToJson() => AutoscaleSettingJson.Write(Setting);

        public override string ToString() => $"{Rank}: {InstanceHours:0.0} instance-hours, {OverloadMinutes} overload minutes";
    }

    /// <summary>One side of Compare-VmssAutoscaleSetting: a setting scored over the history as Optimize-VmssAutoscaleSetting scores it.</summary>
    public sealed class SettingComparison
    {
        /// <summary>Reference or Difference.</summary>
        public string Side { get; init; } = string.Empty;

        public string SettingName { get; init; } = string.Empty;

        public AutoscaleSetting Setting { get; init; } = new AutoscaleSetting();

        public double InstanceHours { get; init; }

        public int OverloadMinutes { get; init; }

        public bool MeetsBudget { get; init; }

        public int ScaleActions { get; init; }

        public int Flaps { get; init; }

        public int MinutesAtMaximum { get; init; }

        public string Period { get; init; } = string.Empty;

        public DateTime Start { get; init; }

        public DateTime End { get; init; }

        public int Minutes { get; init; }

        public int InitialCapacity { get; init; }

        public double MaxLoad { get; init; }

        public double OverloadBudget { get; init; }

        internal TimeSpan InstanceWarmupSpan { get; init; }

        /// <summary>InstanceWarmup, as ISO 8601 text (PT5M): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string InstanceWarmup => IsoDuration.Format(InstanceWarmupSpan);

        /// <summary>Where <see cref="InstanceWarmup"/> came from: "Given", "Median of N scale-outs" (the scale set's own, live or from a bundle) or "Default".</summary>
        public string InstanceWarmupSource { get; init; } = "Default";

        public override string ToString() => $"{Side}: {InstanceHours:0.0} instance-hours, {OverloadMinutes} overload minutes";
    }
}
