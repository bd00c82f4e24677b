using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using static VmssAutoscale.Tests.Engine.Kit;
using Op = VmssAutoscale.Model.ComparisonOperator;

namespace VmssAutoscale.Tests.Engine
{
    /// <summary>
    /// The "only N of M instances are hot" sentence of a scale-out rule that did not fire. It runs for
    /// every step of a timeline, so it is computed without sorting every instance; these tests hold it to
    /// the plain definition (hot ones hottest first, ties in instance order, summed in that order) on
    /// randomized windows full of ties, and check that per-instance values are read only when a reason
    /// uses them and then equal a reading that asked for them up front.
    /// </summary>
    public class HotInstancesReasonTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        [InlineData(6)]
        [InlineData(7)]
        [InlineData(8)]
        public void The_sentence_follows_its_definition_on_windows_full_of_ties(int seed)
        {
            var random = new Random(seed);
            // Each instance holds one level for the whole window, so instance averages tie exactly. Two hot
            // instances always share a level, a third or more may; the cold ones keep the average under the
            // threshold, so the rule does not fire and the sentence is written. Instance order is shuffled,
            // so tied instances are not neighbours.
            var hot = random.Next(2, 6);
            var cold = (3 * hot) + random.Next(0, 5);
            var hotLevels = new[] { 80.0, 90, 90, 97.5 };
            var coldLevels = new[] { 0.0, 10, 10, 20, 45 };
            var values = new List<double> { 90, 90 };
            for (var i = 2; i < hot; i++)
            {
                values.Add(hotLevels[random.Next(hotLevels.Length)]);
            }

            for (var i = 0; i < cold; i++)
            {
                values.Add(coldLevels[random.Next(coldLevels.Length)]);
            }

            var shuffled = values.OrderBy(_ => random.Next()).ToArray();
            var reason = ReasonFor(shuffled, threshold: 50);
            var rule = Out("Percentage CPU", Op.GreaterThan, 50);
            var store = StoreOf(shuffled);
            var observed = store.Observe(rule.MetricTrigger, T0.AddMinutes(5), shuffled.Length, TimeSpan.Zero, perInstance: true);
            Assert.True(observed.Value < 50, $"seed {seed}: the average must stay under the threshold");
            Assert.True(observed.PerInstance.Count(p => p.Value == 90) >= 2, $"seed {seed}: two hot instances must tie");
            Assert.Contains(Expected(observed.PerInstance, 50, observed.Value!.Value), reason);
        }

        [Fact]
        public void Several_hot_instances_are_listed_hottest_first_and_ties_keep_instance_order()
        {
            var reason = ReasonFor(new[] { 90.0, 10, 95, 90, 10, 10, 10, 10 }, threshold: 80);
            Assert.Contains("Only 3 of 8 instances are > 80 on their own (vm_2 at 95, vm_0 at 90, vm_3 at 90)", reason);
        }

        [Fact]
        public void When_no_instance_is_hot_the_first_of_the_busiest_is_named()
        {
            var reason = ReasonFor(new[] { 20.0, 45, 30, 45 }, threshold: 50);
            Assert.Contains("No instance is > 50 on its own (the busiest, vm_1, is at 45).", reason);
        }

        /// <summary>The reason of a "> threshold" scale-out rule over five minutes in which instance vm_i holds values[i] throughout.</summary>
        private static string ReasonFor(double[] values, double threshold)
        {
            var setting = Setting(1, 40, values.Length, Out("Percentage CPU", Op.GreaterThan, threshold));
            return new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = setting, Time = T0.AddMinutes(5), CurrentCapacity = values.Length }, new StoreObservedValueSource(StoreOf(values), EngineOptions.Default)).Reason;
        }

        private static MetricWindowStore StoreOf(double[] values)
        {
            var store = new MetricWindowStore();
            for (var m = 0; m < 5; m++)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    store.Add("Percentage CPU", "vm_" + i, T0.AddMinutes(m), values[i]);
                }
            }

            return store;
        }

        [Fact]
        public void Per_instance_values_are_read_only_for_a_scale_out_rule_that_did_not_fire()
        {
            var store = new MetricWindowStore();
            for (var m = 0; m < 5; m++)
            {
                store.Add("Percentage CPU", "vm_0", T0.AddMinutes(m), 90);
                store.Add("Percentage CPU", "vm_1", T0.AddMinutes(m), 20);
            }

            var source = new CountingSource(new StoreObservedValueSource(store, EngineOptions.Default));
            var fires = Setting(1, 10, 2, Out("Percentage CPU", Op.GreaterThan, 50));
            new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = fires, Time = T0.AddMinutes(5), CurrentCapacity = 2 }, source);
            Assert.Equal(0, source.PerInstanceReads);

            var holds = Setting(1, 10, 2, Out("Percentage CPU", Op.GreaterThan, 60));
            var d = new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = holds, Time = T0.AddMinutes(5), CurrentCapacity = 2 }, source);
            Assert.Equal(1, source.PerInstanceReads);
            Assert.Contains("Only 1 of 2 instances is > 60 on its own (vm_0 at 90)", d.Reason);
        }

        /// <summary>The sentence as first written with LINQ: the definition the faster code must keep.</summary>
        private static string Expected(IReadOnlyList<InstanceObservation> per, double threshold, double average)
        {
            var hot = per.Where(p => p.Value > threshold).OrderByDescending(p => p.Value).ToList();
            if (hot.Count == 0)
            {
                return FormattableString.Invariant($" No instance is > {AutoscaleEngine.Num(threshold)} on its own (the busiest, {per.OrderByDescending(p => p.Value).First().Instance}, is at {AutoscaleEngine.Num(per.Max(p => p.Value))}).");
            }

            var m = per.Count;
            var rest = m - hot.Count;
            var shown = string.Join(", ", hot.Take(5).Select(h => h.Instance + " at " + AutoscaleEngine.Num(h.Value))) + (hot.Count > 5 ? ", …" : string.Empty);
            var needed = ((threshold * m) - hot.Sum(h => h.Value)) / rest;
            return FormattableString.Invariant($" Only {hot.Count} of {m} instances {(hot.Count == 1 ? "is" : "are")} > {AutoscaleEngine.Num(threshold)} on {(hot.Count == 1 ? "its" : "their")} own ({shown}); the average is across all {m}, so the other {rest} would need to average above {AutoscaleEngine.Num(Math.Max(0, needed))} (now {AutoscaleEngine.Num(((average * m) - hot.Sum(h => h.Value)) / rest)}).");
        }

        private sealed class CountingSource : IObservedValueSource
        {
            private readonly IObservedValueSource inner;

            public CountingSource(IObservedValueSource inner) => this.inner = inner;

            public int PerInstanceReads { get; private set; }

            public ObservedValue Observe(MetricTrigger trigger, DateTime evaluationUtc, int currentCapacity, bool perInstance)
            {
                if (perInstance)
                {
                    PerInstanceReads++;
                }

                return inner.Observe(trigger, evaluationUtc, currentCapacity, perInstance);
            }
        }
    }
}
