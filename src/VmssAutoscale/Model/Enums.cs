namespace VmssAutoscale.Model
{
    /// <summary>Scale action direction; Increase is scale-out, Decrease is scale-in.</summary>
    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class ScaleDirection
    {
        public const string None = nameof(None);
        public const string Increase = nameof(Increase);
        public const string Decrease = nameof(Decrease);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { None, Increase, Decrease };
    }

    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class ScaleType
    {
        public const string ChangeCount = nameof(ChangeCount);
        public const string PercentChangeCount = nameof(PercentChangeCount);
        public const string ExactCount = nameof(ExactCount);
        public const string ServiceAllowedNextValue = nameof(ServiceAllowedNextValue);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { ChangeCount, PercentChangeCount, ExactCount, ServiceAllowedNextValue };
    }

    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class ComparisonOperator
    {
        public new const string Equals = "Equals";
        public const string NotEquals = nameof(NotEquals);
        public const string GreaterThan = nameof(GreaterThan);
        public const string GreaterThanOrEqual = nameof(GreaterThanOrEqual);
        public const string LessThan = nameof(LessThan);
        public const string LessThanOrEqual = nameof(LessThanOrEqual);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { Equals, NotEquals, GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual };
    }

    /// <summary>How values of several instances are combined within one time grain.</summary>
    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class MetricStatistic
    {
        public const string Average = nameof(Average);
        public const string Min = nameof(Min);
        public const string Max = nameof(Max);
        public const string Sum = nameof(Sum);
        public const string Count = nameof(Count);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { Average, Min, Max, Sum, Count };
    }

    /// <summary>How the grain values inside the time window are combined over time.</summary>
    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class TimeAggregationType
    {
        public const string Average = nameof(Average);
        public const string Minimum = nameof(Minimum);
        public const string Maximum = nameof(Maximum);
        public const string Total = nameof(Total);
        public const string Count = nameof(Count);
        public const string Last = nameof(Last);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { Average, Minimum, Maximum, Total, Count, Last };
    }

    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class RecurrenceFrequency
    {
        public const string None = nameof(None);
        public const string Second = nameof(Second);
        public const string Minute = nameof(Minute);
        public const string Hour = nameof(Hour);
        public const string Day = nameof(Day);
        public const string Week = nameof(Week);
        public const string Month = nameof(Month);
        public const string Year = nameof(Year);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { None, Second, Minute, Hour, Day, Week, Month, Year };
    }

    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class DimensionOperator
    {
        public new const string Equals = "Equals";
        public const string NotEquals = nameof(NotEquals);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { Equals, NotEquals };
    }

    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class PredictiveScaleMode
    {
        public const string Disabled = nameof(Disabled);
        public const string ForecastOnly = nameof(ForecastOnly);
        public const string Enabled = nameof(Enabled);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { Disabled, ForecastOnly, Enabled };
    }
}
