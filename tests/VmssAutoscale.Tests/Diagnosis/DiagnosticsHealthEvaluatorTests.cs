using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Model;

namespace VmssAutoscale.Tests.Diagnosis
{
    public class DiagnosticsHealthEvaluatorTests
    {
        private const string Cpu = @"\Processor(_Total)\% Processor Time";
        private const string Target = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";
        private static readonly DateTime Now = new DateTime(2024, 5, 13, 0, 10, 0, DateTimeKind.Utc);

        private static DiagnosticsConfiguration Wad(string? resourceId = Target, params string[] counters) => new DiagnosticsConfiguration
        {
            ExtensionName = "diag",
            Kind = "WAD",
            Counters = counters.Length == 0 ? new[] { Cpu } : counters,
            MetricsResourceId = resourceId,
        };

        /// <summary>Samples every minute for each instance from Now-30 to Now-1-lastAgo (minutes).</summary>
        private static List<MetricSample> Samples(params (string Instance, int LastAgo)[] instances) =>
            instances.SelectMany(i => Enumerable.Range(i.LastAgo + 1, 30 - i.LastAgo).Select(m => new MetricSample
            {
                Instance = i.Instance,
                MetricName = Cpu,
                Timestamp = Now.AddMinutes(-m),
                Value = 50,
            })).ToList();

        private static DiagnosticsHealthInput Input(
            IReadOnlyList<MetricSample> samples, DiagnosticsConfiguration? extension = null, bool modelRead = true,
            string[]? known = null, string[]? tablesMissing = null, string[]? tablesRead = null) => new DiagnosticsHealthInput
            {
                ReferenceTime = Now,
                ModelRead = modelRead,
                Extension = extension,
                ReadsAggregateTables = true,
                MetricNames = new[] { Cpu },
                ExpectedResourceId = Target,
                KnownInstances = known ?? Array.Empty<string>(),
                TablesMissing = tablesMissing ?? Array.Empty<string>(),
                TablesRead = tablesRead ?? new[] { "WADMetricsPT1MP10DV2S20240513" },
                Samples = samples,
            };

        [Fact]
        public void Healthy_when_every_instance_is_recent()
        {
            var v = DiagnosticsHealthEvaluator.Evaluate(Input(Samples(("a", 0), ("b", 3)), Wad()));
            Assert.Equal(DiagnosticsVerdictKind.Healthy, v.Verdict);
            Assert.Empty(v.Problems);
            Assert.All(v.Instances, i => Assert.Equal(DiagnosticsInstanceStatus.Healthy, i.Status));
            Assert.Equal(TimeSpan.FromMinutes(4), v.Instances.Single(i => i.Instance == "b").LagSpan);
            Assert.Equal(27, v.Instances.Single(i => i.Instance == "b").SampleCount);
        }

        [Fact]
        public void Instance_statuses_healthy_lagging_silent_missing()
        {
            var v = DiagnosticsHealthEvaluator.Evaluate(Input(Samples(("a", 0), ("b", 7), ("c", 19)), Wad(), known: new[] { "A", "b", "c", "d" }));
            var status = v.Instances.ToDictionary(i => i.Instance, i => i.Status);
            Assert.Equal(DiagnosticsInstanceStatus.Healthy, status["A"]);
            Assert.Equal(DiagnosticsInstanceStatus.Lagging, status["b"]);
            Assert.Equal(DiagnosticsInstanceStatus.Silent, status["c"]);
            Assert.Equal(DiagnosticsInstanceStatus.Missing, status["d"]);
            Assert.Null(v.Instances.Single(i => i.Instance == "d").LastSampleTime);
            Assert.Equal(DiagnosticsVerdictKind.SomeInstancesSilent, v.Verdict);
            Assert.Equal(new[] { DiagnosticsVerdictKind.SomeInstancesSilent, DiagnosticsVerdictKind.DataLagging }, v.Problems);
            Assert.Equal(new[] { "c", "d" }, v.AffectedInstances);
            Assert.Contains("'c', 'd'", v.Message);
        }

        [Fact]
        public void Data_lagging_alone()
        {
            var v = DiagnosticsHealthEvaluator.Evaluate(Input(Samples(("a", 0), ("b", 9)), Wad()));
            Assert.Equal(DiagnosticsVerdictKind.DataLagging, v.Verdict);
            Assert.Equal(new[] { "b" }, v.AffectedInstances);
            Assert.Contains("10 min behind", v.Message);
        }

