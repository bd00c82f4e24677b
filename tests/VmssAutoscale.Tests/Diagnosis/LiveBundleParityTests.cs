using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Azure.Arm;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.FakeArm;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;
using VmssAutoscale.Sources.Sampling;
using VmssAutoscale.Tests.Arm;

namespace VmssAutoscale.Tests.Diagnosis
{
    /// <summary>
    /// Issue 20's "live and bundle runs of every cmdlet agree on every example": for each example
    /// bundle, the fake ARM is seeded with the bundle (FakeArmService.FromBundle, which answers every
    /// read with the bundle's recorded bodies), and the module reads the bundle's scale sets twice,
    /// live through its real ARM code path (LiveAzureSession: api-versions, paging, Resource Graph,
    /// the parsers) and from the bundle (SourceSet.FromSnapshot), at the bundle's collectedAt. What
    /// each read cmdlet returns must be the same: Debug-VmssAutoscale's diagnosis, Get-VmssAutoscaleTarget's
    /// scale set (Headroom and Instances included), Get-VmssScaleEvent's events and raw records,
    /// Get-VmssAutoscaleRunHistory's records and Get-VmssAutoscaleSetting's settings. Every public
    /// property is compared (<see cref="Flatten"/>); the only ones left out are in <see cref="Inherent"/>,
    /// each with the reason it cannot agree.
    /// </summary>
    /// <remarks>
    /// The tests call what the cmdlets call (DiagnosisCollector and Diagnoser, ScaleSetInfoService, the
    /// source set's activity log and run history with ScaleEventMerger and AutoscaleSettingMetrics),
    /// with the cmdlets' default periods, rather than the cmdlets themselves: a cmdlet needs a
    /// PowerShell host and a session opened from the connection defaults, and these entry points are
    /// the ones the cmdlets and Pester share.
    /// </remarks>
    public class LiveBundleParityTests
    {
        private const string Token = "fake-token-parity";

        /// <summary>
        /// Fields that differ between a live read and a bundle read by design, by "Type.Property".
        /// Diagnosis.Source: it names where the diagnosis read from ("Live", or "Snapshot" and the
        /// bundle's path); it is the one field whose purpose is to tell the two apart.
        /// </summary>
        private static readonly string[] Inherent = { "Diagnosis.Source", "DiagnosisInput.Source" };

        private static readonly System.Text.RegularExpressions.Regex TablesRead = new System.Text.RegularExpressions.Regex(@"Source: Tables \([^)]*\)");

        /// <summary>
        /// The differences known for some bundles, each left out of the comparison only where it applies,
        /// with the reason. Nothing else may differ.
        /// </summary>
        private static readonly KnownDifference[] Known =
        {
            // The diagnostics tables (WAD/LAD) are not served by the fake ARM, so the live run is given the
            // bundle's table samples (Debug-VmssAutoscale -Sample): it did not read the tables itself and cannot
            // name them. The bundle says which (DiagnosisInput.Samples.TablesRead, Get-VmssDiagnosticsSample's
            // Verdict.Tables, "Source: Tables (<tables read>)" in Debug's evidence), the live run cannot.
            new KnownDifference(
                "the tables a given sample came from",
                set => set.SampleSource == "Tables",
                (set, lines) => lines.Where(l => !l.StartsWith("$.Samples.TablesRead", StringComparison.Ordinal) && !l.StartsWith("$.Verdict.Tables", StringComparison.Ordinal))
                    .Select(l => TablesRead.Replace(l, "Source: Tables")).ToList()),
        };

