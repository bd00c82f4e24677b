using System;
using System.Linq;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Model;
using VmssAutoscale.Templates;

namespace VmssAutoscale.Tests.Model
{
    /// <summary>
    /// The three settings the public documentation calls invalid (issue 22 item 3): each found once, at its
    /// edge and not before, and reported where settings are read, by the template rules and by Debug's
    /// SettingRules check. Sources: autoscale-understanding-settings.md (ms.date 08/19/2026) and the
    /// 2022-10-01 REST specification (ScaleAction.value "must be 1 or greater").
    /// </summary>
    public class SettingDefectsTests
    {
        private static ScaleRule Rule(ScaleDirection direction, int value) => new ScaleRule
        {
            MetricTrigger = new MetricTrigger { MetricName = "Percentage CPU", TimeGrainSpan = TimeSpan.FromMinutes(1), TimeWindowSpan = TimeSpan.FromMinutes(5) },
            ScaleAction = new ScaleAction { ScaleDirection = direction, ScaleType = ScaleType.ChangeCount, Value = value },
        };

        private static AutoscaleProfile Profile(string name, FixedDateWindow? fixedDate = null, ProfileRecurrence? recurrence = null, int outValue = 1) => new AutoscaleProfile
        {
            Name = name,
            Capacity = new ScaleCapacity { Minimum = 1, Maximum = 5, Default = 2 },
            Rules = new[] { Rule(ScaleDirection.Increase, outValue), Rule(ScaleDirection.Decrease, 1) },
            FixedDate = fixedDate,
            Recurrence = recurrence,
        };

        private static AutoscaleSetting Setting(params AutoscaleProfile[] profiles) => new AutoscaleSetting { Name = "s", Enabled = true, Profiles = profiles };

        private static FixedDateWindow Days(double days, TimeSpan? startOffset = null, TimeSpan? endOffset = null)
        {
            var start = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Unspecified);
            return new FixedDateWindow { TimeZone = "UTC", Start = start, End = start.AddDays(days), StartOffsetSpan = startOffset, EndOffsetSpan = endOffset };
        }

        private static ProfileRecurrence Weekends() => new ProfileRecurrence
        {
            Frequency = nameof(RecurrenceFrequency.Week),
            TimeZone = "UTC",
            Days = new[] { DayOfWeek.Saturday, DayOfWeek.Sunday },
            Hours = new[] { 6 },
            Minutes = new[] { 0 },
        };

        [Fact]
        public void A_valid_setting_with_one_default_a_recurrence_and_a_365_day_event_has_none()
        {
            var setting = Setting(Profile("event", Days(365)), Profile("weekend", recurrence: Weekends()), Profile("default"));
            Assert.Empty(SettingDefects.Find(setting));
            Assert.Empty(SettingRanges.Problems(setting));
        }

        // "The number of days between the start and end times of a fixedDate profile can't exceed 365 days."
        [Theory]
        [InlineData(365.0 + 1.0 / 1440, true)]
        [InlineData(367, true)]
        [InlineData(364, false)]
        public void A_fixed_date_longer_than_365_days_is_named(double days, bool flagged)
        {
            var defects = SettingDefects.Find(Setting(Profile("event", Days(days)), Profile("default")));
            Assert.Equal(flagged, defects.Any(d => d.RuleName == SettingDefects.FixedDateTooLong));
            if (flagged)
            {
                Assert.Contains("profile 'event': its fixedDate runs", defects[0].Message);
                Assert.Contains("can't exceed 365", defects[0].Message);
            }
        }

        [Fact]
        public void A_fixed_date_with_offsets_is_measured_in_absolute_time()
        {
            // 365 days on the clock, but the start is at +05:00 and the end at -05:00: 365 days and 10 hours.
            var window = Days(365, TimeSpan.FromHours(5), TimeSpan.FromHours(-5));
            Assert.Single(SettingDefects.Find(Setting(Profile("event", window), Profile("default"))));
        }

        // REST spec 2022-10-01, ScaleAction.value: "This value must be 1 or greater."
        [Theory]
        [InlineData(0, true)]
        [InlineData(1, false)]
        public void A_scale_action_value_below_one_is_named(int value, bool flagged)
        {
            var defects = SettingDefects.Find(Setting(Profile("default", outValue: value)));
            Assert.Equal(flagged, defects.Count == 1);
            if (flagged)
            {
                Assert.Equal(SettingDefects.ScaleActionValueBelowOne, defects[0].RuleName);
                Assert.Equal(0, defects[0].RuleIndex);
                Assert.Contains("rule 1 (Percentage CPU): scaleAction value 0", defects[0].Message);
            }
        }

        // "A setting can have only one default profile."
        [Fact]
        public void Every_default_profile_after_the_first_is_named()
        {
            var defects = SettingDefects.Find(Setting(Profile("a"), Profile("weekend", recurrence: Weekends()), Profile("b"), Profile("c")));
            Assert.Equal(new[] { 2, 3 }, defects.Where(d => d.RuleName == SettingDefects.MultipleDefaultProfiles).Select(d => d.ProfileIndex));
            Assert.Contains("profile 'b' is a second default profile (neither fixedDate nor recurrence) besides 'a'", defects[0].Message);
        }

        [Fact]
        public void Reading_a_setting_warns_about_each_defect_with_the_ranges()
        {
            var problems = SettingRanges.Problems(Setting(Profile("event", Days(400)), Profile("a", outValue: 0), Profile("b")));
            Assert.Equal(3, problems.Count);
        }

        [Fact]
        public void Each_defect_is_a_registered_setting_only_template_rule()
        {
            foreach (var name in new[] { SettingDefects.FixedDateTooLong, SettingDefects.ScaleActionValueBelowOne, SettingDefects.MultipleDefaultProfiles })
            {
                var rule = TemplateRuleCatalog.Get(name);
                Assert.True(rule.SettingOnly);
                Assert.Equal(FindingSeverity.Error, rule.Severity);
            }
        }

        [Fact]
        public void The_template_checks_report_each_defect_on_a_setting_alone()
        {
            var findings = TemplateAnalyzer.AnalyzeSetting(Setting(Profile("event", Days(400)), Profile("a", outValue: 0), Profile("b")));
            Assert.Contains(findings, f => f.RuleName == SettingDefects.FixedDateTooLong && f.Severity == FindingSeverity.Error);
            Assert.Contains(findings, f => f.RuleName == SettingDefects.ScaleActionValueBelowOne);
            Assert.Contains(findings, f => f.RuleName == SettingDefects.MultipleDefaultProfiles && f.Remediation.Contains("Keep one default profile"));
        }

        // Debug-VmssAutoscale's SettingRules check runs the setting-only template rules on the deployed setting.
        [Fact]
        public void Debugs_SettingRules_check_fails_on_a_second_default_profile()
        {
            const string Vmss = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";
            var setting = new AutoscaleSetting { Name = "s", Enabled = true, TargetResourceUri = Vmss, Profiles = new[] { Profile("a"), Profile("b") } };
            var input = new DiagnosisInput
            {
                Now = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc),
                ScaleSet = new ScaleSetInfo { ResourceId = Vmss, VMScaleSetName = "web", ResourceGroupName = "rg", Capacity = 2 },
                Settings = new[] { setting },
            };
            var finding = TemplateFindings.DeployedSetting(new DiagnosisContext(input));
            Assert.Equal("SettingRules", finding.Check);
            Assert.Equal(FindingStatus.Fail, finding.Status);
            Assert.StartsWith("MultipleDefaultProfiles: ", finding.Summary);
            Assert.Contains("profile 'b' is a second default profile", finding.Summary);
        }
    }
}
