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
            var collector = new DiagnosisCollector(new DiagnosisSources(gated, gated, gated, gated, inner.Log) { Instances = gated, AzureStatus = gated, RunHistory = gated, DataCollection = gated });
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
            Assert.True(rounds[1].Count(n => n == "activity") >= 2, "the setting's and the scale set's activity logs are read together");

            // The reads added by the guide and sources work join round 2 instead of adding round trips (this
            // example runs no monitoring agent, so no data collection rule is read).
            foreach (var read in new[] { "vms", "availability", "serviceHealth", "runHistory" })
            {
                Assert.Contains(read, rounds[1]);
            }

            Assert.Equal(new[] { "samples" }, rounds[2]);

            // Same input as the one-read-after-another collection: the diagnosis still sees everything.
            var expected = ExamplesTests.Diagnose(snapshot).Diagnosis;
            var actual = Diagnoser.Run(result.Input).Diagnosis;
            Assert.Equal(expected.Findings.Select(f => f.ToString()), actual.Findings.Select(f => f.ToString()));
            Assert.Equal(await ExampleEvents(snapshot), result.Input.Events.Count);
        }

        private static async Task<int> ExampleEvents(VmssAutoscale.Reports.Snapshot snapshot)
        {
            var source = new SnapshotSource(snapshot);
            var collected = await new DiagnosisCollector(new DiagnosisSources(source, source, source, source, source.Log) { Instances = source, AzureStatus = source, RunHistory = source, DataCollection = source })
                .CollectAsync(snapshot.ScaleSets[0].ResourceId, snapshot.CollectedAt, "Snapshot", new DiagnosisOptions(), Array.Empty<Finding>(), CancellationToken.None);
            return collected.Input.Events.Count;
        }

        /// <summary>
        /// Holds each read until <see cref="ReleaseRound"/>. Completing a held read runs the collector's
        /// continuation on the releasing thread, so when ReleaseRound returns the collector is waiting on
        /// the reads of the next round (or done).
        /// </summary>
        private sealed class GatedSource : IScaleSetSource, ISettingSource, IScaleEventSource, IMetricSampleSource, IVmInstanceSource, IAzureStatusSource, VmssAutoscale.Sources.Sampling.IAutoscaleSettingMetricSource, VmssAutoscale.Sources.Sampling.IDataCollectionSource
        {
            private readonly SnapshotSource inner;
            private List<(string Name, Action Release)> held = new List<(string Name, Action Release)>();

            public GatedSource(SnapshotSource inner)
            {
                this.inner = inner;
            }

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

            public Task<IReadOnlyList<VmSizeInfo>> ListVmSizesAsync(string subscriptionId, string location, CancellationToken cancellationToken) => Hold("sizes", () => inner.ListVmSizesAsync(subscriptionId, location, cancellationToken));

            public Task<IReadOnlyList<string>> ListSettingJsonAsync(string subscriptionId, string? resourceGroupName, CancellationToken cancellationToken) => Hold("settings", () => inner.ListSettingJsonAsync(subscriptionId, resourceGroupName, cancellationToken));

            public Task<string> GetSettingJsonAsync(string subscriptionId, string resourceGroupName, string name, CancellationToken cancellationToken) => Hold("setting", () => inner.GetSettingJsonAsync(subscriptionId, resourceGroupName, name, cancellationToken));

            public Task<IReadOnlyList<string>> GetActivityLogJsonAsync(string subscriptionId, string resourceId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) => Hold("activity", () => inner.GetActivityLogJsonAsync(subscriptionId, resourceId, startUtc, endUtc, cancellationToken));

            public Task<SampleReadResult> ReadSamplesAsync(ScaleSetInfo scaleSet, string scaleSetJson, IReadOnlyList<VmssAutoscale.Sources.Sampling.MetricRequest> requests, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) => Hold("samples", () => inner.ReadSamplesAsync(scaleSet, scaleSetJson, requests, startUtc, endUtc, cancellationToken));

            public Task<IReadOnlyList<string>> ListVmJsonAsync(string scaleSetId, bool flexible, CancellationToken cancellationToken) => Hold("vms", () => inner.ListVmJsonAsync(scaleSetId, flexible, cancellationToken));

            public Task<string> GetAvailabilityStatusJsonAsync(string resourceId, CancellationToken cancellationToken) => Hold("availability", () => inner.GetAvailabilityStatusJsonAsync(resourceId, cancellationToken));

            public Task<IReadOnlyList<string>> ListServiceHealthEventJsonAsync(string subscriptionId, DateTime startUtc, CancellationToken cancellationToken) => Hold("serviceHealth", () => inner.ListServiceHealthEventJsonAsync(subscriptionId, startUtc, cancellationToken));

            public Task<string> GetSettingMetricsJsonAsync(string settingId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) => Hold("runHistory", () => inner.GetSettingMetricsJsonAsync(settingId, startUtc, endUtc, cancellationToken));

            public Task<IReadOnlyList<string>> ListDataCollectionRuleAssociationsJsonAsync(string resourceId, CancellationToken cancellationToken) => Hold("dcrAssociations", () => inner.ListDataCollectionRuleAssociationsJsonAsync(resourceId, cancellationToken));

            public Task<string> GetDataCollectionRuleJsonAsync(string ruleId, CancellationToken cancellationToken) => Hold("dcr", () => inner.GetDataCollectionRuleJsonAsync(ruleId, cancellationToken));

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
