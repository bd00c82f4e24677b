using System;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Tests.Model
{
    public class ConsoleTextTests
    {
        private static ScaleRule Rule(ScaleDirection direction, ComparisonOperator op, double threshold, ScaleType type = ScaleType.ChangeCount, int value = 1, MetricStatistic statistic = MetricStatistic.Average, int grainMinutes = 1) => new ScaleRule
        {
            MetricTrigger = new MetricTrigger
            {
                MetricName = "Percentage CPU", ComparisonOperator = op, Threshold = threshold, TimeWindowSpan = TimeSpan.FromMinutes(10),
                TimeGrainSpan = TimeSpan.FromMinutes(grainMinutes), MetricStatistic = statistic,
            },
            ScaleAction = new ScaleAction { ScaleDirection = direction, ScaleType = type, Value = value, CooldownSpan = TimeSpan.FromMinutes(5) },
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
        public void A_passing_finding_is_one_line_of_status_check_and_headline()
        {
            var pass = new Finding { Check = "ScaleEvents", Status = FindingStatus.Pass, Summary = "No scale events in the last 24 h. Nothing failed." };
            Assert.Equal("pass          ScaleEvents            No scale events in the last 24 h.", ConsoleText.Finding(pass));
        }

        [Fact]
        public void A_failure_shows_its_headline_then_the_rest_of_its_summary_and_the_remedy_wrapped_without_repeating_the_headline()
        {
            var fail = new Finding
            {
                Check = "SettingRules", Status = FindingStatus.Fail, Severity = DiagnosisSeverity.High,
                Summary = "The gap is too small. Scale-in is deferred.",
                Evidence = new[] { "Out > 50, in < 50." },
                Remediation = "Widen the gap.",
            };
            Assert.Equal(
                "FAIL High     SettingRules           The gap is too small.\n     Scale-in is deferred.\n     Do: Widen the gap.",
                ConsoleText.Finding(fail));
        }

        [Theory]
        [InlineData(80)]
        [InlineData(120)]
        [InlineData(200)]
        public void No_sentence_of_a_long_summary_or_remedy_is_cut_at_any_width(int columns)
        {
            var prose = string.Join(" ", Enumerable.Range(1, 6).Select(i => $"Sentence {i} compares the average across instances with the threshold of the rule."));
            var id = "'/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-with-a-long-name/providers/Microsoft.Compute/virtualMachineScaleSets/vmss'";
            var warn = new Finding
            {
                Check = "Notifications", Status = FindingStatus.Warn, Severity = DiagnosisSeverity.Low,
                Summary = prose + " It names " + id + ".", Remediation = prose,
            };
            var lines = ConsoleText.Finding(warn, columns).Split('\n');
            Assert.All(lines, l => Assert.True(l.Length <= columns - 1, l));
            Assert.StartsWith("WARN Low      Notifications          Sentence 1", lines[0], StringComparison.Ordinal);
            var shown = string.Concat(lines.Skip(1)).Replace(" ", string.Empty);
            foreach (var sentence in ConsoleText.Sentences(warn.Summary + " " + warn.Remediation).Skip(1))
            {
                Assert.Contains(sentence.Replace(" ", string.Empty), shown, StringComparison.Ordinal);
            }

            // At 80 columns the resource id is wider than a line: it breaks after a '/', not inside a name.
            if (columns == 80)
            {
                Assert.Contains(lines, l => l.TrimEnd().EndsWith("/", StringComparison.Ordinal));
            }
        }

        [Theory]
        [InlineData("No scale events in the last 24 h.", "No scale events in the last 24 h.")]
        [InlineData("Autoscale is flapping: 4 flapping events in the last 24 h (4 scale-ins deferred).", "Autoscale is flapping")]
        [InlineData("Nobody is notified when autoscale scales or fails: setting 'x' has no e-mail.", "Nobody is notified when autoscale scales…")]
        [InlineData("Average Percentage CPU over 10 min across 4 instances was 31.1; the rule needs > 50.", "Average Percentage CPU over 10 min across…")]
        [InlineData("The platform's limits (vCPU quota, size restrictions, locks, subnet) were not read.", "The platform's limits")]
        public void A_headline_is_the_first_sentence_or_its_first_clauses_within_the_line(string summary, string expected)
        {
            Assert.Equal(expected, FindingHeadline.Of(summary));
            Assert.True(FindingHeadline.Of(summary).Length <= FindingHeadline.MaxLength);
            Assert.Equal(expected, new Finding { Summary = summary }.Headline);
        }

        [Fact]
        public void A_check_may_write_its_own_headline()
        {
            var f = new Finding { Check = "ScaleEvents", Status = FindingStatus.Fail, Summary = "Autoscale is flapping: 4 events.", Headline = "Flapping" };
            Assert.Equal("Flapping", f.Headline);
            Assert.Equal("FAIL Info     ScaleEvents            Flapping\n     Autoscale is flapping: 4 events.", ConsoleText.Finding(f));
        }

        [Theory]
        [InlineData("200", 80, 200)]
        [InlineData(null, 132, 132)]
        [InlineData("", 0, 80)]
        [InlineData("wide", 0, 80)]
        [InlineData("10", 0, 40)]
        public void The_view_width_is_COLUMNS_else_the_host_else_80(string? columns, int host, int expected) =>
            Assert.Equal(expected, ConsoleText.ViewWidth(columns, host));

        [Fact]
        public void A_recurring_profile_shows_its_days_times_and_time_zone_in_full()
        {
            var setting = new AutoscaleSetting
            {
                Name = "web-autoscale",
                Profiles = new[]
                {
                    new AutoscaleProfile
                    {
                        Name = "weekdays", Capacity = new ScaleCapacity { Minimum = 2, Maximum = 10, Default = 2 },
                        Recurrence = new ProfileRecurrence
                        {
                            TimeZone = "W. Europe Standard Time", Days = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
                            Hours = new[] { 8, 20 }, Minutes = new[] { 30 },
                        },
                    },
                },
            };
            var lines = ConsoleText.Setting(setting, 80).Split('\n');
            Assert.All(lines, l => Assert.True(l.Length <= 79, l));
            var text = string.Join(" ", lines.Select(l => l.Trim()));
            Assert.Contains("every Monday, Tuesday, Wednesday, Thursday, Friday at 08:30, 20:30 (W. Europe Standard Time)", text, StringComparison.Ordinal);

            var sale = new AutoscaleSetting
            {
                Name = "web-autoscale",
                Profiles = new[]
                {
                    new AutoscaleProfile
                    {
                        Name = "sale", FixedDate = new FixedDateWindow { TimeZone = "Pacific Standard Time", Start = new DateTime(2024, 11, 29, 6, 0, 0), End = new DateTime(2024, 12, 2, 23, 59, 0) },
                    },
                },
            };
            Assert.Contains("    from 2024-11-29T06:00 to 2024-12-02T23:59 Pacific Standard Time", ConsoleText.Setting(sale, 80).Split('\n'));
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
