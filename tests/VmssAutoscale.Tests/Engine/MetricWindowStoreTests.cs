using System;
using System.IO;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using static VmssAutoscale.Tests.Engine.Kit;
using Op = VmssAutoscale.Model.ComparisonOperator;

namespace VmssAutoscale.Tests.Engine
{
    public class MetricWindowStoreTests
    {
        private static MetricTrigger Trigger(MetricStatistic statistic = MetricStatistic.Average, TimeAggregationType aggregation = TimeAggregationType.Average, double window = 10, double grain = 1) =>
            Rule(ScaleDirection.Increase, "m", Op.GreaterThan, 0, 1, ScaleType.ChangeCount, 5, statistic, false, window, aggregation, grain).MetricTrigger;

        [Fact]
        public void Missing_grains_are_dropped_not_zero_filled()
        {
            var store = new MetricWindowStore();
            foreach (var m in new[] { 0, 1, 2, 4, 5, 7, 9 })
            {
                store.Add("m", "a", T0.AddMinutes(m), 70);
            }

            var o = store.Observe(Trigger(), T0.AddMinutes(10), 1, TimeSpan.Zero);
            Assert.Equal(70, o.Value);
            Assert.Equal(7, o.GrainsUsed);
            Assert.Equal(10, o.GrainsInWindow);
        }

        [Theory]
        [InlineData(MetricStatistic.Average, TimeAggregationType.Average, 35)]   // grains 20, 50 → 35
        [InlineData(MetricStatistic.Max, TimeAggregationType.Average, 60)]       // 30, 90
        [InlineData(MetricStatistic.Min, TimeAggregationType.Minimum, 10)]
        [InlineData(MetricStatistic.Sum, TimeAggregationType.Total, 140)]        // 40 + 100
        [InlineData(MetricStatistic.Count, TimeAggregationType.Count, 2)]        // two grains
        [InlineData(MetricStatistic.Average, TimeAggregationType.Last, 50)]
        [InlineData(MetricStatistic.Average, TimeAggregationType.Maximum, 50)]
        public void Statistic_across_instances_then_aggregation_over_time(MetricStatistic statistic, TimeAggregationType aggregation, double expected)
        {
            var store = new MetricWindowStore();
            store.Add("m", "a", T0, 10);
            store.Add("m", "b", T0, 30);
            store.Add("m", "a", T0.AddMinutes(1), 10);
            store.Add("m", "b", T0.AddMinutes(1), 90);
            var o = store.Observe(Trigger(statistic, aggregation, window: 5), T0.AddMinutes(5), 2, TimeSpan.Zero);
            Assert.Equal(expected, o.Value);
        }

        [Fact]
        public void Ingestion_lag_moves_the_window_back()
        {
            var store = new MetricWindowStore();
            for (var m = 0; m < 10; m++)
            {
                store.Add("m", "a", T0.AddMinutes(m), m < 5 ? 10 : 90);
            }

            Assert.Equal(90, store.Observe(Trigger(window: 5), T0.AddMinutes(10), 1, TimeSpan.Zero).Value);
            var lagged = store.Observe(Trigger(window: 5), T0.AddMinutes(10), 1, TimeSpan.FromMinutes(5));
            Assert.Equal(10, lagged.Value);
            Assert.Equal(T0.AddMinutes(5), lagged.WindowEnd);
        }

        [Fact]
        public void Five_minute_grain_averages_each_instance_within_the_grain()
        {
            var store = new MetricWindowStore();
            for (var m = 0; m < 10; m++)
            {
                store.Add("m", "a", T0.AddMinutes(m), m);
            }

            var o = store.Observe(Trigger(window: 10, grain: 5, aggregation: TimeAggregationType.Maximum), T0.AddMinutes(10), 1, TimeSpan.Zero);
            Assert.Equal(7, o.Value); // grains: mean(0..4) = 2, mean(5..9) = 7
            Assert.Equal(2, o.GrainsUsed);
        }

        [Fact]
        public void Vm_name_dimension_filter_selects_instances()
        {
            var store = new MetricWindowStore();
            store.Add("m", "vmss_0", T0, 10);
            store.Add("m", "vmss_1", T0, 90);
            var rule = Rule(ScaleDirection.Increase, "m", Op.GreaterThan, 0, 1, ScaleType.ChangeCount, 5, MetricStatistic.Average, false, 5, TimeAggregationType.Average, 1,
                new[] { new MetricDimension { DimensionName = "VMName", DimensionOperator = DimensionOperator.Equals, Values = new[] { "vmss_1" } } });
            Assert.Equal(90, store.Observe(rule.MetricTrigger, T0.AddMinutes(1), 2, TimeSpan.Zero).Value);
            var other = Rule(ScaleDirection.Increase, "m", Op.GreaterThan, 0, 1, ScaleType.ChangeCount, 5, MetricStatistic.Average, false, 5, TimeAggregationType.Average, 1,
                new[] { new MetricDimension { DimensionName = "LUN", DimensionOperator = DimensionOperator.Equals, Values = new[] { "0" } } });
            var o = store.Observe(other.MetricTrigger, T0.AddMinutes(1), 2, TimeSpan.Zero);
            Assert.Equal(50, o.Value);
            Assert.Single(o.IgnoredDimensions);
        }

