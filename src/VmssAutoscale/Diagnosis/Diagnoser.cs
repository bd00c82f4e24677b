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
    /// Walks the troubleshooting guide for one scale set: every check of CheckCatalog, in the
    /// guide's order, then the three conditions the checks set as they decided. Pure: the same
    /// input gives the same diagnosis, which is why a snapshot run reproduces the live one.
    /// </summary>
    public static class Diagnoser
    {
        public static DiagnosisResult Run(DiagnosisInput input)
        {
            var c = new DiagnosisContext(input);
            var findings = new List<Finding>(CheckCatalog.RunAll(c));
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
                Conditions = Conditions(c),
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

        /// <summary>Per condition, the reason the checks set that ranks first in ConditionReasons.Precedence (the first check to set it gives the message), else the healthy default.</summary>
        private static IReadOnlyList<DiagnosisCondition> Conditions(DiagnosisContext c)
        {
            DiagnosisCondition Pick(string type, DiagnosisCondition healthy)
            {
                var order = ConditionReasons.Precedence[type].ToList();
                return c.ConditionsSet
                    .Where(x => x.Type == type && order.Contains(x.Reason))
                    .OrderBy(x => order.IndexOf(x.Reason))
                    .FirstOrDefault() ?? healthy;
            }

            var range = c.Profile?.Capacity;
            return new[]
            {
                Pick(DiagnosisCondition.AbleToScale, Cond(DiagnosisCondition.AbleToScale, ConditionStatus.True, ConditionReasons.ReadyForNewScale, "The setting is enabled and nothing blocks the next scale action.")),
                Pick(DiagnosisCondition.ScalingActive, Cond(DiagnosisCondition.ScalingActive, ConditionStatus.True, ConditionReasons.ValidMetricFound, c.Decision?.Reason ?? "The rules have data.")),
                Pick(DiagnosisCondition.ScalingLimited, Cond(DiagnosisCondition.ScalingLimited, ConditionStatus.False, ConditionReasons.DesiredWithinRange,
                    range == null ? "No active profile bounds the capacity." : $"The desired capacity is within the profile's range {range.Minimum}-{range.Maximum}.")),
            };
        }

        private static DiagnosisCondition Cond(string type, bool? status, string reason, string message) =>
            new DiagnosisCondition { Type = type, Status = status, Reason = reason, Message = message };
    }
}
