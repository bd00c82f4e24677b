using System.Linq;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Model;
using Xunit;

namespace VmssAutoscale.Tests.Diagnosis
{
    /// <summary>
    /// Issue 24 item 1: a finding's summary and Do: say each thing once, for one reader, so that every
    /// example bundle's default view fits 45 lines at 80 columns. What the summary leaves out (the per-VM
    /// lines, Azure's whole error, the engine's full reason, the worked numbers of a setting rule) stays
    /// on the finding, in its Evidence.
    /// </summary>
    public class FindingTextTests
    {
        [Fact]
        public void Silent_VMs_of_a_counter_the_agent_does_not_collect_are_in_the_evidence_not_the_summary()
        {
            var f = Finding("linux-scale-set-with-windows-counter-name", "DiagnosticsData");
            Assert.Equal(ConditionReasons.UnsupportedMetric, f.Reason);
            Assert.DoesNotContain("By VM", f.Summary);
            Assert.Equal(3, f.Evidence.Count(e => e.Contains(" is silent (no data in the window): its VM (vmss-linux-windows-counter_")));
        }

        [Fact]
        public void More_than_two_unhealthy_VMs_with_one_cause_are_counted_and_each_is_named_with_its_error_in_the_evidence()
        {
            var f = Finding("diagnostics-extension-silent", "ScaleSetState");
            Assert.StartsWith("3 of 3 VMs are not healthy: for each of 3 (named, with the error, in Evidence), its Microsoft.Insights.VMDiagnosticsSettings failed.", f.Summary);
            Assert.DoesNotContain("vmss-diagnostics-silent_0", f.Summary);
            Assert.DoesNotContain("403 AuthorizationFailure", f.Summary);
            Assert.Equal(3, f.Evidence.Count(e => e.StartsWith("vmss-diagnostics-silent_", System.StringComparison.Ordinal) && e.Contains("403 AuthorizationFailure")));
            // Only the remedy for what was found: the VMs run, so there is nothing to start.
            Assert.Equal("Repair the failed extensions: reinstall them or reimage the VMs.", f.Remediation);
        }

        [Fact]
        public void A_stopped_VM_is_to_be_started_and_nothing_said_of_extensions()
        {
            var f = Finding("deallocated-silent-vm", "ScaleSetState");
            Assert.Contains("vmss-deallocated-vm_2 (web000002): its VM is deallocated", f.Summary);
            Assert.StartsWith("Start the stopped or deallocated VMs", f.Remediation);
            Assert.DoesNotContain("extension", f.Remediation);
        }

        [Fact]
        public void Azure_error_in_a_failed_scale_action_names_resources_by_name_and_keeps_the_whole_error_in_the_evidence()
        {
            var f = Finding("locked-pipeline-sawtooth", "ScaleEvents");
            Assert.Contains("Locked (ScopeLocked): The scope 'vmss-locked-pipeline' cannot perform write operation because following scope(s) are locked: 'rg-autoscale-examples'.", f.Summary);
            Assert.DoesNotContain("/subscriptions/", f.Summary);
            Assert.Contains(f.Evidence, e => e.Contains("ScopeLocked") && e.Contains("/subscriptions/") && e.Contains("/virtualMachineScaleSets/vmss-locked-pipeline"));
        }

        [Fact]
        public void A_failed_scale_action_without_an_error_gives_its_capacities_and_keeps_autoscale_s_description_in_the_evidence()
        {
            var f = Finding("active-incident", "ScaleEvents");
            Assert.EndsWith("the latest at 2024-05-01 11:40Z (3 -> 4 instances).", f.Summary);
            Assert.DoesNotContain("The autoscale engine attempting", f.Summary);
            Assert.Contains(f.Evidence, e => e.Contains("failed: The autoscale engine attempting to scale resource"));
            Assert.StartsWith("An active Azure incident is the likely cause (tracking ID VL4T-9Q8", f.Remediation);
        }

