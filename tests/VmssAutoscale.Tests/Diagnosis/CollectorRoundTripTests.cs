using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using Xunit;

namespace VmssAutoscale.Tests.Diagnosis
{
    /// <summary>
    /// How many round trips one diagnosis waits for, one after another. Every read is held until the
    /// test releases the reads in flight together (one network round trip); the collection's critical
    /// path is the number of releases it needs. No clock is involved.
    /// </summary>
    public class CollectorRoundTripTests
    {
        [Fact]
        public async Task One_scale_set_is_read_in_three_round_trips()
        {
            var snapshot = ExampleScenarios.ByName("one-hot-instance").Snapshot;
            var inner = new SnapshotSource(snapshot);
            var gated = new GatedSource(inner);
            var collector = new DiagnosisCollector(gated.Set(inner.Log));
            var collect = collector.CollectAsync(snapshot.ScaleSets[0].ResourceId, snapshot.CollectedAt, "Snapshot", new DiagnosisOptions(), Array.Empty<Finding>(), CancellationToken.None);

            var rounds = new List<string[]>();
            while (!collect.IsCompleted && rounds.Count < 20)
            {
                rounds.Add(gated.ReleaseRound());
            }

            Assert.True(collect.IsCompleted, "still collecting after the rounds " + string.Join(" | ", rounds.Select(r => string.Join(",", r))));
            var result = await collect;
            Assert.Equal(3, rounds.Count);
            Assert.Equal(new[] { "model", "settings" }, rounds[0].OrderBy(n => n));
            Assert.Contains("view", rounds[1]);
            Assert.Contains("sizes", rounds[1]);
            Assert.True(rounds[1].Count(n => n == "activity") >= 2, "the setting's and the scale set's activity logs are read together: " + string.Join(" | ", rounds.Select(r => string.Join(",", r))));

            // The reads added by the guide and sources work join round 2 instead of adding round trips (this
            // example runs no monitoring agent, so no data collection rule is read).
            foreach (var read in new[] { "vms", "availability", "serviceHealth", "runHistory" })
            {
                Assert.Contains(read, rounds[1]);
            }

            Assert.Equal(new[] { "samples" }, rounds[2]);
            Assert.DoesNotContain(rounds.SelectMany(r => r), n => n == VmssAutoscale.Sources.Reads.DataCollectionRead.Unit.Name);

            // Same input as the one-read-after-another collection: the diagnosis still sees everything.
            var expected = ExamplesTests.Diagnose(snapshot).Diagnosis;
            var actual = Diagnoser.Run(result.Input).Diagnosis;
            Assert.Equal(expected.Findings.Select(f => f.ToString()), actual.Findings.Select(f => f.ToString()));
            Assert.Equal(await ExampleEvents(snapshot), result.Input.Events.Count);
        }

        /// <summary>
        /// A subscription whose settings list takes six pages (ARM pages can only be read one after
        /// another): the collection used to wait for every page before it knew the settings, 8 round
        /// trips instead of 3. Resource Graph finds them in one request, whatever the page count.
        /// </summary>
        [Fact]
        public async Task Settings_found_with_Resource_Graph_cost_one_round_trip_whatever_the_subscription_holds()
        {
            var (rounds, result, gated) = await CollectGated(pages: 6, graph: true);

            Assert.Equal(3, rounds.Count);
            Assert.Equal(new[] { "graph", "groupSettings", "model" }, rounds[0].OrderBy(n => n));
            Assert.DoesNotContain(rounds.SelectMany(r => r), n => n.StartsWith("settings", StringComparison.Ordinal));
            Assert.True(rounds[1].Count(n => n == "activity") >= 2, "the setting's and the scale set's activity logs are read together: " + string.Join(" | ", rounds.Select(r => string.Join(",", r))));
            Assert.Equal(new[] { "samples" }, rounds[2]);
            Assert.Contains(ExpectedId(gated), gated.Queries.Single(), StringComparison.OrdinalIgnoreCase);
            await AssertSameDiagnosis(result);
        }

        [Fact]
        public async Task A_setting_outside_the_scale_sets_resource_group_is_read_by_id_without_an_extra_round_trip()
        {
            var (rounds, result, _) = await CollectGated(pages: 6, graph: true, groupEmpty: true);

            // The setting's own GET joins round 2; its activity log and run history then go with the samples.
            Assert.Equal(3, rounds.Count);
            Assert.Equal(new[] { "graph", "groupSettings", "model" }, rounds[0].OrderBy(n => n));
            Assert.Contains("setting", rounds[1]);
            Assert.Contains("view", rounds[1]);
            Assert.Contains("samples", rounds[2]);
            Assert.Contains("activity", rounds[2]);
            Assert.Contains("runHistory", rounds[2]);
            await AssertSameDiagnosis(result);
        }

