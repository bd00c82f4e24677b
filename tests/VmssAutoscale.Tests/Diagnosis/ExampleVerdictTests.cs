using System.IO;
using System.Linq;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using Xunit;

namespace VmssAutoscale.Tests.Diagnosis
{
    /// <summary>
    /// Issue 22 item 4: each committed example bundle's most likely cause, its Do: and the three conditions,
    /// pinned, so a verdict that points the wrong way fails here. "-" for no cause: a bundle with no Fail says so.
    /// </summary>
    public class ExampleVerdictTests
    {
        [Theory]
        [InlineData("active-incident", "AzureStatus", "Follow the incident on the Service Health page", "False ScaleActionFailed", "True ValidMetricFound", "False DesiredWithinRange")]
        [InlineData("ama-log-analytics-only", "AzureMonitorAgent", "Add an azureMonitorMetrics destination", "True ReadyForNewScale", "False MetricUnavailable", "False DesiredWithinRange")]
        [InlineData("deallocated-silent-vm", "-", "-", "True ReadyForNewScale", "True ThresholdNotMet", "False DesiredWithinRange")]
        [InlineData("diagnostics-extension-silent", "DiagnosticsData", "Fix the data pipeline first", "True ReadyForNewScale", "False MetricUnavailable", "False DesiredWithinRange")]
        [InlineData("healthy", "-", "-", "True ReadyForNewScale", "True ThresholdNotMet", "False DesiredWithinRange")]
        [InlineData("linux-scale-set-with-windows-counter-name", "MetricName", "Change the rule's metricName", "True ReadyForNewScale", "False UnsupportedMetric", "False DesiredWithinRange")]
        [InlineData("manual-scale-reverted", "ScaleEvents", "To test manual scaling, disable the autoscale setting first", "True ReadyForNewScale", "True ThresholdNotMet", "True ManualChangeReverted")]
        [InlineData("one-core-of-four-loaded", "CoresVersusThreshold", "Make the load use every core", "True ReadyForNewScale", "True ThresholdNotMet", "False DesiredWithinRange")]
        [InlineData("one-hot-instance", "AverageAcrossInstances", "Autoscale acts on the average across all instances", "True ReadyForNewScale", "True OnlySomeInstancesHot", "False DesiredWithinRange")]
        [InlineData("queue-driven-at-maximum", "AverageAcrossInstances", "Raise the profile's maximum capacity", "True ReadyForNewScale", "True ValidMetricFound", "True AtMaximum")]
        [InlineData("thresholds-50-50-flapping", "AverageAcrossInstances", "Widen the gap between the scale-in and scale-out thresholds", "True ReadyForNewScale", "True ValidMetricFound", "True FlappingSuppressed")]
        public void Each_bundle_names_its_cause_its_Do_and_its_conditions(string bundle, string cause, string doStarts, string able, string active, string limited)
        {
            var d = Diagnose(bundle);
            Assert.Equal(cause, d.TopFinding?.Check ?? "-");
            Assert.Equal(doStarts, d.TopFinding == null ? "-" : d.TopFinding.Remediation.Substring(0, doStarts.Length));
            Assert.Equal(new[] { able, active, limited }, d.Conditions.Select(c => $"{ConditionStatus.Text(c.Status)} {c.Reason}"));
            if (d.TopFinding == null)
            {
                Assert.StartsWith("No check failed", d.Summary);
            }
        }

