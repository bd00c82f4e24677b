using System;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using static VmssAutoscale.Tests.Engine.Kit;
using Op = VmssAutoscale.Model.ComparisonOperator;

namespace VmssAutoscale.Tests.Engine
{
    public class DecisionTests
    {
        private const string Cpu = "Percentage CPU";

        private static AutoscaleSetting CpuSetting(int min = 2, int max = 6, int def = 3) =>
            Setting(min, max, def, Out(Cpu, Op.GreaterThan, 60), In(Cpu, Op.LessThan, 30));

        [Theory]
        [InlineData(1, DecisionOutcome.BelowMinimum, 2)]   // range 2-6: one instance goes to 2 [BP]
        [InlineData(8, DecisionOutcome.AboveMaximum, 6)]   // eight instances go to 6
        public void Bounds_are_enforced_before_rules_and_cooldown(int current, string outcome, int expected)
        {
            var d = Decide(CpuSetting(), current, Values((Cpu, 45)), lastAction: T0.AddMinutes(-1));
            Assert.Equal(outcome, d.Outcome);
            Assert.Equal(expected, d.NewCapacity);
        }

        [Theory]
        [InlineData(2, ScaleDecision.ScaleOut, 3)] // below the default: scale up to it
        [InlineData(3, ScaleDecision.None, 3)]
        [InlineData(5, ScaleDecision.None, 5)]     // above the default: no scale-in
        public void Default_capacity_without_data_applies_upward_only(int current, string decision, int expected)
        {
            var d = Decide(CpuSetting(), current, Values());
            Assert.Equal(DecisionOutcome.NoData, d.Outcome);
            Assert.Equal(decision, d.Decision);
            Assert.Equal(expected, d.NewCapacity);
            Assert.Contains("default capacity 3", d.Reason);
        }

        [Fact]
        public void At_maximum_says_so()
        {
            var d = Decide(CpuSetting(), 6, Values((Cpu, 90)));
            Assert.Equal(DecisionOutcome.AtMaximum, d.Outcome);
            Assert.Contains("at the maximum 6", d.Reason);
        }

        [Fact]
        public void At_minimum_says_so()
        {
            var d = Decide(CpuSetting(), 2, Values((Cpu, 10)));
            Assert.Equal(DecisionOutcome.AtMinimum, d.Outcome);
        }

        [Fact]
        public void Just_below_the_threshold_names_the_shortfall()
        {
            var d = Decide(CpuSetting(), 3, Values((Cpu, 59.5)));
            Assert.Equal(DecisionOutcome.NoRuleFired, d.Outcome);
            Assert.Contains("needs > 60 (0.5 short)", d.Reason);
            Assert.Contains("is 59.5", d.Reason);
        }

        [Fact]
        public void No_rules_keeps_capacity()
        {
            var d = Decide(Setting(1, 5, 2), 3, Values());
            Assert.Equal(DecisionOutcome.NoRules, d.Outcome);
            Assert.Equal(3, d.NewCapacity);
        }

        [Fact]
        public void Disabled_setting_and_operation_in_progress_skip_everything()
        {
            var disabled = new AutoscaleSetting { Name = "off", Enabled = false, Profiles = CpuSetting().Profiles };
            Assert.Equal(DecisionOutcome.SettingDisabled, Decide(disabled, 1, Values((Cpu, 99))).Outcome);
            var busy = new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = CpuSetting(), Time = T0, CurrentCapacity = 3, ScaleOperationInProgress = true }, new FixedObservedValueSource(Values((Cpu, 99))));
            Assert.Equal(DecisionOutcome.OperationInProgress, busy.Outcome);
            Assert.Equal(3, busy.NewCapacity);
        }

        [Theory]
        [InlineData(NullMetricInRule.NotFired, ScaleDecision.None)]
        [InlineData(NullMetricInRule.Ignored, ScaleDecision.ScaleIn)]
        public void Scale_in_rule_without_data(NullMetricInRule handling, string expected)
        {
            var setting = Setting(1, 10, 1, In(Cpu, Op.LessThan, 30), In("Memory", Op.LessThan, 30));
            var d = Decide(setting, 4, Values((Cpu, 10)), options: new EngineOptions { NullMetricInRule = handling });
            Assert.Equal(expected, d.Decision);
        }

        [Theory]
        [InlineData(PercentRounding.AtLeastOne, 3, 10, ScaleDirection.Increase, 1)]
        [InlineData(PercentRounding.AtLeastOne, 3, 50, ScaleDirection.Increase, 2)]
        [InlineData(PercentRounding.AtLeastOne, 3, 50, ScaleDirection.Decrease, 1)]
        [InlineData(PercentRounding.AtLeastOne, 10, 50, ScaleDirection.Decrease, 5)]
        [InlineData(PercentRounding.Floor, 3, 10, ScaleDirection.Increase, 0)]
        [InlineData(PercentRounding.Ceiling, 3, 50, ScaleDirection.Decrease, 2)]
        [InlineData(PercentRounding.Nearest, 5, 50, ScaleDirection.Increase, 3)]
        public void Percent_change_rounding(PercentRounding rounding, int current, int percent, ScaleDirection direction, int change)
        {
            Assert.Equal(change, CapacityMath.PercentChange(current, percent, direction, rounding));
        }

        [Fact]
        public void Exact_count_sets_the_target_and_clamps()
        {
            var setting = Setting(1, 8, 1, Out(Cpu, Op.GreaterThan, 60, 12, ScaleType.ExactCount));
            Assert.Equal(8, Decide(setting, 2, Values((Cpu, 70))).NewCapacity);
        }

        [Fact]
        public void Loaded_cores_explain_a_cpu_rule_that_can_never_fire()
        {
            var ctx = new EvaluationContext { Setting = CpuSetting(), Time = T0, CurrentCapacity = 3, CoresPerInstance = 4, LoadedCoresPerInstance = 1 };
            var d = new AutoscaleEngine().Evaluate(ctx, new FixedObservedValueSource(Values((Cpu, 25))));
            Assert.Contains("1 loaded core of 4 gives at most 25% CPU per instance; the scale-out rule needs > 60%", d.Reason);
            Assert.Null(CoreLoadCheck.Explain(CpuSetting().Profiles[0].Rules[0], 4, 3));
        }

        [Fact]
        public void Flapping_projection_for_template_checks()
        {
            // 80/60 on 3 instances: a scale-in at the in-threshold (60) would project to 90 at 2.
            var profile = Setting(1, 5, 1, Out(Cpu, Op.GreaterThanOrEqual, 80), In(Cpu, Op.LessThanOrEqual, 60)).Profiles[0];
            var p = Assert.Single(FlappingEstimator.ProjectProfile(profile, 3));
            Assert.True(p.BoundaryFlaps);
            Assert.Equal(90, p.ProjectedAtBoundary);
            Assert.Equal(2, p.TargetCapacity);
            Assert.Equal(80.0 * 2 / 3, p.FlapsBeyond!.Value, 6);
            var wide = Setting(1, 5, 1, Out(Cpu, Op.GreaterThanOrEqual, 80), In(Cpu, Op.LessThanOrEqual, 30)).Profiles[0];
            Assert.False(Assert.Single(FlappingEstimator.ProjectProfile(wide, 3)).BoundaryFlaps);
        }
    }
}