        [Fact]
        public async Task Without_Resource_Graph_the_subscriptions_pages_are_on_the_critical_path()
        {
            // What a source without Resource Graph still costs: six pages, then the samples beside the activity
            // logs. Before Resource Graph was asked every live diagnosis paid this, plus one round (8, as
            // measured on 2026-11-29), because the samples also waited for the activity logs.
            var (rounds, result, _) = await CollectGated(pages: 6);
            Assert.Equal(7, rounds.Count);
            Assert.Equal(new[] { "model", "settingsPage" }, rounds[0].OrderBy(n => n));
            await AssertSameDiagnosis(result);
        }

        [Fact]
        public async Task A_refused_Resource_Graph_query_falls_back_to_the_subscriptions_list_and_says_so()
        {
            var (rounds, result, gated) = await CollectGated(pages: 6, graph: true, refuseGraph: true);

            Assert.Equal(new[] { "graph", "groupSettings", "model" }, rounds[0].OrderBy(n => n));
            Assert.Equal(8, rounds.Count);
            Assert.Contains(gated.Log.Drain(), m => m.Key == SourceLogLevel.Verbose && m.Value.Contains("Azure Resource Graph could not be asked") && m.Value.Contains("AuthorizationFailed"));
            await AssertSameDiagnosis(result);
        }

        [Fact]
        public async Task Several_scale_sets_of_one_subscription_share_its_list_instead_of_one_query_each()
        {
            var (rounds, _, gated) = await CollectGated(graph: true, expectAlso: FakeOtherScaleSet);
            Assert.Empty(gated.Queries);
            Assert.Equal(new[] { "model", "settings" }, rounds[0].OrderBy(n => n));
        }

        private const string FakeOtherScaleSet = "/subscriptions/{0}/resourceGroups/rg-other/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-other";

        private static string ExpectedId(GatedSource gated) => gated.Snapshot.ScaleSets[0].ResourceId;

        private static async Task<(List<string[]> Rounds, CollectedScaleSet Result, GatedSource Gated)> CollectGated(int pages = 1, bool graph = false, bool refuseGraph = false, bool groupEmpty = false, string? expectAlso = null)
        {
            var snapshot = ExampleScenarios.ByName("one-hot-instance").Snapshot;
            var inner = new SnapshotSource(snapshot);
            var gated = new GatedSource(inner) { SubscriptionPages = pages, HasResourceGraph = graph, RefuseResourceGraph = refuseGraph, GroupListEmpty = groupEmpty };
            var collector = new DiagnosisCollector(gated.Set(inner.Log));
            var id = snapshot.ScaleSets[0].ResourceId;
            if (expectAlso != null)
            {
                collector.Expect(new[] { id, string.Format(System.Globalization.CultureInfo.InvariantCulture, expectAlso, ResourceIds.Subscription(id)) });
            }

            var collect = collector.CollectAsync(id, snapshot.CollectedAt, "Snapshot", new DiagnosisOptions(), Array.Empty<Finding>(), CancellationToken.None);
            var rounds = new List<string[]>();
            while (!collect.IsCompleted && rounds.Count < 20)
            {
                rounds.Add(gated.ReleaseRound());
            }

            Assert.True(collect.IsCompleted, "still collecting after the rounds " + string.Join(" | ", rounds.Select(r => string.Join(",", r))));
            return (rounds, await collect, gated);
        }

        private static async Task AssertSameDiagnosis(CollectedScaleSet result)
        {
            var snapshot = ExampleScenarios.ByName("one-hot-instance").Snapshot;
            var expected = ExamplesTests.Diagnose(snapshot).Diagnosis;
            var actual = Diagnoser.Run(result.Input).Diagnosis;
            Assert.Equal(expected.Findings.Select(f => f.ToString()), actual.Findings.Select(f => f.ToString()));
            Assert.Single(result.SettingBodies);
            Assert.Equal(await ExampleEvents(snapshot), result.Input.Events.Count);
        }