        [Fact]
        public void Duplicates_and_out_of_order_samples_are_reported()
        {
            var store = new MetricWindowStore();
            Assert.Equal(SampleAddResult.Added, store.Add("m", "a", T0.AddMinutes(1), 1));
            Assert.Equal(SampleAddResult.Duplicate, store.Add("m", "a", T0.AddMinutes(1), 2));
            Assert.Equal(SampleAddResult.Added, store.Add("m", "a", T0.AddMinutes(1).AddSeconds(30), 3)); // a second sample in the minute is averaged
            Assert.Equal(SampleAddResult.OutOfOrder, store.Add("m", "a", T0, 1));
            Assert.Equal(2, store.Observe(Trigger(window: 5), T0.AddMinutes(2), 1, TimeSpan.Zero).Value);
        }

        [Fact]
        public void Per_instance_values_explain_one_hot_instance()
        {
            var store = new MetricWindowStore();
            for (var m = 0; m < 5; m++)
            {
                for (var i = 0; i < 4; i++)
                {
                    store.Add("Percentage CPU", "vm_" + i, T0.AddMinutes(m), i == 2 ? 100 : 0);
                }
            }

            var setting = Setting(1, 10, 1, Out("Percentage CPU", Op.GreaterThan, 50));
            var d = new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = setting, Time = T0.AddMinutes(5), CurrentCapacity = 4 }, new StoreObservedValueSource(store, EngineOptions.Default));
            Assert.Equal(ScaleDecision.None, d.Decision);
            Assert.Contains("Only 1 of 4 instances is > 50 on its own (vm_2 at 100)", d.Reason);
            Assert.Contains("the other 3 would need to average above 33.33", d.Reason);
        }

        [Fact]
        public void Redistributed_total_spreads_over_the_capacity()
        {
            var store = new MetricWindowStore();
            store.Add("m", "a", T0, 90);
            store.Add("m", "b", T0, 90);
            var o = store.Observe(Trigger(window: 5), T0.AddMinutes(1), 3, TimeSpan.Zero, capacityAt: _ => 3);
            Assert.Equal(60, o.Value);
        }
    }

    public class SampleCsvReaderTests
    {
        private static SampleRecord[] Read(string csv) => new SampleCsvReader(new StringReader(csv), "test").ReadAll().ToArray();

        [Fact]
        public void Reads_columns_in_any_order_with_quotes_and_offsets()
        {
            var rows = Read("Value,Extra,MetricName,Timestamp,Instance\n" +
                            "12.5,x,Percentage CPU,2024-05-01T10:00:00Z,vm_0\n" +
                            "\"7\",\"a,b\",\"\\Processor(_Total)\\% Processor Time\",2024-05-01T12:01:30+02:00,vm_1\n" +
                            "-0.25,,Percentage CPU,2024-05-01 10:02,vm_0\n");
            Assert.Equal(3, rows.Length);
            Assert.Equal(12.5, rows[0].Value);
            Assert.Equal(T0, rows[0].Timestamp);
            Assert.Equal(@"\Processor(_Total)\% Processor Time", rows[1].MetricName);
            Assert.Equal(T0.AddMinutes(1).AddSeconds(30), rows[1].Timestamp);
            Assert.Equal(-0.25, rows[2].Value);
            Assert.Equal(4, rows[2].Line);
            Assert.Same(rows[0].MetricName, rows[2].MetricName);
        }

        [Theory]
        [InlineData("vm_0,2024-05-01T10:00:00Z,Percentage CPU,high", "line 2, column Value: 'high' is not a number")]
        [InlineData("vm_0,yesterday,Percentage CPU,1", "line 2, column Timestamp: 'yesterday'")]
        [InlineData("vm_0,2024-05-01T10:00:00Z", "line 2, column row")]
        public void Bad_rows_name_the_line_and_column(string row, string message)
        {
            var ex = Assert.Throws<SampleFormatException>(() => Read("Instance,Timestamp,MetricName,Value\n" + row));
            Assert.Contains(message, ex.Message);
        }

        [Fact]
        public void Missing_column_is_named()
        {
            var ex = Assert.Throws<SampleFormatException>(() => Read("Instance,Time,MetricName,Value\nvm,2024-05-01,m,1"));
            Assert.Contains("no Timestamp column", ex.Message);
        }

        [Theory]
        [InlineData("1e3", 1000)]
        [InlineData("0.1", 0.1)]
        [InlineData("123456789.123456", 123456789.123456)]
        [InlineData("12345678901234567890", 12345678901234567890d)]
        public void Numbers_parse_exactly_like_the_framework(string text, double expected)
        {
            Assert.True(SampleCsvReader.TryParseValue(text, out var v));
            Assert.Equal(expected, v);
        }
    }
}
