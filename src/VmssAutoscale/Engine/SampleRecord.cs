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
        {
            MetricName = metricName;
            Instance = instance;
            UtcTicks = utcTicks;
            Value = value;
            Line = line;
        }

        public string MetricName { get; }

        public string Instance { get; }

        public long UtcTicks { get; }

        public double Value { get; }

        /// <summary>The CSV line or the 1-based position in the input, for error messages; 0 when unknown.</summary>
        public long Line { get; }

        public DateTime Timestamp => new DateTime(UtcTicks, DateTimeKind.Utc);
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
