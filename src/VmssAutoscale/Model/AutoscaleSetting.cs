using System;
using System.Collections.Generic;
using System.Linq;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// An autoscale setting (Microsoft.Insights/autoscaleSettings), whatever the api-version or
    /// source it was read from. Property names match the parameters of the next cmdlet in a
    /// pipeline: ResourceGroupName and VMScaleSetName name the target scale set.
    /// </summary>
    public sealed class AutoscaleSetting
    {
        public string Name { get; init; } = string.Empty;

        /// <summary>ARM ID of the setting itself, when known (live or from a REST body).</summary>
        public string? Id { get; init; }

        public string? Location { get; init; }

        public IReadOnlyDictionary<string, string> Tags { get; init => field = ReadableDictionary.Of(value); } = ReadableDictionary.Empty;

        public bool Enabled { get; init; } = true;

        public string? TargetResourceUri { get; init; }

        public string? TargetResourceLocation { get; init; }

        public IReadOnlyList<AutoscaleProfile> Profiles { get; init => field = ReadableList<AutoscaleProfile>.Of(value); } = ReadableList<AutoscaleProfile>.Empty;

        public IReadOnlyList<AutoscaleNotification> Notifications { get; init => field = ReadableList<AutoscaleNotification>.Of(value); } = ReadableList<AutoscaleNotification>.Empty;

        public PredictiveAutoscalePolicy? PredictiveAutoscalePolicy { get; init; }

        /// <summary>Where the setting was read from: a file path, "Azure", "ActivityLog" or "Json".</summary>
        public string Source { get; init; } = string.Empty;

        /// <summary>The last segment of the target's resource ID (the scale set name).</summary>
        public string? TargetResourceName => ResourceIds.LastSegment(TargetResourceUri);

        /// <summary>The scale set's name, for piping into cmdlets that take -VMScaleSetName.</summary>
        public string? VMScaleSetName => ResourceIds.IsScaleSet(TargetResourceUri) ? TargetResourceName : null;

        /// <summary>The target's resource group (from targetResourceUri), for piping.</summary>
        public string? ResourceGroupName => ResourceIds.ResourceGroup(TargetResourceUri) ?? ResourceIds.ResourceGroup(Id);

        /// <summary>The target scale set's ID, for piping into cmdlets that take -ResourceId.</summary>
        public string? ResourceId => TargetResourceUri;

        public int RuleCount => Profiles.Sum(p => p.Rules.Count);

        public override string ToString() => Name;
    }

    public sealed class AutoscaleProfile
    {
        public string Name { get; init; } = string.Empty;

        public ScaleCapacity Capacity { get; init; } = new ScaleCapacity();

        public IReadOnlyList<ScaleRule> Rules { get; init => field = ReadableList<ScaleRule>.Of(value); } = ReadableList<ScaleRule>.Empty;

        public FixedDateWindow? FixedDate { get; init; }

        public ProfileRecurrence? Recurrence { get; init; }

        /// <summary>
        /// The portal writes a profile's end time as a copy of the default profile whose name is
        /// the JSON text {"name":"Auto created default scale condition","for":"&lt;profile&gt;"};
        /// this holds the "for" profile name when the name has that shape.
        /// </summary>
        public string? AutoCreatedFor { get; init; }

        public bool IsDefault => FixedDate == null && Recurrence == null;

        /// <summary>Fixed date, Recurrence or Default.</summary>
        public string Kind => FixedDate != null ? "FixedDate" : Recurrence != null ? "Recurrence" : "Default";

        public override string ToString() => Name;
    }

    public sealed class ScaleCapacity
    {
        public int Minimum { get; init; }

        public int Maximum { get; init; }

        public int Default { get; init; }

        public override string ToString() => $"{Minimum}-{Maximum} (default {Default})";
    }

    /// <summary>A fixed-date window. Times are wall-clock times in <see cref="TimeZone"/> unless written with an offset.</summary>
    public sealed class FixedDateWindow
    {
        public string TimeZone { get; init; } = "UTC";

        public DateTime Start { get; init; }

        public DateTime End { get; init; }

        /// <summary>The offset written with the start (e.g. Z), when the text had one.</summary>
        internal TimeSpan? StartOffsetSpan { get; init; }

        /// <summary>StartOffset, as ISO 8601 text (PT5M): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string? StartOffset => StartOffsetSpan is TimeSpan span ? IsoDuration.Format(span) : null;

        internal TimeSpan? EndOffsetSpan { get; init; }

        /// <summary>EndOffset, as ISO 8601 text (PT5M): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string? EndOffset => EndOffsetSpan is TimeSpan span ? IsoDuration.Format(span) : null;

        public override string ToString() => $"{Start:yyyy-MM-ddTHH:mm} to {End:yyyy-MM-ddTHH:mm} {TimeZone}";
    }

    public sealed class ProfileRecurrence
    {
        /// <summary>A <see cref="RecurrenceFrequency"/> name; a string only, as nothing compares it (see Enums.cs).</summary>
        public string Frequency { get; init; } = nameof(RecurrenceFrequency.Week);

        public string TimeZone { get; init; } = "UTC";

        /// <summary>The days by name ("Monday"), as the API writes them; see <see cref="DayNames"/>.</summary>
        public DayNames Days { get; init => field = value ?? DayNames.Empty; } = DayNames.Empty;

        public IReadOnlyList<int> Hours { get; init => field = ReadableList<int>.Of(value); } = ReadableList<int>.Empty;

        public IReadOnlyList<int> Minutes { get; init => field = ReadableList<int>.Of(value); } = ReadableList<int>.Empty;

        public override string ToString() =>
            $"{string.Join(",", Days)} at {string.Join(",", Hours)}:{string.Join(",", Minutes.Select(m => m.ToString("00", System.Globalization.CultureInfo.InvariantCulture)))} {TimeZone}";
    }

    public sealed class ScaleRule
    {
        public MetricTrigger MetricTrigger { get; init; } = new MetricTrigger();

        public ScaleAction ScaleAction { get; init; } = new ScaleAction();

        public string MetricName => MetricTrigger.MetricName;

        public string Direction => ScaleAction.Direction;

        internal ScaleDirection ScaleDirection => ScaleAction.ScaleDirection;

        /// <summary>One line a person reads, e.g. "Percentage CPU > 60 (Average over PT10M, Average per PT1M) -> Increase ChangeCount 1, cooldown PT5M".</summary>
        public override string ToString() => $"{MetricTrigger} -> {ScaleAction}";

        public static string OperatorSymbol(ComparisonOperator op) => op switch
        {
            ComparisonOperator.Equals => "==",
            ComparisonOperator.NotEquals => "!=",
            ComparisonOperator.GreaterThan => ">",
            ComparisonOperator.GreaterThanOrEqual => ">=",
            ComparisonOperator.LessThan => "<",
            _ => "<=",
        };
    }

    public sealed class MetricTrigger
    {
        public string MetricName { get; init; } = string.Empty;

        public string? MetricNamespace { get; init; }

        public string? MetricResourceUri { get; init; }

        public string? MetricResourceLocation { get; init; }

        internal TimeSpan TimeGrainSpan { get; init; } = TimeSpan.FromMinutes(1);

        /// <summary>TimeGrain, as ISO 8601 text (PT5M): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string TimeGrain => IsoDuration.Format(TimeGrainSpan);

        /// <summary>The statistic's name, for the user (see Enums.cs); C# code reads <see cref="MetricStatistic"/>.</summary>
        public string Statistic => MetricStatistic.ToName();

        internal MetricStatistic MetricStatistic { get; init; } = MetricStatistic.Average;

        internal TimeSpan TimeWindowSpan { get; init; } = TimeSpan.FromMinutes(5);

        /// <summary>TimeWindow, as ISO 8601 text (PT5M): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string TimeWindow => IsoDuration.Format(TimeWindowSpan);

        /// <summary>The time aggregation's name, for the user (see Enums.cs); C# code reads <see cref="TimeAggregationType"/>.</summary>
        public string TimeAggregation => TimeAggregationType.ToName();

        internal TimeAggregationType TimeAggregationType { get; init; } = TimeAggregationType.Average;

        /// <summary>The operator's name, for the user (see Enums.cs); C# code reads <see cref="ComparisonOperator"/>.</summary>
        public string Operator => ComparisonOperator.ToName();

        internal ComparisonOperator ComparisonOperator { get; init; } = ComparisonOperator.GreaterThan;

        public double Threshold { get; init; }

        public IReadOnlyList<MetricDimension> Dimensions { get; init => field = ReadableList<MetricDimension>.Of(value); } = ReadableList<MetricDimension>.Empty;

        public bool DividePerInstance { get; init; }

        /// <summary>e.g. "Percentage CPU > 60 (Average over PT10M, Average per PT1M)"; also what Export-Csv writes for it.</summary>
        public override string ToString()
        {
            var divide = DividePerInstance ? ", per instance" : string.Empty;
            var dims = Dimensions.Count > 0 ? " where " + string.Join(" and ", Dimensions.Select(d => d.ToString())) : string.Empty;
            return $"{MetricName}{dims} {ScaleRule.OperatorSymbol(ComparisonOperator)} {Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)} " +
                   $"({TimeAggregation} over {TimeWindow}, {Statistic} per {TimeGrain}{divide})";
        }
    }

    public sealed class MetricDimension
    {
        public string DimensionName { get; init; } = string.Empty;

        /// <summary>The operator's name, for the user (see Enums.cs); C# code reads <see cref="DimensionOperator"/>.</summary>
        public string Operator => DimensionOperator.ToName();

        internal DimensionOperator DimensionOperator { get; init; } = DimensionOperator.Equals;

        public IReadOnlyList<string> Values { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        public override string ToString() => $"{DimensionName} {(DimensionOperator == DimensionOperator.Equals ? "in" : "not in")} ({string.Join(", ", Values)})";
    }

    public sealed class ScaleAction
    {
        /// <summary>The direction's name, for the user (see Enums.cs); C# code reads <see cref="ScaleDirection"/>.</summary>
        public string Direction => ScaleDirection.ToName();

        internal ScaleDirection ScaleDirection { get; init; } = ScaleDirection.None;

        /// <summary>The scale type's name, for the user (see Enums.cs); C# code reads <see cref="ScaleType"/>.</summary>
        public string Type => ScaleType.ToName();

        internal ScaleType ScaleType { get; init; } = ScaleType.ChangeCount;

        public int Value { get; init; } = 1;

        internal TimeSpan CooldownSpan { get; init; } = TimeSpan.FromMinutes(5);

        /// <summary>Cooldown, as ISO 8601 text (PT5M): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string Cooldown => IsoDuration.Format(CooldownSpan);

        /// <summary>e.g. "Increase ChangeCount 1, cooldown PT5M"; also what Export-Csv writes for it.</summary>
        public override string ToString() => $"{Direction} {Type} {Value}, cooldown {Cooldown}";
    }

    public sealed class AutoscaleNotification
    {
        public string Operation { get; init; } = "Scale";

        public bool SendToSubscriptionAdministrator { get; init; }

        public bool SendToSubscriptionCoAdministrators { get; init; }

        public IReadOnlyList<string> CustomEmails { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        /// <summary>Webhook URIs with any query string removed: webhook URLs often carry secrets.</summary>
        public IReadOnlyList<string> Webhooks { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        /// <summary>Who is told, in words, for list views (the type name otherwise); addresses are counted, not listed.</summary>
        public override string ToString()
        {
            var to = new List<string>();
            if (SendToSubscriptionAdministrator)
            {
                to.Add("subscription administrator");
            }

            if (SendToSubscriptionCoAdministrators)
            {
                to.Add("co-administrators");
            }

            if (CustomEmails.Count > 0)
            {
                to.Add($"{CustomEmails.Count} e-mail address(es)");
            }

            if (Webhooks.Count > 0)
            {
                to.Add($"{Webhooks.Count} webhook(s)");
            }

            return $"{Operation} -> {(to.Count > 0 ? string.Join(", ", to) : "nobody")}";
        }
    }

    public sealed class PredictiveAutoscalePolicy
    {
        /// <summary>The mode's name, for the user (see Enums.cs); C# code reads <see cref="PredictiveScaleMode"/>.</summary>
        public string ScaleMode => PredictiveScaleMode.ToName();

        internal PredictiveScaleMode PredictiveScaleMode { get; init; } = PredictiveScaleMode.Disabled;

        internal TimeSpan? ScaleLookAheadTimeSpan { get; init; }

        /// <summary>ScaleLookAheadTime, as ISO 8601 text (PT5M): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string? ScaleLookAheadTime => ScaleLookAheadTimeSpan is TimeSpan span ? IsoDuration.Format(span) : null;

        public override string ToString() =>
            ScaleLookAheadTime is string ahead ? $"{ScaleMode}, look ahead {ahead}" : ScaleMode.ToString();
    }
}
