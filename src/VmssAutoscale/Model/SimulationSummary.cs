using System;

namespace VmssAutoscale.Model
{
    /// <summary>What a whole simulation did: how often it scaled, how often scale-in was deferred, and how long it sat at the bounds.</summary>
    public sealed class SimulationSummary
    {
        public string SettingName { get; init; } = string.Empty;

        public DateTime? Start { get; init; }

        public DateTime? End { get; init; }

        public int Evaluations { get; init; }

        public long SamplesRead { get; init; }

        public int InitialCapacity { get; init; }

        public int FinalCapacity { get; init; }

        public int MinimumCapacitySeen { get; init; }

        public int MaximumCapacitySeen { get; init; }

        public int ScaleOuts { get; init; }

        public int ScaleIns { get; init; }

        /// <summary>Scale-ins skipped entirely because every smaller count would trigger a scale-out rule.</summary>
        public int DeferredScaleIns { get; init; }

        /// <summary>Scale-ins that removed fewer instances than asked to avoid flapping.</summary>
        public int PartialScaleIns { get; init; }

        /// <summary>Evaluations where a rule's condition was met but its cooldown blocked it.</summary>
        public int CooldownBlocks { get; init; }

        /// <summary>Simulated minutes spent at the active profile's maximum.</summary>
        public double MinutesAtMaximum { get; init; }

        /// <summary>Simulated minutes spent at the active profile's minimum.</summary>
        public double MinutesAtMinimum { get; init; }

        public DateTime? FirstScaleOut { get; init; }

        public DateTime? FirstScaleIn { get; init; }

        public string LoadModel { get; init; } = "AsGiven";
    }
}
