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
                    MetricName = r.MetricName, MetricResourceUri = Queue, ComparisonOperator = r.MetricTrigger.ComparisonOperator, Threshold = r.MetricTrigger.Threshold,
                    MetricStatistic = r.MetricTrigger.MetricStatistic, TimeGrainSpan = r.MetricTrigger.TimeGrainSpan, TimeWindowSpan = r.MetricTrigger.TimeWindowSpan, TimeAggregationType = r.MetricTrigger.TimeAggregationType,
                },
                ScaleAction = r.ScaleAction,
            };
            var s = Setting(1, 10, 2, OnQueue(outRule), OnQueue(inRule));
            return new AutoscaleSetting { Name = s.Name, TargetResourceUri = Vmss, Profiles = s.Profiles };
        }

        private static DiagnosisInput Input(string? sampleResource, ScaleEvent[]? events = null, EngineOptions? options = null, ActivityLogRecord[]? activityLog = null) => new DiagnosisInput
        {
            Now = T0.AddMinutes(5),
            Options = new DiagnosisOptions { Engine = options ?? EngineOptions.Default },
            ActivityLog = activityLog ?? Array.Empty<ActivityLogRecord>(),
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

        // Scale-in at 09:30; the scale-out condition holds at 10:05. Per rule (default, the 08/19/2026 page) the
        // scale-out rule waits for its own 60 minutes (10:30); under LastFiredRule (08/05/2026) for the scale-in's 40 (10:10).
        [Theory]
        [InlineData(CooldownMode.PerRule, "cooldown until 2024-05-01 10:30Z", "each rule waits for its own cooldown")]
        [InlineData(CooldownMode.LastFiredRule, "cooldown until 2024-05-01 10:10Z", "the scale-in rule's cooldown applies")]
        public void The_last_scale_event_starts_the_cooldown_and_its_direction_matters_only_under_LastFiredRule(CooldownMode mode, string until, string basis)
        {
            var scaleIn = new ScaleEvent { Time = T0.AddMinutes(-30), Direction = ScaleEventDirection.In, Status = "Succeeded", Cause = ScaleEventCause.Autoscale };
            var decision = new DiagnosisContext(Input(Queue, new[] { scaleIn }, new EngineOptions { CooldownMode = mode })).Decision!;
            Assert.Equal(DecisionOutcome.Cooldown, decision.Outcome);
            Assert.Contains(until, decision.Reason);
            Assert.Contains(basis, decision.Reason);
        }

        // autoscale-understanding-settings.md (ms.date 08/19/2026): "Updating an autoscale setting resets the scale
        // action timestamp and clears the cooldown state for all rules." The setting's write at 10:00, after the
        // scale-in at 09:30, lets the scale-out run at 10:05; a failed write or one after the reference time does not.
        [Theory]
        [InlineData("Succeeded", 0, ScaleDecision.ScaleOut)]
        [InlineData("Failed", 0, ScaleDecision.None)]
        [InlineData("Succeeded", 10, ScaleDecision.None)]
        [InlineData("Succeeded", -40, ScaleDecision.None)]
        public void A_setting_write_after_the_last_scale_action_clears_the_cooldown(string status, int minutesAfterT0, string expected)
        {
            var scaleIn = new ScaleEvent { Time = T0.AddMinutes(-30), Direction = ScaleEventDirection.In, Status = "Succeeded", Cause = ScaleEventCause.Autoscale };
            var write = new ActivityLogRecord { EventTimestamp = T0.AddMinutes(minutesAfterT0), OperationName = "Microsoft.Insights/autoscaleSettings/write", Status = status };
            var input = Input(Queue, new[] { scaleIn }, activityLog: new[] { write });
            var decision = new DiagnosisContext(input).Decision!;
            Assert.Equal(expected, decision.Decision);
            if (expected == ScaleDecision.ScaleOut)
            {
                Assert.Equal(T0, input.LastSettingUpdateTime);
                Assert.Contains("the setting was updated at 2024-05-01 10:00Z, after the last scale action at 2024-05-01 09:30Z, which clears every rule's cooldown", decision.Reason);
            }
        }
    }
}
