using System;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using static VmssAutoscale.Tests.Engine.Kit;
using Op = VmssAutoscale.Model.ComparisonOperator;

namespace VmssAutoscale.Tests.Engine
{
    /// <summary>Every worked example of the public autoscale pages (understand settings, flapping, best practices), as they state it.</summary>
    public class WorkedExampleTests
    {
        private const string Cpu = "Percentage CPU";
        private const string Mem = "Memory";

        // §2.5 [BP]: in if CPU < 30 and Memory < 50; out if CPU > 75 or Memory > 75.
        [Theory]
        [InlineData(76, 50, ScaleDecision.ScaleOut)]
        [InlineData(50, 76, ScaleDecision.ScaleOut)]
        [InlineData(25, 51, ScaleDecision.None)]
        [InlineData(29, 49, ScaleDecision.ScaleIn)]
        public void Four_rule_cpu_and_memory_combination(double cpu, double mem, string expected)
        {
            var setting = Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 75), Out(Mem, Op.GreaterThan, 75), In(Cpu, Op.LessThan, 30), In(Mem, Op.LessThan, 50));
            var d = Decide(setting, 4, Values((Cpu, cpu), (Mem, mem)));
            Assert.Equal(expected, d.Decision);
            Assert.Equal(expected switch { ScaleDecision.ScaleOut => 5, ScaleDecision.ScaleIn => 3, _ => 4 }, d.NewCapacity);
        }

        [Fact]
        public void Plus_three_and_plus_five_both_fire_gives_plus_five()
        {
            var setting = Setting(1, 20, 2, Out(Cpu, Op.GreaterThan, 70, 3), Out(Mem, Op.GreaterThan, 70, 5));
            var d = Decide(setting, 2, Values((Cpu, 80), (Mem, 80)));
            Assert.Equal(ScaleDecision.ScaleOut, d.Decision);
            Assert.Equal(7, d.NewCapacity);
        }

        [Theory]
        [InlineData(10, 13)] // +3 → 13 beats +15% (ceil 1.5 = 2) → 12
        [InlineData(40, 46)] // +15% (6) → 46 beats +3 → 43
        public void Plus_three_versus_plus_fifteen_percent_takes_the_larger_count(int current, int expected)
        {
            var setting = Setting(1, 100, 2, Out(Cpu, Op.GreaterThan, 70, 3), Out(Mem, Op.GreaterThan, 70, 15, ScaleType.PercentChangeCount));
            Assert.Equal(expected, Decide(setting, current, Values((Cpu, 80), (Mem, 80))).NewCapacity);
        }

        [Fact]
        public void Minus_fifty_percent_versus_minus_three_at_ten_removes_the_fewest()
        {
            var setting = Setting(1, 20, 2, In(Cpu, Op.LessThan, 30, 50, ScaleType.PercentChangeCount), In(Mem, Op.LessThan, 30, 3));
            var d = Decide(setting, 10, Values((Cpu, 10), (Mem, 10)));
            Assert.Equal(ScaleDecision.ScaleIn, d.Decision);
            Assert.Equal(7, d.NewCapacity);
            Assert.Equal(new int?[] { 5, 7 }, d.Rules.Select(r => r.CandidateCapacity).ToArray());
        }

        // §2.4 [TS]: Outbound Flows = 6 over 2 instances is 3 per instance against 10: no scale-out.
        [Fact]
        public void Outbound_flows_divided_per_instance()
        {
            var store = new MetricWindowStore();
            for (var m = 0; m < 5; m++)
            {
                store.Add("Outbound Flows", "vm_0", T0.AddMinutes(m), 4);
                store.Add("Outbound Flows", "vm_1", T0.AddMinutes(m), 2);
            }

            var setting = Setting(1, 10, 2, Out("Outbound Flows", Op.GreaterThan, 10, statistic: MetricStatistic.Sum, divide: true));
            var d = new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = setting, Time = T0.AddMinutes(5), CurrentCapacity = 2 }, new StoreObservedValueSource(store, EngineOptions.Default));
            Assert.Equal(3, d.Rules[0].ObservedValue);
            Assert.Equal(ScaleDecision.None, d.Decision);
            Assert.Contains("divided by 2 instances = 3", d.Reason);
            Assert.Contains("the total must be > 20", d.Reason);
        }

        // §2.4 [BP][CM]: queue length per instance, out at >= 50, in at <= 10.
        [Theory]
        [InlineData(2, 50, ScaleDecision.None, 2)]    // 25 per instance
        [InlineData(2, 100, ScaleDecision.ScaleOut, 3)] // scale-out needs 100 in total
        [InlineData(3, 149, ScaleDecision.None, 3)]
        [InlineData(3, 150, ScaleDecision.ScaleOut, 4)] // with 3 instances the next scale-out needs 150
        [InlineData(3, 30, ScaleDecision.ScaleIn, 2)]   // 30 / 3 = 10: scale in
        [InlineData(3, 31, ScaleDecision.None, 3)]
        public void Queue_length_per_instance(int instances, double messages, string expected, int newCapacity)
        {
            var setting = Setting(1, 10, 1,
                Out("ApproximateMessageCount", Op.GreaterThanOrEqual, 50, statistic: MetricStatistic.Sum, divide: true),
                In("ApproximateMessageCount", Op.LessThanOrEqual, 10, statistic: MetricStatistic.Sum, divide: true));
            var d = Decide(setting, instances, Values(("ApproximateMessageCount", messages)));
            Assert.Equal(expected, d.Decision);
            Assert.Equal(newCapacity, d.NewCapacity);
        }

        [Theory]
        [InlineData(100, 100)]
        [InlineData(120, 80)]
        [InlineData(200, 0)]
        public void Threshold_100_with_2_instances_fires_at_200_however_split(double a, double b)
        {
            var store = new MetricWindowStore();
            for (var m = 0; m < 5; m++)
            {
                store.Add("Requests", "vm_0", T0.AddMinutes(m), a);
                store.Add("Requests", "vm_1", T0.AddMinutes(m), b);
            }

            var setting = Setting(1, 10, 1, Out("Requests", Op.GreaterThanOrEqual, 100, statistic: MetricStatistic.Sum, divide: true));
            var d = new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = setting, Time = T0.AddMinutes(5), CurrentCapacity = 2 }, new StoreObservedValueSource(store, EngineOptions.Default));
            Assert.Equal(ScaleDecision.ScaleOut, d.Decision);
        }

        // §2.7 [U2]: out cooldown 60 min, in cooldown 40 min, scale-out at 10:00.
        [Theory]
        [InlineData("2024-05-01T10:30", CooldownMode.PerRule, ScaleDecision.None, DecisionOutcome.Cooldown)]
        [InlineData("2024-05-01T10:40", CooldownMode.PerRule, ScaleDecision.ScaleIn, DecisionOutcome.ScaledIn)]
        [InlineData("2024-05-01T10:40", CooldownMode.Global, ScaleDecision.None, DecisionOutcome.Cooldown)]
        [InlineData("2024-05-01T11:00", CooldownMode.Global, ScaleDecision.ScaleIn, DecisionOutcome.ScaledIn)]
        public void Per_rule_cooldown_from_the_last_action_in_either_direction(string at, CooldownMode mode, string expected, string outcome)
        {
            var setting = Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 70, cooldownMinutes: 60), In(Cpu, Op.LessThan, 30, cooldownMinutes: 40));
            var d = Decide(setting, 4, Values((Cpu, 10)), Utc(at), T0, new EngineOptions { CooldownMode = mode });
            Assert.Equal(expected, d.Decision);
            Assert.Equal(outcome, d.Outcome);
        }

        // CooldownMode PerRule (the default since the 08/19/2026 revision): each rule waits for its own cooldown.
        [Fact]
        public void Out_rule_still_cooling_while_the_in_rule_may_act()
        {
            var setting = Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 70, cooldownMinutes: 60), In(Cpu, Op.LessThan, 30, cooldownMinutes: 40));
            var d = Decide(setting, 4, Values((Cpu, 10)), Utc("2024-05-01T10:40"), T0, new EngineOptions { CooldownMode = CooldownMode.PerRule });
            Assert.Equal(Utc("2024-05-01T11:00"), d.Rules[0].CooldownUntil);
            Assert.Null(d.Rules[1].CooldownUntil);
        }

        // §2.7 [RLS]: last action 18:08, cooldown 30 minutes, evaluation 18:11: skipped for cooldown.
        [Fact]
        public void Resource_log_cooldown_example()
        {
            var setting = Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 70, cooldownMinutes: 30));
            var d = Decide(setting, 3, Values((Cpu, 90)), Utc("2024-05-01T18:11"), Utc("2024-05-01T18:08"));
            Assert.Equal(DecisionOutcome.Cooldown, d.Outcome);
            Assert.Equal(Utc("2024-05-01T18:38"), d.Rules[0].CooldownUntil);
            Assert.Contains("cooldown until 2024-05-01 18:38Z", d.Reason);
        }

        // §2.8 example 1 [FL]: out > 50, in < 30; one instance at 56% scales to 2; 28% there does not scale back.
        [Fact]
        public void Flapping_cpu_56_percent_scales_out_then_defers_the_scale_in()
        {
            var setting = Setting(1, 5, 1, Out(Cpu, Op.GreaterThan, 50), In(Cpu, Op.LessThan, 30));
            var first = Decide(setting, 1, Values((Cpu, 56)));
            Assert.Equal(2, first.NewCapacity);
            var second = Decide(setting, 2, Values((Cpu, 28)));
            Assert.Equal(DecisionOutcome.FlappingDeferred, second.Outcome);
            Assert.Equal(2, second.NewCapacity);
            Assert.Contains("would be 56 (28 × 2 / 1)", second.Reason);
        }

        // §2.8 example 2 [FL]: threads, out at >= 600.
        [Theory]
        [InlineData(600, 1250, DecisionOutcome.FlappingDeferred, 3)] // in < 600: 1250/3 fires, 1250/2 = 625 >= 600 defers
        [InlineData(400, 1180, DecisionOutcome.ScaledIn, 2)]         // in < 400: 1180/3 = 393.3 fires, 1180/2 = 590 < 600 scales in
        public void Flapping_thread_count(double inThreshold, double totalThreads, string outcome, int newCapacity)
        {
            const string threads = @"\Process(_Total)\Thread Count";
            var setting = Setting(1, 5, 1, Out(threads, Op.GreaterThanOrEqual, 600), In(threads, Op.LessThan, inThreshold));
            var atTwo = Decide(setting, 2, Values((threads, 1250 / 2.0)));
            Assert.Equal(3, atTwo.NewCapacity); // 625 each: scale out to 3
            var d = Decide(setting, 3, Values((threads, totalThreads / 3)));
            Assert.Equal(outcome, d.Outcome);
            Assert.Equal(newCapacity, d.NewCapacity);
        }

        // §2.8 example 3 [BP22]: out at >= 600, in at <= 600, 3 instances averaging 575: 862.5 defers.
        [Fact]
        public void Flapping_575_times_3_over_2()
        {
            var setting = Setting(1, 5, 1, Out("Threads", Op.GreaterThanOrEqual, 600), In("Threads", Op.LessThanOrEqual, 600));
            var d = Decide(setting, 3, Values(("Threads", 575)));
            Assert.Equal(DecisionOutcome.FlappingDeferred, d.Outcome);
            Assert.Contains("would be 862.5 (575 × 3 / 2)", d.Reason);
        }

        // §2.8 example 4 [BP22]: CPU out >= 80, in <= 60, 3 instances.
        [Theory]
        [InlineData(60, DecisionOutcome.FlappingDeferred, 3)] // 60 × 3 / 2 = 90 >= 80
        [InlineData(50, DecisionOutcome.ScaledIn, 2)]         // 50 × 3 / 2 = 75 < 80
        public void Flapping_cpu_80_60(double cpu, string outcome, int newCapacity)
        {
            var setting = Setting(1, 5, 1, Out(Cpu, Op.GreaterThanOrEqual, 80), In(Cpu, Op.LessThanOrEqual, 60));
            var d = Decide(setting, 3, Values((Cpu, cpu)));
            Assert.Equal(outcome, d.Outcome);
            Assert.Equal(newCapacity, d.NewCapacity);
        }

        // §2.8 example 5 [FL]: 30 instances, CPU 65%, 1500 requests; in by 10 targets 20, which flaps (97.5 > 70).
        // The documentation says 27, but 65 × 30 / 27 = 72.2 > 70 would itself trigger the CPU rule;
        // by the projection formula the first safe count is 28 (69.6). See about_VmssAutoscale_Engine.
        [Theory]
        [InlineData(FlappingSearch.AscendingFromTarget, DecisionOutcome.PartialScaleIn, 28)]
        [InlineData(FlappingSearch.DescendingFromCurrent, DecisionOutcome.PartialScaleIn, 29)]
        [InlineData(FlappingSearch.None, DecisionOutcome.FlappingDeferred, 30)]
        public void Partial_scale_in_of_30_instances(FlappingSearch search, string outcome, int newCapacity)
        {
            var setting = Setting(10, 50, 10,
                Out("Requests", Op.GreaterThanOrEqual, 200, 20, statistic: MetricStatistic.Sum, divide: true),
                Out(Cpu, Op.GreaterThan, 70, 20),
                In("Requests", Op.LessThanOrEqual, 50, 10, statistic: MetricStatistic.Sum, divide: true));
            var d = Decide(setting, 30, Values(("Requests", 1500), (Cpu, 65)), options: new EngineOptions { FlappingSearch = search });
            Assert.Equal(outcome, d.Outcome);
            Assert.Equal(newCapacity, d.NewCapacity);
            Assert.Equal(20, d.IntendedCapacity);
            Assert.Contains("would be 97.5 (65 × 30 / 20)", d.Reason);
        }

        [Fact]
        public void Default_options_resolve_the_30_instance_case_to_28()
        {
            var setting = Setting(10, 50, 10,
                Out("Requests", Op.GreaterThanOrEqual, 200, 20, statistic: MetricStatistic.Sum, divide: true),
                Out(Cpu, Op.GreaterThan, 70, 20),
                In("Requests", Op.LessThanOrEqual, 50, 10, statistic: MetricStatistic.Sum, divide: true));
            Assert.Equal(28, Decide(setting, 30, Values(("Requests", 1500), (Cpu, 65))).NewCapacity);
        }

        [Fact]
        public void The_documented_27_would_itself_flap_by_the_formula()
        {
            var cpuRule = Out(Cpu, Op.GreaterThan, 70, 20);
            var rules = new[] { new ObservedRule(cpuRule, 65) };
            var at27 = FlappingEstimator.WouldFlap(rules, 30, 27);
            Assert.NotNull(at27);
            Assert.Equal(72.2, Math.Round(at27!.Projected, 1));
            Assert.Null(FlappingEstimator.WouldFlap(rules, 30, 28));
            Assert.Equal(69.6, Math.Round(FlappingEstimator.Project(65, cpuRule.MetricTrigger, 30, 28), 1));
        }
    }
}