        [Fact]
        public void Conditions_agree_with_the_findings_on_every_bundle()
        {
            foreach (var bundle in Bundles())
            {
                var d = Diagnose(bundle);
                foreach (var condition in d.Conditions.Where(c => c.Reason != ConditionReasons.ReadyForNewScale && c.Reason != ConditionReasons.DesiredWithinRange && c.Reason != ConditionReasons.ValidMetricFound))
                {
                    Assert.True(d.Findings.Any(f => f.Reason == condition.Reason), $"{bundle}: {condition} has no finding with its reason.");
                }

                // A failing finding with a condition's reason moves that condition off its healthy default.
                foreach (var f in d.Findings.Where(f => f.Status == FindingStatus.Fail && f.Reason != null))
                {
                    var type = ConditionReasons.Precedence.Where(p => p.Value.Contains(f.Reason!)).Select(p => p.Key).FirstOrDefault();
                    if (type != null)
                    {
                        var c = d.Condition(type)!;
                        Assert.True(c.Reason != ConditionReasons.ReadyForNewScale && c.Reason != ConditionReasons.DesiredWithinRange && c.Reason != ConditionReasons.ValidMetricFound, $"{bundle}: {f.Check} fails with {f.Reason} but {c}.");
                    }
                }
            }
        }

        [Fact]
        public void The_silent_deallocated_VM_is_to_be_started_not_its_extension_checked()
        {
            var f = Diagnose("deallocated-silent-vm").Findings.Single(x => x.Check == "DiagnosticsData");
            Assert.Contains("its VM is deallocated", f.Summary);
            Assert.StartsWith("Start the stopped or deallocated VMs", f.Remediation);
        }

        [Fact]
        public void Silent_VMs_with_one_cause_name_it_once_and_keep_each_VM_in_the_evidence()
        {
            var f = Diagnose("diagnostics-extension-silent").Findings.Single(x => x.Check == "DiagnosticsData");
            Assert.Contains("vmss-diagnostics-silent_0, vmss-diagnostics-silent_1 and vmss-diagnostics-silent_2 are silent; for each, its", f.Summary);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(f.Summary, "403 AuthorizationFailure"));
            Assert.Equal(3, f.Evidence.Count(e => e.Contains("403 AuthorizationFailure")));
        }

        [Fact]
        public void An_active_incident_is_the_known_cause_of_the_failed_actions()
        {
            var d = Diagnose("active-incident");
            Assert.Equal(DiagnosisSeverity.Critical, d.Findings.Single(x => x.Check == "AzureStatus").Severity);
            Assert.Contains("An active Azure incident", d.Findings.Single(x => x.Check == "ScaleEvents").Remediation);
        }

        [Fact]
        public void A_bundle_without_run_history_does_not_ask_for_a_role()
        {
            // The healthy bundle as an older export wrote it: no serviceMetrics section.
            var text = File.ReadAllText(Path.Combine(TestFiles.RepoRoot, "examples", "healthy", Snapshot.FileName));
            var without = System.Text.RegularExpressions.Regex.Replace(text, @",\s*""serviceMetrics""\s*:\s*\[", @",""unusedServiceMetrics"":[");
            Assert.NotEqual(text, without);
            var snapshot = SnapshotSerializer.FromNode(VmssAutoscale.Json.JsonParser.Parse(without), "healthy-without-run-history");
            var f = ExamplesTests.Diagnose(snapshot).Diagnosis.Findings.Single(x => x.Check == "ServiceAgreement");
            Assert.Equal(FindingStatus.Skipped, f.Status);
            Assert.DoesNotContain("Monitoring Reader", f.Remediation);
            Assert.Contains("Export the bundle again", f.Remediation);
        }

        [Fact]
        public void Cores_without_a_cpu_sample_are_skipped_with_the_reason()
        {
            var f = Diagnose("ama-log-analytics-only").Findings.Single(x => x.Check == "CoresVersusThreshold");
            Assert.Equal(FindingStatus.Skipped, f.Status);
            Assert.Contains("No sample of", f.Summary);
        }

        private static string[] Bundles() => TestFiles.ExampleBundles().Select(Path.GetFileName).ToArray()!;

        private static VmssAutoscale.Model.Diagnosis Diagnose(string bundle) =>
            ExamplesTests.Diagnose(SnapshotSerializer.Read(Path.Combine(TestFiles.RepoRoot, "examples", bundle))).Diagnosis;
    }
}
