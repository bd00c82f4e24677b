using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;
using VmssAutoscale.Tests.Arm;
using Xunit.Abstractions;

namespace VmssAutoscale.Tests.Diagnosis
{
    public class LiveVersusSnapshotTests
    {
        private readonly ITestOutputHelper output;

        public LiveVersusSnapshotTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        // The fake ARM serves no metrics, so both runs take the same given samples (Debug-VmssAutoscale -Sample);
        // everything else (model, instance view, sizes, settings, activity log) comes from the fake ARM live.
        private static IReadOnlyList<MetricSample> Samples(string vmss, DateTime now, int instances) =>
            Enumerable.Range(1, 60).SelectMany(m => Enumerable.Range(0, instances).Select(i => new MetricSample
            {
                Instance = $"{vmss}_{i}",
                Timestamp = now.AddMinutes(-m),
                MetricName = "Percentage CPU",
                Value = i == 1 ? 97 : 12 + ExampleScenarios.Noise(i, m, 2),
            })).ToList();

        [Fact]
        public async Task A_live_run_and_the_snapshot_it_exports_give_the_same_findings()
        {
            using var arm = new FakeArmFixture();
            var now = arm.Service.Now;
            var id = FakeArmFixture.WebScaleSet;
            var samples = Samples("vmss-web", now, 3);
            var live = new DiagnosisCollector(SourceSet.Live(arm.Session, new LiveSampleSource(new AzureConnectionOptions(), arm.Session.Log, samples, arm.Session)));
            var collected = await live.CollectAsync(id, now, "Live", new DiagnosisOptions(), Array.Empty<Finding>(), CancellationToken.None);
            var liveResult = Diagnoser.Run(collected.Input).Diagnosis;
            Assert.NotEmpty(collected.Input.Events);

            // The guide's last steps were read live and go into the bundle with everything else.
            Assert.Equal(3, collected.Input.Guide.Instances!.Count);
            Assert.Equal("Available", collected.Input.Guide.ResourceHealth!.AvailabilityState);
            Assert.True(collected.Raw.Reads.ContainsKey(VmssAutoscale.Sources.Reads.VirtualMachinesRead.Unit.Name));
            Assert.Contains(liveResult.Findings, f => f.Check == "AzureStatus" && f.Status == FindingStatus.Pass);
            Assert.Contains(liveResult.Findings, f => f.Check == "Notifications" && f.Status == FindingStatus.Warn);
            Assert.Equal("OnlySomeInstancesHot", liveResult.ScalingActive!.Reason);

            var snapshot = new Snapshot
            {
                ModuleVersion = "test",
                CollectedAt = now,
                WindowStart = now.AddHours(-24),
                WindowEnd = now,
                ScaleSets = new[] { collected.Raw },
                AutoscaleSettings = collected.SettingBodies,
            };
            var dir = TestFiles.ScratchPath("lvs");
            try
            {
                SnapshotSerializer.Write(snapshot, dir);
                var offline = ExamplesTests.Diagnose(SnapshotSerializer.Read(dir)).Diagnosis;
                Assert.Equal(liveResult.Findings.Select(f => f.ToString()), offline.Findings.Select(f => f.ToString()));
                Assert.Equal(liveResult.Findings.SelectMany(f => f.Evidence), offline.Findings.SelectMany(f => f.Evidence));
                Assert.Equal(liveResult.Conditions.Select(c => c.ToString()), offline.Conditions.Select(c => c.ToString()));
                Assert.Equal(liveResult.DesiredCapacity, offline.DesiredCapacity);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>
        /// Fleet mode's access pattern against the fake ARM with 500 scale sets: one Resource Graph
        /// query finds the targets, then each scale set costs a bounded number of requests however
        /// many instances it has. The cmdlet-level numbers (Pester, Debug-VmssAutoscale -All) go to
        /// benchmarks/README.md ("Fleet").
        /// </summary>
        [Fact]
        public async Task Fleet_of_500_scale_sets_costs_a_bounded_number_of_requests_each()
        {
            const int fleet = 500;
            using var arm = new FakeArmFixture(fleet: fleet);
            arm.Service.Configure(new VmssAutoscale.FakeArm.FakeConfig { PageSize = 100 });
            var now = arm.Service.Now;
            var given = new GivenNothing();
            var collector = new DiagnosisCollector(SourceSet.Live(arm.Session, given));
            var clock = Stopwatch.StartNew();
            var before = arm.Session.RequestCount;
            var ids = (await FleetInventory.FindAsync(arm.Session, new[] { VmssAutoscale.FakeArm.FakeArmService.Subscription }, arm.Session.Log, CancellationToken.None))
                .Select(m => m.ResourceId)
                .Where(u => u.IndexOf("/rg-fleet/", StringComparison.OrdinalIgnoreCase) >= 0)
                .ToList();
            Assert.Equal(fleet, ids.Count);

            // As DiagnosisRunner does: a command that collects many scale sets of one subscription shares its settings list.
            collector.Expect(ids);
            using var gate = new SemaphoreSlim(8);
            var results = await Task.WhenAll(ids.Select(async id =>
            {
                await gate.WaitAsync().ConfigureAwait(false);
                try
                {
                    var c = await collector.CollectAsync(id, now, "Live", new DiagnosisOptions(), Array.Empty<Finding>(), CancellationToken.None).ConfigureAwait(false);
                    return Diagnoser.Run(c.Input).Diagnosis;
                }
                finally
                {
                    gate.Release();
                }
            }));
            clock.Stop();
            var requests = arm.Session.RequestCount - before;
            var perScaleSet = (double)requests / fleet;
            output.WriteLine($"Fleet: {fleet} scale sets, {requests} requests ({perScaleSet:0.00} per scale set), {clock.Elapsed.TotalSeconds:0.00} s wall, ThrottleLimit 8");
            Assert.Equal(fleet, results.Length);
            Assert.All(results, d => Assert.Equal(3, d.Conditions.Count));

            // Per scale set: model, instance view, the VM list (one page: the fleet's scale sets
            // have at most 4 VMs), Resource Health, the activity log of the setting and of the
            // scale set, the setting's run history and the scale set's own locks; the settings list,
            // the region's sizes, quota and resource SKUs, the resource group's and subscription's
            // locks and the Service Health events are shared.
            Assert.True(perScaleSet <= 8.1, $"{perScaleSet:0.00} requests per scale set");
        }

        private sealed class GivenNothing : IMetricSampleSource
        {
            public Task<SampleReadResult> ReadSamplesAsync(ScaleSetInfo scaleSet, string scaleSetJson, IReadOnlyList<Sources.Sampling.MetricRequest> requests, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) =>
                Task.FromResult(new SampleReadResult { Unavailable = "the fake ARM serves no metrics" });
        }
    }
}
