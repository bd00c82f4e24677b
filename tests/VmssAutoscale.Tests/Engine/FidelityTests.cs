using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using static VmssAutoscale.Tests.Engine.Kit;
using Op = VmssAutoscale.Model.ComparisonOperator;

namespace VmssAutoscale.Tests.Engine
{
    /// <summary>
    /// The documented behaviours issue 10 brought the engine in line with, each quoting its page and
    /// date: a rule reads its own resource, queue lengths are per instance, the statistic works within
    /// the grain. The cooldown of the rule that fired last (issue 10) is now the option CooldownMode
    /// LastFiredRule; the default per-rule cooldown of the 08/19/2026 revision is tested in CooldownDocTests.
    /// </summary>
    public class FidelityTests
    {
        private const string Cpu = "Percentage CPU";
        private const string Target = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";
        private const string OtherVmss = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/backend";
        private const string StorageQueue = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/jobs/services/queue/queues/work";
        private const string ServiceBus = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/bus";

        private static ScaleRule On(ScaleRule rule, string? resource = null, string? ns = null, double grainMinutes = 1) =>
            new ScaleRule
            {
                MetricTrigger = new MetricTrigger
                {
                    MetricName = rule.MetricTrigger.MetricName,
                    MetricResourceUri = resource,
                    MetricNamespace = ns,
                    ComparisonOperator = rule.MetricTrigger.ComparisonOperator,
                    Threshold = rule.MetricTrigger.Threshold,
                    MetricStatistic = rule.MetricTrigger.MetricStatistic,
                    DividePerInstance = rule.MetricTrigger.DividePerInstance,
                    TimeWindowSpan = rule.MetricTrigger.TimeWindowSpan,
                    TimeGrainSpan = TimeSpan.FromMinutes(grainMinutes),
                    TimeAggregationType = rule.MetricTrigger.TimeAggregationType,
                },
                ScaleAction = rule.ScaleAction,
            };

        private static AutoscaleSetting Targeting(AutoscaleSetting s, string target = Target, PredictiveScaleMode? predictive = null) =>
            new AutoscaleSetting
            {
                Name = s.Name,
                TargetResourceUri = target,
                Profiles = s.Profiles,
                PredictiveAutoscalePolicy = predictive is PredictiveScaleMode m ? new PredictiveAutoscalePolicy { PredictiveScaleMode = m } : null,
            };

        private static SampleRecord S(string metric, string instance, DateTime t, double value, string? resource = null, string? ns = null, double min = double.NaN, double max = double.NaN, double count = double.NaN) =>
            new SampleRecord(metric, instance, t.Ticks, value, 0, resource, ns, min, max, count);

        private static AutoscaleDecision Evaluate(AutoscaleSetting setting, int capacity, IEnumerable<SampleRecord> samples, DateTime at, EngineOptions? options = null, DateTime? last = null, ScaleDirection? direction = null)
        {
            options ??= EngineOptions.Default;
            var store = new MetricWindowStore(setting.TargetResourceUri);
            foreach (var s in samples.OrderBy(s => s.UtcTicks))
            {
                store.Add(s);
            }

            return new AutoscaleEngine(options).Evaluate(
                new EvaluationContext { Setting = setting, Time = at, CurrentCapacity = capacity, LastScaleActionTime = last, LastScaleActionDirection = direction },
                new StoreObservedValueSource(store, options));
        }

        private static IEnumerable<SampleRecord> Minutes(string metric, string instance, params double[] values) =>
            values.Select((v, m) => S(metric, instance, T0.AddMinutes(m), v));

        // ---- 1. A rule reads its own resource -------------------------------------------------------

