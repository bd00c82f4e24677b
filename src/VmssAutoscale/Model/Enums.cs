namespace VmssAutoscale.Model
{
    /// <summary>Scale action direction; Increase is scale-out, Decrease is scale-in.</summary>
    public enum ScaleDirection
    {
        None,
        Increase,
        Decrease,
    }

    public enum ScaleType
    {
        ChangeCount,
        PercentChangeCount,
        ExactCount,
        ServiceAllowedNextValue,
    }

    public enum ComparisonOperator
    {
        Equals,
        NotEquals,
        GreaterThan,
        GreaterThanOrEqual,
        LessThan,
        LessThanOrEqual,
    }

    /// <summary>How values of several instances are combined within one time grain.</summary>
    public enum MetricStatistic
    {
        Average,
        Min,
        Max,
        Sum,
        Count,
    }

    /// <summary>How the grain values inside the time window are combined over time.</summary>
    public enum TimeAggregationType
    {
        Average,
        Minimum,
        Maximum,
        Total,
        Count,
        Last,
    }

    public enum RecurrenceFrequency
    {
        None,
        Second,
        Minute,
        Hour,
        Day,
        Week,
        Month,
        Year,
    }

    public enum DimensionOperator
    {
        Equals,
        NotEquals,
    }

    public enum PredictiveScaleMode
    {
        Disabled,
        ForecastOnly,
        Enabled,
    }
}
