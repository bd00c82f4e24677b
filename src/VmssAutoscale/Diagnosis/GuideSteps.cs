using System.Collections.Generic;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>The troubleshooting guide's questions, one per family of checks; Finding.Step carries them.</summary>
    public static class GuideSteps
    {
        public const string Rules = "Do the autoscale rules look good?";
        public const string Cores = "Is the load generator loading all cores?";
        public const string Average = "Is the average across all instances above the threshold over the window?";
        public const string Events = "Did you miss any scale events?";
        public const string Gap = "Are the scale-out and scale-in thresholds far enough apart to avoid flapping?";
        public const string Wiring = "Are the scale set, diagnostics extension and autoscale setting wired with the right metric name for the OS?";
        public const string Diagnostics = "Is the diagnostics extension working and emitting performance data?";
        public const string State = "What does the resource state say, and could a manual scale work?";
        public const string Template = "Did you write your own JSON template?";
        public const string Instances = "What does the instance view of each VM in the scale set say?";
        public const string Notifications = "When autoscale cannot act, does it tell anyone, and what did it report?";
        public const string AzureStatus = "What is Azure's own status for this scale set and its region?";
    }

    /// <summary>The condition reason codes, stable for scripts (kubectl-describe-hpa style).</summary>
    public static class ConditionReasons
    {
        public const string ReadyForNewScale = "ReadyForNewScale";
        public const string NoAutoscaleSetting = "NoAutoscaleSetting";
        public const string AutoscaleDisabled = "AutoscaleDisabled";
        public const string CooldownActive = "CooldownActive";
        public const string ScaleOperationInProgress = "ScaleOperationInProgress";
        public const string ScaleSetNotReady = "ScaleSetNotReady";
        public const string ValidMetricFound = "ValidMetricFound";
        public const string MetricUnavailable = "MetricUnavailable";
        public const string UnsupportedMetric = "UnsupportedMetric";
        public const string ThresholdNotMet = "ThresholdNotMet";
        public const string OnlySomeInstancesHot = "OnlySomeInstancesHot";
        public const string FlappingSuppressed = "FlappingSuppressed";
        public const string AtMaximum = "AtMaximum";
        public const string AtMinimum = "AtMinimum";
        public const string ManualChangeReverted = "ManualChangeReverted";
        public const string ScaleActionFailed = "ScaleActionFailed";
        public const string DesiredWithinRange = "DesiredWithinRange";
        public const string SettingRejectedByService = "SettingRejectedByService";

        /// <summary>
        /// Which reason a condition shows when several checks set it: the first of its list that some check set
        /// (the most fundamental cause first, as kubectl describe hpa shows one reason per condition). A condition
        /// no check sets keeps its healthy default: AbleToScale True ReadyForNewScale, ScalingActive True
        /// ValidMetricFound, ScalingLimited False DesiredWithinRange.
        /// </summary>
        public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Precedence = new Dictionary<string, IReadOnlyList<string>>
        {
            [Model.DiagnosisCondition.AbleToScale] = new[] { NoAutoscaleSetting, AutoscaleDisabled, SettingRejectedByService, ScaleSetNotReady, Platform.PlatformReasons.ScopeLocked, Platform.PlatformReasons.QuotaExhausted, Platform.PlatformReasons.SizeRestricted, Platform.PlatformReasons.SubnetFull, Platform.PlatformReasons.InstanceCeiling, ScaleOperationInProgress, ScaleActionFailed, CooldownActive },
            [Model.DiagnosisCondition.ScalingActive] = new[] { NoAutoscaleSetting, AutoscaleDisabled, SettingRejectedByService, UnsupportedMetric, MetricUnavailable, OnlySomeInstancesHot, ThresholdNotMet, ValidMetricFound },
            [Model.DiagnosisCondition.ScalingLimited] = new[] { ManualChangeReverted, AtMaximum, FlappingSuppressed, AtMinimum },
        };
    }
}
