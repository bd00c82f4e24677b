using System;
using System.Collections.Generic;
using System.Linq;

namespace VmssAutoscale.Model
{
    // The rule for the values of an autoscale setting that come from a fixed set (direction, scale
    // type, operator, statistic, time aggregation, dimension operator, recurrence frequency,
    // predictive mode):
    // - Inside the core (the parsed setting model, the engine, the recommender, the checks) each is a
    //   real C# enum below, whose member names are the service's names in the service's order. Text
    //   becomes an enum once, in AutoscaleSettingParser (case-insensitive, as the service reads it; an
    //   unknown name is an AutoscaleFormatException naming the allowed ones), and code compares enums.
    // - Output stays strings (NamedValues explains why: PowerShell 5.1 writes an enum inside an object
    //   as its number). Where an output type is also the core model (AutoscaleSetting and its
    //   MetricTrigger, ScaleAction, MetricDimension and PredictiveAutoscalePolicy, which
    //   Get-VmssAutoscaleSetting returns and the engine reads), the public property keeps its name and
    //   its string, computed from an internal enum property beside it named after the enum type
    //   (MetricTrigger.ComparisonOperator is ComparisonOperator.ToName()): PowerShell, ConvertTo-Json and
    //   Export-Csv see only the string, C# code only the enum. An output type that is not the model
    //   (RuleEvaluation) holds the string, set from the model's string in the one place it is built.

    /// <summary>Names and case-insensitive parsing for the enums of this file; the names are their members' names.</summary>
    public static class EnumNames
    {
        /// <summary>The member's name, as the service and the output types write it.</summary>
        public static string ToName<T>(this T value)
            where T : struct, Enum =>
            Cache<T>.ByValue.TryGetValue(value, out var name) ? name : value.ToString();

        /// <summary>Every name, in declaration order (the service's), for "expected one of" messages.</summary>
        public static IReadOnlyList<string> All<T>()
            where T : struct, Enum => Cache<T>.Names;

        /// <summary>The member <paramref name="text"/> names, ignoring case and surrounding blanks; null when none (a number is not a name).</summary>
        public static T? Match<T>(string? text)
            where T : struct, Enum
        {
            var name = NamedValues.Match(Cache<T>.Names, text);
            return name == null ? null : Cache<T>.ByName[name];
        }

        private static class Cache<T>
            where T : struct, Enum
        {
            public static readonly IReadOnlyList<string> Names = Enum.GetNames(typeof(T));

            public static readonly Dictionary<string, T> ByName = Names.ToDictionary(n => n, n => (T)Enum.Parse(typeof(T), n), StringComparer.Ordinal);

            public static readonly Dictionary<T, string> ByValue = ByName.ToDictionary(kv => kv.Value, kv => kv.Key);
        }
    }

    /// <summary>Scale action direction; Increase is scale-out, Decrease is scale-in.</summary>
    public enum ScaleDirection
    {
        None,
        Increase,
        Decrease,
    }

    /// <summary>How a scale action's value changes the instance count.</summary>
    public enum ScaleType
    {
        ChangeCount,
        PercentChangeCount,
        ExactCount,
        ServiceAllowedNextValue,
    }

    /// <summary>How a rule compares the observed value with its threshold.</summary>
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

    /// <summary>A recurrence's frequency; the service documents only Week for autoscale profiles.</summary>
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

    /// <summary>Whether a dimension filter keeps the listed values or all others.</summary>
    public enum DimensionOperator
    {
        Equals,
        NotEquals,
    }

    /// <summary>Whether predictive autoscale is off, forecasts only, or scales on its forecast.</summary>
    public enum PredictiveScaleMode
    {
        Disabled,
        ForecastOnly,
        Enabled,
    }
}
