using System;

namespace VmssAutoscale.Engine
{
    /// <summary>
    /// A metric sample in the compact form the engine streams (a struct, so millions of them cost no
    /// allocations): UTC ticks instead of a DateTime, and the line or position it came from for messages.
    /// </summary>
    public readonly struct SampleRecord
    {
        public SampleRecord(string metricName, string instance, long utcTicks, double value, long line = 0)
            : this(metricName, instance, utcTicks, value, line, string.Empty, string.Empty, double.NaN, double.NaN, double.NaN)
        {
        }

        /// <param name="resourceId">The resource the metric belongs to; empty for the setting's target.</param>
        /// <param name="metricNamespace">The metric namespace; empty for the resource's default namespace.</param>
        /// <param name="minimum">The row's minimum raw value, NaN when the row is a single value.</param>
        /// <param name="maximum">The row's maximum raw value, NaN when the row is a single value.</param>
        /// <param name="count">How many raw values the row aggregates, NaN when the row is a single value.</param>
        public SampleRecord(string metricName, string instance, long utcTicks, double value, long line, string? resourceId, string? metricNamespace, double minimum, double maximum, double count)
        {
            MetricName = metricName;
            Instance = instance;
            UtcTicks = utcTicks;
            Value = value;
            Line = line;
            ResourceId = resourceId ?? string.Empty;
            Namespace = metricNamespace ?? string.Empty;
            Minimum = minimum;
            Maximum = maximum;
            Count = count;
        }

        public string MetricName { get; }

        public string Instance { get; }

        public long UtcTicks { get; }

        /// <summary>The value, or the average of the raw values when the row aggregates several.</summary>
        public double Value { get; }

        /// <summary>The CSV line or the 1-based position in the input, for error messages; 0 when unknown.</summary>
        public long Line { get; }

        /// <summary>The ARM ID of the resource the metric belongs to; empty means the autoscale setting's target.</summary>
        public string ResourceId { get; }

        /// <summary>The metric namespace; empty means the resource's default namespace.</summary>
        public string Namespace { get; }

        /// <summary>Smallest raw value the row aggregates; NaN when unknown (then <see cref="Value"/> is used).</summary>
        public double Minimum { get; }

        /// <summary>Largest raw value the row aggregates; NaN when unknown (then <see cref="Value"/> is used).</summary>
        public double Maximum { get; }

        /// <summary>Number of raw values the row aggregates; NaN when unknown (then the row is one value).</summary>
        public double Count { get; }

        public DateTime Timestamp => new DateTime(UtcTicks, DateTimeKind.Utc);

        /// <summary>The engine's form of a <see cref="Model.MetricSample"/>, with its optional aggregate columns.</summary>
        public static SampleRecord From(Model.MetricSample s, long line = 0) =>
            new SampleRecord(
                s.MetricName,
                s.Instance,
                ProfileSelector.AsUtc(s.Timestamp).Ticks,
                s.Value,
                line,
                s.ResourceId,
                s.Namespace,
                s.Minimum ?? double.NaN,
                s.Maximum ?? double.NaN,
                s.Count ?? double.NaN);
    }

    /// <summary>Samples are not in time order where the streaming simulation needs them to be.</summary>
    public sealed class SampleOrderException : Exception
    {
        public SampleOrderException(SampleRecord sample, DateTime newestSeen)
            : base(string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                "Samples must be sorted by Timestamp: the sample at {0} ({1:yyyy-MM-dd HH:mm:ss}Z, {2}, {3}) comes after samples of {4:yyyy-MM-dd HH:mm}Z. Sort the input by Timestamp first.",
                sample.Line > 0 ? "line " + sample.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : "an unknown position",
                sample.Timestamp,
                sample.Instance,
                sample.MetricName,
                newestSeen))
        {
            Sample = sample;
            NewestSeen = newestSeen;
        }

        public SampleRecord Sample { get; }

        public DateTime NewestSeen { get; }
    }
}
