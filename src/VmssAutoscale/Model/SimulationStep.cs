using System;

namespace VmssAutoscale.Model
{
    /// <summary>One evaluation of a simulation: the capacity before it, what the engine decided and why.</summary>
    public sealed class SimulationStep
    {
        public DateTime Time { get; init; }

        public int Capacity { get; init; }

        public string Decision { get; init; } = ScaleDecision.None;

        public string Outcome { get; init; } = DecisionOutcome.NoRuleFired;

        public int NewCapacity { get; init; }

        public string? Profile { get; init; }

        public string Reason { get; init; } = string.Empty;

        /// <summary>The full decision, with every rule's observed value.</summary>
        public AutoscaleDecision? Detail { get; init; }

        public override string ToString() => $"{Time:yyyy-MM-ddTHH:mm}Z {Capacity} {Decision} {NewCapacity}";
    }
}
