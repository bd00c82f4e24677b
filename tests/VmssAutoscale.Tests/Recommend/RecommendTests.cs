using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using VmssAutoscale.Recommend;
using Xunit;
using static VmssAutoscale.Tests.Engine.Kit;
using Op = VmssAutoscale.Model.ComparisonOperator;

namespace VmssAutoscale.Tests.Recommend
{
    public sealed class RecommendTests
    {
        private const string Cpu = "Percentage CPU";
        private const string Queue = "ApproximateMessageCount";

        /// <summary>
        /// A day and a half of load with two busy periods, a quiet night and noise, over 4 recorded
        /// instances: total load in CPU points per minute, spread evenly over the recorded instances.
        /// </summary>
        private static List<SampleRecord> History(int seed, int minutes = 36 * 60, int instances = 4, bool queue = false)
        {
            var random = new Random(seed);
            var list = new List<SampleRecord>();
            for (var m = 0; m < minutes; m++)
            {
                var hour = (m / 60.0) % 24;
                var busy = hour >= 8 && hour < 11 ? 420 : hour >= 14 && hour < 17 ? 300 : hour < 6 ? 60 : 150;
                var total = busy + random.Next(-40, 40);
                var t = T0.AddMinutes(m).Ticks + TimeSpan.TicksPerSecond * random.Next(0, 59);
                for (var i = 0; i < instances; i++)
                {
                    list.Add(new SampleRecord(Cpu, "vm" + i, t, Math.Round(total / (double)instances + random.Next(-5, 5), 1)));
                }

                if (queue)
                {
                    list.Add(new SampleRecord(Queue, "q", t, Math.Max(0, total * 3 + random.Next(-100, 100))));
                }
            }

            return list;
        }

        private static ReplayPlan Plan(List<SampleRecord> samples, AutoscaleSetting setting, double maxLoad, TimeSpan warmup, int initial = 3)
        {
            var load = setting.Profiles[0].Rules.First(r => r.ScaleDirection == ScaleDirection.Increase && r.MetricName == Cpu).MetricTrigger;
            var history = LoadHistory.Read(samples, setting, load, SettingKnobs.LongestCandidateWindow, EngineOptions.Default);
            var start = new DateTime(history.LeadInEnd, DateTimeKind.Utc);
            var last = history.LastSampleTicks - (history.LastSampleTicks % TimeSpan.TicksPerMinute);
            return new ReplayPlan(history, start, new DateTime(last, DateTimeKind.Utc).AddMinutes(1), initial, warmup, maxLoad, EngineOptions.Default);
        }

        /// <summary>The scores recounted from the simulator's own timeline and the samples, independently of the replay.</summary>
        private static ReplayScore Recount(AutoscaleSetting setting, List<SampleRecord> samples, ReplayPlan plan)
        {
            var sim = new AutoscaleSimulator(setting, EngineOptions.Default, new SimulationOptions
            {
                LoadModel = LoadModel.RedistributeTotal,
                InstanceWarmup = plan.InstanceWarmup,
                Start = plan.Start,
                End = plan.End,
                InitialCapacity = plan.InitialCapacity,
                LastScaleActionTime = plan.LastScaleActionTime,
                LastScaleActionDirection = plan.LastScaleActionDirection,
                SettingUpdateTimes = plan.LastSettingUpdateTime is DateTime updated ? new[] { updated } : Array.Empty<DateTime>(),
                KeepDetail = false,
                Explain = false,
            });
            var steps = sim.Run(samples).ToList();
            var loadByMinute = new Dictionary<long, double>();
            foreach (var s in samples.Where(s => s.MetricName == Cpu))
            {
                var minute = s.UtcTicks - (s.UtcTicks % TimeSpan.TicksPerMinute);
                loadByMinute[minute] = loadByMinute.TryGetValue(minute, out var sum) ? sum + s.Value : s.Value;
            }

            var max = setting.Profiles[0].Capacity.Maximum;
            var overload = 0;
            for (var k = 0; k < steps.Count; k++)
            {
                var from = steps[k].Time - plan.InstanceWarmup;
                var serving = steps.Take(k + 1).Where(s => s.Time >= from).Min(s => s.NewCapacity);
                // The capacity in force at the warmup's start: the step before the window, or the initial one.
                var before = steps.Take(k + 1).LastOrDefault(s => s.Time <= from);
                serving = Math.Min(serving, before?.NewCapacity ?? plan.InitialCapacity);
                if (loadByMinute.TryGetValue(steps[k].Time.Ticks, out var load) && load / Math.Max(1, serving) > plan.MaxLoad)
                {
                    overload++;
                }
            }

            var actions = steps.Where(s => s.NewCapacity != s.Capacity).ToList();
            var flaps = 0;
            for (var i = 0; i + 1 < actions.Count; i++)
            {
                var up = actions[i].NewCapacity > actions[i].Capacity;
                var nextUp = actions[i + 1].NewCapacity > actions[i + 1].Capacity;
                if (up != nextUp && actions[i + 1].Time - actions[i].Time <= TimeSpan.FromMinutes(30))
                {
                    flaps++;
                }
            }

            return new ReplayScore(steps.Count, steps.Sum(s => (long)s.NewCapacity), overload, actions.Count, flaps, steps.Count(s => s.NewCapacity >= max));
        }