        public static TheoryData<string> Bundles()
        {
            var data = new TheoryData<string>();
            foreach (var dir in TestFiles.ExampleBundles())
            {
                data.Add(Path.GetFileName(dir));
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Bundles))]
        public async Task Live_reads_of_a_fake_seeded_with_the_bundle_agree_with_the_bundle(string example)
        {
            var file = Path.Combine(TestFiles.RepoRoot, "examples", example, VmssAutoscale.Reports.Snapshot.FileName);
            var snapshot = SnapshotSerializer.Read(file);
            var fake = FakeArmService.FromBundle(new[] { Token }, File.ReadAllText(file));
            Assert.Equal(snapshot.CollectedAt, fake.Now);
            using var session = Session(fake);
            var now = snapshot.CollectedAt;
            var ct = CancellationToken.None;

            foreach (var set in snapshot.ScaleSets)
            {
                var id = set.ResourceId;

                // Each read cmdlet opens its own source set, live or from the bundle, as a command does.
                SourceSet Live() => SourceSet.Live(session, new LiveSampleSource(new AzureConnectionOptions(), session.Log, GivenSamples(set), session));
                SourceSet Bundle() => SourceSet.FromSnapshot(new SnapshotSource(snapshot));

                // Debug-VmssAutoscale: what it read (samples, events, the guide's reads, ...) and what it concluded.
                var (liveInput, liveDiagnosis) = await DiagnoseAsync(Live(), id, now, "Live");
                var (bundleInput, bundleDiagnosis) = await DiagnoseAsync(Bundle(), id, now, "Snapshot");
                AssertSame(set, example, "Debug-VmssAutoscale (input)", liveInput, bundleInput);
                AssertSame(set, example, "Debug-VmssAutoscale", liveDiagnosis, bundleDiagnosis);
                if (GivenSamples(set) == null && bundleInput.Samples.Samples.Count > 0)
                {
                    // The live run's samples came through Azure Monitor's metrics API, not from the bundle.
                    Assert.Contains(fake.Requests, r => r.Status == 200 && r.Path.Contains("/providers/Microsoft.Insights/metrics?", StringComparison.Ordinal) && !r.Path.Contains("/autoscalesettings/", StringComparison.OrdinalIgnoreCase));
                }

                // Get-VmssDiagnosticsSample, its samples and its -Summary verdict, over its default window (the last 30 minutes).
                AssertSame(set, example, "Get-VmssDiagnosticsSample", await DiagnosticsSampleAsync(Live(), id, now), await DiagnosticsSampleAsync(Bundle(), id, now));

                // Get-VmssAutoscaleTarget, by name and as the resource group's list.
                AssertSame(set, example, "Get-VmssAutoscaleTarget", await Targets(Live()).GetAsync(id, ct), await Targets(Bundle()).GetAsync(id, ct));
                var subscription = ResourceIds.Subscription(id)!;
                var group = ResourceIds.ResourceGroup(id);
                AssertSame(set, example, "Get-VmssAutoscaleTarget (list)", await Targets(Live()).ListAsync(subscription, group, ct), await Targets(Bundle()).ListAsync(subscription, group, ct));

                // Get-VmssScaleEvent, merged and -Raw, over its default period (the last 24 hours).
                var (liveEvents, liveRecords) = await ScaleEventsAsync(Live(), id, now.AddHours(-24), now);
                var (bundleEvents, bundleRecords) = await ScaleEventsAsync(Bundle(), id, now.AddHours(-24), now);
                AssertSame(set, example, "Get-VmssScaleEvent", liveEvents, bundleEvents);
                AssertSame(set, example, "Get-VmssScaleEvent -Raw", liveRecords, bundleRecords);
                Assert.Equal(set.ActivityLog.Count(r => InPeriod(r, now.AddHours(-24), now)), liveRecords.Count);

                // Get-VmssAutoscaleRunHistory over its default period (the last hour).
                var liveHistory = await RunHistoryAsync(Live(), id, now.AddHours(-1), now);
                AssertSame(set, example, "Get-VmssAutoscaleRunHistory", liveHistory, await RunHistoryAsync(Bundle(), id, now.AddHours(-1), now));
                Assert.Equal(set.ServiceMetrics.Count > 0, liveHistory.Count > 0);

                // Get-VmssAutoscaleSetting: by scale set, the resource group's list, and each by name.
                var liveSettings = await Targets(Live()).SettingsTargetingAsync(id, ct);
                AssertSame(set, example, "Get-VmssAutoscaleSetting -VMScaleSetName", liveSettings, await Targets(Bundle()).SettingsTargetingAsync(id, ct));
                AssertSame(set, example, "Get-VmssAutoscaleSetting -ResourceGroupName", await SettingListAsync(Live(), subscription, group), await SettingListAsync(Bundle(), subscription, group));
                foreach (var setting in liveSettings)
                {
                    AssertSame(set, example, "Get-VmssAutoscaleSetting -Name " + setting.Name, await SettingAsync(Live(), subscription, group!, setting.Name), await SettingAsync(Bundle(), subscription, group!, setting.Name));
                }
            }

            // The live runs went through ARM, and the fake answered every request from the bundle.
            Assert.NotEmpty(fake.Requests);
            Assert.All(fake.Requests, r => Assert.True(r.Status < 300, $"{example}: the fake answered {r.Status} to {r.Path}"));
        }

