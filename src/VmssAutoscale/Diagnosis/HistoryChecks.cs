using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using static VmssAutoscale.Diagnosis.DiagnosisContext;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>Checks on what already happened: the scale history, and the scale set's state.</summary>
    public static class HistoryChecks
    {
        public static Finding ScaleEvents(DiagnosisContext c)
        {
            const string Check = "ScaleEvents";
            var events = c.Input.Events;
            var period = c.Input.Options.EventPeriod;
            var evidence = events.Select(e => $"{Time(e.Time)} {e.Cause} {e.Direction} {e.FromCapacity?.ToString() ?? "?"} -> {e.ToCapacity?.ToString() ?? "?"} {e.Status}{(e.Caller != null && e.Cause == ScaleEventCause.Manual ? " by " + e.Caller : string.Empty)}").ToList();
            if (events.Count == 0)
            {
                var expected = c.Decision?.Decision is string d && d != ScaleDecision.None;
                return c.Make(Check, GuideSteps.Events, FindingStatus.Pass, DiagnosisSeverity.Info,
                    $"No scale events in the last {Hours(period)}." + (expected ? " The engine would act now, so the next evaluation should produce one." : string.Empty), evidence);
            }

            var reverted = Reverted(events);
            if (reverted != null)
            {
                var (manual, undo) = reverted.Value;
                return c.SetsCondition(c.Make(Check, GuideSteps.Events, FindingStatus.Fail, DiagnosisSeverity.High,
                    $"A manual change to {manual.ToCapacity} instances at {Time(manual.Time)}{(manual.Caller != null ? " by " + manual.Caller : string.Empty)} was reverted by autoscale to {undo.ToCapacity} {Minutes(undo.Time - manual.Time)} later: the active profile's range does not allow {manual.ToCapacity}.",
                    evidence, "To test manual scaling, disable the autoscale setting first, or change the profile's minimum/maximum to include the capacity you want.", ConditionReasons.ManualChangeReverted),
                    DiagnosisCondition.ScalingLimited,
                    ConditionStatus.True);
            }

            var flapping = events.Where(e => e.Cause == ScaleEventCause.FlappingDeferred || e.Cause == ScaleEventCause.FlappingAdjusted).ToList();
            var cooldown = c.Profile?.Rules.Select(r => r.ScaleAction.CooldownSpan).DefaultIfEmpty(TimeSpan.FromMinutes(5)).Max() ?? TimeSpan.FromMinutes(5);
            var pingPong = PingPong(events, cooldown);
            if (flapping.Count > 0 || pingPong > 0)
            {
                var what = flapping.Count > 0
                    ? $"{flapping.Count(f => f.Cause == ScaleEventCause.FlappingDeferred)} scale-ins deferred, {flapping.Count(f => f.Cause == ScaleEventCause.FlappingAdjusted)} reduced in the last {Hours(period)}"
                    : $"{pingPong} scale-out/scale-in pair{(pingPong == 1 ? string.Empty : "s")} within twice the cooldown ({Minutes(cooldown)}) in the last {Hours(period)}";
                // Why the thresholds are too close, and by how much, is ThresholdGap's to say: here the count, once.
                return c.SetsCondition(c.Make(Check, GuideSteps.Events, FindingStatus.Fail, DiagnosisSeverity.High,
                    $"Autoscale is flapping: {what}.",
                    evidence, "Widen the threshold gap (see ThresholdGap).", ConditionReasons.FlappingSuppressed),
                    DiagnosisCondition.ScalingLimited,
                    ConditionStatus.True);
            }

            var failed = events.Where(e => e.Status == "Failed").ToList();
            if (failed.Count > 0)
            {
                var latest = failed.Last();
                // Azure's own words when it gave an error, its resource IDs shortened to names (the whole error is in the evidence);
                // without one, autoscale's description says no more than the capacities, so those are what the summary gives.
                var why = latest.ErrorCode != null
                    ? $": {latest.FailureCause} ({latest.ErrorCode}): {ResourceIds.NamesInText(latest.ErrorMessage ?? latest.Description)}"
                    : $" ({latest.FromCapacity?.ToString() ?? "?"} -> {latest.ToCapacity?.ToString() ?? "?"} instances).";
                evidence.AddRange(failed.Select(e => e.ErrorCode != null ? $"{Time(e.Time)} failed: {e.FailureCause} ({e.ErrorCode}) {e.ErrorMessage}" : $"{Time(e.Time)} failed: {e.Description}"));
                // A known cause outranks the generic advice: an active Azure incident on the scale set's services and region.
                var incident = AzureStatusChecks.ActiveIncident(c);
                var fix = incident != null
                    ? $"An active Azure incident is the likely cause (tracking ID {incident.TrackingId}, see AzureStatus); autoscale retries once it is mitigated."
                    : Platform.FailureCause.Fix(latest.FailureCause ?? Platform.FailureCause.Other) + " Autoscale retries on the next evaluation.";
                var finding = c.Make(Check, GuideSteps.Events, FindingStatus.Fail, DiagnosisSeverity.High,
                    $"{failed.Count} scale action{(failed.Count == 1 ? string.Empty : "s")} failed in the last {Hours(period)}, the latest at {Time(latest.Time)}{why}",
                    evidence, fix, ConditionReasons.ScaleActionFailed);

                // The last action autoscale started failed and none succeeded since: the next one meets the same obstacle.
                var lastAction = events.Where(e => e.Cause == ScaleEventCause.Autoscale && e.Time <= c.Input.Now).OrderBy(e => e.Time).LastOrDefault();
                return lastAction?.Status == "Failed" ? c.SetsCondition(finding, DiagnosisCondition.AbleToScale, ConditionStatus.False) : finding;
            }

            return c.Make(Check, GuideSteps.Events, FindingStatus.Pass, DiagnosisSeverity.Info,
                $"{events.Count} scale event{(events.Count == 1 ? string.Empty : "s")} in the last {Hours(period)}, none failed, no flapping or reverted manual change.", evidence);
        }

        public static Finding ScaleSetState(DiagnosisContext c)
        {
            const string Check = "ScaleSetState";
            var s = c.ScaleSet;
            var evidence = new List<string>
            {
                $"Provisioning state: {s.ProvisioningState ?? "unknown"}; capacity {s.Capacity} ({s.SkuName}); orchestration {s.OrchestrationMode}; platform limit {s.MaximumCapacity}.",
                $"Instances: {(s.InstanceStatuses.Count == 0 ? "no instance view" : s.InstanceStatusSummary)}.",
                "Locks, vCPU quota and the instance ceiling are held against the rules in the Headroom check; Invoke-VmssManualScale -WhatIf shows what a manual change would do without doing it.",
            };
            if (s.DiagnosticsExtension is ExtensionInfo ext)
            {
                evidence.Add($"Diagnostics extension {ext}: {ext.SucceededCount} succeeded, {ext.NotSucceededCount} not.");
            }

            if (string.Equals(s.ProvisioningState, "Failed", StringComparison.OrdinalIgnoreCase))
            {
                return c.SetsCondition(c.Make(Check, GuideSteps.State, FindingStatus.Fail, DiagnosisSeverity.Critical,
                    $"Scale set '{s.VMScaleSetName}' is in provisioning state Failed: scale operations, manual or automatic, fail until the model is fixed.",
                    evidence, "Read the error of the last write in the activity log, fix the model (e.g. a failing extension or an image that no longer exists) and update the scale set.", ConditionReasons.ScaleSetNotReady),
                    DiagnosisCondition.AbleToScale,
                    ConditionStatus.False);
            }

            if (string.Equals(s.ProvisioningState, "Updating", StringComparison.OrdinalIgnoreCase))
            {
                return c.Make(Check, GuideSteps.State, FindingStatus.Warn, DiagnosisSeverity.Medium,
                    $"Scale set '{s.VMScaleSetName}' is Updating: autoscale skips its evaluations until the running operation ends.",
                    evidence, "Wait for the operation; if it stays Updating for long, look at its status in the activity log.", ConditionReasons.ScaleOperationInProgress);
            }

            var failedInstances = s.InstanceStatuses.Where(x => x.Code.StartsWith("ProvisioningState/failed", StringComparison.OrdinalIgnoreCase)).Sum(x => x.Count);
            if (failedInstances > 0)
            {
                return c.Make(Check, GuideSteps.State, FindingStatus.Warn, DiagnosisSeverity.Medium,
                    $"{failedInstances} instance{(failedInstances == 1 ? " is" : "s are")} in a failed provisioning state: new instances may fail the same way when autoscale adds them.",
                    evidence, "Reimage or delete the failed instances and read their error in the instance view.");
            }

            if (c.Profile is AutoscaleProfile p && p.Capacity.Maximum > s.MaximumCapacity)
            {
                return c.Make(Check, GuideSteps.State, FindingStatus.Warn, DiagnosisSeverity.Low,
                    $"The profile's maximum {p.Capacity.Maximum} is above what the scale set accepts ({s.MaximumCapacity}{(s.SinglePlacementGroup != false ? ", single placement group" : string.Empty)}): scale-outs past {s.MaximumCapacity} fail.",
                    evidence, "Lower the maximum, or set singlePlacementGroup to false to allow up to 1000 instances.");
            }

            return c.Make(Check, GuideSteps.State, FindingStatus.Pass, DiagnosisSeverity.Info,
                $"Scale set '{s.VMScaleSetName}' is {s.ProvisioningState ?? "in an unknown state"} with {s.Capacity} instances: nothing in its state blocks a scale operation.", evidence);
        }

        /// <summary>A succeeded manual capacity change followed, within the revert window, by an autoscale action that moves the other way.</summary>
        private static (ScaleEvent Manual, ScaleEvent Undo)? Reverted(IReadOnlyList<ScaleEvent> events)
        {
            for (var i = 0; i < events.Count; i++)
            {
                var m = events[i];
                if (m.Cause != ScaleEventCause.Manual || m.Status == "Failed" || m.ToCapacity == null)
                {
                    continue;
                }

                var undo = events.Skip(i + 1).FirstOrDefault(e => e.Cause != ScaleEventCause.Manual && e.Time - m.Time <= ScaleEventMerger.RevertWindow
                    && e.FromCapacity == m.ToCapacity && e.ToCapacity != m.ToCapacity
                    && (m.FromCapacity == null || Math.Sign((e.ToCapacity ?? 0) - m.ToCapacity.Value) == -Math.Sign(m.ToCapacity.Value - m.FromCapacity.Value)));
                if (undo != null)
                {
                    return (m, undo);
                }
            }

            return null;
        }

        private static int PingPong(IReadOnlyList<ScaleEvent> events, TimeSpan cooldown)
        {
            var auto = events.Where(e => e.Cause == ScaleEventCause.Autoscale && e.Status != "Failed").ToList();
            var pairs = 0;
            for (var i = 0; i + 1 < auto.Count; i++)
            {
                if (auto[i].Direction == ScaleEventDirection.Out && auto[i + 1].Direction == ScaleEventDirection.In && auto[i + 1].Time - auto[i].Time <= TimeSpan.FromTicks(cooldown.Ticks * 2))
                {
                    pairs++;
                }
            }

            return pairs;
        }

        private static string Hours(TimeSpan t) => t.TotalHours >= 1 ? Num(t.TotalHours) + " h" : Minutes(t);
    }
}
