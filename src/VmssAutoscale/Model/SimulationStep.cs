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

        /// <summary>
        /// Why this step did what it did, from the decision's reason: a scale-in row says why it
        /// scaled in (from "Scale in from ..."), not the scale-out rules that did not fire before
        /// it; a scale-out row starts at "Scale out from ...". The whole reason is on Detail.
        /// </summary>
        public static string ReasonFor(string decision, string reason)
        {
            var lead = decision == ScaleDecision.ScaleIn ? "Scale in from " : decision == ScaleDecision.ScaleOut ? "Scale out from " : null;
            var at = lead == null ? -1 : reason.IndexOf(lead, StringComparison.Ordinal);
            return at > 0 ? reason.Substring(at) : reason;
        }

        public override string ToString() => $"{Time:yyyy-MM-ddTHH:mm}Z {Capacity} {Decision} {NewCapacity}";
    }
}
