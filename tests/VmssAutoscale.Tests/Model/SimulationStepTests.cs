using VmssAutoscale.Model;

namespace VmssAutoscale.Tests.Model
{
    public class SimulationStepTests
    {
        private const string ScaleInReason =
            "No scale-out: 'Percentage CPU' is 20; the rule needs > 60 (40 short). Scale in from 4 to 3: 'Percentage CPU' is 20, which is < 30. At 3 instances no scale-out rule would fire.";

        [Fact]
        public void A_scale_in_row_says_why_it_scaled_in_not_why_it_did_not_scale_out() =>
            Assert.Equal("Scale in from 4 to 3: 'Percentage CPU' is 20, which is < 30. At 3 instances no scale-out rule would fire.", SimulationStep.ReasonFor(ScaleDecision.ScaleIn, ScaleInReason));

        [Fact]
        public void A_row_that_did_nothing_keeps_the_whole_reason() =>
            Assert.Equal(ScaleInReason, SimulationStep.ReasonFor(ScaleDecision.None, ScaleInReason));

        [Fact]
        public void A_scale_out_reason_that_starts_with_its_action_is_kept_whole()
        {
            const string reason = "Scale out from 2 to 3: 'Percentage CPU' is 75, which is > 60.";
            Assert.Equal(reason, SimulationStep.ReasonFor(ScaleDecision.ScaleOut, reason));
        }
    }
}
