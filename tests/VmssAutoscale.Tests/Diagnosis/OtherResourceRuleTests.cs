using System;
using System.Linq;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using static VmssAutoscale.Tests.Engine.Kit;
using Op = VmssAutoscale.Model.ComparisonOperator;

namespace VmssAutoscale.Tests.Diagnosis
{
    /// <summary>
    /// Issue 10 item 8, the engine's side: a diagnosis evaluates a rule on another resource from that
    /// resource's samples when they are given (a snapshot, a CSV), never from the scale set's, and the
    /// scale events give the cooldown's direction.
    /// </summary>
    public class OtherResourceRuleTests
    {
        private const string Vmss = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";
        private const string Queue = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/jobs/services/queue/queues/work";

        private static AutoscaleSetting QueueSetting()
        {
            var outRule = Out("ApproximateMessageCount", Op.GreaterThanOrEqual, 50, cooldownMinutes: 60);
            var inRule = In("ApproximateMessageCount", Op.LessThanOrEqual, 10, cooldownMinutes: 40);
            ScaleRule OnQueue(ScaleRule r) => new ScaleRule
            {
                MetricTrigger = new MetricTrigger
                {
                    MetricName = r.MetricName, MetricResourceUri = Queue, Operator = r.MetricTrigger.Operator, Threshold = r.MetricTrigger.Threshold,
                    Statistic = r.MetricTrigger.Statistic, TimeGrain = r.MetricTrigger.TimeGrain, TimeWindow = r.MetricTrigger.TimeWindow, TimeAggregation = r.MetricTrigger.TimeAggregation,
                },
                ScaleAction = r.ScaleAction,
            };
            var s = Setting(1, 10, 2, OnQueue(outRule), OnQueue(inRule));
            return new AutoscaleSetting { Name = s.Name, TargetResourceUri = Vmss, Profiles = s.Profiles };
        }

        private static DiagnosisInput Input(string? sampleResource, ScaleEvent[]? events = null) => new DiagnosisInput
        {
            Now = T0.AddMinutes(5),
            ScaleSet = new ScaleSetInfo { ResourceId = Vmss, VMScaleSetName = "web", ResourceGroupName = "rg", Capacity = 2 },
            Settings = new[] { QueueSetting() },
            Events = events ?? Array.Empty<ScaleEvent>(),
            Samples = new SampleReadResult
            {
                Samples = Enumerable.Range(0, 5).Select(m => new MetricSample
                {
                    Instance = "work", Timestamp = T0.AddMinutes(m), MetricName = "ApproximateMessageCount", Value = 120, ResourceId = sampleResource ?? string.Empty,
                }).ToList(),
            },
        };

        [Fact]
        public void A_rule_on_a_queue_reads_the_queues_samples()
        {
            var decision = new DiagnosisContext(Input(Queue)).Decision!;
            Assert.Equal(60, decision.Rules[0].ObservedValue);
            Assert.Equal(ScaleDecision.ScaleOut, decision.Decision);
        }

        [Fact]
        public void Samples_of_the_scale_set_never_stand_in_for_the_queue()
        {
            var decision = new DiagnosisContext(Input(null)).Decision!;
            Assert.Null(decision.Rules[0].ObservedValue);
        }

        [Fact]
        public void The_last_scale_events_direction_picks_the_cooldown()
        {
            var scaleIn = new ScaleEvent { Time = T0.AddMinutes(-30), Direction = ScaleEventDirection.In, Status = "Succeeded", Cause = ScaleEventCause.Autoscale };
            var decision = new DiagnosisContext(Input(Queue, new[] { scaleIn })).Decision!;
            Assert.Equal(DecisionOutcome.Cooldown, decision.Outcome);
            Assert.Contains("cooldown until 2024-05-01 10:10Z", decision.Reason);
            Assert.Contains("the scale-in rule's cooldown applies", decision.Reason);
        }
    }
}