        [Fact]
        public void All_silent_since_the_newest_sample()
        {
            var v = DiagnosticsHealthEvaluator.Evaluate(Input(Samples(("a", 17), ("b", 20)), Wad(), known: new[] { "a", "b", "c" }));
            Assert.Equal(DiagnosticsVerdictKind.AllInstancesSilent, v.Verdict);
            Assert.Equal(Now.AddMinutes(-18), v.SilentSince);
            Assert.Contains("silent since 2024-05-12T23:52:00Z", v.Message);
            Assert.Equal(new[] { "a", "b", "c" }, v.AffectedInstances);

            var nothing = DiagnosticsHealthEvaluator.Evaluate(Input(new List<MetricSample>(), Wad()));
            Assert.Equal(DiagnosticsVerdictKind.AllInstancesSilent, nothing.Verdict);
            Assert.Null(nothing.SilentSince);
        }

        [Fact]
        public void No_diagnostics_extension_only_when_the_model_was_read()
        {
            var v = DiagnosticsHealthEvaluator.Evaluate(Input(new List<MetricSample>(), extension: null, modelRead: true));
            Assert.Equal(DiagnosticsVerdictKind.NoDiagnosticsExtension, v.Verdict);
            Assert.Contains("Percentage CPU", v.Message);
            var unknown = DiagnosticsHealthEvaluator.Evaluate(Input(Samples(("a", 0)), extension: null, modelRead: false));
            Assert.Equal(DiagnosticsVerdictKind.Healthy, unknown.Verdict);
        }

        [Fact]
        public void Counter_not_configured_names_the_counter_and_a_case_only_difference()
        {
            var v = DiagnosticsHealthEvaluator.Evaluate(Input(new List<MetricSample>(), Wad(Target, @"\processor(_total)\% processor time", @"\Memory\Available Bytes")));
            Assert.Equal(DiagnosticsVerdictKind.CounterNotConfigured, v.Verdict);
            Assert.Contains(Cpu, v.Message);
            Assert.Contains("letter case", v.Message);
            Assert.Contains(DiagnosticsVerdictKind.AllInstancesSilent, v.Problems);
        }

        [Fact]
        public void Metrics_resourceId_that_differs_from_the_target_or_is_absent()
        {
            var other = DiagnosticsHealthEvaluator.Evaluate(Input(new List<MetricSample>(), Wad(Target.Replace("/web", "/old-web"))));
            Assert.Equal(DiagnosticsVerdictKind.MetricsResourceIdMismatch, other.Verdict);
            Assert.Contains("/old-web", other.Message);
            Assert.Contains("Azure Monitor never gets the data", other.Message);
            var none = DiagnosticsHealthEvaluator.Evaluate(Input(new List<MetricSample>(), Wad(null)));
            Assert.Equal(DiagnosticsVerdictKind.MetricsResourceIdMismatch, none.Verdict);
            Assert.Contains("no <Metrics resourceId>", none.Message);
            var caseOnly = DiagnosticsHealthEvaluator.Evaluate(Input(Samples(("a", 0)), Wad(Target.ToUpperInvariant())));
            Assert.Equal(DiagnosticsVerdictKind.Healthy, caseOnly.Verdict);
        }

        [Fact]
        public void Table_missing_when_no_table_of_the_range_exists()
        {
            var v = DiagnosticsHealthEvaluator.Evaluate(Input(new List<MetricSample>(), Wad(), tablesMissing: new[] { "WADMetricsPT1MP10DV2S20240513" }, tablesRead: Array.Empty<string>()));
            Assert.Equal(DiagnosticsVerdictKind.TableMissing, v.Verdict);
            Assert.Contains("WADMetricsPT1MP10DV2S20240513", v.Message);

            // The older table exists, the new one not yet: that is silence, not a missing table.
            var partly = DiagnosticsHealthEvaluator.Evaluate(Input(Samples(("a", 20)), Wad(), tablesMissing: new[] { "WADMetricsPT1MP10DV2S20240513" }, tablesRead: new[] { "WADMetricsPT1MP10DV2S20240503" }));
            Assert.Equal(DiagnosticsVerdictKind.AllInstancesSilent, partly.Verdict);
        }

        [Fact]
        public void Host_metrics_skip_the_extension_checks_and_match_WAD_role_instance_names()
        {
            var input = new DiagnosticsHealthInput
            {
                ReferenceTime = Now,
                UsesHostMetrics = true,
                ModelRead = true,
                MetricNames = new[] { Cpu },
                KnownInstances = new[] { "web_0", "web_1" },
                Samples = Samples(("_web_0", 0), ("WEB_1", 1)),
            };
            var v = DiagnosticsHealthEvaluator.Evaluate(input);
            Assert.Equal(DiagnosticsVerdictKind.Healthy, v.Verdict);
            Assert.Equal(new[] { "web_0", "web_1" }, v.Instances.Select(i => i.Instance));
            Assert.Equal("HostMetrics", v.Source);
        }
    }
}
