using System;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// What one setting scores over a replayed history, and the replay it was scored on: the part
    /// Optimize-VmssAutoscaleSetting's <see cref="AutoscaleRecommendation"/> and
    /// Compare-VmssAutoscaleSetting's <see cref="SettingComparison"/> share. Built once, by
    /// <c>ScoreOrder.ScoresOf</c> in Recommend/; the two output types derive from it and copy it whole
    /// (the record's copy constructor), so a score added here reaches both with the same name and meaning.
    /// </summary>
    public record SettingScores
    {
        /// <summary>The capacity after each evaluation, summed over the replayed minutes, in hours: what is paid for.</summary>
        public double InstanceHours { get; init; }

        /// <summary>Minutes whose load per serving instance was above <see cref="MaxLoad"/>.</summary>
        public int OverloadMinutes { get; init; }

        /// <summary>True when <see cref="OverloadMinutes"/> is within <see cref="OverloadBudget"/>.</summary>
        public bool MeetsBudget { get; init; }

        public int ScaleActions { get; init; }

        /// <summary>Scale actions reversed by the next action within 30 minutes.</summary>
        public int Flaps { get; init; }

        public int MinutesAtMaximum { get; init; }

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
    }
}
