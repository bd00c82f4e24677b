using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using Xunit;
using static VmssAutoscale.Tests.Engine.Kit;
using Op = VmssAutoscale.Model.ComparisonOperator;

namespace VmssAutoscale.Tests.Engine
{
    /// <summary>Issue 22 item 4: Test-VmssAutoscaleThreshold's "check that Timestamp is UTC" warning and the capacity it infers from samples.</summary>
    public class SampleCoverageTests
    {
        private const string Vmss = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";
        private const string Other = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/api";
        private const string Queue = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/jobs/services/queue/queues/work";

        private static MetricSample S(string instance, int minute, string metric = "Percentage CPU", string resource = "") =>
            new MetricSample { Instance = instance, Timestamp = T0.AddMinutes(minute), MetricName = metric, Value = 90, ResourceId = resource };

        private static (AutoscaleDecision Decision, List<DateTime> Times, MetricWindowStore Store) Evaluate(AutoscaleSetting setting, IEnumerable<MetricSample> samples, DateTime at)
        {
            var store = new MetricWindowStore(Vmss);
            var list = samples.ToList();
            foreach (var s in list)
            {
                store.Add(SampleRecord.From(s));
            }

            var decision = new AutoscaleEngine().Evaluate(new EvaluationContext { Setting = setting, Time = at, CurrentCapacity = 2 }, new StoreObservedValueSource(store, EngineOptions.Default));
            return (decision, list.Select(s => s.Timestamp).ToList(), store);
        }

        private static AutoscaleSetting Cpu() => WithTarget(Setting(1, 10, 2, Out("Percentage CPU", Op.GreaterThan, 70), In("Percentage CPU", Op.LessThan, 30)));

        private static AutoscaleSetting WithTarget(AutoscaleSetting s) => new AutoscaleSetting { Name = s.Name, TargetResourceUri = Vmss, Profiles = s.Profiles };

        [Fact]
        public void Samples_inside_the_window_of_another_resource_do_not_blame_the_time_zone()
        {
            var (decision, times, _) = Evaluate(Cpu(), Enumerable.Range(0, 10).Select(m => S("api_0", m, resource: Other)), T0.AddMinutes(10));

            var warning = SampleCoverage.OutsideWindowsWarning(decision, times);
            Assert.NotNull(warning);
            Assert.DoesNotContain("UTC", warning);
            Assert.Contains("5 of the 10 sample(s) fall inside the rules' windows", warning);
            Assert.Contains("ResourceId", warning);
        }

        [Fact]
        public void Samples_before_every_window_still_ask_about_the_time()
        {
            var (decision, times, _) = Evaluate(Cpu(), Enumerable.Range(0, 10).Select(m => S("web_0", m)), T0.AddHours(5));

            Assert.Contains("Timestamp is UTC", SampleCoverage.OutsideWindowsWarning(decision, times));
        }

        [Fact]
        public void Samples_a_rule_uses_give_no_warning()
        {
            var (decision, times, _) = Evaluate(Cpu(), Enumerable.Range(0, 10).Select(m => S("web_0", m)), T0.AddMinutes(10));

            Assert.Null(SampleCoverage.OutsideWindowsWarning(decision, times));
        }

        [Fact]
        public void Queue_rows_are_not_counted_as_instances()
        {
            // A queue rule and a CPU rule; the CSV's queue rows carry no ResourceId, so they land on the target's series.
            var onQueue = Out("ApproximateMessageCount", Op.GreaterThan, 100);
            onQueue = new ScaleRule { MetricTrigger = new MetricTrigger { MetricName = onQueue.MetricName, MetricResourceUri = Queue, ComparisonOperator = onQueue.MetricTrigger.ComparisonOperator, Threshold = 100, MetricStatistic = onQueue.MetricTrigger.MetricStatistic, TimeGrainSpan = onQueue.MetricTrigger.TimeGrainSpan, TimeWindowSpan = onQueue.MetricTrigger.TimeWindowSpan, TimeAggregationType = onQueue.MetricTrigger.TimeAggregationType }, ScaleAction = onQueue.ScaleAction };
            var setting = WithTarget(Setting(1, 10, 2, onQueue, Out("Percentage CPU", Op.GreaterThan, 70)));
            var samples = Enumerable.Range(0, 10).SelectMany(m => new[] { S("web_0", m), S("web_1", m), S("work", m, "ApproximateMessageCount") });
            var (_, _, store) = Evaluate(setting, samples, T0.AddMinutes(10));

            Assert.Equal(3, store.DistinctInstances(T0, T0.AddMinutes(10)));
            Assert.Equal(2, store.DistinctInstances(T0, T0.AddMinutes(10), SampleCoverage.OwnMetricNames(setting, setting.Profiles[0])));
        }
    }
}
