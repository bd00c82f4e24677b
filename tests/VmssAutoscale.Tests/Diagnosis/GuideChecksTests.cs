using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.FakeArm;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;
using VmssAutoscale.Sources.Reads;
using VmssAutoscale.Tests.Arm;
using Xunit;

namespace VmssAutoscale.Tests.Diagnosis
{
    /// <summary>The guide's last steps: each VM's instance view, notifications, Azure's status; readers, checks, snapshot and live reads.</summary>
    public class GuideChecksTests
    {
        private const string Vmss = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";

        private static string VmBody(string name, string? instanceId, string power, string? computerName, string extensionCode = "ProvisioningState/succeeded", string? message = null, bool inView = true) =>
            $@"{{""name"":""{name}"",{(instanceId == null ? string.Empty : $@"""instanceId"":""{instanceId}"",")}""id"":""{Vmss}/virtualMachines/{instanceId ?? name}"",
              ""properties"":{{""provisioningState"":""Succeeded"",""osProfile"":{{""computerName"":""{computerName}""}},
              ""instanceView"":{{{(inView ? $@"""computerName"":""{computerName}""," : string.Empty)}
                ""vmAgent"":{{""vmAgentVersion"":""2.11"",""statuses"":[{{""code"":""ProvisioningState/succeeded"",""level"":""Info"",""displayStatus"":""Ready""}}]}},
                ""extensions"":[{{""name"":""AzureMonitorLinuxAgent"",""type"":""Microsoft.Azure.Monitor.AzureMonitorLinuxAgent"",""statuses"":[{{""code"":""{extensionCode}"",""level"":""{(extensionCode.Contains("failed") ? "Error" : "Info")}"",""displayStatus"":""x"",""message"":{(message == null ? "null" : JsonWriter.Write(JsonNode.From(message), false))}}}]}}],
                ""statuses"":[{{""code"":""ProvisioningState/succeeded""}},{{""code"":""PowerState/{power}""}}]}}}}}}";

        [Fact]
        public void A_VM_body_gives_its_power_state_agent_computer_name_and_failed_extension()
        {
            var vm = VmInstanceReader.Read(JsonParser.Parse(VmBody("web_2", "2", "running", "web000002", "ProvisioningState/failed/0", "Enable failed: cannot reach https://acct.blob.core.windows.net/c?sv=2022&sig=abcdEFGH1234")), Vmss);
            Assert.Equal("web_2", vm.Name);
            Assert.Equal("2", vm.InstanceId);
            Assert.Equal("web000002", vm.ComputerName);
            Assert.Equal("running", vm.PowerState);
            Assert.Equal("Ready", vm.VmAgentStatus);
            Assert.True(vm.Matches("web000002") && vm.Matches("web_2") && vm.Matches("2"));
            var failed = Assert.Single(vm.FailedExtensions);
            Assert.Equal("AzureMonitorLinuxAgent", failed.Name);
            Assert.DoesNotContain("abcdEFGH1234", failed.Message);
            Assert.Contains("its AzureMonitorLinuxAgent failed with", vm.Problem);
        }

        [Fact]
        public void A_flexible_member_without_instance_id_takes_the_computer_name_from_its_os_profile()
        {
            var vm = VmInstanceReader.Read(JsonParser.Parse(VmBody("web_a1b2", null, "deallocated", "weba1b2", inView: false)), Vmss);
            Assert.Null(vm.InstanceId);
            Assert.Equal("weba1b2", vm.ComputerName);
            Assert.False(vm.IsRunning);
            Assert.Equal("its VM is deallocated", vm.Problem);
        }

        [Theory]
        [InlineData("West Europe", "westeurope", true)]
        [InlineData("East US 2", "eastus2", true)]
        [InlineData("East US", "eastus2", false)]
        [InlineData("Global", "eastus", true)]
        [InlineData("Non-Regional", "eastus", true)]
        public void Service_health_regions_match_arm_locations(string impacted, string location, bool expected) =>
            Assert.Equal(expected, AzureStatusReader.RegionMatches(impacted, location));

        [Fact]
        public void A_service_health_event_counts_only_for_the_scale_sets_services_and_region()
        {
            var body = ExampleScenarios.HealthEvent("AB-1", "ServiceIssue", "Active", "t", "Virtual Machine Scale Sets", "East US", ExampleScenarios.Now.AddHours(-1), null).ToString();
            Assert.NotNull(AzureStatusReader.ReadEvent(JsonParser.Parse(body), "eastus", GuideChoices.ServiceHealthServices));
            Assert.Null(AzureStatusReader.ReadEvent(JsonParser.Parse(body), "westeurope", GuideChoices.ServiceHealthServices));
            var other = ExampleScenarios.HealthEvent("AB-2", "ServiceIssue", "Active", "t", "Azure Cosmos DB", "East US", ExampleScenarios.Now.AddHours(-1), null).ToString();
            Assert.Null(AzureStatusReader.ReadEvent(JsonParser.Parse(other), "eastus", GuideChoices.ServiceHealthServices));
        }

        [Fact]
        public void Autoscale_records_are_classified_as_failed_actions_flapping_or_missing_metrics()
        {
            ActivityLogRecord R(string op, string status, string level = "Informational", string? description = null, string category = "Autoscale") =>
                new ActivityLogRecord { OperationName = op, Status = status, Level = level, Category = category, Description = description };
            Assert.Equal("ScaleActionFailed", GuideChoices.AutoscaleFailureKind(R("Microsoft.Insights/AutoscaleSettings/Scaleup/Action", "Failed")));
            Assert.Equal("Flapping", GuideChoices.AutoscaleFailureKind(R("Microsoft.Insights/AutoscaleSettings/Flapping/Action", "Succeeded")));
            Assert.Equal("MetricUnavailable", GuideChoices.AutoscaleFailureKind(R("Microsoft.Insights/AutoscaleSettings/Scaleup/Action", "Succeeded", "Warning", "Metrics are not available for the resource.")));
            Assert.Null(GuideChoices.AutoscaleFailureKind(R("Microsoft.Insights/AutoscaleSettings/Scaleup/Action", "Succeeded")));
            Assert.Null(GuideChoices.AutoscaleFailureKind(R("Microsoft.Compute/virtualMachineScaleSets/write", "Failed", category: "Administrative")));
        }

        [Fact]
        public void Notifications_name_who_is_told_without_any_part_of_a_webhook_but_its_host()
        {
            var who = NotificationChecks.Recipients(new[]
            {
                new AutoscaleNotification { SendToSubscriptionAdministrator = true, CustomEmails = new[] { "ops@contoso.example" }, Webhooks = new[] { "https://hooks.example.net/services/T000/B000/secretpathtoken" } },
            });
            Assert.Equal(new[] { "the subscription administrator", "e-mail ops@contoso.example", "webhook at hooks.example.net" }, who);
        }

        [Fact]
        public void The_incident_example_fails_AzureStatus_and_names_the_tracking_id()
        {
            var d = ExamplesTests.Diagnose(ExampleScenarios.ByName("active-incident").Snapshot).Diagnosis;
            var f = d.Findings.Single(x => x.Check == "AzureStatus");
            Assert.Equal(FindingStatus.Fail, f.Status);
            Assert.Contains("VL4T-9Q8", f.Summary);
            Assert.Contains(f.Evidence, e => e.StartsWith("Resource Health: Degraded", StringComparison.Ordinal));
            var n = d.Findings.Single(x => x.Check == "Notifications");
            Assert.Contains("2 failed scale actions", n.Summary);
            Assert.Contains("webhook at prod-07.eastus.logic.azure.com", n.Summary);
            Assert.DoesNotContain("sig=", string.Join(" ", n.Evidence) + n.Summary);
        }

        [Fact]
        public void The_deallocated_example_joins_the_silent_instance_to_its_VM()
        {
            var d = ExamplesTests.Diagnose(ExampleScenarios.ByName("deallocated-silent-vm").Snapshot).Diagnosis;
            var data = d.Findings.Single(x => x.Check == "DiagnosticsData");
            Assert.Contains("vmss-deallocated-vm_2 is silent since 2024-05-01 11:14Z: its VM is deallocated", data.Summary);
            var state = d.Findings.Single(x => x.Check == "ScaleSetState");
            Assert.Equal(FindingStatus.Warn, state.Status);
            Assert.Contains("1 of 3 VMs is not healthy: vmss-deallocated-vm_2 (web000002): its VM is deallocated", state.Summary);
        }

        [Fact]
        public void A_VM_with_no_samples_at_all_is_named_even_when_the_others_are_healthy()
        {
            // Tables name instances by computer name; VM 2 never wrote a row in the window.
            var scenario = ExampleScenarios.ByName("healthy").Snapshot;
            var set = scenario.ScaleSets[0];
            var samples = set.Samples.Where(s => s.Instance != "vmss-healthy_2").Select(s => new MetricSample { Instance = "web00000" + s.Instance.Substring(s.Instance.Length - 1), Timestamp = s.Timestamp, MetricName = s.MetricName, Value = s.Value, Source = s.Source }).ToList();
            var changed = new Snapshot
            {
                CollectedAt = scenario.CollectedAt,
                WindowStart = scenario.WindowStart,
                WindowEnd = scenario.WindowEnd,
                AutoscaleSettings = scenario.AutoscaleSettings,
                ScaleSets = new[] { new SnapshotScaleSet { ResourceId = set.ResourceId, Model = set.Model, InstanceView = set.InstanceView, Samples = samples, Reads = set.Reads } },
            };
            var data = ExamplesTests.Diagnose(changed).Diagnosis.Findings.Single(x => x.Check == "DiagnosticsData");
            Assert.Equal(FindingStatus.Warn, data.Status);
            Assert.Contains("vmss-healthy_2 is silent (no data in the window): its VM (vmss-healthy_2) is running", data.Summary);
        }

        [Fact]
        public async Task A_bundle_from_before_these_reads_skips_the_checks_and_says_why_without_warnings()
        {
            var scenario = ExampleScenarios.ByName("healthy").Snapshot;
            var set = scenario.ScaleSets[0];
            var old = new Snapshot
            {
                Path = "old.json",
                CollectedAt = scenario.CollectedAt,
                WindowStart = scenario.WindowStart,
                WindowEnd = scenario.WindowEnd,
                AutoscaleSettings = scenario.AutoscaleSettings,
                ScaleSets = new[] { new SnapshotScaleSet { ResourceId = set.ResourceId, Model = set.Model, InstanceView = set.InstanceView, Samples = set.Samples, ActivityLog = set.ActivityLog, Reads = set.Reads.Where(r => r.Key == VmSizeRead.Unit.Name).ToDictionary(r => r.Key, r => r.Value) } },
            };
            var source = new SnapshotSource(old);
            var collector = new DiagnosisCollector(SourceSet.FromSnapshot(source));
            var collected = await collector.CollectAsync(set.ResourceId, old.CollectedAt, "Snapshot", new DiagnosisOptions(), Array.Empty<Finding>(), CancellationToken.None);
            var d = Diagnoser.Run(collected.Input).Diagnosis;
            var status = d.Findings.Single(x => x.Check == "AzureStatus");
            Assert.Equal(FindingStatus.Skipped, status.Status);
            Assert.Contains("does not hold the Resource Health status", status.Summary);
            Assert.Contains(d.Findings.Single(x => x.Check == "ScaleSetState").Evidence, e => e.Contains("does not hold the VMs' instance views"));
            Assert.DoesNotContain(source.Log.Drain(), m => m.Key == SourceLogLevel.Warning);
            Assert.False(collected.Raw.Reads.ContainsKey(VirtualMachinesRead.Unit.Name));
        }

        [Fact]
        public void No_planted_secret_in_the_new_snapshot_sections_survives()
        {
            const string sas = "sv=2022-11-02&ss=t&sig=Zm9vYmFyYmF6cGxhbnRlZA%3D%3D";
            var vm = JsonParser.Parse(VmBody("web_0", "0", "running", "web000000", "ProvisioningState/failed/0", "could not write to https://acct.table.core.windows.net/?" + sas));
            var withSecrets = JsonNode.Object(vm.Properties.Concat(new[]
            {
                new KeyValuePair<string, JsonNode>("resources", JsonParser.Parse(@"[{""name"":""ext"",""properties"":{""protectedSettings"":{""storageAccountKey"":""cGxhbnRlZC1wcm90ZWN0ZWQta2V5""},""settings"":{""sasUrl"":""https://x/?" + sas + @"""}}}]")),
            }));
            var availability = JsonParser.Parse(@"{""name"":""current"",""properties"":{""availabilityState"":""Available"",""summary"":""token Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.c2lnbmF0dXJlcGxhbnRlZA""}}");
            var snapshot = new Snapshot
            {
                CollectedAt = ExampleScenarios.Now,
                WindowStart = ExampleScenarios.Now,
                WindowEnd = ExampleScenarios.Now,
                ScaleSets = new[] { new SnapshotScaleSet { ResourceId = Vmss, Model = JsonParser.Parse("{}"), Reads = new Dictionary<string, JsonNode> { [VirtualMachinesRead.Unit.Name] = JsonNode.Array(new[] { withSecrets }), ["availabilityStatus"] = availability, [ServiceHealthRead.Unit.Name] = JsonNode.Array(Array.Empty<JsonNode>()) } } },
            };
            var json = SnapshotSerializer.ToJson(snapshot);
            foreach (var planted in new[] { "Zm9vYmFyYmF6cGxhbnRlZA", "cGxhbnRlZC1wcm90ZWN0ZWQta2V5", "eyJzdWIiOiJwbGFudGVkIn0" })
            {
                Assert.DoesNotContain(planted, json);
            }

