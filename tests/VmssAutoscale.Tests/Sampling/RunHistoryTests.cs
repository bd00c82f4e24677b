using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.FakeArm;
using VmssAutoscale.Model;
using VmssAutoscale.Sources.Sampling;
using VmssAutoscale.Tests.Arm;
using Xunit;

namespace VmssAutoscale.Tests.Sampling
{
    /// <summary>The autoscale setting's platform metrics (run history): reading a response, pairing its series, and the live request against the fake.</summary>
    public class RunHistoryTests
    {
        private const string SettingId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/microsoft.insights/autoscalesettings/web-autoscale";
        private const string ScaleSetId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";

        private static string Series(string? dimension, string? value, string aggregation, params (string Time, double? Value)[] points) =>
            "{ \"metadatavalues\": [" + (dimension == null ? string.Empty : $"{{ \"name\": {{ \"value\": \"{dimension}\", \"localizedValue\": \"{dimension}\" }}, \"value\": \"{value}\" }}") + "], \"data\": ["
            + string.Join(",", points.Select(p => p.Value == null ? $"{{ \"timeStamp\": \"{p.Time}\" }}" : $"{{ \"timeStamp\": \"{p.Time}\", \"{aggregation}\": {p.Value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} }}"))
            + "] }";

        private static string Metric(string name, params string[] series) =>
            $"{{ \"id\": \"{SettingId}/providers/Microsoft.Insights/metrics/{name}\", \"type\": \"Microsoft.Insights/metrics\", \"name\": {{ \"value\": \"{name}\", \"localizedValue\": \"{name}\" }}, \"unit\": \"Count\", \"timeseries\": [{string.Join(",", series)}], \"errorCode\": \"Success\" }}";

        private static string Body(params string[] metrics) =>
            "{ \"cost\": 0, \"timespan\": \"2024-05-01T10:00:00Z/2024-05-01T10:03:00Z\", \"interval\": \"PT1M\", \"namespace\": \"Microsoft.Insights/autoscalesettings\", \"value\": [" + string.Join(",", metrics) + "] }";

        private static AutoscaleSetting Setting(params (string Metric, double Threshold)[] rules) => new AutoscaleSetting
        {
            Name = "web-autoscale",
            Id = SettingId,
            Profiles = new[]
            {
                new AutoscaleProfile { Rules = rules.Select(r => new ScaleRule { MetricTrigger = new MetricTrigger { MetricName = r.Metric, Threshold = r.Threshold } }).ToList() },
            },
        };

        [Fact]
        public void Reads_one_record_per_minute_and_rule_with_capacity_and_actions()
        {
            var body = Body(
                Metric("ObservedMetricValue", Series("metrictriggersource", "Percentage CPU", "average", ("2024-05-01T10:00:00Z", 71.5), ("2024-05-01T10:01:00Z", 40), ("2024-05-01T10:02:00Z", null))),
                Metric("MetricThreshold",
                    Series("metrictriggerrule", "Percentage CPU GreaterThan 70", "average", ("2024-05-01T10:00:00Z", 70), ("2024-05-01T10:01:00Z", 70), ("2024-05-01T10:02:00Z", null)),
                    Series("metrictriggerrule", "Percentage CPU LessThan 30", "average", ("2024-05-01T10:00:00Z", 30), ("2024-05-01T10:01:00Z", 30), ("2024-05-01T10:02:00Z", null))),
                Metric("ObservedCapacity", Series(null, null, "average", ("2024-05-01T10:00:00Z", 2), ("2024-05-01T10:01:00Z", 3), ("2024-05-01T10:02:00Z", null))),
                Metric("ScaleActionsInitiated",
                    Series("scaledirection", "Increase", "total", ("2024-05-01T10:00:00Z", 1), ("2024-05-01T10:01:00Z", 0), ("2024-05-01T10:02:00Z", 0)),
                    Series("scaledirection", "Decrease", "total", ("2024-05-01T10:00:00Z", 0), ("2024-05-01T10:01:00Z", 0), ("2024-05-01T10:02:00Z", 0))));

            var records = AutoscaleSettingMetrics.Read(body, SettingId, null, ScaleSetId);

            // 10:02 had no point in any series: the engine did not run, so there is no record (not a zero).
            Assert.Equal(4, records.Count);
            var first = records[0];
            Assert.Equal(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc), first.Time);
            Assert.Equal("Percentage CPU GreaterThan 70", first.MetricTriggerRule);
            Assert.Equal("Percentage CPU", first.MetricTriggerSource);
            Assert.Equal(71.5, first.ObservedMetricValue);
            Assert.Equal(70, first.MetricThreshold);
            Assert.Equal(2, first.ObservedCapacity);
            Assert.Equal(1, first.ScaleActionsInitiated);
            Assert.Equal("Increase", first.ScaleDirection);
            Assert.Equal("web", first.VMScaleSetName);
            Assert.Equal("rg", first.ResourceGroupName);
            Assert.Equal(ScaleSetId, first.ResourceId);
            Assert.Equal("web-autoscale", first.SettingName);
            Assert.Equal(30, records[1].MetricThreshold);
            Assert.Equal(71.5, records[1].ObservedMetricValue);
            Assert.Null(records[2].ScaleActionsInitiated);
            Assert.Null(records[2].ScaleDirection);
            Assert.Equal(3, records[3].ObservedCapacity);
        }