        private static async Task<int> ExampleEvents(VmssAutoscale.Reports.Snapshot snapshot)
        {
            var source = new SnapshotSource(snapshot);
            var collected = await new DiagnosisCollector(SourceSet.FromSnapshot(source))
                .CollectAsync(snapshot.ScaleSets[0].ResourceId, snapshot.CollectedAt, "Snapshot", new DiagnosisOptions(), Array.Empty<Finding>(), CancellationToken.None);
            return collected.Input.Events.Count;
        }

        /// <summary>
        /// Holds each read until <see cref="ReleaseRound"/>. Completing a held read runs the collector's
        /// continuation on the releasing thread, so when ReleaseRound returns the collector is waiting on
        /// the reads of the next round (or done).
        /// </summary>
        private sealed class GatedSource : IScaleSetSource, ISettingSource, IScaleEventSource, ISubscriptionSource, VmssAutoscale.Sources.Reads.IDeclaredReadSource, IMetricSampleSource, VmssAutoscale.Sources.Sampling.IAutoscaleSettingMetricSource, IResourceGraphSource
        {
            private readonly SnapshotSource inner;
            private List<(string Name, Action Release)> held = new List<(string Name, Action Release)>();

            public GatedSource(SnapshotSource inner)
            {
                this.inner = inner;
            }

            public VmssAutoscale.Reports.Snapshot Snapshot => inner.Snapshot;

            public SourceLog Log => inner.Log;

            /// <summary>How many pages the subscription's settings list takes: each page but the last is a held read of its own ("settingsPage"), one after another as ARM's nextLink makes them.</summary>
            public int SubscriptionPages { get; set; } = 1;

            public bool HasResourceGraph { get; set; }

            /// <summary>Resource Graph answers 403, as for an identity without a role on it.</summary>
            public bool RefuseResourceGraph { get; set; }

            /// <summary>The scale set's resource group lists no setting (the setting lives in another group).</summary>
            public bool GroupListEmpty { get; set; }

            public List<string> Queries { get; } = new List<string>();

            public string[] ReleaseRound()
            {
                var round = held;
                held = new List<(string Name, Action Release)>();
                // A continuation is only run inline where no synchronization context is set (xUnit sets one).
                var context = SynchronizationContext.Current;
                SynchronizationContext.SetSynchronizationContext(null);
                try
                {
                    foreach (var r in round)
                    {
                        r.Release();
                    }
                }
                finally
                {
                    SynchronizationContext.SetSynchronizationContext(context);
                }

                return round.Select(r => r.Name).ToArray();
            }

            public Task<string> GetScaleSetJsonAsync(string scaleSetId, CancellationToken cancellationToken) => Hold("model", () => inner.GetScaleSetJsonAsync(scaleSetId, cancellationToken));

            public Task<string> GetInstanceViewJsonAsync(string scaleSetId, CancellationToken cancellationToken) => Hold("view", () => inner.GetInstanceViewJsonAsync(scaleSetId, cancellationToken));

            public Task<IReadOnlyList<string>> ListScaleSetJsonAsync(string subscriptionId, string? resourceGroupName, CancellationToken cancellationToken) => Hold("scalesets", () => inner.ListScaleSetJsonAsync(subscriptionId, resourceGroupName, cancellationToken));

            public Task<IReadOnlyList<string>> ListSettingJsonAsync(string subscriptionId, string? resourceGroupName, CancellationToken cancellationToken) =>
                resourceGroupName != null
                    ? Hold("groupSettings", () => GroupListEmpty ? Task.FromResult<IReadOnlyList<string>>(Array.Empty<string>()) : inner.ListSettingJsonAsync(subscriptionId, resourceGroupName, cancellationToken))
                    : Paged(() => inner.ListSettingJsonAsync(subscriptionId, resourceGroupName, cancellationToken));

            public Task<IReadOnlyList<string>> QueryResourcesAsync(IReadOnlyList<string> subscriptionIds, string query, CancellationToken cancellationToken)
            {
                Queries.Add(query);
                return Hold("graph", async () =>
                {
                    if (RefuseResourceGraph)
                    {
                        throw new VmssAutoscale.Errors.ModuleException(VmssAutoscale.Errors.ErrorIds.PermissionDenied, System.Management.Automation.ErrorCategory.PermissionDenied, "AuthorizationFailed: no access to Microsoft.ResourceGraph/resources/read.");
                    }

                    // The ids of the settings whose target is the scale set, as the query projects them.
                    var target = Snapshot.ScaleSets[0].ResourceId;
                    var all = await inner.ListSettingJsonAsync(subscriptionIds[0], null, cancellationToken);
                    return (IReadOnlyList<string>)all.Select(b => VmssAutoscale.Json.JsonParser.Parse(b))
                        .Where(b => ResourceIds.AreEqual(b["properties"]?["targetResourceUri"]?.ScalarText, target))
                        .Select(b => "{\"id\":\"" + b["id"]!.ScalarText + "\"}")
                        .ToList();
                });
            }

