using System;
using System.IO;
using System.Linq;
using System.Threading;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Tests.Diagnosis
{
    public class ExamplesTests
    {
        public static TheoryData<string> Names()
        {
            var data = new TheoryData<string>();
            foreach (var s in ExampleScenarios.All())
            {
                data.Add(s.Name);
            }

            return data;
        }

        internal static DiagnosisResult Diagnose(Snapshot snapshot, DiagnosisOptions? options = null)
        {
            var source = new SnapshotSource(snapshot);
            var collector = new DiagnosisCollector(SourceSet.FromSnapshot(source));
            var collected = collector.CollectAsync(snapshot.ScaleSets[0].ResourceId, snapshot.CollectedAt, "Snapshot", options ?? new DiagnosisOptions(), Array.Empty<Finding>(), CancellationToken.None).GetAwaiter().GetResult();
            return Diagnoser.Run(collected.Input);
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void Each_example_reports_the_failure_it_was_built_for(string name)
        {
            var scenario = ExampleScenarios.ByName(name);
            var result = Diagnose(scenario.Snapshot).Diagnosis;
            var fails = result.Findings.Where(f => f.Status == FindingStatus.Fail).ToList();
            foreach (var check in scenario.WarningChecks)
            {
                Assert.True(result.Findings.Any(f => f.Check == check && f.Status == FindingStatus.Warn), $"{check} does not warn: " + string.Join(" | ", result.Findings));
            }

            if (scenario.FailingCheck == null)
            {
                Assert.True(fails.Count == 0, "healthy example has Fail findings: " + string.Join(" | ", fails));
                Assert.Equal(ConditionStatus.False, result.ScalingLimited!.Status);
                Assert.Equal(ConditionStatus.True, result.AbleToScale!.Status);
                return;
            }

            Assert.Contains(fails, f => f.Check == scenario.FailingCheck);
            var condition = result.Condition(scenario.ConditionType!);
            Assert.NotNull(condition);
            Assert.Equal(scenario.ConditionReason, condition!.Reason);
        }

        [Fact]
        public void One_hot_instance_names_the_instance_and_the_missing_points()
        {
            var d = Diagnose(ExampleScenarios.ByName("one-hot-instance").Snapshot).Diagnosis;
            var f = d.Findings.Single(x => x.Check == "AverageAcrossInstances");
            Assert.Contains("vmss-one-hot-instance_2 at 100", f.Summary);
            Assert.Contains("needs > 50", f.Summary);
            Assert.Contains("Only 1 of 4", f.Summary);
        }

        [Fact]
        public void One_core_of_four_says_what_the_cores_allow()
        {
            var d = Diagnose(ExampleScenarios.ByName("one-core-of-four-loaded").Snapshot).Diagnosis;
            var f = d.Findings.Single(x => x.Check == "CoresVersusThreshold");
            Assert.Equal(FindingStatus.Fail, f.Status);
            Assert.Contains("1 loaded core of 4 gives at most 25% CPU per instance", f.Summary);
        }

        [Fact]
        public void Giving_the_loaded_cores_overrides_the_inference()
        {
            var healthy = ExampleScenarios.ByName("healthy").Snapshot;
            var one = Diagnose(healthy, new DiagnosisOptions { LoadedCoresPerInstance = 1 }).Diagnosis.Findings.Single(x => x.Check == "CoresVersusThreshold");
            Assert.Equal(FindingStatus.Fail, one.Status);
            Assert.Contains("1 loaded core of 2 gives at most 50% CPU per instance; the scale-out rule needs > 70%", one.Summary);

            var two = Diagnose(healthy, new DiagnosisOptions { LoadedCoresPerInstance = 2 }).Diagnosis.Findings.Single(x => x.Check == "CoresVersusThreshold");
            Assert.Equal(FindingStatus.Pass, two.Status);
            Assert.Contains("2 loaded cores of 2 can reach 100% CPU", two.Summary);
        }

        [Fact]
        public void The_ama_example_names_the_log_analytics_only_rule()
        {
            var d = Diagnose(ExampleScenarios.ByName("ama-log-analytics-only").Snapshot).Diagnosis;
            var f = d.Findings.Single(x => x.Check == "AzureMonitorAgent");
            Assert.Equal(FindingStatus.Fail, f.Status);
            Assert.Equal("NoMetricsDestination", f.Reason);
            Assert.Contains("sent only to Log Analytics", f.Summary);
            Assert.Contains("dcr-vmss-ama-logs-only", string.Join(" ", f.Evidence));
        }

        [Fact]
        public void The_queue_example_reads_the_queue_and_agrees_with_the_run_history()
        {
            var d = Diagnose(ExampleScenarios.ByName("queue-driven-at-maximum").Snapshot).Diagnosis;
            Assert.Equal(FindingStatus.Pass, d.Findings.Single(x => x.Check == "ServiceAgreement").Status);
            Assert.Contains("maximum", d.Findings.Single(x => x.Check == "AverageAcrossInstances").Summary);

            // The rule reads the queue, never the scale set: no diagnostics or guest-metric check fails for it.
            Assert.DoesNotContain(d.Findings, x => x.Status == FindingStatus.Fail && (x.Check == "DiagnosticsData" || x.Check == "MetricName" || x.Check == "AzureMonitorAgent"));
        }

        [Fact]
        public void A_snapshot_round_trip_gives_the_same_findings()
        {
            foreach (var scenario in ExampleScenarios.All())
            {
                var before = Diagnose(scenario.Snapshot).Diagnosis;
                var dir = TestFiles.ScratchPath("rt");
                try
                {
                    SnapshotSerializer.Write(scenario.Snapshot, dir);
                    var after = Diagnose(SnapshotSerializer.Read(dir)).Diagnosis;
                    Assert.Equal(before.Findings.Select(f => f.ToString()), after.Findings.Select(f => f.ToString()));
                    Assert.Equal(before.Conditions.Select(c => c.ToString()), after.Conditions.Select(c => c.ToString()));
                }
                finally
                {
                    Directory.Delete(dir, true);
                }
            }
        }

        /// <summary>
        /// The committed examples/ bundles are what the generator makes now. With
        /// VMSSAUTOSCALE_WRITE_EXAMPLES=1 (examples/Update-Examples.ps1) the test writes them instead.
        /// </summary>
        /// <summary>A bundle made in memory has no path: its reasons say "the snapshot", never "the snapshot ''".</summary>
        [Fact]
        public void No_example_report_quotes_an_empty_snapshot_path()
        {
            foreach (var dir in TestFiles.ExampleBundles())
            {
                var html = File.ReadAllText(Path.Combine(dir, "report.html"));
                Assert.False(html.Contains("snapshot &#39;&#39;"), $"{dir}/report.html names an empty snapshot path");
            }
        }

        [Fact]
        public void Committed_examples_are_up_to_date()
        {
            var root = Path.Combine(TestFiles.RepoRoot, "examples");
            var write = Environment.GetEnvironmentVariable("VMSSAUTOSCALE_WRITE_EXAMPLES") == "1";
            foreach (var scenario in ExampleScenarios.All())
            {
                var dir = Path.Combine(root, scenario.Name);
                var expected = SnapshotSerializer.ToJson(scenario.Snapshot);
                if (write)
                {
                    SnapshotSerializer.Write(scenario.Snapshot, dir);
                    var result = Diagnose(scenario.Snapshot);
                    File.WriteAllText(Path.Combine(dir, "report.html"), HtmlReport.Render(new[] { result }, scenario.Snapshot.Description, scenario.Snapshot.ModuleVersion));
                }

                var path = Path.Combine(dir, Snapshot.FileName);
                Assert.True(File.Exists(path), $"{path} is missing: run examples/Update-Examples.ps1");
                Assert.True(expected == File.ReadAllText(path).Replace("\r\n", "\n"), $"{path} is out of date: run examples/Update-Examples.ps1");
            }
        }

        /// <summary>
        /// Issue 22 item 5: an example shipped with the module is never older than the bundle format the
        /// module writes (a reader accepts older formats, so an old example would pass unnoticed), it
        /// carries the setting's run history as a bundle exported with Monitoring Reader does, and its
        /// report's footer names the module version that generated it.
        /// </summary>
        [Theory]
        [MemberData(nameof(Names))]
        public void Each_committed_example_has_the_current_format_run_history_and_a_versioned_footer(string name)
        {
            var dir = Path.Combine(TestFiles.RepoRoot, "examples", name);
            var root = JsonParser.Parse(File.ReadAllText(Path.Combine(dir, Snapshot.FileName)));
            var format = (int)(root["formatVersion"]?.NumberValue ?? 0);
            Assert.True(format >= Snapshot.FormatVersion, $"examples/{name} has bundle format {format}, older than the format {Snapshot.FormatVersion} this module writes: run examples/Update-Examples.ps1");
            Assert.All(root["scaleSets"]!.Items, scaleSet => Assert.NotEmpty(scaleSet["serviceMetrics"]?.Items ?? Array.Empty<JsonNode>()));
            Assert.Equal(HtmlReport.CurrentModuleVersion, root["moduleVersion"]?.StringValue);
            Assert.Contains($"Generated by VmssAutoscale {HtmlReport.CurrentModuleVersion}.", File.ReadAllText(Path.Combine(dir, "report.html")));
        }

        [Fact]
        public void The_footer_names_this_module_and_the_version_that_collected_older_data()
        {
            var result = Diagnose(ExampleScenarios.ByName("healthy").Snapshot);
            Assert.Contains($"Generated by VmssAutoscale {HtmlReport.CurrentModuleVersion}. Secrets", HtmlReport.Render(new[] { result }));
            Assert.Contains($"Generated by VmssAutoscale {HtmlReport.CurrentModuleVersion} from data collected by VmssAutoscale 0.0.9.", HtmlReport.Render(new[] { result }, bundleModuleVersion: "0.0.9"));
        }
    }
}
