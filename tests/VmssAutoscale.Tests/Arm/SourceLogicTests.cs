using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.FakeArm;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Tests.Arm
{
    public class SourceLogicTests
    {
        [Fact]
        public async Task Scale_events_merge_per_operation_and_flag_what_explains_no_scaling()
        {
            using var f = new FakeArmFixture();
            var sub = FakeArmService.Subscription;
            var records = (await f.Session.GetActivityLogJsonAsync(sub, FakeArmService.SettingId("rg-web", "autoscale-web"), f.Service.Now.AddHours(-24), f.Service.Now, CancellationToken.None))
                .Concat(await f.Session.GetActivityLogJsonAsync(sub, FakeArmFixture.WebScaleSet, f.Service.Now.AddHours(-24), f.Service.Now, CancellationToken.None))
                .Select(ActivityLogReader.Read)
                .ToList();
            Assert.Equal(12, records.Count);

            var events = ScaleEventMerger.Merge(records, TimeSpan.FromMinutes(5));
            Assert.Equal(6, events.Count);
            Assert.Equal(new[] { ScaleEventDirection.Out, ScaleEventDirection.In, ScaleEventDirection.Out, ScaleEventDirection.In, ScaleEventDirection.Out, ScaleEventDirection.Out }, events.Select(e => e.Direction));
            Assert.Equal(new[] { "Succeeded", "Succeeded", "Succeeded", "Succeeded", "Failed", "Failed" }, events.Select(e => e.Status));

            var manual = events[2];
            Assert.Equal(ScaleEventCause.Manual, manual.Cause);
            Assert.Equal("operator@contoso.com", manual.Caller);
            Assert.Equal(2, manual.FromCapacity);
            Assert.Equal(8, manual.ToCapacity);
            Assert.Equal(TimeSpan.FromSeconds(90), manual.DurationSpan);
            Assert.Contains(manual.Flags, x => x.Contains("back from 8 to 5", StringComparison.Ordinal));

            Assert.Contains(events[0].Flags, x => x.Contains("flapping", StringComparison.Ordinal));
            Assert.Contains(events[1].Flags, x => x.Contains("flapping", StringComparison.Ordinal));
            Assert.All(events.Skip(4), e => Assert.Contains(e.Flags, x => x.StartsWith("2 scale actions failed", StringComparison.Ordinal)));
            Assert.Equal(TimeSpan.FromSeconds(75), events[0].DurationSpan);
        }

        [Fact]
        public void A_scale_out_and_in_further_apart_than_twice_the_cooldown_is_not_flapping()
        {
            var t = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
            var records = new[]
            {
                Record("Scaleup", "a", t, 2, 3),
                Record("Scaledown", "b", t.AddMinutes(11), 3, 2),
            };
            Assert.All(ScaleEventMerger.Merge(records, TimeSpan.FromMinutes(5)), e => Assert.Empty(e.Flags));
            Assert.All(ScaleEventMerger.Merge(records, TimeSpan.FromMinutes(6)), e => Assert.NotEmpty(e.Flags));
        }

        /// <summary>
        /// The activity log puts the request body (how a capacity write is recognised) only on the
        /// Started record; the Succeeded record of the same operation has none. Both must still
        /// merge into one event with its end and duration.
        /// </summary>
        [Fact]
        public void A_manual_capacity_write_ends_with_the_records_of_its_operation_that_carry_no_body()
        {
            var t = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
            const string vmss = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";
            ActivityLogRecord Write(string status, DateTime at, string? operationId, string correlationId, string? body) => new ActivityLogRecord
            {
                EventTimestamp = at,
                OperationName = "Microsoft.Compute/virtualMachineScaleSets/write",
                Status = status,
                OperationId = operationId,
                CorrelationId = correlationId,
                EventDataId = Guid.NewGuid().ToString(),
                Caller = "operator@contoso.com",
                ResourceId = vmss,
                Properties = body == null ? new Dictionary<string, string> { ["statusCode"] = "OK" } : new Dictionary<string, string> { ["requestbody"] = body },
            };

            var records = new[]
            {
                Write("Started", t, "op-1", "c-1", "{\"sku\":{\"capacity\":4}}"),
                Write("Accepted", t.AddSeconds(2), "op-1", "c-1", null),
                Write("Succeeded", t.AddSeconds(90), "op-1", "c-1", null),

                // No operationId on these: the correlationId ties them together.
                Write("Started", t.AddHours(1), null, "c-2", "{\"sku\":{\"capacity\":2}}"),
                Write("Failed", t.AddHours(1).AddSeconds(30), null, "c-2", null),

                // A write of another operation that does not change capacity stays out.
                Write("Succeeded", t.AddMinutes(30), "op-3", "c-3", null),
            };

            var events = ScaleEventMerger.Merge(records, TimeSpan.FromMinutes(5));
            Assert.Equal(2, events.Count);
            Assert.All(events, e => Assert.Equal(ScaleEventCause.Manual, e.Cause));
            Assert.Equal("Succeeded", events[0].Status);
            Assert.Equal(t.AddSeconds(90), events[0].EndTime);
            Assert.Equal(TimeSpan.FromSeconds(90), events[0].DurationSpan);
            Assert.Equal(4, events[0].ToCapacity);
            Assert.Equal(3, events[0].Records.Count);
            Assert.Equal("Failed", events[1].Status);
            Assert.Equal(TimeSpan.FromSeconds(30), events[1].DurationSpan);
            Assert.Equal(4, events[1].FromCapacity);
            Assert.Equal(2, events[1].ToCapacity);
        }

        [Fact]
        public void Flapping_records_take_their_counts_from_the_description()
        {
            var r = new ActivityLogRecord
            {
                EventTimestamp = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc),
                OperationName = "Microsoft.Insights/AutoscaleSettings/Flapping/Action",
                EventName = "FlappingOccurred",
                Status = "Succeeded",
                OperationId = "f",
                Description = "Scale down will occur with updated instance count to avoid flapping. Resource: 'x'. Current instance count: '6', Intended new instance count: '1'. Actual new instance count: '4'",
            };
            var e = Assert.Single(ScaleEventMerger.Merge(new[] { r }, TimeSpan.FromMinutes(5)));
            Assert.Equal(ScaleEventCause.FlappingAdjusted, e.Cause);
            Assert.Equal(6, e.FromCapacity);
            Assert.Equal(4, e.ToCapacity);
            Assert.Equal(ScaleEventDirection.In, e.Direction);
        }

        [Fact]
        public void A_caller_that_looks_like_a_token_is_never_shown()
        {
            Assert.Equal("(redacted)", ScaleEventMerger.SafeCaller("eyJ0eXAiOiJKV1Qi.eyJhdWQiOiJodHRwcy.sig"));
            Assert.Equal("user@contoso.com", ScaleEventMerger.SafeCaller("user@contoso.com"));
        }

        [Fact]
        public async Task Describing_a_fleet_costs_two_requests_per_scale_set_plus_a_constant()
        {
            using var f = new FakeArmFixture(fleet: 200);
            f.Service.Configure(new FakeConfig { PageSize = 100 });
            var service = new ScaleSetInfoService(f.Session, new VmssAutoscale.Diagnosis.SettingLookup(f.Session, f.Session, f.Session.Log), f.Session.Log, new VmssAutoscale.Sources.Reads.LiveDeclaredReads(f.Session), instances: false, headroom: false);
            var all = await service.ListAsync(FakeArmService.Subscription, "rg-fleet", CancellationToken.None);
            Assert.Equal(200, all.Count);
            Assert.All(all, s => Assert.Single(s.AutoscaleSettingIds));
            Assert.All(all, s => Assert.Equal(2, s.VCpusPerInstance));

            // 2 pages of scale sets + 200 instance views + 1 page of VM sizes + 3 pages of settings (205 settings).
            Assert.Equal(2 + 200 + 1 + 3, f.Session.RequestCount);
            Assert.DoesNotContain(f.Service.Requests, r => System.Text.RegularExpressions.Regex.IsMatch(r.Path, "/virtualMachines[/?]", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        }

        [Fact]
        public async Task Scale_set_info_reads_size_os_extensions_and_settings()
        {
            using var f = new FakeArmFixture();
            var info = await new ScaleSetInfoService(f.Session, new VmssAutoscale.Diagnosis.SettingLookup(f.Session, f.Session, f.Session.Log), f.Session.Log, new VmssAutoscale.Sources.Reads.LiveDeclaredReads(f.Session), instances: false, headroom: false).GetAsync(FakeArmFixture.WebScaleSet, CancellationToken.None);
            Assert.Equal("Windows", info.OsType);
            Assert.Equal(2, info.VCpusPerInstance);
            Assert.Equal(3, info.Capacity);
            var d = info.DiagnosticsExtension!;
            Assert.Equal("WAD", d.DiagnosticsKind);
            Assert.Equal("diagvmssweb", d.StorageAccount);
            Assert.Equal(2, d.SucceededCount);
            Assert.Equal(1, d.NotSucceededCount);
            Assert.False(d.Healthy);
            Assert.Equal(FakeArmService.SettingId("rg-web", "autoscale-web"), Assert.Single(info.AutoscaleSettingIds));
        }

        [Theory]
        [InlineData(2.5, "not a whole number")]
        [InlineData(-1, "negative")]
        [InlineData(1001, "above 1000")]
        public void Bad_capacities_are_refused(double capacity, string reason) =>
            Assert.Contains(reason, ManualScalePlanner.Refusal(capacity, "-Capacity"), StringComparison.Ordinal);

        [Fact]
        public void A_whole_capacity_in_range_is_accepted() => Assert.Null(ManualScalePlanner.Refusal(7, "-Capacity"));

        [Fact]
        public void Poll_delay_honours_Retry_After_the_cap_and_the_timeout()
        {
            var d = TimeSpan.FromSeconds(5);
            var max = TimeSpan.FromSeconds(30);
            Assert.Equal(TimeSpan.FromSeconds(2), ManualScalePlanner.NextPollDelay(TimeSpan.FromSeconds(2), TimeSpan.Zero, null, d, max));
            Assert.Equal(d, ManualScalePlanner.NextPollDelay(null, TimeSpan.Zero, null, d, max));
            Assert.Equal(max, ManualScalePlanner.NextPollDelay(TimeSpan.FromMinutes(5), TimeSpan.Zero, null, d, max));
            Assert.Equal(TimeSpan.FromSeconds(1), ManualScalePlanner.NextPollDelay(null, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10), d, max));
            Assert.Null(ManualScalePlanner.NextPollDelay(null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), d, max));
        }

        [Fact]
        public void Autoscale_warning_uses_the_active_profile_and_ignores_disabled_settings()
        {
            var setting = new AutoscaleSetting
            {
                Name = "s",
                Profiles = new[]
                {
                    new AutoscaleProfile { Name = "default", Capacity = new ScaleCapacity { Minimum = 2, Maximum = 5, Default = 3 } },
                    new AutoscaleProfile
                    {
                        Name = "weekend",
                        Capacity = new ScaleCapacity { Minimum = 1, Maximum = 2, Default = 1 },
                        FixedDate = new FixedDateWindow { TimeZone = "UTC", Start = new DateTime(2024, 5, 4, 0, 0, 0, DateTimeKind.Utc), End = new DateTime(2024, 5, 5, 23, 59, 0, DateTimeKind.Utc) },
                    },
                },
            };
            var weekday = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
            var saturday = new DateTime(2024, 5, 4, 12, 0, 0, DateTimeKind.Utc);
            Assert.Null(ManualScalePlanner.AutoscaleWarning(new[] { setting }, 4, weekday));
            Assert.Contains("set it back to 2", ManualScalePlanner.AutoscaleWarning(new[] { setting }, 4, saturday), StringComparison.Ordinal);
            Assert.Contains("set it back to 5", ManualScalePlanner.AutoscaleWarning(new[] { setting }, 9, weekday), StringComparison.Ordinal);
            var disabled = new AutoscaleSetting { Name = "off", Enabled = false, Profiles = setting.Profiles };
            Assert.Null(ManualScalePlanner.AutoscaleWarning(new[] { disabled }, 9, weekday));
        }

        private static ActivityLogRecord Record(string op, string id, DateTime t, int from, int to) => new ActivityLogRecord
        {
            EventTimestamp = t,
            OperationName = $"Microsoft.Insights/AutoscaleSettings/{op}/Action",
            Status = "Succeeded",
            OperationId = id,
            OldInstancesCount = from,
            NewInstancesCount = to,
        };
    }
}