        private static void AssertSame(ReplayScore expected, ReplayScore actual, string what)
        {
            Assert.True(expected.Minutes == actual.Minutes, $"{what}: minutes {actual.Minutes}, recount {expected.Minutes}");
            Assert.True(expected.InstanceMinutes == actual.InstanceMinutes, $"{what}: instance-minutes {actual.InstanceMinutes}, recount {expected.InstanceMinutes}");
            Assert.True(expected.OverloadMinutes == actual.OverloadMinutes, $"{what}: overload {actual.OverloadMinutes}, recount {expected.OverloadMinutes}");
            Assert.True(expected.ScaleActions == actual.ScaleActions, $"{what}: actions {actual.ScaleActions}, recount {expected.ScaleActions}");
            Assert.True(expected.Flaps == actual.Flaps, $"{what}: flaps {actual.Flaps}, recount {expected.Flaps}");
            Assert.True(expected.MinutesAtMaximum == actual.MinutesAtMaximum, $"{what}: at maximum {actual.MinutesAtMaximum}, recount {expected.MinutesAtMaximum}");
        }

        public static IEnumerable<object[]> Warmups() => new[] { new object[] { 0 }, new object[] { 7 } };

        [Theory]
        [MemberData(nameof(Warmups))]
        public void Every_recommendation_scores_what_the_simulation_recounts(int warmupMinutes)
        {
            var setting = Setting(2, 12, 3, Out(Cpu, Op.GreaterThan, 80, windowMinutes: 15, cooldownMinutes: 10), In(Cpu, Op.LessThan, 30, windowMinutes: 10, cooldownMinutes: 5));
            var samples = History(seed: 11);
            var plan = Plan(samples, setting, 75, TimeSpan.FromMinutes(warmupMinutes));
            var result = new SettingOptimizer(plan, new ScoreOrder(0.01 * plan.Minutes)).Optimize(setting, 75, allowCapacityChange: false, top: 5);

            Assert.Equal(5, result.Best.Count);
            Assert.True(result.CandidatesEvaluated > 100, $"only {result.CandidatesEvaluated} candidates");
            AssertSame(Recount(setting, samples, plan), result.Current.Score, "current");
            foreach (var c in result.Best)
            {
                AssertSame(Recount(c.Setting, samples, plan), c.Score, string.Join("; ", c.Changes));
            }
        }

