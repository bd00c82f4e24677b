using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Platform;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// Can the platform give autoscale its instances (issue 21): the rules held against the vCPU
    /// quotas, the instance ceiling, size restrictions, locks and the subnet. Sets AbleToScale False
    /// (through the finding's Reason) when the next scale action cannot succeed.
    /// </summary>
    public static class HeadroomChecks
    {
        public const string Check = "Headroom";

        public static Finding Headroom(DiagnosisContext c)
        {
            var reads = PlatformReads.From(c.Input.Reads);
            if (reads.Usages == null && reads.Skus == null && reads.Locks == null && reads.SubnetUsages == null)
            {
                return c.Make(Check, GuideSteps.State, FindingStatus.Skipped, DiagnosisSeverity.Info,
                    "The platform's limits (vCPU quota, size restrictions, locks, subnet) were not read, so nothing says whether the platform can give more instances; Evidence says why.", reads.Unavailable);
            }

            var h = HeadroomOf(c.Input.ScaleSetJson, reads, c.ScaleSet.VCpusPerInstance);
            var verdict = HeadroomAssessment.Assess(h, IntentOf(c));
            var finding = c.Make(Check, GuideSteps.State, verdict.Status, verdict.Severity, verdict.Summary, verdict.Evidence, verdict.Remediation, verdict.BlockingReason);
            return verdict.BlockingReason == null ? finding : c.SetsCondition(finding, DiagnosisCondition.AbleToScale, ConditionStatus.False);
        }

        public static Headroom HeadroomOf(string scaleSetJson, PlatformReads reads, int? vcpus) =>
            HeadroomCalculator.Calculate(ScaleSetShape.Read(scaleSetJson), reads, vcpus);

        private static ScaleIntent IntentOf(DiagnosisContext c)
        {
            var decision = c.Decision;
            return new ScaleIntent
            {
                Capacity = c.ScaleSet.Capacity,
                ProfileMaximum = c.Profile?.Capacity.Maximum,
                SettingName = c.Setting?.Name,
                ScaleOut = c.Profile?.Rules.Select(r => r.ScaleAction).FirstOrDefault(a => a.ScaleDirection == ScaleDirection.Increase),
                WantsScaleOut = decision?.Decision == ScaleDecision.ScaleOut,
                WantsScaleIn = decision?.Decision == ScaleDecision.ScaleIn,
                DesiredCapacity = decision?.NewCapacity,
                Flexible = c.ScaleSet.OrchestrationMode == "Flexible",
                Location = c.ScaleSet.Location,
            };
        }
    }
}
