using System;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Templates
{
    /// <summary>
    /// Predictive autoscale's prerequisite. autoscale-predictive.md (MicrosoftDocs/azure-monitor-docs):
    /// predictive autoscale works from the history of the scale set's CPU and supports scale-out on
    /// the Percentage CPU metric with the Average aggregation only, so a setting with scaleMode
    /// ForecastOnly or Enabled needs such a scale-out rule.
    /// </summary>
    internal static class PredictiveChecks
    {
        public static void Run(SettingUnderTest s, FindingSink sink)
        {
            var mode = s.Setting.PredictiveAutoscalePolicy?.PredictiveScaleMode ?? PredictiveScaleMode.Disabled;
            if (mode == PredictiveScaleMode.Disabled)
            {
                return;
            }

            var hasCpuRule = s.Setting.Profiles.SelectMany(p => p.Rules).Any(r =>
                r.ScaleDirection == ScaleDirection.Increase
                && string.Equals(r.MetricName.Trim(), "Percentage CPU", StringComparison.OrdinalIgnoreCase)
                && r.MetricTrigger.TimeAggregationType == TimeAggregationType.Average);
            if (hasCpuRule)
            {
                return;
            }

            sink.Add("PredictiveNeedsCpuRule", FindingSeverity.Warning,
                $"Autoscale setting '{s.Name}' turns predictive autoscale on (scaleMode {mode.ToName()}) but has no scale-out rule on 'Percentage CPU' with the Average aggregation; predictive autoscale forecasts only that metric and supports only that rule, so it has nothing to forecast for.",
                "Add a scale-out rule (direction Increase) on 'Percentage CPU' with timeAggregation Average, or set predictiveAutoscalePolicy.scaleMode to Disabled.",
                s, s.Properties?["predictiveAutoscalePolicy"]);
        }
    }
}
