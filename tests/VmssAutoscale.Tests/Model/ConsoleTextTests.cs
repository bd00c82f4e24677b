using System;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Tests.Model
{
    public class ConsoleTextTests
    {
        private static ScaleRule Rule(string direction, string op, double threshold, string type = ScaleType.ChangeCount, int value = 1, string statistic = MetricStatistic.Average, int grainMinutes = 1) => new ScaleRule
        {
            MetricTrigger = new MetricTrigger
            {
                MetricName = "Percentage CPU", Operator = op, Threshold = threshold, TimeWindow = TimeSpan.FromMinutes(10),
                TimeGrain = TimeSpan.FromMinutes(grainMinutes), Statistic = statistic,
            },
            ScaleAction = new ScaleAction { Direction = direction, Type = type, Value = value, Cooldown = TimeSpan.FromMinutes(5) },
        };

        [Fact]
        public void A_rule_is_one_line_in_the_shape_people_write_it()
        {
            Assert.Equal("out  Percentage CPU > 70 avg 10m  +1  cool 5m", ConsoleText.Rule(Rule(ScaleDirection.Increase, ComparisonOperator.GreaterThan, 70)));
            Assert.Equal("in   Percentage CPU < 30 avg 10m  -20%  cool 5m", ConsoleText.Rule(Rule(ScaleDirection.Decrease, ComparisonOperator.LessThan, 30, ScaleType.PercentChangeCount, 20)));
            Assert.Equal("out  Percentage CPU >= 70.5 avg 10m of max per 5m  =4  cool 5m",
                ConsoleText.Rule(Rule(ScaleDirection.Increase, ComparisonOperator.GreaterThanOrEqual, 70.5, ScaleType.ExactCount, 4, MetricStatistic.Max, 5)));
        }

        [Fact]
        public void A_two_rule_setting_takes_four_lines()
        {
            var setting = new AutoscaleSetting
            {
                Name = "web-autoscale",
                TargetResourceUri = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web",
                Profiles = new[]
                {
                    new AutoscaleProfile
                    {
                        Name = "default", Capacity = new ScaleCapacity { Minimum = 2, Maximum = 10, Default = 2 },
                        Rules = new[] { Rule(ScaleDirection.Increase, ComparisonOperator.GreaterThan, 70), Rule(ScaleDirection.Decrease, ComparisonOperator.LessThan, 30) },
                    },
                },
            };
            Assert.Equal(
                "web-autoscale  enabled  -> web (rg)\n  profile 'default'  2-10 (default 2)\n    out  Percentage CPU > 70 avg 10m  +1  cool 5m\n    in   Percentage CPU < 30 avg 10m  -1  cool 5m",
                ConsoleText.Setting(setting));
        }

        [Fact]
        public void Wrap_keeps_words_whole_within_the_width_and_marks_what_it_cuts()
        {
            var text = string.Join(" ", Enumerable.Repeat("autoscale", 30));
            var lines = ConsoleText.Wrap(text, "  ");
            Assert.All(lines, l => Assert.True(l.Length <= ConsoleText.Width));
            Assert.All(lines, l => Assert.StartsWith("  autoscale", l, StringComparison.Ordinal));
            Assert.Equal(text, string.Join(" ", lines.Select(l => l.Trim())));

            var cut = ConsoleText.Wrap(text, "  ", maxLines: 2);
            Assert.Equal(2, cut.Count);
            Assert.EndsWith("…", cut[1], StringComparison.Ordinal);
            Assert.True(cut[1].Length <= ConsoleText.Width);
        }

        [Fact]
        public void A_passing_finding_is_one_line_and_a_failure_does_not_repeat_its_summary_in_its_evidence()
        {
            var pass = new Finding { Check = "ScaleEvents", Status = FindingStatus.Pass, Summary = "No scale events in the last 24 h." };
            Assert.Equal("pass          ScaleEvents            No scale events in the last 24 h.", ConsoleText.Finding(pass));

            var fail = new Finding
            {
                Check = "SettingRules", Status = FindingStatus.Fail, Severity = DiagnosisSeverity.High,
                Summary = "ThresholdsTooClose: the gap is too small. Scale-in is deferred.",
                Evidence = new[] { "Warning ThresholdsTooClose: the gap is too small.", "Scale-in is deferred.", "Out > 50, in < 50." },
                Remediation = "Widen the gap.",
            };
            var text = ConsoleText.Finding(fail);
            Assert.Equal(
                "FAIL High     SettingRules           ThresholdsTooClose: the gap is too small.…\n     - Out > 50, in < 50.\n     Do: Widen the gap.",
                text);
        }

        [Fact]
        public void A_finding_with_long_text_keeps_to_one_line_per_finding_and_per_evidence_item()
        {
            var prose = string.Join(" ", Enumerable.Repeat("The engine compared the average across instances with the threshold.", 4));
            var warn = new Finding { Check = "Notifications", Status = FindingStatus.Warn, Severity = DiagnosisSeverity.Low, Summary = prose + "\nMore." };
            var line = ConsoleText.Finding(warn);
            Assert.DoesNotContain("\n", line, StringComparison.Ordinal);
            Assert.StartsWith("WARN Low      Notifications          The engine compared", line, StringComparison.Ordinal);
            Assert.Equal(ConsoleText.Width, line.Length);
            Assert.EndsWith("…", line, StringComparison.Ordinal);

            var fail = new Finding
            {
                Check = "AverageAcrossInstances", Status = FindingStatus.Fail, Severity = DiagnosisSeverity.Critical, Summary = "No data.",
                Evidence = new[] { "Engine at 12:00Z: None 3 -> 3 (NoData).", "No samples of 'Percentage CPU' from 11:50Z to 12:00Z (the rule's PT10M window), so the rule > 70 cannot fire." },
                Remediation = string.Join(" ", Enumerable.Repeat("Make the metric flow first.", 5)),
            };
            var lines = ConsoleText.Finding(fail).Split('\n');
            Assert.Equal(4, lines.Length);
            Assert.Equal("FAIL Critical AverageAcrossInstances No data.", lines[0]);
            Assert.Equal("     - Engine at 12:00Z: None 3 -> 3 (NoData).", lines[1]);
            Assert.All(lines, l => Assert.True(l.Length <= ConsoleText.Width, l));
            Assert.StartsWith("     Do: Make the metric flow first.", lines[3], StringComparison.Ordinal);
        }

        [Fact]
        public void A_failure_shows_at_most_three_evidence_lines_and_counts_the_rest()
        {
            var fail = new Finding
            {
                Check = "ScaleEvents", Status = FindingStatus.Fail, Summary = "Autoscale is flapping.",
                Evidence = Enumerable.Range(0, 7).Select(i => $"Event {i}.").ToArray(),
            };
            var lines = ConsoleText.Finding(fail).Split('\n');
            Assert.Equal(ConsoleText.EvidenceLines, lines.Count(l => l.StartsWith("     - Event", StringComparison.Ordinal)));
            Assert.Equal("     - and 4 more (the Evidence property)", lines.Last());
        }

        [Theory]
        [InlineData("Snapshot /home/me/examples/one-hot-instance/snapshot.json", "Source:      Snapshot one-hot-instance/snapshot.json")]
        [InlineData("Snapshot C:\\cases\\contoso\\snapshot.json", "Source:      Snapshot contoso/snapshot.json")]
        [InlineData("Live", "Source:      Live")]
        public void The_diagnosis_names_a_snapshot_by_its_bundle_not_by_the_machine_path(string source, string expected)
        {
            var d = new VmssAutoscale.Model.Diagnosis { VMScaleSetName = "vmss", ResourceGroupName = "rg", Source = source };
            Assert.Contains(expected, ConsoleText.Diagnosis(d).Split('\n'));
        }

        [Fact]
        public void A_condition_status_reads_as_kubernetes_writes_it()
        {
            Assert.Equal("True", ConditionStatus.Text(true));
            Assert.Equal("False", ConditionStatus.Text(false));
            Assert.Equal("Unknown", ConditionStatus.Text(null));
        }

        [Theory]
        [InlineData(90, "1m30s")]
        [InlineData(300, "5m")]
        [InlineData(5400, "1h30m")]
        [InlineData(86400, "1d")]
        public void Durations_read_as_people_say_them(int seconds, string expected) =>
            Assert.Equal(expected, ConsoleText.Duration(TimeSpan.FromSeconds(seconds)));
    }
}
