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
        public void The_sentence_follows_its_definition_on_windows_full_of_ties(int seed)
        {
            var random = new Random(seed);
            var instances = random.Next(2, 14);
            // Few distinct values, so instances tie both among the hot ones and for the busiest.
            var levels = new[] { 0.0, 12.5, 40, 55, 55, 61.25, 80, 99.5 };
            var store = new MetricWindowStore();
            for (var m = 0; m < 10; m++)
            {
                for (var i = 0; i < instances; i++)
                {
                    var value = levels[random.Next(levels.Length)];
                    store.Add("Percentage CPU", "vm_" + i, T0.AddMinutes(m), random.Next(4) == 0 ? levels[i % levels.Length] : value);
                }
            }

            var threshold = new[] { 50.0, 60, 70, 101 }[random.Next(4)];
            var setting = Setting(1, 40, instances, Out("Percentage CPU", Op.GreaterThan, threshold));
            var rule = setting.Profiles[0].Rules[0];
            var d = new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = setting, Time = T0.AddMinutes(10), CurrentCapacity = instances }, new StoreObservedValueSource(store, EngineOptions.Default));
            var observed = store.Observe(rule.MetricTrigger, T0.AddMinutes(10), instances, TimeSpan.Zero, perInstance: true);
            if (observed.Value > threshold)
            {
                // The rule fired: no sentence about hot instances.
                Assert.DoesNotContain("on its own", d.Reason);
                Assert.DoesNotContain("on their own", d.Reason);
                return;
            }

            Assert.Contains(Expected(observed.PerInstance, threshold, observed.Value!.Value), d.Reason);
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
            var store = new MetricWindowStore();
            for (var m = 0; m < 5; m++)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    store.Add("Percentage CPU", "vm_" + i, T0.AddMinutes(m), values[i]);
                }
            }

            var setting = Setting(1, 10, values.Length, Out("Percentage CPU", Op.GreaterThan, threshold));
            return new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = setting, Time = T0.AddMinutes(5), CurrentCapacity = values.Length }, new StoreObservedValueSource(store, EngineOptions.Default)).Reason;
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