            private async Task<IReadOnlyList<string>> Paged(Func<Task<IReadOnlyList<string>>> read)
            {
                for (var page = 1; page < SubscriptionPages; page++)
                {
                    // ConfigureAwait(false): the first page is awaited where xUnit's context is set, and a continuation
                    // posted there would run outside the rounds.
                    await Hold("settingsPage", () => Task.FromResult(page)).ConfigureAwait(false);
                }

                return await Hold("settings", read).ConfigureAwait(false);
            }

            public Task<string> GetSettingJsonAsync(string subscriptionId, string resourceGroupName, string name, CancellationToken cancellationToken) => Hold("setting", () => inner.GetSettingJsonAsync(subscriptionId, resourceGroupName, name, cancellationToken));

            public Task<IReadOnlyList<string>> GetActivityLogJsonAsync(string subscriptionId, string resourceId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) => Hold("activity", () => inner.GetActivityLogJsonAsync(subscriptionId, resourceId, startUtc, endUtc, cancellationToken));

            public Task<SampleReadResult> ReadSamplesAsync(ScaleSetInfo scaleSet, string scaleSetJson, IReadOnlyList<VmssAutoscale.Sources.Sampling.MetricRequest> requests, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) => Hold("samples", () => inner.ReadSamplesAsync(scaleSet, scaleSetJson, requests, startUtc, endUtc, cancellationToken));

            // The declared reads keep the hold names the rounds are asserted with (Resource Health: "availability").
            public Task<VmssAutoscale.Json.JsonNode> ReadAsync(VmssAutoscale.Sources.Reads.ScaleSetRead read, ScaleSetInfo scaleSet, VmssAutoscale.Sources.Reads.ReadWindow? window, CancellationToken cancellationToken) =>
                Hold(HoldNames.TryGetValue(read.Name, out var hold) ? hold : read.Name, () => inner.ReadAsync(read, scaleSet, window, cancellationToken));

            private static readonly Dictionary<string, string> HoldNames = new Dictionary<string, string>
            {
                [VmssAutoscale.Sources.Reads.ResourceHealthRead.Unit.Name] = "availability",
                [VmssAutoscale.Sources.Reads.VmSizeRead.Unit.Name] = "sizes",
                [VmssAutoscale.Sources.Reads.VirtualMachinesRead.Unit.Name] = "vms",
                [VmssAutoscale.Sources.Reads.ServiceHealthRead.Unit.Name] = "serviceHealth",
            };

            public Task<IReadOnlyList<SubscriptionInfo>> ListSubscriptionsAsync(CancellationToken cancellationToken) => inner.ListSubscriptionsAsync(cancellationToken);

            /// <summary>The source set over this gate: every capability held here; Resource Graph only when the test asks for it.</summary>
            public SourceSet Set(SourceLog log) => new SourceSet(this, this, this, this, this, log)
            {
                Samples = Capability<IMetricSampleSource>.Of(this),
                RunHistory = Capability<VmssAutoscale.Sources.Sampling.IAutoscaleSettingMetricSource>.Of(this),
                ResourceGraph = HasResourceGraph ? Capability<IResourceGraphSource>.Of(this) : Capability<IResourceGraphSource>.Absent("no Resource Graph in this test"),
            };

            public Task<string> GetSettingMetricsJsonAsync(string settingId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) => Hold("runHistory", () => inner.GetSettingMetricsJsonAsync(settingId, startUtc, endUtc, cancellationToken));

            private Task<T> Hold<T>(string name, Func<Task<T>> read)
            {
                // Continuations run synchronously on SetResult (the default), which is what makes the rounds observable.
                var tcs = new TaskCompletionSource<T>();
                held.Add((name, () =>
                {
                    // A read that fails (a bundle without run history) fails its task, as the real source does.
                    try
                    {
                        tcs.SetResult(read().GetAwaiter().GetResult());
                    }
                    catch (Exception e)
                    {
                        tcs.SetException(e);
                    }
                }));
                return tcs.Task;
            }
        }
    }
}
