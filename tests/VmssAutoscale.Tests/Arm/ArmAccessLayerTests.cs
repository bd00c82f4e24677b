using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.FakeArm;
using VmssAutoscale.Sources;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Tests.Arm
{
    public class ArmAccessLayerTests
    {
        private static readonly string Sub = FakeArmService.Subscription;

        [Fact]
        public async Task Follows_nextLink_through_three_pages()
        {
            using var f = new FakeArmFixture();
            var items = await f.Session.ListScaleSetJsonAsync(Sub, "rg-web", CancellationToken.None);
            Assert.Equal(5, items.Count);
            Assert.Equal(3, f.Service.Requests.Count(r => r.Path.Contains("virtualMachineScaleSets?", StringComparison.OrdinalIgnoreCase)));
            Assert.Equal(3, f.Session.RequestCount);
        }

        [Fact]
        public async Task Stops_when_a_nextLink_repeats_and_warns()
        {
            using var f = new FakeArmFixture();
            f.Service.Configure(new FakeConfig { RepeatNextLink = "virtualMachineScaleSets" });
            var items = await f.Session.ListScaleSetJsonAsync(Sub, "rg-web", CancellationToken.None);
            Assert.InRange(f.Session.RequestCount, 2, 3);
            Assert.NotEmpty(items);
            Assert.Contains(f.Session.Log.Drain(), m => m.Key == SourceLogLevel.Warning && m.Value.Contains("same nextLink twice", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Retries_a_429_storm_honouring_Retry_After()
        {
            using var f = new FakeArmFixture();
            f.Service.AddFault(new FakeFault { Match = "/vmss-web?", Status = 429, Count = 3, Headers = { ["Retry-After"] = "7" } });
            var json = await f.Session.GetScaleSetJsonAsync(FakeArmFixture.WebScaleSet, CancellationToken.None);
            Assert.Contains("vmss-web", json, StringComparison.Ordinal);
            Assert.Equal(new[] { 7.0, 7.0, 7.0 }, f.Waits.Select(w => w.TotalSeconds));
            Assert.Equal(4, f.Session.RequestCount);
        }

        [Fact]
        public async Task Prefers_retry_after_ms_and_caps_long_waits()
        {
            using var f = new FakeArmFixture();
            f.Service.AddFault(new FakeFault { Match = "/vmss-web?", Status = 429, Count = 1, Headers = { ["Retry-After"] = "9", ["retry-after-ms"] = "40" } });
            f.Service.AddFault(new FakeFault { Match = "/vmss-web?", Status = 503, Count = 1, Headers = { ["Retry-After"] = "3600" } });
            await f.Session.GetScaleSetJsonAsync(FakeArmFixture.WebScaleSet, CancellationToken.None);
            Assert.Equal(TimeSpan.FromMilliseconds(40), f.Waits[0]);
            Assert.Equal(TimeSpan.FromSeconds(60), f.Waits[1]);
        }

        [Fact]
        public async Task Retries_a_transient_5xx_then_succeeds()
        {
            using var f = new FakeArmFixture();
            f.Service.AddFault(new FakeFault { Match = "/instanceView", Status = 503, Count = 1 });
            var json = await f.Session.GetInstanceViewJsonAsync(FakeArmFixture.WebScaleSet, CancellationToken.None);
            Assert.Contains("statusesSummary", json, StringComparison.Ordinal);

            // Two requests for one call: the 503, then the retry that succeeded.
            Assert.Equal(2, f.Session.RequestCount);
            Assert.Single(f.Waits);
            Assert.InRange(f.Waits[0].TotalSeconds, 0.5, 1.0);
        }

        [Fact]
        public async Task Exhausted_throttling_is_LimitsExceeded()
        {
            using var f = new FakeArmFixture(maxRetries: 2);
            f.Service.AddFault(new FakeFault { Match = "/vmss-web?", Status = 429, Count = 10, Headers = { ["Retry-After"] = "1" } });
            var e = await Assert.ThrowsAsync<ModuleException>(() => f.Session.GetScaleSetJsonAsync(FakeArmFixture.WebScaleSet, CancellationToken.None));
            Assert.Equal("Throttled", e.ErrorId);
            Assert.Equal(ErrorCategory.LimitsExceeded, e.Category);
            Assert.Equal(3, f.Session.RequestCount);
        }

        [Fact]
        public async Task Forbidden_names_the_action_and_the_role()
        {
            using var f = new FakeArmFixture();
            f.Service.AddFault(new FakeFault { Match = "eventtypes/management/values", Status = 403, Count = 1 });
            var e = await Assert.ThrowsAsync<ModuleException>(() => f.Session.GetActivityLogJsonAsync(Sub, FakeArmFixture.WebScaleSet, new DateTime(2024, 5, 1, 11, 0, 0, DateTimeKind.Utc), new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc), CancellationToken.None));
            Assert.Equal(ErrorCategory.PermissionDenied, e.Category);
            Assert.Contains("Microsoft.Insights/eventtypes/values/read", e.Message, StringComparison.Ordinal);
            Assert.Contains("Monitoring Reader", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Not_found_names_the_resource()
        {
            using var f = new FakeArmFixture();
            var e = await Assert.ThrowsAsync<ModuleException>(() => f.Session.GetScaleSetJsonAsync(FakeArmService.ScaleSetId("rg-web", "nope"), CancellationToken.None));
            Assert.Equal(ErrorCategory.ObjectNotFound, e.Category);
            Assert.Contains("rg-web/nope", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_rejected_token_is_an_authentication_error_that_never_shows_the_token()
        {
            const string wrong = "wrong-token-secret-4242";
            using var f = new FakeArmFixture(token: wrong);
            var e = await Assert.ThrowsAsync<ModuleException>(() => f.Session.GetScaleSetJsonAsync(FakeArmFixture.WebScaleSet, CancellationToken.None));
            Assert.Equal(ErrorCategory.AuthenticationError, e.Category);
            Assert.Contains("Connect-AzAccount", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(f.Session.Log.Drain(), m => m.Value.Contains(wrong, StringComparison.Ordinal));
        }

        [Fact(Timeout = 60000)]
        public async Task Cancellation_during_a_retry_wait_stops_at_once()
        {
            // Observed through the delay hook, not a stopwatch: the wait must end because the token
            // was cancelled (the hook never ends on its own), and no request may follow it. The
            // Timeout only turns a wait that ignores the token into a failure instead of a hang.
            using var f = new FakeArmFixture();
            f.Service.AddFault(new FakeFault { Match = "/vmss-web?", Status = 429, Count = 5, Headers = { ["Retry-After"] = "30" } });
            using var cts = new CancellationTokenSource();
            var waiting = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var endedByCancellation = false;
            f.DelayHook = async (w, ct) =>
            {
                waiting.TrySetResult(true);
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    endedByCancellation = true;
                    throw;
                }
            };
            var call = f.Session.GetScaleSetJsonAsync(FakeArmFixture.WebScaleSet, cts.Token);
            await waiting.Task;
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            Assert.True(endedByCancellation);
            Assert.Equal(TimeSpan.FromSeconds(30), Assert.Single(f.Waits));
            Assert.Equal(1, f.Session.RequestCount);
        }

        [Fact]
        public async Task Capacity_change_polls_the_async_operation_until_it_succeeds()
        {
            using var f = new FakeArmFixture();
            var op = await f.Session.BeginSetCapacityAsync(FakeArmFixture.WebScaleSet, 4, CancellationToken.None);
            Assert.Equal("AsyncOperation", op.PollKind);
            Assert.Equal(TimeSpan.FromMilliseconds(20), op.RetryAfter);
            var states = new System.Collections.Generic.List<string>();
            while (!op.IsTerminal)
            {
                op = await f.Session.PollAsync(op, CancellationToken.None);
                states.Add(op.Status);
            }

            Assert.Equal(new[] { "InProgress", "InProgress", "Succeeded" }, states);
            Assert.Equal("Succeeded", op.ProvisioningState);
            Assert.Contains("\"capacity\":4", await f.Session.GetScaleSetJsonAsync(FakeArmFixture.WebScaleSet, CancellationToken.None), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Capacity_change_that_fails_carries_the_ARM_error()
        {
            using var f = new FakeArmFixture();
            f.Service.Configure(new FakeConfig { LroPolls = 1, LroResult = "Failed" });
            var op = await f.Session.BeginSetCapacityAsync(FakeArmFixture.WebScaleSet, 4, CancellationToken.None);
            while (!op.IsTerminal)
            {
                op = await f.Session.PollAsync(op, CancellationToken.None);
            }

            Assert.Equal("Failed", op.Status);
            Assert.StartsWith("AllocationFailed:", op.Error, StringComparison.Ordinal);
            Assert.Equal("Failed", op.ProvisioningState);
        }

        [Fact]
        public async Task Refuses_to_follow_a_link_to_another_host()
        {
            using var f = new FakeArmFixture();
            var op = new VmssAutoscale.Model.CapacityOperation { ScaleSetId = FakeArmFixture.WebScaleSet, PollKind = "AsyncOperation", PollUrl = "https://evil.example/steal" };
            var e = await Assert.ThrowsAsync<ModuleException>(() => f.Session.PollAsync(op, CancellationToken.None));
            Assert.Equal("UntrustedLink", e.ErrorId);
            Assert.Empty(f.Service.Requests);
        }

        [Fact]
        public async Task Activity_log_filter_selects_the_resource_and_time_range()
        {
            using var f = new FakeArmFixture();
            var settingId = FakeArmService.SettingId("rg-web", "autoscale-web");
            var day = await f.Session.GetActivityLogJsonAsync(Sub, settingId, f.Service.Now.AddHours(-24), f.Service.Now, CancellationToken.None);
            var week = await f.Session.GetActivityLogJsonAsync(Sub, settingId, f.Service.Now.AddDays(-7), f.Service.Now, CancellationToken.None);
            Assert.Equal(10, day.Count);
            Assert.Equal(12, week.Count);
            Assert.Contains(f.Service.Requests, r => Uri.UnescapeDataString(r.Path).Contains("resourceUri eq '" + settingId + "'", StringComparison.Ordinal));
        }
    }
}
