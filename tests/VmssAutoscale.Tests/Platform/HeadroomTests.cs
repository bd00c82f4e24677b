using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Platform;
using Xunit;

namespace VmssAutoscale.Tests.Platform
{
    /// <summary>Headroom: the readers of the platform bodies, the least of the limits, and the check's verdict in numbers.</summary>
    public class HeadroomTests
    {
        private const string Subnet = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default";

        internal static string Model(string sku = "Standard_D4s_v3", int capacity = 3, string mode = "Uniform", bool? singlePlacementGroup = false, string? priority = null,
            string? imageId = null, int? faultDomains = null, string[]? zones = null, bool? overprovision = false) =>
            "{\"id\":\"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web\",\"name\":\"web\",\"location\":\"westeurope\","
            + $"\"sku\":{{\"name\":\"{sku}\",\"capacity\":{capacity}}},"
            + (zones == null ? string.Empty : $"\"zones\":[{string.Join(",", zones.Select(z => $"\"{z}\""))}],")
            + $"\"properties\":{{\"orchestrationMode\":\"{mode}\","
            + (singlePlacementGroup == null ? string.Empty : $"\"singlePlacementGroup\":{(singlePlacementGroup.Value ? "true" : "false")},")
            + (overprovision == null ? string.Empty : $"\"overprovision\":{(overprovision.Value ? "true" : "false")},")
            + (faultDomains == null ? string.Empty : $"\"platformFaultDomainCount\":{faultDomains},")
            + "\"virtualMachineProfile\":{"
            + (priority == null ? string.Empty : $"\"priority\":\"{priority}\",")
            + (imageId == null ? "\"storageProfile\":{}," : $"\"storageProfile\":{{\"imageReference\":{{\"id\":\"{imageId}\"}}}},")
            + $"\"networkProfile\":{{\"networkInterfaceConfigurations\":[{{\"name\":\"nic\",\"properties\":{{\"ipConfigurations\":[{{\"name\":\"ip\",\"properties\":{{\"subnet\":{{\"id\":\"{Subnet}\"}}}}}}]}}}}]}}}}}}}}";

        internal static string Usage(string name, long used, long limit) =>
            $"{{\"unit\":\"Count\",\"currentValue\":{used},\"limit\":{limit},\"name\":{{\"value\":\"{name}\",\"localizedValue\":\"{name} vCPUs\"}}}}";

        internal static string Sku(string name = "Standard_D4s_v3", string family = "standardDSv3Family", int vcpus = 4, string restrictions = "[]") =>
            $"{{\"resourceType\":\"virtualMachines\",\"name\":\"{name}\",\"tier\":\"Standard\",\"family\":\"{family}\",\"locations\":[\"westeurope\"],"
            + $"\"capabilities\":[{{\"name\":\"MemoryGB\",\"value\":\"16\"}},{{\"name\":\"vCPUs\",\"value\":\"{vcpus}\"}}],\"restrictions\":{restrictions}}}";

        private static PlatformReads Reads(long familyUsed = 24, long familyLimit = 32, long coresUsed = 24, long coresLimit = 100, string restrictions = "[]", IReadOnlyList<ScopeLock>? locks = null, long? subnetUsed = null) => new PlatformReads
        {
            Usages = PlatformReaders.Usages(new[] { Usage("cores", coresUsed, coresLimit), Usage("standardDSv3Family", familyUsed, familyLimit), Usage("lowPriorityCores", 0, 10) }),
            Skus = PlatformReaders.Skus(new[] { Sku("Standard_A1", "standardA0_A7Family", 1), Sku(restrictions: restrictions) }, "westeurope"),
            Locks = locks ?? Array.Empty<ScopeLock>(),
            SubnetUsages = subnetUsed == null ? null : PlatformReaders.SubnetUsages(new[] { $"{{\"id\":\"{Subnet}\",\"currentValue\":{subnetUsed},\"limit\":251,\"name\":{{\"value\":\"SubnetSpace\",\"localizedValue\":\"Subnet size and usage\"}},\"unit\":\"Count\"}}" }),
        };

        [Fact]
        public void The_family_quota_sets_the_maximum_when_it_has_the_least_room()
        {
            var h = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model()), Reads());
            Assert.Equal(5, h.MaximumCapacity);
            Assert.Equal("Quota:standardDSv3Family", h.LimitedBy);
            var family = h.Quotas.Single(q => q.Name == "standardDSv3Family");
            Assert.Equal((8L, 4, 5), (family.Free, family.VCpusPerInstance, family.InstancesAllowed));
            Assert.Equal(3 + (76 / 4), h.Quotas.Single(q => q.Name == "cores").InstancesAllowed);
        }

        [Fact]
        public void The_regional_quota_wins_when_it_is_tighter_than_the_family()
        {
            var h = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model()), Reads(familyLimit: 400, coresUsed: 90, coresLimit: 100));
            Assert.Equal(("Quota:cores", 5), (h.LimitedBy, h.MaximumCapacity));
        }

        [Fact]
        public void A_spot_scale_set_counts_against_the_low_priority_quota_only()
        {
            var h = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model(priority: "Spot")), Reads(familyUsed: 32));
            Assert.Equal(new[] { "lowPriorityCores" }, h.Quotas.Select(q => q.Name).ToArray());
            Assert.Equal(("Quota:lowPriorityCores", 3 + 2), (h.LimitedBy, h.MaximumCapacity));
        }

        [Theory]
        [InlineData("Uniform", null, null, null, "Standard_D4s_v3", 100, "PlacementGroup")]
        [InlineData("Uniform", true, null, null, "Standard_D4s_v3", 100, "PlacementGroup")]
        [InlineData("Uniform", false, "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/images/golden", null, "Standard_D4s_v3", 600, "CustomImage")]
        [InlineData("Uniform", false, "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i/versions/1.0.0", null, "Standard_D4s_v3", 1000, "ScaleSetLimit")]
        [InlineData("Flexible", null, null, 2, "Standard_M64s", 200, "FlexibleFaultDomains")]
        [InlineData("Flexible", null, null, 1, "Standard_M64s", 1000, "ScaleSetLimit")]
        [InlineData("Flexible", null, null, 3, "Standard_D4s_v3", 1000, "ScaleSetLimit")]
        public void The_instance_ceiling_follows_the_scale_sets_shape(string mode, bool? spg, string? image, int? faultDomains, string sku, int ceiling, string reason)
        {
            var shape = ScaleSetShape.Read(Model(sku: sku, mode: mode, singlePlacementGroup: spg, imageId: image, faultDomains: faultDomains));
            Assert.Equal((ceiling, reason), HeadroomCalculator.Ceiling(shape));
        }

        [Fact]
        public void Without_quota_reads_the_ceiling_alone_sets_the_maximum_and_the_gap_is_said()
        {
            var h = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model(singlePlacementGroup: null)), new PlatformReads { Unavailable = new[] { "quota: 403 AuthorizationFailed" } });
            Assert.Equal((100, "PlacementGroup"), (h.MaximumCapacity, h.LimitedBy));
            Assert.Contains("quota: 403 AuthorizationFailed", h.Unavailable);
        }

        [Fact]
        public void Zone_restrictions_name_the_scale_sets_zones_and_all_restricted_stops_growth()
        {
            const string zone3 = "[{\"type\":\"Zone\",\"values\":[\"westeurope\"],\"restrictionInfo\":{\"locations\":[\"westeurope\"],\"zones\":[\"3\",\"2\"]},\"reasonCode\":\"NotAvailableForSubscription\"}]";
            var some = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model(zones: new[] { "1", "2" })), Reads(familyLimit: 400, restrictions: zone3));
            var zone = Assert.Single(some.RestrictedZones);
            Assert.Equal(("2", "NotAvailableForSubscription"), (zone.Zone, zone.ReasonCode));
            Assert.NotEqual("SizeRestricted", some.LimitedBy);

            var all = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model(zones: new[] { "2", "3" })), Reads(familyLimit: 400, restrictions: zone3));
            Assert.Equal(("SizeRestricted", 3), (all.LimitedBy, all.MaximumCapacity));
        }

        [Fact]
        public void A_region_restriction_and_a_read_only_lock_leave_the_capacity_where_it_is()
        {
            const string region = "[{\"type\":\"Location\",\"values\":[\"westeurope\"],\"restrictionInfo\":{\"locations\":[\"westeurope\"]},\"reasonCode\":\"QuotaId\"}]";
            var restricted = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model()), Reads(familyLimit: 400, restrictions: region));
            Assert.Equal(("SizeRestricted", 3, "QuotaId"), (restricted.LimitedBy, restricted.MaximumCapacity, restricted.RegionRestriction));

            var locked = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model()), Reads(familyLimit: 400, locks: new[] { new ScopeLock { Name = "freeze", Level = "ReadOnly", Scope = "ResourceGroup" } }));
            Assert.Equal(("Lock:freeze", 3), (locked.LimitedBy, locked.MaximumCapacity));
            Assert.True(locked.ReadOnlyLocked);
        }

        [Fact]
        public void A_read_only_lock_that_also_limits_the_capacity_says_remove_the_lock_once()
        {
            var locked = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model()), Reads(familyLimit: 400, locks: new[] { new ScopeLock { Name = "freeze", Level = "ReadOnly", Scope = "ResourceGroup" } }));
            var verdict = HeadroomAssessment.Assess(locked, new ScaleIntent { Capacity = 3, ProfileMaximum = 20, ScaleOut = new ScaleAction { ScaleDirection = ScaleDirection.Increase, Value = 1 } });
            Assert.Equal(FindingStatus.Fail, verdict.Status);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(verdict.Remediation!, "Remove the lock"));
        }

        [Fact]
        public void The_subnet_allows_half_as_many_new_instances_while_overprovisioning()
        {
            var plain = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model(overprovision: false)), Reads(familyLimit: 4000, coresLimit: 4000, subnetUsed: 241));
            Assert.Equal(("Subnet", 13, 1), (plain.LimitedBy, plain.MaximumCapacity, plain.Subnet!.AddressesPerInstance));
            var over = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model(overprovision: true)), Reads(familyLimit: 4000, coresLimit: 4000, subnetUsed: 241));
            Assert.Equal(("Subnet", 8, 2), (over.LimitedBy, over.MaximumCapacity, over.Subnet!.AddressesPerInstance));
        }

        [Fact]
        public void Readers_take_the_rest_shapes_and_skip_other_resource_types()
        {
            var skus = PlatformReaders.Skus(new[] { Sku(), "{\"resourceType\":\"disks\",\"name\":\"Premium_LRS\",\"locations\":[\"westeurope\"]}", Sku("Standard_E2s_v3", "standardESv3Family", 2).Replace("westeurope", "northeurope") }, "West Europe");
            var sku = Assert.Single(skus);
            Assert.Equal(("standardDSv3Family", 4), (sku.Family, sku.VCpus));
            var l = PlatformReaders.Lock("{\"id\":\"/subscriptions/s1/providers/Microsoft.Authorization/locks/keep\",\"type\":\"Microsoft.Authorization/locks\",\"name\":\"keep\",\"properties\":{\"level\":\"CanNotDelete\",\"notes\":\"Do not delete\"}}", "Subscription");
            Assert.Equal(("keep", "CanNotDelete", "Subscription", "Do not delete", false), (l.Name, l.Level, l.Scope, l.Notes, l.IsReadOnly));
            Assert.Equal(Subnet, ScaleSetShape.Read(Model()).SubnetId);
        }

        [Fact]
        public void Only_the_locks_set_on_the_scale_set_its_group_or_subscription_apply_each_once()
        {
            const string Vmss = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";
            static string Lock(string scope, string name, string level) =>
                $"{{\"id\":\"{scope}/providers/Microsoft.Authorization/locks/{name}\",\"name\":\"{name}\",\"properties\":{{\"level\":\"{level}\"}}}}";
            var items = new[]
            {
                Lock(Vmss, "own", "CanNotDelete"),
                Lock("/subscriptions/s1/resourceGroups/rg", "group", "ReadOnly"),
                Lock("/subscriptions/s1/resourceGroups/rg", "group", "ReadOnly"),
                Lock("/subscriptions/s1", "sub", "CanNotDelete"),
                Lock("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/diag", "other", "ReadOnly"),
                Lock("/subscriptions/s1/resourceGroups/rg2", "elsewhere", "ReadOnly"),
            }.Select(VmssAutoscale.Json.JsonParser.Parse);
            var locks = PlatformReaders.LocksOf(items, Vmss);
            Assert.Equal(new[] { "own|ScaleSet", "group|ResourceGroup", "sub|Subscription" }, locks.Select(l => $"{l.Name}|{l.Scope}").ToArray());
        }

        [Fact]
        public void The_check_says_the_whole_step_fails_in_numbers_as_the_issue_reads()
        {
            var h = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model()), Reads());
            var verdict = HeadroomAssessment.Assess(h, new ScaleIntent
            {
                Capacity = 3, ProfileMaximum = 20, SettingName = "as", WantsScaleOut = true, DesiredCapacity = 6, Location = "westeurope",
                ScaleOut = new ScaleAction { ScaleDirection = ScaleDirection.Increase, ScaleType = ScaleType.ChangeCount, Value = 3 },
            });
            Assert.Equal(FindingStatus.Fail, verdict.Status);
            Assert.Equal("ChangeCount 3 needs 12 vCPUs; standardDSv3Family has 8 free (24 of 32 used), so the whole step fails although two VMs would fit: at most 5 instances of the setting's 20.", verdict.Summary);
            Assert.Equal(PlatformReasons.QuotaExhausted, verdict.BlockingReason);
            // To reach the maximum of 20 from 3: 17 more instances of 4 vCPUs on top of the 24 used.
            Assert.Contains("at least 92 vCPUs", verdict.Remediation);
            Assert.Contains("ChangeCount 2", verdict.Remediation);
        }

        [Fact]
        public void The_check_warns_when_only_the_profiles_maximum_is_beyond_the_headroom()
        {
            var h = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model()), Reads(familyLimit: 40));
            var verdict = HeadroomAssessment.Assess(h, new ScaleIntent { Capacity = 3, ProfileMaximum = 20, ScaleOut = new ScaleAction { ScaleDirection = ScaleDirection.Increase, Value = 1 } });
            Assert.Equal(FindingStatus.Warn, verdict.Status);
            Assert.Null(verdict.BlockingReason);
            Assert.StartsWith("The profile's maximum 20 is beyond what the platform allows now: at most 7 instances", verdict.Summary);
        }

        [Fact]
        public void A_next_step_the_quota_cannot_hold_blocks_even_before_the_rules_ask()
        {
            var h = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model()), Reads(familyUsed: 32));
            var verdict = HeadroomAssessment.Assess(h, new ScaleIntent { Capacity = 3, ProfileMaximum = 20, ScaleOut = new ScaleAction { ScaleDirection = ScaleDirection.Increase, Value = 1 } });
            Assert.Equal((FindingStatus.Warn, PlatformReasons.QuotaExhausted), (verdict.Status, verdict.BlockingReason));
            Assert.DoesNotContain("would fit", verdict.Summary);
        }

        [Fact]
        public void Locks_fail_every_action_or_a_flexible_scale_in()
        {
            var readOnly = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model()), Reads(familyLimit: 400, locks: new[] { new ScopeLock { Name = "freeze", Level = "ReadOnly", Scope = "ResourceGroup", LockId = "/x/locks/freeze" } }));
            var v = HeadroomAssessment.Assess(readOnly, new ScaleIntent { Capacity = 3, ProfileMaximum = 5 });
            Assert.Equal((FindingStatus.Fail, PlatformReasons.ScopeLocked), (v.Status, v.BlockingReason));
            Assert.Contains("Remove-AzResourceLock -LockId '/x/locks/freeze'", v.Remediation);

            // A resource group's lock by its name and group: a command that reads in one line, not a three-line ID.
            var groupLock = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model()), Reads(familyLimit: 400, locks: new[] { new ScopeLock { Name = "change freeze", Level = "ReadOnly", Scope = "ResourceGroup", LockId = "/subscriptions/s1/resourceGroups/rg-a/providers/Microsoft.Authorization/locks/change freeze" } }));
            Assert.Equal(
                "Remove the lock (Remove-AzResourceLock -LockName 'change freeze' -ResourceGroupName rg-a) or make it CanNotDelete.",
                HeadroomAssessment.Assess(groupLock, new ScaleIntent { Capacity = 3, ProfileMaximum = 5 }).Remediation);

            var noDelete = HeadroomCalculator.Calculate(ScaleSetShape.Read(Model(mode: "Flexible")), Reads(familyLimit: 400, locks: new[] { new ScopeLock { Name = "keep", Level = "CanNotDelete", Scope = "ResourceGroup" } }));
            Assert.Equal(FindingStatus.Warn, HeadroomAssessment.Assess(noDelete, new ScaleIntent { Capacity = 3, ProfileMaximum = 5, Flexible = true }).Status);
            var scaleIn = HeadroomAssessment.Assess(noDelete, new ScaleIntent { Capacity = 3, ProfileMaximum = 5, Flexible = true, WantsScaleIn = true });
            Assert.Equal((FindingStatus.Fail, PlatformReasons.ScopeLocked), (scaleIn.Status, scaleIn.BlockingReason));
            // A Uniform scale-in deletes scale set instances, not VM resources: the lock does not block it.
            Assert.Equal(FindingStatus.Pass, HeadroomAssessment.Assess(noDelete, new ScaleIntent { Capacity = 3, ProfileMaximum = 5, WantsScaleIn = true }).Status);
        }

        [Theory]
        [InlineData(ScaleType.ChangeCount, 2, 4, 20, 6)]
        [InlineData(ScaleType.PercentChangeCount, 10, 4, 20, 5)]
        [InlineData(ScaleType.PercentChangeCount, 50, 4, 20, 6)]
        [InlineData(ScaleType.ExactCount, 9, 4, 20, 9)]
        [InlineData(ScaleType.ChangeCount, 5, 4, 6, 6)]
        public void The_next_scale_out_target_follows_the_rules_action_within_the_maximum(ScaleType type, int value, int capacity, int max, int expected)
        {
            Assert.Equal(expected, HeadroomAssessment.NextScaleOutTarget(new ScaleIntent { Capacity = capacity, ProfileMaximum = max, ScaleOut = new ScaleAction { ScaleType = type, Value = value } }));
        }
    }
}
