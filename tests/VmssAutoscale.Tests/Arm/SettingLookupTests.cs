using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.FakeArm;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Tests.Arm
{
    /// <summary>Finding one scale set's settings with Resource Graph, over the real pipeline against the fake ARM.</summary>
    public class SettingLookupTests
    {
        private static readonly string SettingsOfSubscription = $"/subscriptions/{FakeArmService.Subscription}/providers/Microsoft.Insights/autoscalesettings?";

        [Fact]
        public void The_fake_recognises_the_query_the_module_sends() =>
            Assert.StartsWith(FakeArmService.SettingQueryMarker + "\n", SettingLookup.QueryFor(FakeArmFixture.WebScaleSet), StringComparison.Ordinal);

        [Fact]
        public void The_scale_set_id_is_a_KQL_string_literal_whatever_it_holds()
        {
            var query = SettingLookup.QueryFor("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/a'b\\c/");
            Assert.Contains("| where tostring(properties.targetResourceUri) =~ '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/a\\'b\\\\c'\n", query, StringComparison.Ordinal);
        }

        [Fact]
        public async Task One_query_and_the_resource_group_list_replace_the_subscriptions_pages()
        {
            using var f = new FakeArmFixture(fleet: 500);
            f.Service.Configure(new FakeConfig { PageSize = 100 });
            var bodies = await new SettingLookup(f.Session, f.Session, f.Session.Log).FindAsync(FakeArmFixture.WebScaleSet, FakeArmService.Subscription, CancellationToken.None);

            // The resource group's list comes whole (the collector keeps the settings whose target matches).
            Assert.Contains(FakeArmService.SettingId("rg-web", "autoscale-web"), bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("id").GetString()));
            var requests = f.Service.Requests;
            Assert.Equal(2, requests.Count);
            Assert.Single(requests, r => r.Method == "POST" && r.Path == "/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01" && r.Status == 200);
            Assert.Single(requests, r => r.Path.StartsWith($"/subscriptions/{FakeArmService.Subscription}/resourceGroups/rg-web/providers/Microsoft.Insights/autoscalesettings?api-version=2022-10-01", StringComparison.Ordinal));
            var body = JsonDocument.Parse(f.Service.ResourceGraphBodies.Single()).RootElement;
            Assert.Equal(SettingLookup.QueryFor(FakeArmFixture.WebScaleSet), body.GetProperty("query").GetString());
            Assert.Equal(new[] { FakeArmService.Subscription }, body.GetProperty("subscriptions").EnumerateArray().Select(s => s.GetString()));
        }

        [Fact]
        public async Task A_setting_in_another_resource_group_is_read_by_its_id()
        {
            using var f = new FakeArmFixture(fleet: 3);
            var seed = "{\"scaleSets\":[{\"resourceGroup\":\"rg-app\",\"name\":\"vmss-app\"}],\"settings\":[{\"resourceGroup\":\"rg-monitoring\",\"name\":\"autoscale-app\",\"scaleSet\":\"vmss-app\",\"scaleSetResourceGroup\":\"rg-app\"}]}";
            Assert.Equal(204, f.Service.Handle(new FakeRequest { Method = "POST", Uri = new Uri("https://fake.arm.test/_fake/seed"), Body = seed }).Status);
            var bodies = await new SettingLookup(f.Session, f.Session, f.Session.Log).FindAsync(FakeArmService.ScaleSetId("rg-app", "vmss-app"), FakeArmService.Subscription, CancellationToken.None);

            Assert.Equal(new[] { FakeArmService.SettingId("rg-monitoring", "autoscale-app") }, bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("id").GetString()));
            Assert.Single(f.Service.Requests, r => r.Path.Contains("/resourceGroups/rg-monitoring/providers/microsoft.insights/autoscalesettings/autoscale-app?", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(f.Service.Requests, r => r.Path.StartsWith(SettingsOfSubscription, StringComparison.Ordinal));
        }

        [Fact]
        public async Task Refused_Resource_Graph_falls_back_to_the_subscriptions_list_and_says_why()
        {
            using var f = new FakeArmFixture(fleet: 500);
            f.Service.Configure(new FakeConfig { PageSize = 100 });
            f.Service.AddFault(new FakeFault { Match = "Microsoft.ResourceGraph", Status = 403 });
            var bodies = await new SettingLookup(f.Session, f.Session, f.Session.Log).FindAsync(FakeArmFixture.WebScaleSet, FakeArmService.Subscription, CancellationToken.None);

            // Every body of the subscription comes back; the collector keeps those that target the scale set.
            Assert.Equal(502, bodies.Count);
            Assert.Equal(6, f.Service.Requests.Count(r => r.Path.StartsWith(SettingsOfSubscription, StringComparison.Ordinal)));
            Assert.Contains(f.Session.Log.Drain(), m => m.Key == SourceLogLevel.Verbose && m.Value.StartsWith("Azure Resource Graph could not be asked which autoscale settings target 'vmss-web'", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Several_scale_sets_of_one_subscription_share_one_list_and_send_no_query()
        {
            using var f = new FakeArmFixture(fleet: 500);
            f.Service.Configure(new FakeConfig { PageSize = 100 });
            var lookup = new SettingLookup(f.Session, f.Session, f.Session.Log);
            var ids = new[] { FakeArmFixture.WebScaleSet, FakeArmService.ScaleSetId("rg-fleet", "vmss-0001") };
            lookup.Expect(ids);
            foreach (var id in ids)
            {
                await lookup.FindAsync(id, FakeArmService.Subscription, CancellationToken.None);
            }

            Assert.Empty(f.Service.ResourceGraphBodies);
            Assert.Equal(6, f.Service.Requests.Count);
        }
    }
}