        [Fact]
        public void Two_rules_on_the_same_metric_of_two_resources_never_see_one_merged_series()
        {
            var setting = Targeting(Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 70), On(Out(Cpu, Op.GreaterThan, 70, value: 2), OtherVmss)));
            var samples = Minutes(Cpu, "web_0", 20, 20, 20, 20, 20)
                .Concat(Minutes(Cpu, "backend_0", 90, 90, 90, 90, 90).Select(s => S(s.MetricName, s.Instance, s.Timestamp, s.Value, OtherVmss)));
            var d = Evaluate(setting, 2, samples, T0.AddMinutes(5));
            Assert.Equal(20, d.Rules[0].ObservedValue);
            Assert.Equal(90, d.Rules[1].ObservedValue);
            Assert.Equal(1, d.Rules[0].InstancesSeen);
            Assert.Equal(4, d.NewCapacity);
            Assert.Contains("'backend'", d.Rules[1].Reason);
        }

        [Fact]
        public void A_rule_naming_the_target_reads_samples_without_ResourceId_and_ids_compare_case_insensitively()
        {
            var setting = Targeting(Setting(1, 10, 2, On(Out(Cpu, Op.GreaterThan, 70), Target.ToUpperInvariant() + "/")));
            var samples = Minutes(Cpu, "web_0", 90, 90, 90, 90, 90)
                .Concat(Minutes(Cpu, "web_1", 80, 80, 80, 80, 80).Select(s => S(s.MetricName, s.Instance, s.Timestamp, s.Value, Target.ToLowerInvariant())));
            var d = Evaluate(setting, 2, samples, T0.AddMinutes(5));
            Assert.Equal(85, d.Rules[0].ObservedValue);
            Assert.Equal(2, d.Rules[0].InstancesSeen);
        }

        [Fact]
        public void A_queue_rule_without_queue_samples_says_the_metric_was_given_to_the_scale_set()
        {
            var setting = Targeting(Setting(1, 10, 2, On(Out("ApproximateMessageCount", Op.GreaterThanOrEqual, 50), StorageQueue)));
            var samples = Minutes("ApproximateMessageCount", "work", 120, 120, 120, 120, 120);
            var d = Evaluate(setting, 2, samples, T0.AddMinutes(5));
            Assert.Null(d.Rules[0].ObservedValue);
            Assert.Contains("Samples of that metric exist for the scale set itself (samples without a ResourceId), but this rule reads '" + StorageQueue + "'", d.Rules[0].Reason);
        }

        [Fact]
        public void Samples_of_another_resource_are_not_read_by_a_rule_on_the_target()
        {
            var setting = Targeting(Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 70)));
            var samples = Minutes(Cpu, "backend_0", 90, 90, 90, 90, 90).Select(s => S(s.MetricName, s.Instance, s.Timestamp, s.Value, OtherVmss));
            var d = Evaluate(setting, 2, samples, T0.AddMinutes(5));
            Assert.Null(d.Rules[0].ObservedValue);
            Assert.Equal(DecisionOutcome.NoData, d.Outcome);
        }

        [Theory]
        [InlineData("Microsoft.Compute/virtualMachineScaleSets", "", 50.0)] // the default namespace, spelled out, reads samples without one
        [InlineData("azure.vm.linux.guestmetrics", "azure.vm.linux.guestmetrics", 80.0)] // its own namespace, not the host metric of the same name
        [InlineData("azure.vm.linux.guestmetrics", null, 50.0)] // no sample carries that namespace: samples without one (an old CSV) are read
        public void A_rule_reads_its_own_namespace(string ruleNamespace, string? sampleNamespace, double expected)
        {
            var setting = Targeting(Setting(1, 10, 2, On(Out(Cpu, Op.GreaterThan, 70), ns: ruleNamespace)));
            var samples = Minutes(Cpu, "web_0", 50, 50, 50, 50, 50).ToList();
            if (sampleNamespace != null)
            {
                samples.AddRange(Minutes(Cpu, "web_0", 80, 80, 80, 80, 80).Select(s => S(s.MetricName, s.Instance, s.Timestamp, s.Value, ns: sampleNamespace)).Where(_ => sampleNamespace.Length > 0));
            }

            Assert.Equal(expected, Evaluate(setting, 1, samples, T0.AddMinutes(5)).Rules[0].ObservedValue);
        }

        [Fact]
        public void Instances_are_counted_on_the_target_only()
        {
            var store = new MetricWindowStore(Target);
            foreach (var s in Minutes(Cpu, "web_0", 1, 1).Concat(Minutes("ApproximateMessageCount", "work", 5, 5).Select(s => S(s.MetricName, s.Instance, s.Timestamp, s.Value, StorageQueue))))
            {
                store.Add(s);
            }

            Assert.Equal(1, store.DistinctInstances(T0, T0.AddMinutes(5)));
        }

        // ---- 2. Metrics whose threshold is per instance --------------------------------------------

        // autoscale-best-practices.md (MicrosoftDocs/azure-monitor-docs, 2022-09 revision, "Considerations for
        // scaling threshold values for special metrics"): scale out at >= 50 and in at <= 10 on a Storage queue;
        // "with two instances and 50 messages" each instance has 25, no scale-out; with 3 instances scale-in at 30.
        [Theory]
        [InlineData(2, 50, ScaleDecision.None, 2)]
        [InlineData(2, 100, ScaleDecision.ScaleOut, 3)]
        [InlineData(3, 150, ScaleDecision.ScaleOut, 4)]
        [InlineData(3, 30, ScaleDecision.ScaleIn, 2)]
        public void Storage_queue_threshold_is_messages_per_instance_without_dividePerInstance(int capacity, double messages, string expected, int newCapacity)
        {
            var setting = Targeting(Setting(1, 10, 2,
                On(Out("ApproximateMessageCount", Op.GreaterThanOrEqual, 50, statistic: MetricStatistic.Average), StorageQueue),
                On(In("ApproximateMessageCount", Op.LessThanOrEqual, 10, statistic: MetricStatistic.Average), StorageQueue)));
            var samples = Enumerable.Range(0, 5).Select(m => S("ApproximateMessageCount", "work", T0.AddMinutes(m), messages, StorageQueue));
            var d = Evaluate(setting, capacity, samples, T0.AddMinutes(5), new EngineOptions { FlappingSearch = FlappingSearch.None });
            Assert.Equal(expected, d.Decision);
            Assert.Equal(newCapacity, d.NewCapacity);
            Assert.Contains($"{messages} messages / {capacity} instances = {messages / capacity:0.##} per instance", d.Rules[0].Reason);
        }

        // autoscale-common-metrics.md (MicrosoftDocs/azure-monitor-docs, "Commonly used Service Bus metrics"):
        // threshold 100 with 2 instances fires at 200 messages in total, however they are spread.
        [Theory]
        [InlineData("ActiveMessageCount", 199, false)]
        [InlineData("ActiveMessageCount", 200, true)]
        [InlineData("MessageCount", 200, true)]
        public void Service_bus_threshold_100_with_two_instances_fires_at_200(string metric, double total, bool fires)
        {
            var setting = Targeting(Setting(1, 10, 2, On(Out(metric, Op.GreaterThanOrEqual, 100), ServiceBus)));
            var d = new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = setting, Time = T0, CurrentCapacity = 2 }, new FixedObservedValueSource(Values((metric, total))));
            Assert.Equal(fires, d.Rules[0].ConditionMet);
            Assert.Equal(total / 2, d.Rules[0].ObservedValue);
        }

        [Fact]
        public void The_per_instance_list_is_one_place_and_needs_the_queue_resource()
        {
            Assert.True(PerInstanceThresholdMetrics.Contains(new MetricTrigger { MetricName = "ApproximateMessageCount", MetricResourceUri = StorageQueue }));
            Assert.False(PerInstanceThresholdMetrics.Contains(new MetricTrigger { MetricName = "ApproximateMessageCount" }));
            Assert.False(PerInstanceThresholdMetrics.Contains(new MetricTrigger { MetricName = "Percentage CPU", MetricResourceUri = ServiceBus }));
        }

        [Fact]
        public void Flapping_projection_treats_a_queue_length_as_per_instance()
        {
            var rule = On(Out("ApproximateMessageCount", Op.GreaterThanOrEqual, 50, statistic: MetricStatistic.Sum), StorageQueue);
            Assert.Equal(15, FlappingEstimator.Project(10, rule.MetricTrigger, 3, 2));
        }

        // ---- 3. Statistic within the time grain -----------------------------------------------------

        // autoscale-understanding-settings.md (MicrosoftDocs/azure-monitor-docs@002d4a39, ms.date 08/05/2026):
        // statistic is "the aggregation method within the timeGrain period". Max over PT5M is the largest value
        // seen in the five minutes (90), not the largest of the per-instance five-minute averages (26).
        [Theory]
        [InlineData(StatisticScope.WithinGrain, 90)]
        [InlineData(StatisticScope.AcrossInstanceMeans, 26)]
        public void Max_over_a_five_minute_grain_is_the_largest_value_seen(StatisticScope scope, double expected)
        {
            var setting = Targeting(Setting(1, 10, 2, On(Out(Cpu, Op.GreaterThan, 80, statistic: MetricStatistic.Max), grainMinutes: 5)));
            var samples = Minutes(Cpu, "web_0", 10, 90, 10, 10, 10).Concat(Minutes(Cpu, "web_1", 20, 20, 20, 20, 20));
            var d = Evaluate(setting, 2, samples, T0.AddMinutes(5), new EngineOptions { StatisticScope = scope });
            Assert.Equal(expected, d.Rules[0].ObservedValue);
        }

        [Theory]
        [InlineData(MetricStatistic.Max, StatisticScope.WithinGrain, 100)] // the 15-second spike counts
        [InlineData(MetricStatistic.Max, StatisticScope.AcrossInstanceMeans, 50)] // web_0 means 32.5, web_1 50
        [InlineData(MetricStatistic.Average, StatisticScope.WithinGrain, 36)] // (10+10+10+100+50) / 5 raw values
        [InlineData(MetricStatistic.Average, StatisticScope.AcrossInstanceMeans, 41.25)] // (32.5 + 50) / 2 instances
        [InlineData(MetricStatistic.Count, StatisticScope.WithinGrain, 5)]
        [InlineData(MetricStatistic.Count, StatisticScope.AcrossInstanceMeans, 2)]
        public void Sub_minute_samples_count(MetricStatistic statistic, StatisticScope scope, double expected)
        {
            var setting = Targeting(Setting(1, 10, 2, On(Out(Cpu, Op.GreaterThan, 80, statistic: statistic, windowMinutes: 1))));
            var samples = new[] { 10.0, 10, 10, 100 }.Select((v, i) => S(Cpu, "web_0", T0.AddSeconds(15 * i), v)).Append(S(Cpu, "web_1", T0, 50));
            var d = Evaluate(setting, 2, samples, T0.AddMinutes(1), new EngineOptions { StatisticScope = scope });
            Assert.Equal(expected, d.Rules[0].ObservedValue);
        }

        [Theory]
        [InlineData(MetricStatistic.Max, 95)] // the row's Maximum, not its Average
        [InlineData(MetricStatistic.Min, 5)]
        [InlineData(MetricStatistic.Sum, 120)] // Average × Count = Total
        [InlineData(MetricStatistic.Count, 4)]
        [InlineData(MetricStatistic.Average, 30)]
        public void Aggregated_rows_feed_the_matching_statistic(MetricStatistic statistic, double expected)
        {
            var setting = Targeting(Setting(1, 10, 2, On(Out(Cpu, Op.GreaterThan, 80, statistic: statistic, windowMinutes: 1))));
            var samples = new[] { S(Cpu, "web_0", T0, 30, min: 5, max: 95, count: 4) };
            Assert.Equal(expected, Evaluate(setting, 1, samples, T0.AddMinutes(1)).Rules[0].ObservedValue);
        }

        // ---- 4. Cooldown of the rule that fired last (CooldownMode LastFiredRule, an option since 2026-12-07) ----

        private static readonly EngineOptions LastFired = new EngineOptions { CooldownMode = CooldownMode.LastFiredRule };

        // autoscale-understanding-settings.md (MicrosoftDocs/azure-monitor-docs@002d4a39, ms.date 08/05/2026,
        // "How does autoscale evaluate cooldown?"): scale-out cooldown 60 minutes, scale-in cooldown 40 minutes.
        private static AutoscaleSetting CooldownExample() =>
            Targeting(Setting(1, 10, 3, Out(Cpu, Op.GreaterThan, 70, cooldownMinutes: 60), In(Cpu, Op.LessThan, 30, cooldownMinutes: 40)));

        [Theory]
        // "a scale-out at 10:00 blocks everything until 11:00": the scale-in rule too, though its own cooldown is 40 minutes.
        [InlineData("2024-05-01T10:50", 10, ScaleDirection.Increase, DecisionOutcome.Cooldown, 4)]
        [InlineData("2024-05-01T11:00", 10, ScaleDirection.Increase, DecisionOutcome.ScaledIn, 3)]
        // "a scale-in at 13:00 blocks everything until 13:40": the scale-out rule too, though its own cooldown is 60 minutes.
        [InlineData("2024-05-01T13:20", 90, ScaleDirection.Decrease, DecisionOutcome.Cooldown, 4)]
        [InlineData("2024-05-01T13:40", 90, ScaleDirection.Decrease, DecisionOutcome.ScaledOut, 5)]
        public void The_cooldown_of_the_rule_that_fired_last_blocks_both_directions(string at, double cpu, ScaleDirection last, string outcome, int newCapacity)
        {
            var lastAction = last == ScaleDirection.Increase ? Utc("2024-05-01T10:00") : Utc("2024-05-01T13:00");
            var d = new AutoscaleEngine(LastFired).Evaluate(
                new EvaluationContext { Setting = CooldownExample(), Time = Utc(at), CurrentCapacity = 4, LastScaleActionTime = lastAction, LastScaleActionDirection = last },
                new FixedObservedValueSource(Values((Cpu, cpu))));
            Assert.Equal(outcome, d.Outcome);
            Assert.Equal(newCapacity, d.NewCapacity);
            if (outcome == DecisionOutcome.Cooldown)
            {
                Assert.Contains(last == ScaleDirection.Increase ? "scale-out rule's cooldown applies" : "scale-in rule's cooldown applies", d.Reason);
            }
        }

        [Fact]
        public void Without_a_direction_the_longest_cooldown_is_assumed_and_the_reason_says_so()
        {
            var d = new AutoscaleEngine(LastFired).Evaluate(
                new EvaluationContext { Setting = CooldownExample(), Time = Utc("2024-05-01T13:45"), CurrentCapacity = 4, LastScaleActionTime = Utc("2024-05-01T13:00") },
                new FixedObservedValueSource(Values((Cpu, 90))));
            Assert.Equal(DecisionOutcome.Cooldown, d.Outcome);
            Assert.Contains("cooldown until 2024-05-01 14:00Z", d.Reason);
            Assert.Contains("the direction of the last action is not known, so the profile's longest cooldown is assumed", d.Reason);
        }

        // The 08/05/2026 page's example replayed: a scale-in at 13:00, the scale-out condition met from 13:20, the
        // scale-out runs at 13:40 under LastFiredRule; per rule (the 08/19/2026 default) it waits for its own 60 minutes, 14:00.
        [Theory]
        [InlineData(CooldownMode.LastFiredRule, "2024-05-01T13:40")]
        [InlineData(CooldownMode.PerRule, "2024-05-01T14:00")]
        public void Simulation_scale_in_at_1300_then_scale_out_at_1340(CooldownMode mode, string expectedScaleOut)
        {
            var start = Utc("2024-05-01T12:50");
            var samples = new List<SampleRecord>();
            for (var m = 0; m < 80; m++)
            {
                var t = start.AddMinutes(m);
                var cpu = t < Utc("2024-05-01T13:14") ? 10 : 95;
                for (var i = 0; i < 4; i++)
                {
                    samples.Add(new SampleRecord(Cpu, "web_" + i, t.Ticks, cpu));
                }
            }

            var sim = new AutoscaleSimulator(CooldownExample(), new EngineOptions { CooldownMode = mode }, new SimulationOptions { InitialCapacity = 4, Start = Utc("2024-05-01T13:00") });
            var steps = sim.Run(samples).ToList();
            Assert.Equal(ScaleDecision.ScaleIn, steps[0].Decision);
            Assert.Equal(Utc("2024-05-01T13:00"), steps[0].Time);
            Assert.Equal(Utc(expectedScaleOut), steps.First(s => s.Decision == ScaleDecision.ScaleOut).Time);
            Assert.Equal(DecisionOutcome.Cooldown, steps.Single(s => s.Time == Utc("2024-05-01T13:20")).Outcome);
        }

        [Fact]
        public void A_decision_names_the_cooldown_its_action_starts()
        {
            var d = new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = CooldownExample(), Time = T0, CurrentCapacity = 4 }, new FixedObservedValueSource(Values((Cpu, 90))));
            Assert.Equal(TimeSpan.FromMinutes(60), d.ActionCooldownSpan);
        }

        // ---- 7. Reasons that are always true ---------------------------------------------------------

        [Fact]
        public void An_ExactCount_increase_below_the_current_count_is_not_called_the_maximum()
        {
            var setting = Targeting(Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 70, value: 3, type: ScaleType.ExactCount)));
            var d = new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = setting, Time = T0, CurrentCapacity = 5 }, new FixedObservedValueSource(Values((Cpu, 90))));
            Assert.Equal(DecisionOutcome.NoCapacityChange, d.Outcome);
            Assert.Equal(5, d.NewCapacity);
            Assert.DoesNotContain("at the maximum", d.Reason);
            Assert.Contains("asks for 3 instances, which is not more than the current 5", d.Reason);
        }

        [Fact]
        public void At_the_maximum_is_said_only_at_the_maximum()
        {
            var setting = Targeting(Setting(1, 5, 2, Out(Cpu, Op.GreaterThan, 70)));
            var d = new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = setting, Time = T0, CurrentCapacity = 5 }, new FixedObservedValueSource(Values((Cpu, 90))));
            Assert.Equal(DecisionOutcome.AtMaximum, d.Outcome);
            Assert.Contains("at the maximum 5", d.Reason);
        }

        [Fact]
        public void An_ExactCount_decrease_above_the_current_count_is_not_called_the_minimum()
        {
            var setting = Targeting(Setting(1, 10, 2, In(Cpu, Op.LessThan, 30, value: 6, type: ScaleType.ExactCount)));
            var d = new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = setting, Time = T0, CurrentCapacity = 4 }, new FixedObservedValueSource(Values((Cpu, 10))));
            Assert.Equal(DecisionOutcome.NoCapacityChange, d.Outcome);
            Assert.DoesNotContain("at the minimum", d.Reason);
        }

        [Fact]
        public void RedistributeTotal_names_the_capacity_the_load_is_divided_by()
        {
            var setting = Targeting(Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 60, cooldownMinutes: 5)));
            var samples = Enumerable.Range(0, 6).SelectMany(m => Enumerable.Range(0, 2).Select(i => new SampleRecord(Cpu, "web_" + i, T0.AddMinutes(m).Ticks, 50)));
            var sim = new AutoscaleSimulator(setting, null, new SimulationOptions { InitialCapacity = 4, LoadModel = LoadModel.RedistributeTotal });
            var step = sim.Run(samples).First();
            Assert.Contains("spread over 4 instances, the simulated capacity (LoadModel RedistributeTotal)", step.Reason);
            Assert.Contains("is 25", step.Reason);
        }

        // ---- 6. Predictive autoscale ----------------------------------------------------------------

        // autoscale-predictive.md (MicrosoftDocs/azure-monitor-docs): with scaleMode Enabled the service scales
        // out on its forecast as well as on the rules.
        [Theory]
        [InlineData(PredictiveScaleMode.Enabled, true)]
        [InlineData(PredictiveScaleMode.ForecastOnly, false)]
        public void Predictive_enabled_decisions_say_the_forecast_is_not_modelled(PredictiveScaleMode mode, bool said)
        {
            var setting = Targeting(Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 70)), predictive: mode);
            var d = new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = setting, Time = T0, CurrentCapacity = 2 }, new FixedObservedValueSource(Values((Cpu, 40))));
            Assert.Equal(said, d.Reason.Contains("ahead of any rule on its CPU forecast, which this engine does not model"));
        }
    }
}
