using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;

namespace VmssAutoscale.Tests.Engine
{
    /// <summary>Small builders so each test states a rule the way the documentation does.</summary>
    internal static class Kit
    {
        public static readonly DateTime T0 = Utc("2024-05-01T10:00");

        public static DateTime Utc(string text) =>
            DateTime.SpecifyKind(DateTime.ParseExact(text, new[] { "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss" }, CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Utc);

        public static ScaleRule Out(string metric, ComparisonOperator op, double threshold, int value = 1, ScaleType type = ScaleType.ChangeCount, double cooldownMinutes = 5, MetricStatistic statistic = MetricStatistic.Average, bool divide = false, double windowMinutes = 5, TimeAggregationType aggregation = TimeAggregationType.Average) =>
            Rule(ScaleDirection.Increase, metric, op, threshold, value, type, cooldownMinutes, statistic, divide, windowMinutes, aggregation);

        public static ScaleRule In(string metric, ComparisonOperator op, double threshold, int value = 1, ScaleType type = ScaleType.ChangeCount, double cooldownMinutes = 5, MetricStatistic statistic = MetricStatistic.Average, bool divide = false, double windowMinutes = 5, TimeAggregationType aggregation = TimeAggregationType.Average) =>
            Rule(ScaleDirection.Decrease, metric, op, threshold, value, type, cooldownMinutes, statistic, divide, windowMinutes, aggregation);

        public static ScaleRule Rule(ScaleDirection direction, string metric, ComparisonOperator op, double threshold, int value, ScaleType type, double cooldownMinutes, MetricStatistic statistic, bool divide, double windowMinutes, TimeAggregationType aggregation, double grainMinutes = 1, IReadOnlyList<MetricDimension>? dimensions = null) =>
            new ScaleRule
            {
                MetricTrigger = new MetricTrigger
                {
                    MetricName = metric,
                    ComparisonOperator = op,
                    Threshold = threshold,
                    MetricStatistic = statistic,
                    DividePerInstance = divide,
                    TimeWindowSpan = TimeSpan.FromMinutes(windowMinutes),
                    TimeGrainSpan = TimeSpan.FromMinutes(grainMinutes),
                    TimeAggregationType = aggregation,
                    Dimensions = dimensions ?? Array.Empty<MetricDimension>(),
                },
                ScaleAction = new ScaleAction { ScaleDirection = direction, ScaleType = type, Value = value, CooldownSpan = TimeSpan.FromMinutes(cooldownMinutes) },
            };

        public static AutoscaleSetting Setting(int min, int max, int @default, params ScaleRule[] rules) =>
            new AutoscaleSetting
            {
                Name = "test",
                Profiles = new[] { new AutoscaleProfile { Name = "default", Capacity = new ScaleCapacity { Minimum = min, Maximum = max, Default = @default }, Rules = rules } },
            };

        public static AutoscaleDecision Decide(AutoscaleSetting setting, int current, IReadOnlyDictionary<string, double> observed, DateTime? at = null, DateTime? lastAction = null, EngineOptions? options = null) =>
            new AutoscaleEngine(options).Evaluate(
                new EvaluationContext { Setting = setting, Time = at ?? T0, CurrentCapacity = current, LastScaleActionTime = lastAction },
                new FixedObservedValueSource(observed));

        public static Dictionary<string, double> Values(params (string Metric, double Value)[] values) =>
            values.ToDictionary(v => v.Metric, v => v.Value, StringComparer.Ordinal);
    }
}
