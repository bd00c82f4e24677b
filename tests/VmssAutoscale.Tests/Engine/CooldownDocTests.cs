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
    /// Every documented cooldown example of the 08/19/2026 revisions (MicrosoftDocs/azure-monitor-docs,
    /// articles/azure-monitor/autoscale): autoscale-understanding-settings.md ("How does autoscale
    /// evaluate cooldown?" and the schema table), autoscale-get-started.md ("Cool-down period effects")
    /// and autoscale-using-powershell.md (the ScaleActionCooldown row). Each test quotes the sentence it
    /// checks. That revision reversed the 08/05/2026 text (CooldownMode LastFiredRule, now an option).
    /// </summary>
    [Collection(SimulatorCollection.Name)]
    public class CooldownDocTests
    {
        private const string Cpu = "Percentage CPU";
        private const string Requests = "Requests";

        // "Consider a profile with a scale-out cooldown of 60 minutes and a scale-in cooldown of 40 minutes"
        private static AutoscaleSetting Profile6040(int min = 1) =>
            Setting(min, 10, Math.Max(3, min), Out(Cpu, Op.GreaterThan, 70, cooldownMinutes: 60), In(Cpu, Op.LessThan, 30, cooldownMinutes: 40));

        private static readonly DateTime ScaleOutAt = Utc("2024-05-01T10:00");

        private static AutoscaleDecision At(string time, double cpu, EngineOptions? options = null, AutoscaleSetting? setting = null, int capacity = 4, DateTime? settingUpdated = null) =>
            new AutoscaleEngine(options).Evaluate(
                new EvaluationContext
                {
                    Setting = setting ?? Profile6040(),
                    Time = Utc(time),
                    CurrentCapacity = capacity,
                    LastScaleActionTime = ScaleOutAt,
                    LastScaleActionDirection = ScaleDirection.Increase,
                    LastSettingUpdateTime = settingUpdated,
                },
                new FixedObservedValueSource(Values((Cpu, cpu))));

        private static IEnumerable<SampleRecord> Cpu4(DateTime from, int minutes, Func<DateTime, double> value)
        {
            for (var m = 0; m < minutes; m++)
            {
                var t = from.AddMinutes(m);
                for (var i = 0; i < 4; i++)
                {
                    yield return new SampleRecord(Cpu, "web_" + i, t.Ticks, value(t));
                }
            }
        }

        [Fact]
        public void The_default_is_each_rules_own_cooldown() =>
            Assert.Equal(CooldownMode.PerRule, EngineOptions.Default.CooldownMode);

        // "1. A CPU spike triggers a scale-out action at 10:00."
        // "2. The scale-out rule isn't eligible to initiate another action until 11:00 because its cooldown is 60 minutes."
        [Theory]
        [InlineData("2024-05-01T10:59", DecisionOutcome.Cooldown)]
        [InlineData("2024-05-01T11:00", DecisionOutcome.ScaledOut)]
        public void The_scale_out_rule_is_not_eligible_until_1100(string at, string outcome)
        {
            var d = At(at, 90);
            Assert.Equal(outcome, d.Outcome);
            if (outcome == DecisionOutcome.Cooldown)
            {
                // The Reason names the rule whose cooldown holds and until when.
                Assert.Contains("The scale-out rule (Percentage CPU > 70) is in cooldown until 2024-05-01 11:00Z: PT1H after the last scale action at 2024-05-01 10:00Z", d.Reason);
            }
        }

        // "3. CPU returns to normal at 10:30 and meets the scale-in condition. Autoscale defers the action
        // because the scale-in rule's 40-minute cooldown hasn't elapsed."
        [Fact]
        public void At_1030_the_scale_in_is_deferred_by_the_scale_in_rules_own_cooldown()
        {
            var d = At("2024-05-01T10:30", 10);
            Assert.Equal(DecisionOutcome.Cooldown, d.Outcome);
            Assert.Equal(4, d.NewCapacity);
            Assert.Contains("The scale-in rule (Percentage CPU < 30) is in cooldown until 2024-05-01 10:40Z: PT40M after the last scale action", d.Reason);
        }

        // "4. At 10:40, the scale-in rule becomes eligible. If its condition remains true, the rule can initiate
        // a scale-in action even though the scale-out rule's cooldown hasn't elapsed." The issue's case: at 10:45
        // the scale-in happens (the 08/05/2026 reading, LastFiredRule, held it until 11:00).
        [Theory]
        [InlineData("2024-05-01T10:40")]
        [InlineData("2024-05-01T10:45")]
        public void From_1040_the_scale_in_rule_may_act_while_the_scale_out_rule_still_cools(string at)
        {
            var d = At(at, 10);
            Assert.Equal(DecisionOutcome.ScaledIn, d.Outcome);
            Assert.Equal(3, d.NewCapacity);
            Assert.Equal(Utc("2024-05-01T11:00"), d.Rules[0].CooldownUntil);
            Assert.Null(d.Rules[1].CooldownUntil);

            var lastFired = At(at, 10, new EngineOptions { CooldownMode = CooldownMode.LastFiredRule });
            Assert.Equal(DecisionOutcome.Cooldown, lastFired.Outcome);
        }

        // The four steps of the same example replayed minute by minute: "A CPU spike triggers a scale-out action
        // at 10:00", "CPU returns to normal at 10:30", "At 10:40, the scale-in rule becomes eligible".
        [Fact]
        public void The_example_replayed_scales_out_at_1000_and_in_at_1040()
        {
            var from = Utc("2024-05-01T09:50");
            var samples = Cpu4(from, 70, t => t < Utc("2024-05-01T10:25") ? 90 : 10);
            var sim = new AutoscaleSimulator(Profile6040(), null, new SimulationOptions { InitialCapacity = 3, Start = ScaleOutAt, End = Utc("2024-05-01T10:50") });
            var steps = sim.Run(samples).ToList();
            var actions = steps.Where(s => s.NewCapacity != s.Capacity).Select(s => (s.Time, s.Outcome)).ToList();
            Assert.Equal(new[] { (ScaleOutAt, DecisionOutcome.ScaledOut), (Utc("2024-05-01T10:40"), DecisionOutcome.ScaledIn) }, actions);
            Assert.Equal(DecisionOutcome.Cooldown, steps.Single(s => s.Time == Utc("2024-05-01T10:30")).Outcome);
        }

        // Schema table, cooldown: "The amount of time after a scale operation that must pass before this rule is
        // eligible to initiate another scale action. Autoscale checks each rule's cooldown independently. For
        // example, if cooldown = "PT10M", this rule isn't eligible for 10 minutes after a scale operation."
        [Theory]
        [InlineData("2024-05-01T10:09", DecisionOutcome.Cooldown)]
        [InlineData("2024-05-01T10:10", DecisionOutcome.ScaledOut)]
        public void A_PT10M_rule_is_not_eligible_for_10_minutes_after_a_scale_operation(string at, string outcome)
        {
            var setting = Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 70, cooldownMinutes: 10), In(Cpu, Op.LessThan, 30, cooldownMinutes: 60));
            Assert.Equal(outcome, At(at, 90, setting: setting).Outcome);
        }

        // autoscale-get-started.md (08/19/2026): "After a scale operation, a rule isn't eligible to initiate another
        // scale action until its own cool-down period has elapsed. Another rule with a shorter cool-down period
        // can become eligible sooner." Two scale-out rules, 30 and 10 minutes: at 10:15 only the second may act.
        [Fact]
        public void A_rule_with_a_shorter_cooldown_becomes_eligible_sooner()
        {
            var setting = Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 70, value: 3, cooldownMinutes: 30), Out(Requests, Op.GreaterThan, 100, value: 1, cooldownMinutes: 10));
            var d = new AutoscaleEngine().Evaluate(
                new EvaluationContext { Setting = setting, Time = Utc("2024-05-01T10:15"), CurrentCapacity = 4, LastScaleActionTime = ScaleOutAt },
                new FixedObservedValueSource(Values((Cpu, 90), (Requests, 150))));
            Assert.Equal(DecisionOutcome.ScaledOut, d.Outcome);
            Assert.Equal(5, d.NewCapacity); // the CPU rule's +3 waits for 10:30; the Requests rule's +1 may act
            Assert.Equal(Utc("2024-05-01T10:30"), d.Rules[0].CooldownUntil);
            Assert.Null(d.Rules[1].CooldownUntil);
            Assert.Equal(TimeSpan.FromMinutes(10), d.ActionCooldownSpan);
        }

        // autoscale-get-started.md (08/19/2026): "The default cool-down period is five minutes." A rule built without
        // a cooldown (the module's own builders, the fake service's rules) carries the portal's default.
        [Fact]
        public void The_default_cooldown_is_five_minutes() =>
            Assert.Equal(TimeSpan.FromMinutes(5), new ScaleAction().CooldownSpan);

        // autoscale-using-powershell.md (08/19/2026), ScaleActionCooldown: "The minimum amount of time after a scale
        // operation that must pass before this rule is eligible to initiate another scale action. Autoscale checks
        // each rule's cooldown independently." The page's rules: out > 70, in < 30, 5 minutes each, 1 to 10 instances.
        [Theory]
        [InlineData("2024-05-01T10:04", 90, DecisionOutcome.Cooldown)]
        [InlineData("2024-05-01T10:05", 90, DecisionOutcome.ScaledOut)]
        [InlineData("2024-05-01T10:04", 10, DecisionOutcome.Cooldown)]
        [InlineData("2024-05-01T10:05", 10, DecisionOutcome.ScaledIn)]
        public void The_powershell_pages_rules_each_wait_five_minutes(string at, double cpu, string outcome)
        {
            var setting = Setting(1, 10, 1, Out(Cpu, Op.GreaterThan, 70, cooldownMinutes: 5), In(Cpu, Op.LessThan, 30, cooldownMinutes: 5));
            Assert.Equal(outcome, At(at, cpu, setting: setting).Outcome);
        }

        // "Updating an autoscale setting resets the scale action timestamp and clears the cooldown state for all
        // rules. The rules can become eligible during the next evaluation cycle."
        [Theory]
        [InlineData(CooldownMode.PerRule)]
        [InlineData(CooldownMode.LastFiredRule)]
        [InlineData(CooldownMode.Global)]
        public void A_setting_update_after_the_last_scale_action_clears_every_rules_cooldown(CooldownMode mode)
        {
            var options = new EngineOptions { CooldownMode = mode };
            Assert.Equal(DecisionOutcome.Cooldown, At("2024-05-01T10:11", 90, options).Outcome);
            var d = At("2024-05-01T10:11", 90, options, settingUpdated: Utc("2024-05-01T10:10"));
            Assert.Equal(DecisionOutcome.ScaledOut, d.Outcome);
            Assert.All(d.Rules, r => Assert.Null(r.CooldownUntil));
            Assert.Contains("the setting was updated at 2024-05-01 10:10Z, after the last scale action at 2024-05-01 10:00Z, which clears every rule's cooldown", d.Reason);
        }

        // The update must come after the last scale action, and by the evaluation time.
        [Theory]
        [InlineData("2024-05-01T09:59")]
        [InlineData("2024-05-01T10:12")]
        public void An_update_before_the_last_action_or_after_the_evaluation_clears_nothing(string updated) =>
            Assert.Equal(DecisionOutcome.Cooldown, At("2024-05-01T10:11", 90, settingUpdated: Utc(updated)).Outcome);

        // The same sentence in a replay: the update at 10:10:30 lets the next run (10:11) scale out again.
        [Fact]
        public void In_a_replay_the_next_evaluation_after_the_update_may_act()
        {
            var from = Utc("2024-05-01T09:50");
            var samples = Cpu4(from, 40, _ => 90);
            var update = Utc("2024-05-01T10:10").AddSeconds(30);
            var sim = new AutoscaleSimulator(Profile6040(), null, new SimulationOptions { InitialCapacity = 3, Start = ScaleOutAt, End = Utc("2024-05-01T10:20"), SettingUpdateTimes = new[] { update } });
            var outs = sim.Run(samples).Where(s => s.Decision == ScaleDecision.ScaleOut).Select(s => s.Time).ToList();
            Assert.Equal(new[] { ScaleOutAt, Utc("2024-05-01T10:11") }, outs);
        }

        // "If the update changes the profile's minimum or maximum capacity and the current capacity is outside the
        // new range, autoscale adjusts the capacity to the new boundary. This profile-boundary adjustment isn't a
        // metric-triggered scale action and isn't subject to metric-rule cooldowns."
        [Fact]
        public void A_capacity_below_the_new_minimum_is_raised_whatever_the_cooldowns()
        {
            var d = At("2024-05-01T10:05", 10, setting: Profile6040(min: 6), capacity: 4);
            Assert.Equal(DecisionOutcome.BelowMinimum, d.Outcome);
            Assert.Equal(6, d.NewCapacity);
            Assert.Null(d.ActionCooldown);
        }

        // The boundary adjustment is not a rule's scale action, so by default it starts no cooldown: the scale-out
        // condition met the minute after the capacity is raised to the minimum acts at once
        // (EngineOptions.BoundaryAdjustmentStartsCooldown, the module's reading before 2026-12-07, holds it 60 minutes).
        [Theory]
        [InlineData(false, "2024-05-01T10:01")]
        [InlineData(true, "2024-05-01T11:00")]
        public void A_boundary_adjustment_starts_no_rule_cooldown_by_default(bool startsCooldown, string expectedScaleOut)
        {
            var from = Utc("2024-05-01T09:50");
            var samples = Cpu4(from, 80, _ => 90);
            var options = new EngineOptions { BoundaryAdjustmentStartsCooldown = startsCooldown };
            var sim = new AutoscaleSimulator(Profile6040(min: 3), options, new SimulationOptions { InitialCapacity = 2, Start = ScaleOutAt, End = Utc("2024-05-01T11:05") });
            var steps = sim.Run(samples).ToList();
            Assert.Equal(DecisionOutcome.BelowMinimum, steps[0].Outcome);
            Assert.Equal(Utc(expectedScaleOut), steps.First(s => s.Outcome == DecisionOutcome.ScaledOut).Time);
        }
    }
}