        public static IEnumerable<object[]> RuleShapes()
        {
            // Each aggregation, statistic, grain and a queue rule divided per instance, with and without a warmup.
            yield return new object[] { Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 70, aggregation: TimeAggregationType.Maximum), In(Cpu, Op.LessThan, 25, aggregation: TimeAggregationType.Minimum)), 0 };
            yield return new object[] { Setting(1, 10, 2, Out(Cpu, Op.GreaterThanOrEqual, 65, windowMinutes: 20, aggregation: TimeAggregationType.Last), In(Cpu, Op.LessThanOrEqual, 20, statistic: MetricStatistic.Max)), 3 };
            yield return new object[] { Setting(1, 10, 2, Rule(ScaleDirection.Increase, Cpu, Op.GreaterThan, 60, 2, ScaleType.ChangeCount, 5, MetricStatistic.Average, false, 15, TimeAggregationType.Average, grainMinutes: 5), In(Cpu, Op.LessThan, 20, windowMinutes: 15)), 5 };
            yield return new object[] { Setting(2, 20, 2, Out(Cpu, Op.GreaterThan, 75, value: 50, type: ScaleType.PercentChangeCount), In(Cpu, Op.LessThan, 20, statistic: MetricStatistic.Sum, aggregation: TimeAggregationType.Total, windowMinutes: 5)), 2 };
            yield return new object[] { Setting(1, 15, 1, Out(Cpu, Op.GreaterThan, 70), Out(Queue, Op.GreaterThan, 200, statistic: MetricStatistic.Sum, aggregation: TimeAggregationType.Total), In(Queue, Op.LessThan, 40, statistic: MetricStatistic.Sum, aggregation: TimeAggregationType.Average, divide: true, cooldownMinutes: 1)), 4 };
            // Count under RedistributeTotal counts the simulated instances: above 1.5 it grows to the maximum, step by step.
            yield return new object[] { Setting(1, 4, 1, Out(Cpu, Op.GreaterThan, 1.5, statistic: MetricStatistic.Count)), 0 };
        }

        [Theory]
        [MemberData(nameof(RuleShapes))]
        public void The_replay_scores_any_rule_shape_as_the_simulation_does(AutoscaleSetting setting, int warmupMinutes)
        {
            var samples = History(seed: 5, minutes: 20 * 60, queue: true);
            var plan = Plan(samples, setting, 70, TimeSpan.FromMinutes(warmupMinutes), initial: 2);
            var replay = new CandidateReplay(plan).Run(setting);
            Assert.True(replay.ScaleActions > 0, "the shape must scale at least once to be a test of the replay");
            AssertSame(Recount(setting, samples, plan), replay, setting.Profiles[0].Rules[0].ToString());
        }

        [Theory]
        [InlineData(0)]
        [InlineData(5)]
        public void A_gap_in_the_samples_replays_as_the_simulation_does(int warmupMinutes)
        {
            // 90 minutes without samples: every rule is without data, so the engine raises the capacity to the default (4).
            var setting = Setting(1, 10, 4, Out(Cpu, Op.GreaterThan, 70, windowMinutes: 10), In(Cpu, Op.LessThan, 30, windowMinutes: 10));
            var gapStart = T0.AddHours(5).Ticks;
            var gapEnd = T0.AddHours(6.5).Ticks;
            var samples = History(seed: 8, minutes: 12 * 60).Where(x => x.UtcTicks < gapStart || x.UtcTicks >= gapEnd).ToList();
            var plan = Plan(samples, setting, 70, TimeSpan.FromMinutes(warmupMinutes), initial: 1);
            var score = new CandidateReplay(plan).Run(setting);
            AssertSame(Recount(setting, samples, plan), score, "gap");
        }

        [Fact]
        public void A_last_scale_action_and_a_setting_update_replay_as_the_simulation_does()
        {
            // A scale-out just before the period holds a 45-minute cooldown into it; the setting's update 10 minutes in clears it.
            var setting = Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 60, cooldownMinutes: 45), In(Cpu, Op.LessThan, 20, cooldownMinutes: 45));
            var samples = History(seed: 12, minutes: 12 * 60);
            var basePlan = Plan(samples, setting, 70, TimeSpan.FromMinutes(2), initial: 1);
            foreach (var update in new DateTime?[] { null, basePlan.Start.AddMinutes(10) })
            {
                var plan = new ReplayPlan(basePlan.History, basePlan.Start, basePlan.End, 1, basePlan.InstanceWarmup, 70, EngineOptions.Default)
                {
                    LastScaleActionTime = basePlan.Start.AddMinutes(-2),
                    LastScaleActionDirection = ScaleDirection.Increase,
                    LastSettingUpdateTime = update,
                };
                AssertSame(Recount(setting, samples, plan), new CandidateReplay(plan).Run(setting), update == null ? "cooldown into the period" : "cleared by an update");
            }
        }

        [Fact]
        public void A_scheduled_setting_is_replayed_through_the_engine_at_every_minute_and_still_matches()
        {
            var setting = Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 70), In(Cpu, Op.LessThan, 25));
            var night = new AutoscaleProfile
            {
                Name = "night",
                Capacity = new ScaleCapacity { Minimum = 1, Maximum = 3, Default = 1 },
                Rules = setting.Profiles[0].Rules,
                Recurrence = new ProfileRecurrence { TimeZone = "UTC", Days = DayNames.Of((DayOfWeek[])Enum.GetValues(typeof(DayOfWeek))), Hours = new[] { 0 }, Minutes = new[] { 0 } },
            };
            var scheduled = new AutoscaleSetting { Name = "s", Profiles = new[] { setting.Profiles[0], night } };
            var samples = History(seed: 3, minutes: 30 * 60);
            var plan = Plan(samples, scheduled, 70, TimeSpan.Zero, initial: 2);
            var replay = new CandidateReplay(plan);
            var score = replay.Run(scheduled);
            Assert.Equal(plan.Minutes, replay.EngineCalls);
            var recount = Recount(scheduled, samples, plan);
            Assert.Equal(recount.InstanceMinutes, score.InstanceMinutes);
            Assert.Equal(recount.OverloadMinutes, score.OverloadMinutes);
            Assert.Equal(recount.ScaleActions, score.ScaleActions);
        }

        [Fact]
        public void Every_candidate_is_valid_for_the_service_and_steady_at_every_capacity()
        {
            var setting = Setting(1, 8, 2, Out(Cpu, Op.GreaterThan, 80, windowMinutes: 10), In(Cpu, Op.LessThan, 60, windowMinutes: 10));
            var samples = History(seed: 2, minutes: 24 * 60);
            var plan = Plan(samples, setting, 80, TimeSpan.Zero, initial: 2);
            var result = new SettingOptimizer(plan, new ScoreOrder(0.01 * plan.Minutes)).Optimize(setting, 80, allowCapacityChange: true, top: 20);

            // The 80/60 setting flaps from 2 to 1 (60 × 2 / 1 = 120 > 80): it is scored as rank 0 but never proposed.
            Assert.False(SettingKnobs.IsValidAndSteady(setting, EngineOptions.Default));
            Assert.DoesNotContain(result.Best, c => c.IsCurrent);
            foreach (var c in result.Best)
            {
                var p = Assert.Single(c.Setting.Profiles);
                Assert.Empty(SettingRanges.Problems(c.Setting));
                Assert.All(p.Rules, r => Assert.InRange(r.MetricTrigger.TimeWindowSpan, SettingRanges.MinTimeWindow, SettingRanges.MaxTimeWindow));
                Assert.All(p.Rules, r => Assert.InRange(r.ScaleAction.CooldownSpan, SettingRanges.MinCooldown, SettingRanges.MaxCooldown));
                Assert.All(p.Rules, r => Assert.True(r.ScaleAction.Value >= 1));
                Assert.True(p.Capacity.Minimum >= 1);
                for (var capacity = p.Capacity.Minimum; capacity <= p.Capacity.Maximum; capacity++)
                {
                    Assert.DoesNotContain(FlappingEstimator.ProjectProfile(p, capacity), x => x.BoundaryFlaps);
                }
            }
        }

        [Fact]
        public void The_objective_takes_the_cheapest_within_budget_then_fewer_actions_then_fewer_flaps()
        {
            var order = new ScoreOrder(10);
            var cheapOver = new ReplayScore(100, 500, 11, 2, 0, 0);
            var dearWithin = new ReplayScore(100, 900, 10, 2, 0, 0);
            var cheapWithin = new ReplayScore(100, 800, 0, 9, 3, 0);
            var cheapWithinCalm = new ReplayScore(100, 800, 5, 4, 3, 0);
            var cheapWithinSteady = new ReplayScore(100, 800, 5, 4, 1, 0);
            var sorted = new[] { cheapOver, dearWithin, cheapWithin, cheapWithinCalm, cheapWithinSteady }.OrderBy(s => s, order).ToList();
            Assert.Equal(new[] { cheapWithinSteady, cheapWithinCalm, cheapWithin, dearWithin, cheapOver }, sorted);
        }

        [Fact]
        public void When_nothing_meets_the_budget_the_least_overload_wins_before_cost()
        {
            var order = new ScoreOrder(0);
            var cheap = new ReplayScore(100, 100, 50, 0, 0, 0);
            var dear = new ReplayScore(100, 900, 20, 0, 0, 0);
            Assert.True(order.Compare(dear, cheap) < 0);

            // Load far above MaxLoad even at the maximum: nothing meets the budget, so the pick is the least overloaded.
            var setting = Setting(1, 3, 1, Out(Cpu, Op.GreaterThan, 70, windowMinutes: 10), In(Cpu, Op.LessThan, 20, windowMinutes: 10));
            var samples = History(seed: 4, minutes: 24 * 60);
            var plan = Plan(samples, setting, 40, TimeSpan.Zero, initial: 1);
            var ordering = new ScoreOrder(0.01 * plan.Minutes);
            var result = new SettingOptimizer(plan, ordering).Optimize(setting, 40, allowCapacityChange: false, top: 5);
            Assert.All(result.Best, c => Assert.False(ordering.Meets(c.Score)));
            Assert.True(result.Best[0].Score.OverloadMinutes <= result.Current.Score.OverloadMinutes);
            Assert.Equal(result.Best.Select(c => c.Score.OverloadMinutes).OrderBy(o => o), result.Best.Select(c => c.Score.OverloadMinutes));
        }

        [Fact]
        public void The_scores_both_output_types_carry_are_built_once_from_the_score_the_plan_and_the_budget()
        {
            var setting = Setting(1, 5, 1, Out(Cpu, Op.GreaterThan, 70, windowMinutes: 10), In(Cpu, Op.LessThan, 20, windowMinutes: 10));
            var samples = History(seed: 5, minutes: 6 * 60);
            var basePlan = Plan(samples, setting, 60, TimeSpan.FromMinutes(3), initial: 2);
            var plan = new ReplayPlan(basePlan.History, basePlan.Start, basePlan.End, 2, basePlan.InstanceWarmup, 60, EngineOptions.Default) { InstanceWarmupSource = "Given" };
            var score = new ReplayScore(plan.Minutes, 600, 7, 4, 1, 30);

            var within = new ScoreOrder(7).ScoresOf(score, plan);
            var over = new ScoreOrder(6.5).ScoresOf(score, plan);

            Assert.Equal((10.0, 7, 4, 1, 30), (within.InstanceHours, within.OverloadMinutes, within.ScaleActions, within.Flaps, within.MinutesAtMaximum));
            Assert.True(within.MeetsBudget);
            Assert.False(over.MeetsBudget);
            Assert.Equal(6.5, over.OverloadBudget);
            Assert.Equal((plan.Start, plan.End, plan.Minutes, 2, 60.0, TimeSpan.FromMinutes(3), "Given"), (within.Start, within.End, within.Minutes, within.InitialCapacity, within.MaxLoad, within.InstanceWarmupSpan, within.InstanceWarmupSource));
            Assert.Equal(string.Format(CultureInfo.InvariantCulture, "{0:yyyy-MM-dd HH:mm}Z to {1:yyyy-MM-dd HH:mm}Z ({2} minutes)", plan.Start, plan.End, plan.Minutes), within.Period);

            // Both output types carry the record whole: nothing is copied field by field.
            var recommendation = new AutoscaleRecommendation(within) { Rank = 1 };
            var comparison = new SettingComparison(within) { Side = "Reference" };
            foreach (var property in typeof(SettingScores).GetProperties())
            {
                Assert.Equal(property.GetValue(within), property.GetValue(recommendation));
                Assert.Equal(property.GetValue(within), property.GetValue(comparison));
            }
        }

        [Fact]
        public void When_the_current_setting_is_best_it_is_rank_one()
        {
            // Minimum = maximum: every candidate keeps 3 instances, so all score alike and the current one, unchanged, stays first.
            var setting = Setting(3, 3, 3, Out(Cpu, Op.GreaterThan, 70, windowMinutes: 10), In(Cpu, Op.LessThan, 20, windowMinutes: 10));
            var samples = History(seed: 9, minutes: 12 * 60);
            var plan = Plan(samples, setting, 90, TimeSpan.Zero, initial: 3);
            var result = new SettingOptimizer(plan, new ScoreOrder(0.01 * plan.Minutes)).Optimize(setting, 90, allowCapacityChange: false, top: 3);
            Assert.True(result.Best[0].IsCurrent);
            Assert.Same(result.Current, result.Best[0]);
        }

        [Fact]
        public void The_history_refuses_samples_out_of_time_order()
        {
            var setting = Setting(1, 5, 1, Out(Cpu, Op.GreaterThan, 80));
            var samples = new[] { new SampleRecord(Cpu, "a", T0.AddMinutes(6).Ticks, 1, 2), new SampleRecord(Cpu, "a", T0.Ticks, 1, 3) };
            Assert.Throws<SampleOrderException>(() => LoadHistory.Read(samples, setting, setting.Profiles[0].Rules[0].MetricTrigger, TimeSpan.FromMinutes(60), EngineOptions.Default));
        }
    }
}
