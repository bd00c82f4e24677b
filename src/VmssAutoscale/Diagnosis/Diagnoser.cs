using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>A diagnosis and the context it was computed in (the report draws its charts from the context).</summary>
    public sealed class DiagnosisResult
    {
        public DiagnosisResult(VmssAutoscale.Model.Diagnosis diagnosis, DiagnosisContext context)
        {
            Diagnosis = diagnosis;
            Context = context;
        }

        public VmssAutoscale.Model.Diagnosis Diagnosis { get; }

        public DiagnosisContext Context { get; }
    }

    /// <summary>
    /// Walks the troubleshooting guide for one scale set: every check, in the guide's order, then
    /// the three conditions derived from the findings and the engine's decision. Pure: the same
    /// input gives the same diagnosis, which is why a snapshot run reproduces the live one.
    /// </summary>
    public static class Diagnoser
    {
        public static DiagnosisResult Run(DiagnosisInput input)
        {
            var c = new DiagnosisContext(input);
            var findings = new List<Finding>
            {
                RuleChecks.AutoscaleSetting(c),
                RuleChecks.MetricNames(c),
                TemplateFindings.DeployedSetting(c),
                InstanceChecks.DiagnosticsData(c, LoadChecks.DiagnosticsData(c)),
                AmaChecks.AzureMonitorAgent(c),
                LoadChecks.Cores(c),
                LoadChecks.AverageAcrossInstances(c),
                ServiceAgreementChecks.ServiceAgreement(c),
                HistoryChecks.ScaleEvents(c),
                CapacityWriterChecks.CapacityWriters(c),
                RuleChecks.ThresholdGap(c),
                InstanceChecks.ScaleSetState(c, HistoryChecks.ScaleSetState(c)),
                HeadroomChecks.Headroom(c),
                NotificationChecks.Notifications(c),
                AzureStatusChecks.AzureStatus(c),
            };
            findings.AddRange(input.TemplateFindings);

            var diagnosis = new VmssAutoscale.Model.Diagnosis
            {
                ResourceId = input.ScaleSet.ResourceId,
                ResourceGroupName = input.ScaleSet.ResourceGroupName,
                VMScaleSetName = input.ScaleSet.VMScaleSetName,
                Time = input.Now,
                Source = input.Source,
                CurrentCapacity = input.ScaleSet.Capacity,
                DesiredCapacity = c.Decision?.NewCapacity,
                EngineReason = c.Decision?.Reason,
                Findings = findings,
                Conditions = Conditions(c, findings),
            };
            return new DiagnosisResult(diagnosis, c);
        }

        /// <summary>Findings first in the order to read them: Fail, then Warn by severity, then the rest in guide order.</summary>
        public static IReadOnlyList<Finding> Ordered(IEnumerable<Finding> findings) =>
            findings.Select((f, i) => (f, i))
                .OrderBy(x => x.f.Status switch { FindingStatus.Fail => 0, FindingStatus.Warn => 1, FindingStatus.Pass => 2, _ => 3 })
                .ThenByDescending(x => x.f.Status == FindingStatus.Fail || x.f.Status == FindingStatus.Warn ? DiagnosisSeverity.Rank(x.f.Severity) : 0)
                .ThenBy(x => x.i)
                .Select(x => x.f)
                .ToList();

        private static IReadOnlyList<DiagnosisCondition> Conditions(DiagnosisContext c, IReadOnlyList<Finding> findings)
        {
            Finding? Failing(string reason) => findings.FirstOrDefault(f => f.Reason == reason && (f.Status == FindingStatus.Fail || f.Status == FindingStatus.Warn));
            var outcome = c.Decision?.Outcome;
            var setting = c.Setting;

            DiagnosisCondition able;
            if (setting == null)
            {
                able = Cond(DiagnosisCondition.AbleToScale, ConditionStatus.False, ConditionReasons.NoAutoscaleSetting, "No autoscale setting targets this scale set.");
            }
            else if (!setting.Enabled)
            {
                able = Cond(DiagnosisCondition.AbleToScale, ConditionStatus.False, ConditionReasons.AutoscaleDisabled, $"Autoscale setting '{setting.Name}' is disabled.");
            }
            else if (Failing(ConditionReasons.SettingRejectedByService) is Finding rejected)
            {
                able = Cond(DiagnosisCondition.AbleToScale, ConditionStatus.False, ConditionReasons.SettingRejectedByService, rejected.Summary);
            }
            else if (Failing(ConditionReasons.ScaleSetNotReady) is Finding notReady)
            {
                able = Cond(DiagnosisCondition.AbleToScale, ConditionStatus.False, ConditionReasons.ScaleSetNotReady, notReady.Summary);
            }
            else if (findings.FirstOrDefault(f => f.Check == HeadroomChecks.Check && f.Reason != null) is Finding platform)
            {
                able = Cond(DiagnosisCondition.AbleToScale, ConditionStatus.False, platform.Reason!, platform.Summary);
            }
            else if (outcome == DecisionOutcome.OperationInProgress || c.Input.ScaleOperationInProgress)
            {
                able = Cond(DiagnosisCondition.AbleToScale, ConditionStatus.False, ConditionReasons.ScaleOperationInProgress, "A scale operation is still running; the engine skips its evaluations until it ends.");
            }
            else if (outcome == DecisionOutcome.Cooldown)
            {
                able = Cond(DiagnosisCondition.AbleToScale, ConditionStatus.False, ConditionReasons.CooldownActive, c.Decision!.Reason);
            }
            else
            {
                able = Cond(DiagnosisCondition.AbleToScale, ConditionStatus.True, ConditionReasons.ReadyForNewScale, "The setting is enabled and nothing blocks the next scale action.");
            }

            DiagnosisCondition active;
            if (setting == null || !setting.Enabled)
            {
                active = Cond(DiagnosisCondition.ScalingActive, ConditionStatus.False, setting == null ? ConditionReasons.NoAutoscaleSetting : ConditionReasons.AutoscaleDisabled, "Autoscale is not evaluating this scale set.");
            }
            else if (Failing(ConditionReasons.SettingRejectedByService) is Finding rejectedSetting)
            {
                active = Cond(DiagnosisCondition.ScalingActive, ConditionStatus.False, ConditionReasons.SettingRejectedByService, rejectedSetting.Summary);
            }
            else if (Failing(ConditionReasons.UnsupportedMetric) is Finding unsupported)
            {
                active = Cond(DiagnosisCondition.ScalingActive, ConditionStatus.False, ConditionReasons.UnsupportedMetric, unsupported.Summary);
            }
            else if (findings.FirstOrDefault(f => f.Reason == ConditionReasons.MetricUnavailable && f.Status == FindingStatus.Fail) is Finding unavailable)
            {
                active = Cond(DiagnosisCondition.ScalingActive, ConditionStatus.False, ConditionReasons.MetricUnavailable, unavailable.Summary);
            }
            else if (Failing(ConditionReasons.OnlySomeInstancesHot) is Finding hot)
            {
                active = Cond(DiagnosisCondition.ScalingActive, ConditionStatus.True, ConditionReasons.OnlySomeInstancesHot, hot.Summary);
            }
            else if (findings.FirstOrDefault(f => f.Reason == ConditionReasons.ThresholdNotMet && f.Status == FindingStatus.Fail) is Finding cores)
            {
                active = Cond(DiagnosisCondition.ScalingActive, ConditionStatus.True, ConditionReasons.ThresholdNotMet, cores.Summary);
            }
            else if (outcome == DecisionOutcome.NoRuleFired || outcome == DecisionOutcome.NoRules)
            {
                active = Cond(DiagnosisCondition.ScalingActive, ConditionStatus.True, ConditionReasons.ThresholdNotMet, c.Decision!.Reason);
            }
            else
            {
                active = Cond(DiagnosisCondition.ScalingActive, ConditionStatus.True, ConditionReasons.ValidMetricFound, c.Decision?.Reason ?? "The rules have data.");
            }

            DiagnosisCondition limited;
            if (Failing(ConditionReasons.ManualChangeReverted) is Finding reverted)
            {
                limited = Cond(DiagnosisCondition.ScalingLimited, ConditionStatus.True, ConditionReasons.ManualChangeReverted, reverted.Summary);
            }
            else if (outcome == DecisionOutcome.AtMaximum)
            {
                limited = Cond(DiagnosisCondition.ScalingLimited, ConditionStatus.True, ConditionReasons.AtMaximum, c.Decision!.Reason);
            }
            else if (Failing(ConditionReasons.FlappingSuppressed) is Finding flapping)
            {
                var engineSays = outcome == DecisionOutcome.FlappingDeferred || outcome == DecisionOutcome.PartialScaleIn ? c.Decision!.Reason : flapping.Summary;
                limited = Cond(DiagnosisCondition.ScalingLimited, ConditionStatus.True, ConditionReasons.FlappingSuppressed, engineSays);
            }
            else if (outcome == DecisionOutcome.AtMinimum)
            {
                limited = Cond(DiagnosisCondition.ScalingLimited, ConditionStatus.True, ConditionReasons.AtMinimum, c.Decision!.Reason);
            }
            else
            {
                var range = c.Profile?.Capacity;
                limited = Cond(DiagnosisCondition.ScalingLimited, ConditionStatus.False, ConditionReasons.DesiredWithinRange,
                    range == null ? "No active profile bounds the capacity." : $"The desired capacity is within the profile's range {range.Minimum}-{range.Maximum}.");
            }

            return new[] { able, active, limited };
        }

        private static DiagnosisCondition Cond(string type, bool? status, string reason, string message) =>
            new DiagnosisCondition { Type = type, Status = status, Reason = reason, Message = message };
    }
}