        [Fact]
        public void Pairs_by_the_settings_threshold_when_the_dimension_values_do_not_name_each_other()
        {
            var body = Body(
                Metric("ObservedMetricValue",
                    Series("metrictriggersource", "/subscriptions/x/queues/orders:ApproximateMessageCount", "average", ("2024-05-01T10:00:00Z", 120)),
                    Series("metrictriggersource", "/subscriptions/x/web:Percentage CPU", "average", ("2024-05-01T10:00:00Z", 55))),
                Metric("MetricThreshold",
                    Series("metrictriggerrule", "rule-0", "average", ("2024-05-01T10:00:00Z", 100)),
                    Series("metrictriggerrule", "rule-1", "average", ("2024-05-01T10:00:00Z", 80))));
            var setting = Setting(("ApproximateMessageCount", 100), ("Percentage CPU", 80));

            var records = AutoscaleSettingMetrics.Read(body, SettingId, setting, ScaleSetId);

            Assert.Equal(2, records.Count);
            Assert.Equal(120, records.Single(r => r.MetricTriggerRule == "rule-0").ObservedMetricValue);
            Assert.Equal(55, records.Single(r => r.MetricTriggerRule == "rule-1").ObservedMetricValue);
        }

        [Fact]
        public void Keeps_series_that_match_nothing_with_the_other_value_empty()
        {
            var body = Body(
                Metric("ObservedMetricValue",
                    Series("metrictriggersource", "queue-depth", "average", ("2024-05-01T10:00:00Z", 1)),
                    Series("metrictriggersource", "cpu", "average", ("2024-05-01T10:00:00Z", 2))),
                Metric("MetricThreshold", Series("metrictriggerrule", "unrelated", "average", ("2024-05-01T10:00:00Z", 9))));

            var records = AutoscaleSettingMetrics.Read(body, SettingId, null, ScaleSetId);

            Assert.Equal(3, records.Count);
            Assert.Null(records.Single(r => r.MetricTriggerRule == "unrelated").ObservedMetricValue);
            Assert.Equal(new[] { "cpu", "queue-depth" }, records.Where(r => r.MetricTriggerRule == null).Select(r => r.MetricTriggerSource).ToArray());
            Assert.All(records.Where(r => r.MetricTriggerRule == null), r => Assert.Null(r.MetricThreshold));
        }

        [Fact]
        public void A_metric_the_service_could_not_return_is_an_error_not_silence()
        {
            var body = "{ \"value\": [ { \"name\": { \"value\": \"ObservedMetricValue\" }, \"timeseries\": [], \"errorCode\": \"Throttled\", \"errorMessage\": \"Try later\" } ] }";

            var e = Assert.Throws<ModuleException>(() => AutoscaleSettingMetrics.Read(body, SettingId, null, ScaleSetId));

            Assert.Equal(ErrorIds.MetricUnavailable, e.ErrorId);
            Assert.Contains("Throttled", e.Message);
        }

        [Fact]
        public void The_request_asks_for_the_four_metrics_split_by_every_dimension_in_one_call()
        {
            var path = Uri.UnescapeDataString(AutoscaleSettingMetrics.PathFor(SettingId, new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc), new DateTime(2024, 5, 1, 11, 0, 0, DateTimeKind.Utc)));

            Assert.StartsWith(SettingId + "/providers/Microsoft.Insights/metrics?api-version=2023-10-01", path);
            Assert.Contains("metricnamespace=Microsoft.Insights/autoscalesettings", path);
            Assert.Contains("metricnames=ObservedMetricValue,MetricThreshold,ObservedCapacity,ScaleActionsInitiated", path);
            Assert.Contains("timespan=2024-05-01T10:00:00Z/2024-05-01T11:00:00Z", path);
            Assert.Contains("aggregation=Average,Total", path);
            Assert.Contains("$filter=MetricTriggerSource eq '*' and MetricTriggerRule eq '*' and ScaleDirection eq '*'", path);
        }

        [Fact]
        public async Task The_live_session_reads_the_fakes_run_history_in_one_request()
        {
            using var f = new FakeArmFixture();
            var setting = FakeArmService.SettingId("rg-web", "autoscale-web");
            var now = f.Service.Now;
            var end = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);

            var body = await f.Session.GetSettingMetricsJsonAsync(setting, end.AddMinutes(-10), end, CancellationToken.None);
            var records = AutoscaleSettingMetrics.Read(body, setting, null, FakeArmFixture.WebScaleSet);

            Assert.Single(f.Service.Requests);
            Assert.Equal(20, records.Count);
            Assert.All(records, r => Assert.Equal(r.MetricTriggerRule!.Contains("GreaterThan") ? 60 : 30, r.MetricThreshold));
            Assert.All(records, r => Assert.Equal("Percentage CPU", r.MetricTriggerSource));
        }

        [Theory]
        [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/v", "microsoft.compute/virtualmachinescalesets")]
        [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/v/instanceView", "microsoft.compute/virtualmachinescalesets")]
        [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/v/providers/Microsoft.Insights/metrics", "microsoft.insights/metrics")]
        [InlineData("/subscriptions/s/providers/Microsoft.Insights/eventtypes/management/values", "microsoft.insights/eventtypes")]
        [InlineData("/subscriptions", "subscriptions")]
        public void The_fake_finds_the_resource_type_of_a_path(string path, string type) =>
            Assert.Equal(type, FakeArmService.ResourceTypeOf(path));

        [Fact]
        public void The_fake_refuses_an_api_version_its_table_does_not_hold_for_the_type()
        {
            var service = new FakeArmService(new[] { "t" });
            FakeResponse Get(string query) => service.Handle(new FakeRequest
            {
                Uri = new Uri("https://fake.arm.test" + FakeArmService.SettingId("rg-web", "autoscale-web") + query),
                Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer t" },
            });

            Assert.Equal(200, Get("?api-version=2022-10-01").Status);
            var wrong = Get("?api-version=2015-04-01");
            Assert.Equal(400, wrong.Status);
            Assert.Contains("InvalidApiVersionParameter", wrong.Body);
            Assert.Contains("MissingApiVersionParameter", Get(string.Empty).Body);
        }
    }
}