        /// <summary>
        /// A bundle exported before the platform reads existed (issue 21) holds none of their sections: from it,
        /// Headroom is Skipped and says for each read that the bundle does not hold it. (Live against a fake
        /// seeded with such a bundle the reads get 404 NotInBundle, and the subnet read, which sends no request
        /// when the model names no subnet, succeeds: Headroom is then a Pass on the placement group's ceiling.
        /// Every example bundle carries the reads, so the Theory above does not meet this case.)
        /// </summary>
        [Fact]
        public void An_older_bundle_without_the_platform_reads_skips_Headroom_and_says_why()
        {
            var example = ExampleScenarios.ByName("healthy").Snapshot;
            var older = example with
            {
                ScaleSets = example.ScaleSets.Select(set => set with { Reads = set.Reads.Where(r => !Sources.Reads.ReadRegistry.PlatformReads.Any(p => p.Name == r.Key)).ToDictionary(r => r.Key, r => r.Value) }).ToList(),
            };
            Assert.All(Sources.Reads.ReadRegistry.PlatformReads, r => Assert.True(example.ScaleSets[0].Reads.ContainsKey(r.Name), r.Name + " is not in the example"));

            var headroom = ExamplesTests.Diagnose(older).Diagnosis.Findings.Single(f => f.Check == HeadroomChecks.Check);
            Assert.Equal(FindingStatus.Skipped, headroom.Status);
            Assert.StartsWith("The platform's limits (vCPU quota, size restrictions, locks, subnet) were not read", headroom.Summary, StringComparison.Ordinal);
            Assert.Contains(headroom.Evidence, e => e.StartsWith("quota: ", StringComparison.Ordinal) && e.Contains("does not hold the vCPU quota of the region", StringComparison.Ordinal));
            Assert.Equal(6, headroom.Evidence.Count);
            Assert.NotEqual(FindingStatus.Skipped, ExamplesTests.Diagnose(example).Diagnosis.Findings.Single(f => f.Check == HeadroomChecks.Check).Status);
        }

        [Fact]
        public async Task A_fake_seeded_with_a_bundle_answers_its_own_subscription_as_before()
        {
            var bundle = File.ReadAllText(Path.Combine(TestFiles.ExampleBundles()[0], VmssAutoscale.Reports.Snapshot.FileName));
            using var plain = Session(new FakeArmService(new[] { Token }));
            using var seeded = Session(FakeArmService.FromBundle(new[] { Token }, bundle));
            var ct = CancellationToken.None;

            Assert.Equal(await plain.GetScaleSetJsonAsync(FakeArmFixture.WebScaleSet, ct), await seeded.GetScaleSetJsonAsync(FakeArmFixture.WebScaleSet, ct));
            Assert.Equal(await plain.ListScaleSetJsonAsync(FakeArmService.Subscription, null, ct), await seeded.ListScaleSetJsonAsync(FakeArmService.Subscription, null, ct));
            Assert.Equal(await plain.ListSettingJsonAsync(FakeArmService.Subscription, null, ct), await seeded.ListSettingJsonAsync(FakeArmService.Subscription, null, ct));
        }