        [Fact]
        public void A_deferred_scale_in_says_what_each_rule_sees_in_one_sentence_and_the_engine_s_reason_is_evidence()
        {
            var f = Finding("thresholds-50-50-flapping", "AverageAcrossInstances");
            Assert.Equal(
                "Scale-in deferred to avoid flapping: 'Percentage CPU' is 40.04 (< 50), so the scale-in rule asks for 2 instances, where it would project to 60.06 (40.04 × 3 / 2) and trigger the scale-out rule (> 50).",
                f.Summary);
            Assert.Contains(f.Evidence, e => e.StartsWith("Engine: ", System.StringComparison.Ordinal) && e.Contains("No scale-out:") && e.Contains("9.96 short"));
        }

        [Fact]
        public void Flapping_is_counted_once_and_its_cause_left_to_ThresholdGap()
        {
            var d = Diagnose("thresholds-50-50-flapping");
            var events = d.Findings.Single(x => x.Check == "ScaleEvents");
            Assert.Equal("Autoscale is flapping: 4 scale-ins deferred, 0 reduced in the last 24 h.", events.Summary);
            Assert.Contains("ThresholdGap", events.Remediation);
            var gap = d.Findings.Single(x => x.Check == "ThresholdGap");
            Assert.Equal("The thresholds leave no gap.", gap.Headline);
            Assert.Contains("(out > 50, in < 50)", gap.Summary);
        }

        [Fact]
        public void A_setting_rule_s_summary_is_its_first_sentence_and_the_worked_numbers_are_evidence()
        {
            var f = Finding("thresholds-50-50-flapping", "SettingRules");
            Assert.Equal("ThresholdsTooClose: Profile 'Auto created scale condition', Percentage CPU: scale-in is deferred at every capacity in the profile.", f.Summary);
            Assert.Contains(f.Evidence, e => e.StartsWith("Warning ThresholdsTooClose: ", System.StringComparison.Ordinal) && e.Contains("projects to 75 on 2 instances"));
        }

        [Fact]
        public void Nobody_notified_and_nothing_failed_leaves_the_count_to_the_evidence()
        {
            var f = Finding("healthy", "Notifications");
            Assert.Equal("Nobody is notified when autoscale scales or fails: setting 'vmss-healthy-autoscale' has no e-mail or webhook.", f.Summary);
            Assert.Contains("Autoscale reported no failure in the last 24 h.", f.Evidence);

            var flapping = Finding("thresholds-50-50-flapping", "Notifications");
            Assert.EndsWith("Autoscale reported 4 flapping events in the last 24 h.", flapping.Summary);
            Assert.Equal(4, flapping.Evidence.Count(e => e.Contains("Flapping: Scale down will not occur")));
        }

        [Fact]
        public void An_incident_s_remedy_has_no_advice_for_an_Unavailable_scale_set_that_is_not()
        {
            var f = Finding("active-incident", "AzureStatus");
            Assert.Equal("Follow the incident on the Service Health page and retry scaling once it is mitigated.", f.Remediation);
        }

        [Fact]
        public void No_data_says_what_happens_to_the_capacity_and_the_engine_s_reason_is_evidence()
        {
            var f = Finding("diagnostics-extension-silent", "AverageAcrossInstances");
            Assert.Equal("No rule has data in its window, so none can fire; capacity stays at 3 (the default 3 applies only upward).", f.Summary);
            Assert.Contains(f.Evidence, e => e.StartsWith("Engine: No metric data for any rule ('\\Processor(_Total)\\% Processor Time')", System.StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("The scope '/subscriptions/s1/resourceGroups/rg-a/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-a' is locked: '/subscriptions/s1/resourceGroups/rg-a'.", "The scope 'vmss-a' is locked: 'rg-a'.")]
        [InlineData("scale resource /subscriptions/s1/resourceGroups/rg/providers/x/y/name-1 from 3", "scale resource name-1 from 3")]
        [InlineData("no id here", "no id here")]
        [InlineData(null, "")]
        public void Resource_ids_in_a_message_become_their_names(string? text, string expected) =>
            Assert.Equal(expected, ResourceIds.NamesInText(text));

        private static Finding Finding(string bundle, string check) => Diagnose(bundle).Findings.Single(x => x.Check == check);

        private static VmssAutoscale.Model.Diagnosis Diagnose(string bundle) => ExamplesTests.Diagnose(ExampleScenarios.ByName(bundle).Snapshot).Diagnosis;
    }
}
