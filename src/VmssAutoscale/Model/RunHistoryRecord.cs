using System;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// One minute of one rule as the real autoscale engine saw it: the autoscale setting's own
    /// platform metrics (Microsoft.Insights/autoscalesettings: ObservedMetricValue, MetricThreshold,
    /// ObservedCapacity, ScaleActionsInitiated), which the portal charts as the setting's run history.
    /// Rows of minutes where the engine did not run a rule carry nulls, never zeros.
    /// </summary>
    public sealed class RunHistoryRecord
    {
        /// <summary>Start of the minute (UTC).</summary>
        public DateTime Time { get; init; }

        public string SettingName { get; init; } = string.Empty;

        /// <summary>The autoscale setting's resource ID (the resource the metrics belong to).</summary>
        public string SettingId { get; init; } = string.Empty;

        public string ResourceGroupName { get; init; } = string.Empty;

        public string VMScaleSetName { get; init; } = string.Empty;

        /// <summary>The scale set's resource ID, so the record pipes into the other cmdlets.</summary>
        public string ResourceId { get; init; } = string.Empty;

        /// <summary>The MetricTriggerSource dimension of ObservedMetricValue, as the service reports it; null on rows without an observed value.</summary>
        public string? MetricTriggerSource { get; init; }

        /// <summary>The MetricTriggerRule dimension of MetricThreshold, as the service reports it; null on rows without a threshold.</summary>
        public string? MetricTriggerRule { get; init; }

        /// <summary>The value autoscale computed for the rule's metric when it ran (the average of the minute's points).</summary>
        public double? ObservedMetricValue { get; init; }

        /// <summary>The threshold the rule had when autoscale ran.</summary>
        public double? MetricThreshold { get; init; }

        /// <summary>The capacity autoscale saw when it ran.</summary>
        public double? ObservedCapacity { get; init; }

        /// <summary>Scale actions the engine started in the minute (all directions).</summary>
        public double? ScaleActionsInitiated { get; init; }

        /// <summary>The direction(s) of those actions (Increase, Decrease), joined with a comma; null when none.</summary>
        public string? ScaleDirection { get; init; }

        public override string ToString() =>
            FormattableString.Invariant($"{Time:yyyy-MM-ddTHH:mm:ssZ} {SettingName} {MetricTriggerRule ?? MetricTriggerSource} observed={ObservedMetricValue} threshold={MetricThreshold} capacity={ObservedCapacity}");
    }
}