        [Fact]
        public async Task The_loopback_control_endpoint_seeds_a_bundle_and_refuses_what_is_not_one()
        {
            var file = Path.Combine(TestFiles.ExampleBundles()[0], VmssAutoscale.Reports.Snapshot.FileName);
            var snapshot = SnapshotSerializer.Read(file);
            var fake = new FakeArmService(new[] { Token });
            FakeResponse Seed(string body) => fake.Handle(new FakeRequest { Method = "POST", Uri = new Uri("https://fake.arm.test/_fake/seed-bundle"), Body = body });
            using var session = Session(fake);
            var id = snapshot.ScaleSets[0].ResourceId;

            // Before: the bundle's subscription is unknown to the fake.
            var before = await Assert.ThrowsAsync<VmssAutoscale.Errors.ModuleException>(() => session.GetScaleSetJsonAsync(id, CancellationToken.None));
            Assert.Contains("could not be found", before.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(400, Seed("{\"format\":\"VmssAutoscale.Snapshot\"}").Status);
            Assert.Equal(400, Seed("not json").Status);

            Assert.Equal(204, Seed(File.ReadAllText(file)).Status);
            Assert.Equal(snapshot.ScaleSets[0].Model.ToString(), VmssAutoscale.Json.JsonParser.Parse(await session.GetScaleSetJsonAsync(id, CancellationToken.None)).ToString());

            // A bundle is read, never changed: a capacity change is refused.
            var write = await Assert.ThrowsAsync<VmssAutoscale.Errors.ModuleException>(() => session.BeginSetCapacityAsync(id, 7, CancellationToken.None));
            Assert.Contains("405", write.Message + write.ErrorId, StringComparison.Ordinal);
        }

        private static LiveAzureSession Session(FakeArmService fake) => new LiveAzureSession(
            new AzureConnectionOptions { ResourceManagerUrl = new Uri("https://fake.arm.test/"), AccessToken = Token, MaxRetries = 0 },
            new FakeArmHandler(fake),
            (wait, ct) => Task.CompletedTask);

        /// <summary>
        /// The samples a live run is given: those the bundle read from the diagnostics storage tables
        /// (WAD/LAD), which the fake ARM does not serve, go in as Debug-VmssAutoscale -Sample would give
        /// them. Samples Azure Monitor gave are not given: the fake serves them from the bundle and the
        /// live run reads them as it reads Azure Monitor.
        /// </summary>
        private static IReadOnlyList<MetricSample>? GivenSamples(SnapshotScaleSet set) =>
            set.SampleSource == "Tables" ? set.Samples : null;

        private static ScaleSetInfoService Targets(SourceSet sources) =>
            new ScaleSetInfoService(sources.ScaleSets, sources.SettingLookup, sources.Log, sources.Reads);

        private static async Task<(DiagnosisInput Input, VmssAutoscale.Model.Diagnosis Diagnosis)> DiagnoseAsync(SourceSet sources, string id, DateTime now, string name)
        {
            var collected = await new DiagnosisCollector(sources).CollectAsync(id, now, name, new DiagnosisOptions(), Array.Empty<Finding>(), CancellationToken.None);
            return (collected.Input, Diagnoser.Run(collected.Input).Diagnosis);
        }

        private static async Task<DiagnosticsSampleOutput> DiagnosticsSampleAsync(SourceSet sources, string id, DateTime now)
        {
            // As Get-VmssDiagnosticsSample reads as Debug does (RunCollected): the collector over the window, Debug's verdict and agent check.
            var options = new DiagnosisOptions { SamplePeriod = TimeSpan.FromMinutes(30) };
            var input = (await new DiagnosisCollector(sources).CollectAsync(id, now, sources.Name, options, Array.Empty<Finding>(), CancellationToken.None)).Input;
            var context = new DiagnosisContext(input);
            var verdict = DiagnosticsHealthEvaluator.Evaluate(DiagnosticsVerdicts.HealthInput(context, null, TimeSpan.FromMinutes(5), null));
            AmaSummary.Apply(verdict, AmaSummary.Evaluate(context));
            return new DiagnosticsSampleOutput(input.Samples.Samples, verdict.Instances, verdict);
        }

        private static async Task<(IReadOnlyList<ScaleEvent> Events, IReadOnlyList<ActivityLogRecord> Records)> ScaleEventsAsync(SourceSet sources, string id, DateTime start, DateTime end)
        {
            // As Get-VmssScaleEvent (LiveAzure.ActivityLog): the log of each setting that targets the scale set, then its own.
            var settings = await Targets(sources).SettingsTargetingAsync(id, CancellationToken.None);
            var records = new List<ActivityLogRecord>();
            foreach (var resource in settings.Select(s => s.Id).Where(s => s != null).Concat(new[] { id }))
            {
                records.AddRange((await sources.Events.GetActivityLogJsonAsync(ResourceIds.Subscription(id)!, resource!, start, end, CancellationToken.None)).Select(ActivityLogReader.Read));
            }

            return (ScaleEventMerger.Merge(records, settings), records.OrderBy(r => r.EventTimestamp).ToList());
        }

        private static async Task<IReadOnlyList<RunHistoryRecord>> RunHistoryAsync(SourceSet sources, string id, DateTime start, DateTime end)
        {
            // As Get-VmssAutoscaleRunHistory: one read per setting that targets the scale set, the minutes of the period kept.
            var metrics = sources.RunHistory.Source!;
            var records = new List<RunHistoryRecord>();
            foreach (var setting in (await Targets(sources).SettingsTargetingAsync(id, CancellationToken.None)).Where(s => s.Id != null))
            {
                var body = await metrics.GetSettingMetricsJsonAsync(setting.Id!, start, end, CancellationToken.None);
                records.AddRange(AutoscaleSettingMetrics.Read(body, setting.Id!, setting, id).Where(r => r.Time >= start && r.Time < end));
            }

            return records;
        }

        private static async Task<IReadOnlyList<AutoscaleSetting>> SettingListAsync(SourceSet sources, string subscription, string? group) =>
            ScaleSetInfoService.Parse(await sources.Settings.ListSettingJsonAsync(subscription, group, CancellationToken.None), sources.Log);

        private static async Task<IReadOnlyList<AutoscaleSetting>> SettingAsync(SourceSet sources, string subscription, string group, string name) =>
            ScaleSetInfoService.Parse(new[] { await sources.Settings.GetSettingJsonAsync(subscription, group, name, CancellationToken.None) }, sources.Log);

        private static bool InPeriod(VmssAutoscale.Json.JsonNode record, DateTime start, DateTime end) =>
            !DateTime.TryParse(record["eventTimestamp"]?.StringValue, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var t) || (t >= start && t <= end);

        /// <summary>Compares every public property, names the cmdlet and the example, and lists each line that differs.</summary>
        private static void AssertSame(SnapshotScaleSet set, string example, string cmdlet, object? live, object? bundle)
        {
            var a = Normalized(set, Flatten(live));
            var b = Normalized(set, Flatten(bundle));
            var onlyLive = a.Except(b).ToList();
            var onlyBundle = b.Except(a).ToList();
            Assert.True(
                onlyLive.Count == 0 && onlyBundle.Count == 0 && a.Count == b.Count,
                $"{example}: {cmdlet} differs live and from the bundle.\nlive only:\n  {string.Join("\n  ", onlyLive.Take(20))}\nbundle only:\n  {string.Join("\n  ", onlyBundle.Take(20))}");
            Assert.Equal(a, b);
        }

        private static List<string> Normalized(SnapshotScaleSet set, List<string> lines) =>
            Known.Where(k => k.AppliesTo(set)).Aggregate(lines, (l, k) => k.Normalize(set, l));

        /// <summary>Every public property as "path = value" lines, in declaration order, lists by index; the <see cref="Inherent"/> fields left out.</summary>
        internal static List<string> Flatten(object? value)
        {
            var lines = new List<string>();
            Walk(value, "$", lines, 0);
            return lines;
        }

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, (FieldInfo[] Fields, PropertyInfo[] Properties)> Members =
            new System.Collections.Concurrent.ConcurrentDictionary<Type, (FieldInfo[] Fields, PropertyInfo[] Properties)>();

        private static void Walk(object? value, string path, List<string> lines, int depth)
        {
            switch (value)
            {
                case null:
                    lines.Add(path + " = null");
                    return;
                case string s:
                    lines.Add(path + " = " + s);
                    return;
                case DateTime t:
                    lines.Add(path + " = " + t.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case VmssAutoscale.Json.JsonNode n:
                    lines.Add(path + " = " + n);
                    return;
            }

            var type = value.GetType();
            if (type.IsPrimitive || type.IsEnum || value is decimal || value is TimeSpan || value is DateTimeOffset || value is Guid || depth > 10)
            {
                lines.Add(path + " = " + Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            }

            if (value is IEnumerable items)
            {
                var i = 0;
                foreach (var item in items)
                {
                    Walk(item, $"{path}[{i++}]", lines, depth + 1);
                }

                lines.Add($"{path}.Count = {i}");
                return;
            }

            var (fields, properties) = Members.GetOrAdd(type, t => (
                t.GetFields(BindingFlags.Public | BindingFlags.Instance),
                t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && !Inherent.Contains(t.Name + "." + p.Name)).ToArray()));
            foreach (var f in fields)
            {
                Walk(f.GetValue(value), path + "." + f.Name, lines, depth + 1);
            }

            foreach (var p in properties)
            {
                object? v;
                try
                {
                    v = p.GetValue(value);
                }
                catch (TargetInvocationException e)
                {
                    v = "threw " + e.InnerException?.GetType().Name;
                }

                Walk(v, path + "." + p.Name, lines, depth + 1);
            }
        }
    }

    /// <summary>What Get-VmssDiagnosticsSample writes: the samples, or with -Summary each instance's health and the verdict.</summary>
    internal sealed record DiagnosticsSampleOutput(IReadOnlyList<MetricSample> Samples, IReadOnlyList<DiagnosticsHealth> Instances, DiagnosticsVerdict Verdict);

    /// <summary>A difference between live and bundle reads known for the bundles it applies to: what it is, and how the compared lines drop it.</summary>
    internal sealed record KnownDifference(string Name, Func<SnapshotScaleSet, bool> AppliesTo, Func<SnapshotScaleSet, List<string>, List<string>> Normalize);
}
