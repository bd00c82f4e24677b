using System;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Tests.Model
{
    public class AutoscaleSettingParserTests
    {
        private static AutoscaleSetting One(string fixture) =>
            Assert.Single(AutoscaleSettingParser.ParseText(TestFiles.ReadFixture("settings", fixture), fixture));

        [Fact]
        public void Reads_a_2015_resource_body_with_numbers_written_as_strings()
        {
            var s = One("web-cpu-2015.json");
            Assert.Equal("web-autoscale", s.Name);
            Assert.Equal("web-vmss", s.TargetResourceName);
            Assert.Equal("web-vmss", s.VMScaleSetName);
            Assert.Equal("rg-web", s.ResourceGroupName);
            Assert.Equal("web", s.Tags["team"]);
            var profile = Assert.Single(s.Profiles);
            Assert.True(profile.IsDefault);
            Assert.Equal(2, profile.Capacity.Minimum);
            Assert.Equal(10, profile.Capacity.Maximum);
            Assert.Equal(2, profile.Rules.Count);
            var scaleIn = profile.Rules[1];
            Assert.Equal(25, scaleIn.MetricTrigger.Threshold);
            Assert.Equal(ScaleDirection.Decrease, scaleIn.ScaleDirection);
            Assert.Equal("Decrease", scaleIn.Direction);
            Assert.Equal(TimeSpan.FromMinutes(10), scaleIn.ScaleAction.CooldownSpan);
        }

        [Fact]
        public void Renders_a_rule_in_one_line()
        {
            var rule = One("web-cpu-2015.json").Profiles[0].Rules[0];
            Assert.Equal("Percentage CPU > 60 (Average over PT10M, Average per PT1M) -> Increase ChangeCount 1, cooldown PT5M", rule.ToString());
        }

        [Fact]
        public void Strips_webhook_query_strings_because_they_carry_secrets()
        {
            var n = Assert.Single(One("web-cpu-2015.json").Notifications);
            Assert.Equal("https://hooks.example.com/scale", Assert.Single(n.Webhooks));
            Assert.Equal("ops@example.com", Assert.Single(n.CustomEmails));
        }

        [Fact]
        public void Reads_recurrence_fixed_date_predictive_and_dimensions_case_insensitively()
        {
            var s = One("schedule-2022.json");
            Assert.False(s.Enabled);
            Assert.Equal(PredictiveScaleMode.ForecastOnly, s.PredictiveAutoscalePolicy!.PredictiveScaleMode);
            Assert.Equal("ForecastOnly", s.PredictiveAutoscalePolicy.ScaleMode);
            Assert.Equal(TimeSpan.FromMinutes(14), s.PredictiveAutoscalePolicy.ScaleLookAheadTimeSpan);
            Assert.Equal(3, s.Profiles.Count);

            var mornings = s.Profiles[0];
            Assert.Equal("Recurrence", mornings.Kind);
            Assert.Equal("W. Europe Standard Time", mornings.Recurrence!.TimeZone);
            Assert.Equal("Week", mornings.Recurrence.Frequency);
            Assert.Equal(new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }, mornings.Recurrence.Days);
            Assert.True(mornings.Recurrence.Days.Contains(DayOfWeek.Friday));
            Assert.False(mornings.Recurrence.Days.Contains(DayOfWeek.Sunday));
            Assert.Equal(new[] { 7 }, mornings.Recurrence.Hours);
            Assert.Equal(new[] { 30 }, mornings.Recurrence.Minutes);
            var rule = Assert.Single(mornings.Rules);
            Assert.True(rule.MetricTrigger.DividePerInstance);
            Assert.Equal(MetricStatistic.Sum, rule.MetricTrigger.MetricStatistic);
            Assert.Equal("Sum", rule.MetricTrigger.Statistic);
            Assert.Equal(TimeAggregationType.Maximum, rule.MetricTrigger.TimeAggregationType);
            Assert.Equal("Maximum", rule.MetricTrigger.TimeAggregation);
            Assert.Equal(ScaleType.PercentChangeCount, rule.ScaleAction.ScaleType);
            Assert.Equal("PercentChangeCount", rule.ScaleAction.Type);
            var dim = Assert.Single(rule.MetricTrigger.Dimensions);
            Assert.Equal("QueueName", dim.DimensionName);
            Assert.Equal(DimensionOperator.Equals, dim.DimensionOperator);
            Assert.Equal("Equals", dim.Operator);
            Assert.Equal(new[] { "jobs", "retries" }, dim.Values);

            Assert.Equal("weekday-mornings", s.Profiles[1].AutoCreatedFor);
            Assert.Null(mornings.AutoCreatedFor);

            var freeze = s.Profiles[2];
            Assert.Equal("FixedDate", freeze.Kind);
            Assert.Equal(new DateTime(2026, 12, 24), freeze.FixedDate!.Start);
            Assert.Equal(TimeSpan.Zero, freeze.FixedDate.StartOffsetSpan);
        }

        [Fact]
        public void Reads_a_list_response()
        {
            var list = AutoscaleSettingParser.ParseText(TestFiles.ReadFixture("settings", "list-two-settings.json"), "list");
            Assert.Equal(new[] { "first", "second" }, list.Select(s => s.Name));
            Assert.Equal(2, list[1].Profiles.Count);
            Assert.Null(list[1].Profiles[1].FixedDate!.StartOffset);
        }

        [Fact]
        public void Reads_the_pascal_case_active_profile_of_an_activity_log_event()
        {
            var s = One("activity-log-event.json");
            var profile = Assert.Single(s.Profiles);
            Assert.Equal("cpu-profile", profile.Name);
            var rule = Assert.Single(profile.Rules);
            Assert.Equal("Percentage CPU", rule.MetricName);
            Assert.Equal(70, rule.MetricTrigger.Threshold);
            Assert.EndsWith("/api", rule.MetricTrigger.MetricResourceUri);
            Assert.Equal("northeurope", rule.MetricTrigger.MetricResourceLocation);
        }

        [Fact]
        public void Reads_a_bare_properties_object_and_numeric_days()
        {
            var s = One("bare-properties-2025.json");
            Assert.Equal("bare", s.TargetResourceName);
            Assert.Equal("Monday", Assert.Single(s.Profiles[0].Recurrence!.Days));
            Assert.Equal(9, Assert.Single(s.Profiles[0].Recurrence!.Hours));
        }

        [Theory]
        [InlineData("timeWindow", "\"PT5X\"", "properties.profiles[0].rules[0].metricTrigger.timeWindow: 'PT5X' is not an ISO 8601 duration")]
        [InlineData("operator", "\"Above\"", "properties.profiles[0].rules[0].metricTrigger.operator: 'Above' is not a valid value; expected one of Equals, NotEquals, GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual")]
        [InlineData("operator", "\"2\"", "metricTrigger.operator: '2' is not a valid value; expected one of Equals")]
        [InlineData("threshold", "\"high\"", "properties.profiles[0].rules[0].metricTrigger.threshold: expected a number but found the string 'high'")]
        [InlineData("threshold", "[1]", "properties.profiles[0].rules[0].metricTrigger.threshold: expected a number but found an array")]
        [InlineData("statistic", "\"Median\"", "metricTrigger.statistic: 'Median' is not a valid value")]
        public void Names_the_json_path_of_a_bad_trigger_value(string field, string badValue, string expected)
        {
            var text = TestFiles.ReadFixture("settings", "web-cpu-2015.json");
            var pattern = new System.Text.RegularExpressions.Regex("\"" + field + "\": [^,\\n]+");
            var broken = pattern.Replace(text, "\"" + field + "\": " + badValue, 1);
            var e = Assert.Throws<AutoscaleFormatException>(() => AutoscaleSettingParser.ParseText(broken, "t"));
            Assert.Contains(expected, e.Message);
        }

        [Theory]
        [InlineData("\" greaterThanOrEqual \"", ComparisonOperator.GreaterThanOrEqual, "GreaterThanOrEqual")]
        [InlineData("\"LESSTHAN\"", ComparisonOperator.LessThan, "LessThan")]
        [InlineData("\"equals\"", ComparisonOperator.Equals, "Equals")]
        public void Reads_an_operator_in_any_case_as_the_enum_and_shows_its_name(string written, ComparisonOperator parsed, string shown)
        {
            var text = TestFiles.ReadFixture("settings", "web-cpu-2015.json");
            var broken = new System.Text.RegularExpressions.Regex("\"operator\": [^,\\n]+").Replace(text, "\"operator\": " + written, 1);
            var trigger = AutoscaleSettingParser.ParseText(broken, "t")[0].Profiles[0].Rules[0].MetricTrigger;
            Assert.Equal(parsed, trigger.ComparisonOperator);
            Assert.Equal(shown, trigger.Operator);
            Assert.Contains("\"operator\": \"" + shown + "\"", AutoscaleSettingJson.Write(AutoscaleSettingParser.ParseText(broken, "t")[0]));
        }

        [Fact]
        public void Names_a_missing_required_field()
        {
            var e = Assert.Throws<AutoscaleFormatException>(() => AutoscaleSettingParser.ParseText(
                "{\"properties\":{\"profiles\":[{\"name\":\"p\",\"rules\":[]}]}}", "t"));
            Assert.Equal("properties.profiles[0].capacity: is required but missing", e.Message);
        }

        [Fact]
        public void Refuses_a_resource_of_another_type()
        {
            var e = Assert.Throws<AutoscaleFormatException>(() => AutoscaleSettingParser.ParseText(
                "{\"type\":\"Microsoft.Compute/virtualMachineScaleSets\",\"properties\":{}}", "t"));
            Assert.Contains("is not an autoscale setting", e.Message);
        }

        [Fact]
        public void Reports_truncated_json_with_its_line()
        {
            var e = Assert.Throws<AutoscaleFormatException>(() => AutoscaleSettingParser.ParseText("{\n\"properties\": {\n\"profiles\": [", "t"));
            Assert.Contains("line 3", e.Message);
            Assert.Contains("truncated", e.Message);
        }

        [Fact]
        public void Refuses_a_profile_with_both_fixed_date_and_recurrence()
        {
            var e = Assert.Throws<AutoscaleFormatException>(() => AutoscaleSettingParser.ParseText(
                "{\"profiles\":[{\"name\":\"p\",\"capacity\":{\"minimum\":1,\"maximum\":2,\"default\":1},\"rules\":[]," +
                "\"fixedDate\":{\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2026-01-02T00:00:00Z\"}," +
                "\"recurrence\":{\"frequency\":\"Week\",\"schedule\":{\"days\":[\"Monday\"],\"hours\":[1],\"minutes\":[0]}}}]}", "t"));
            Assert.StartsWith("profiles[0]:", e.Message);
        }
    }

    public class IsoDurationTests
    {
        [Theory]
        [InlineData("PT1M", 60)]
        [InlineData("PT10M", 600)]
        [InlineData("PT1H30M", 5400)]
        [InlineData("P1D", 86400)]
        [InlineData("P1W", 604800)]
        [InlineData("pt0.5s", 0.5)]
        public void Parses(string text, double seconds)
        {
            Assert.True(IsoDuration.TryParse(text, out var span));
            Assert.Equal(seconds, span.TotalSeconds);
        }

        [Theory]
        [InlineData("PT")]
        [InlineData("P")]
        [InlineData("5M")]
        [InlineData("P1M")]
        [InlineData("PT5X")]
        [InlineData("")]
        public void Refuses(string text) => Assert.False(IsoDuration.TryParse(text, out _));

        [Theory]
        [InlineData(300, "PT5M")]
        [InlineData(5400, "PT1H30M")]
        [InlineData(604800, "P7D")]
        [InlineData(90000, "P1DT1H")]
        public void Formats(double seconds, string expected) => Assert.Equal(expected, IsoDuration.Format(TimeSpan.FromSeconds(seconds)));

        // Issue 24: a duration's JSON and CSV form is this text, and scripts get the TimeSpan back from it,
        // so it must hold every tick (a scale event's duration comes from timestamps with 7 decimals).
        [Theory]
        [InlineData(950_001_234L, "PT1M35.0001234S")]
        [InlineData(15_000L, "PT0.0015S")]
        [InlineData(-1_200_000_000L, "-PT2M")]
        [InlineData(864_000_000_001L, "P1DT0.0000001S")]
        public void WritesEveryTickAndReadsItBack(long ticks, string expected)
        {
            var span = TimeSpan.FromTicks(ticks);
            Assert.Equal(expected, IsoDuration.Format(span));
            Assert.True(VmssAutoscale.Cmdlets.SerializedForm.TryParseDuration(expected, out var back));
            Assert.Equal(span, back);
        }
    }
}