            var back = SnapshotSerializer.FromNode(JsonParser.Parse(json), "x");
            Assert.Single(back.ScaleSets[0].Reads[VirtualMachinesRead.Unit.Name].Items!);
            Assert.Empty(back.ScaleSets[0].Reads[ServiceHealthRead.Unit.Name].Items!);
        }

        [Fact]
        public async Task A_flexible_scale_set_lists_its_members_through_the_resource_groups_VM_list_in_pages()
        {
            using var arm = new FakeArmFixture();
            arm.Service.Handle(new FakeRequest { Method = "POST", Uri = new Uri("https://fake.arm.test/_fake/seed"), Body = @"{""flexibleScaleSets"":[{""resourceGroup"":""rg-web"",""name"":""vmss-flex"",""capacity"":5}]}" });
            arm.Service.ClearLog();
            var id = FakeArmService.ScaleSetId("rg-web", "vmss-flex");
            var service = new ScaleSetInfoService(arm.Session, new SettingLookup(arm.Session, arm.Session, arm.Session.Log), arm.Session.Log, new LiveDeclaredReads(arm.Session), headroom: false);
            var info = await service.GetAsync(id, CancellationToken.None);
            Assert.Equal("Flexible", info.OrchestrationMode);
            Assert.Equal(5, info.Instances.Count);
            Assert.All(info.Instances, i => Assert.Null(i.InstanceId));
            Assert.Equal("vmss-flex000004", info.Instances[4].ComputerName);

            // Five VMs at two per page: three requests, never one per VM.
            var lists = arm.Service.Requests.Where(r => r.Path.Contains("/providers/Microsoft.Compute/virtualMachines?", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.Equal(3, lists.Count);
            Assert.Contains("virtualMachineScaleSet%2Fid", lists[0].Path, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public async Task A_failed_read_of_azure_status_leaves_a_reason_and_a_warning_not_a_failed_diagnosis()
        {
            using var arm = new FakeArmFixture();
            arm.Service.AddFault(new FakeFault { Match = "Microsoft.ResourceHealth", Status = 403, Count = 10 });
            var collector = new DiagnosisCollector(SourceSet.Live(arm.Session, new LiveSampleSource(new AzureConnectionOptions(), arm.Session.Log, Array.Empty<MetricSample>(), arm.Session)));
            var collected = await collector.CollectAsync(FakeArmFixture.WebScaleSet, arm.Service.Now, "Live", new DiagnosisOptions(), Array.Empty<Finding>(), CancellationToken.None);
            var status = Diagnoser.Run(collected.Input).Diagnosis.Findings.Single(f => f.Check == "AzureStatus");
            Assert.Equal(FindingStatus.Skipped, status.Status);
            Assert.Contains("Microsoft.ResourceHealth/availabilityStatuses/read", status.Summary);
            Assert.Contains(arm.Session.Log.Drain(), m => m.Key == SourceLogLevel.Warning && m.Value.Contains("Resource Health"));
            Assert.Equal(3, collected.Input.Guide.Instances!.Count);
        }
    }
}
