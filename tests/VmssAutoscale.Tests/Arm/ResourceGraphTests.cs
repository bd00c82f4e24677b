using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.FakeArm;
using VmssAutoscale.Sources;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Tests.Arm
{
    /// <summary>Fleet discovery through Azure Resource Graph, over the real pipeline against the fake ARM.</summary>
    public class ResourceGraphTests
    {
        private static readonly string[] OneSubscription = { FakeArmService.Subscription };

        [Fact]
        public void The_fake_recognises_the_query_the_module_sends() =>
            Assert.StartsWith(FakeArmService.FleetQueryMarker + "\n", FleetInventory.Query, StringComparison.Ordinal);

        [Fact]
        public async Task One_query_pages_with_skipToken_and_finds_every_scale_set_with_a_setting()
        {
            using var f = new FakeArmFixture(fleet: 500);
            f.Service.Configure(new FakeConfig { ResourceGraphPageSize = 100 });
            var members = await FleetInventory.FindAsync(f.Session, OneSubscription, f.Session.Log, CancellationToken.None);

            // 500 fleet scale sets plus the seeded vmss-web and vmss-busy (whose setting is
            // disabled, but it is a setting); vmss-linux, -small and -batch have none.
            Assert.Equal(502, members.Count);
            Assert.All(members, m => Assert.Single(m.AutoscaleSettingIds));
            var web = Assert.Single(members, m => m.VMScaleSetName == "vmss-web");

            // The setting's targetResourceUri is lower case; the id keeps the scale set's own case.
            Assert.Equal(FakeArmFixture.WebScaleSet, web.ResourceId);
            Assert.Equal(FakeArmService.SettingId("rg-web", "autoscale-web"), web.AutoscaleSettingIds[0]);
            Assert.Equal(FakeArmService.Subscription, web.SubscriptionId);
            Assert.Equal(FakeArmService.Location, web.Location);

            // 6 pages of 100, each a POST with the same query, scope and page size, the next one
            // carrying the $skipToken the previous answer gave.
            var bodies = f.Service.ResourceGraphBodies.Select(b => JsonDocument.Parse(b).RootElement).ToList();
            Assert.Equal(6, bodies.Count);
            Assert.Equal(6, f.Session.RequestCount);
            Assert.All(f.Service.Requests, r => Assert.Equal("POST", r.Method));
            Assert.All(f.Service.Requests, r => Assert.Equal("/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01", r.Path));
            foreach (var b in bodies)
            {
                Assert.Equal(FleetInventory.Query, b.GetProperty("query").GetString());
                Assert.Equal(OneSubscription, b.GetProperty("subscriptions").EnumerateArray().Select(s => s.GetString()));
                var options = b.GetProperty("options");
                Assert.Equal(1000, options.GetProperty("$top").GetInt32());
                Assert.Equal("objectArray", options.GetProperty("resultFormat").GetString());
            }

            Assert.False(bodies[0].GetProperty("options").TryGetProperty("$skipToken", out _));
            var tokens = bodies.Skip(1).Select(b => b.GetProperty("options").GetProperty("$skipToken").GetString()).ToList();
            Assert.Equal(5, tokens.Distinct(StringComparer.Ordinal).Count());
        }

        [Fact]
        public async Task More_than_a_thousand_subscriptions_go_in_batches_of_a_thousand()
        {
            using var f = new FakeArmFixture();
            var subscriptions = Enumerable.Range(0, 1499).Select(i => Guid.NewGuid().ToString()).Append(FakeArmService.Subscription).ToList();
            var members = await FleetInventory.FindAsync(f.Session, subscriptions, f.Session.Log, CancellationToken.None);
            Assert.Equal(2, members.Count);
            Assert.Equal(new[] { 1000, 500 }, f.Service.ResourceGraphBodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("subscriptions").GetArrayLength()));
        }

        [Fact]
        public async Task Subscriptions_not_asked_for_are_not_searched()
        {
            using var f = new FakeArmFixture(fleet: 3);
            Assert.Empty(await FleetInventory.FindAsync(f.Session, new[] { Guid.NewGuid().ToString() }, f.Session.Log, CancellationToken.None));
            Assert.Empty(await FleetInventory.FindAsync(f.Session, Array.Empty<string>(), f.Session.Log, CancellationToken.None));
            Assert.Single(f.Service.ResourceGraphBodies);
        }

        [Fact]
        public async Task Throttling_is_retried_by_the_same_policy_as_every_ARM_call()
        {
            using var f = new FakeArmFixture(fleet: 3);
            f.Service.AddFault(new FakeFault { Match = "/Microsoft.ResourceGraph/", Status = 429, Count = 2, Headers = { ["Retry-After"] = "4" } });
            var members = await FleetInventory.FindAsync(f.Session, OneSubscription, f.Session.Log, CancellationToken.None);
            Assert.Equal(5, members.Count);
            Assert.Equal(new[] { 4.0, 4.0 }, f.Waits.Select(w => w.TotalSeconds));
            Assert.Equal(3, f.Session.RequestCount);
        }

        [Fact]
        public async Task A_query_the_service_refuses_is_a_module_error_that_names_Resource_Graph()
        {
            using var f = new FakeArmFixture();
            var e = await Assert.ThrowsAsync<ModuleException>(() => f.Session.QueryResourcesAsync(OneSubscription, "resources | take 1", CancellationToken.None));
            Assert.Equal("RequestFailed", e.ErrorId);
            Assert.Contains("Azure Resource Graph", e.Message, StringComparison.Ordinal);
            Assert.Contains("BadRequest", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Rows_that_are_not_scale_sets_are_skipped_and_disabled_subscriptions_are_not_searched()
        {
            Assert.Null(FleetInventory.Read("{\"id\":\"/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/sites/a\"}"));
            Assert.Null(FleetInventory.Read("not json"));
            var m = FleetInventory.Read("{\"id\":\"/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachineScaleSets/a/\",\"settingIds\":[\"x\",null]}");
            Assert.NotNull(m);
            Assert.Equal("/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachineScaleSets/a", m!.ResourceId);
            Assert.Equal(("s", "r", "a"), (m.SubscriptionId, m.ResourceGroupName, m.VMScaleSetName));
            Assert.Equal(new[] { "x" }, m.AutoscaleSettingIds);

            Assert.Equal(new[] { "a", "c" }, FleetInventory.Searchable(new[]
            {
                new VmssAutoscale.Model.SubscriptionInfo { SubscriptionId = "a", State = "Enabled" },
                new VmssAutoscale.Model.SubscriptionInfo { SubscriptionId = "b", State = "Disabled" },
                new VmssAutoscale.Model.SubscriptionInfo { SubscriptionId = "c", State = "Warned" },
                new VmssAutoscale.Model.SubscriptionInfo { SubscriptionId = "A", State = "Enabled" },
            }));
        }
    }
}
