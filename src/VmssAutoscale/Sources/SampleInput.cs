using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    /// <summary>The optional fields of a sample beyond Instance, Timestamp, MetricName and Value, as given (strings from Import-Csv, numbers, or null).</summary>
    public readonly struct SampleColumns
    {
        public SampleColumns(object? resourceId, object? metricNamespace, object? minimum, object? maximum, object? count)
        {
            ResourceId = resourceId;
            Namespace = metricNamespace;
            Minimum = minimum;
            Maximum = maximum;
            Count = count;
        }

        public object? ResourceId { get; }

        public object? Namespace { get; }

        public object? Minimum { get; }

        public object? Maximum { get; }

        public object? Count { get; }
    }

    /// <summary>
    /// Turns what a user pipes in (MetricSample objects, Import-Csv rows where everything is a
    /// string, hashtables or any object with Instance, Timestamp, MetricName and Value) into
    /// engine samples, and collects them for the cmdlets that need them sorted.
    /// </summary>
    public sealed class SampleInput
    {
        private readonly List<SampleRecord> samples = new List<SampleRecord>();
        private long position;
        private bool outOfOrder;
        private long lastTicks = long.MinValue;

        public int Count => samples.Count;

        /// <summary>True when the samples did not arrive in time order (they are sorted by <see cref="Sorted"/>).</summary>
        public bool WasUnsorted => outOfOrder;

        /// <summary>Adds one sample from its fields; throws <see cref="SampleFormatException"/> naming the field that is wrong.</summary>
        public void Add(object? instance, object? timestamp, object? metricName, object? value, SampleColumns extra = default)
        {
            position++;
            var record = Convert(instance, timestamp, metricName, value, position, extra);
            if (record.UtcTicks < lastTicks)
            {
                outOfOrder = true;
            }

            lastTicks = Math.Max(lastTicks, record.UtcTicks);
            samples.Add(record);
        }

        /// <summary>Adds an object that has Instance, Timestamp, MetricName and Value properties.</summary>
        public void AddObject(object? item)
        {
            if (item == null)
            {
                position++;
                throw new SampleFormatException(position, "sample", "the sample is null");
            }

            var ps = item as PSObject ?? PSObject.AsPSObject(item);
            if (ps.BaseObject is System.Collections.IDictionary dict)
            {
                var columns = new SampleColumns(Lookup(dict, "ResourceId"), Lookup(dict, "Namespace"), Lookup(dict, "Minimum"), Lookup(dict, "Maximum"), Lookup(dict, "Count"));
                Add(Lookup(dict, "Instance"), Lookup(dict, "Timestamp"), Lookup(dict, "MetricName"), Lookup(dict, "Value"), columns);
                return;
            }

            var extra = new SampleColumns(ps.Properties["ResourceId"]?.Value, ps.Properties["Namespace"]?.Value, ps.Properties["Minimum"]?.Value, ps.Properties["Maximum"]?.Value, ps.Properties["Count"]?.Value);
            Add(ps.Properties["Instance"]?.Value, ps.Properties["Timestamp"]?.Value, ps.Properties["MetricName"]?.Value, ps.Properties["Value"]?.Value, extra);
        }

        /// <summary>The samples in time order; a stable sort keeps equal timestamps in input order.</summary>
        public IReadOnlyList<SampleRecord> Sorted() =>
            outOfOrder ? samples.OrderBy(s => s.UtcTicks).ToList() : samples;

        public static SampleRecord Convert(object? instance, object? timestamp, object? metricName, object? value, long position, SampleColumns extra = default)
        {
            var inst = Text(instance);
            if (string.IsNullOrWhiteSpace(inst))
            {
                throw new SampleFormatException(position, "Instance", "the sample has no Instance");
            }

            var metric = Text(metricName);
            if (string.IsNullOrWhiteSpace(metric))
            {
                throw new SampleFormatException(position, "MetricName", "the sample has no MetricName");
            }

            long ticks;
            switch (Unwrap(timestamp))
            {
                case DateTime dt:
                    ticks = ProfileSelector.AsUtc(dt).Ticks;
                    break;
                case DateTimeOffset dto:
                    ticks = dto.UtcTicks;
                    break;
                case string s when SampleCsvReader.TryParseTimestamp(s, out var parsed):
                    ticks = parsed;
                    break;
                case null:
                    throw new SampleFormatException(position, "Timestamp", "the sample has no Timestamp");
                default:
                    throw new SampleFormatException(position, "Timestamp", $"'{Text(timestamp)}' is not a date and time; use ISO 8601 such as 2024-05-01T10:00:00Z");
            }

            if (!TimeLimits.Contains(ticks))
            {
                throw new SampleFormatException(position, "Timestamp", TimeLimits.OutOfRange($"'{Text(timestamp)}' is out of range: a timestamp"));
            }

            var v = Number(value, position, "Value") ?? throw new SampleFormatException(position, "Value", "the sample has no Value");
            var min = Number(extra.Minimum, position, "Minimum") ?? double.NaN;
            var max = Number(extra.Maximum, position, "Maximum") ?? double.NaN;
            var count = Number(extra.Count, position, "Count") ?? double.NaN;
            if (count < 0)
            {
                throw new SampleFormatException(position, "Count", $"'{Text(extra.Count)}' is negative; Count is how many raw values the row aggregates");
            }

            // Names from piped objects are data like a CSV's: cleaned for the terminal as they enter the samples.
            return new SampleRecord(TerminalText.Clean(metric!), TerminalText.Clean(inst!.Trim()), ticks, v, position, TerminalText.CleanOrNull(Text(extra.ResourceId)?.Trim()), TerminalText.CleanOrNull(Text(extra.Namespace)?.Trim()), min, max, count);
        }

        /// <summary>A numeric field; null when absent or empty (optional columns of Import-Csv rows are empty strings).</summary>
        private static double? Number(object? value, long position, string column)
        {
            double v;
            switch (Unwrap(value))
            {
                case double d:
                    v = d;
                    break;
                case float f:
                    v = f;
                    break;
                case int i:
                    v = i;
                    break;
                case long l:
                    v = l;
                    break;
                case decimal m:
                    v = (double)m;
                    break;
                case string s when SampleCsvReader.TryParseValue(s, out var parsed):
                    v = parsed;
                    break;
                case null:
                    return null;
                case string s when s.Trim().Length == 0 && column != "Value":
                    return null;
                default:
                    throw new SampleFormatException(position, column, $"'{Text(value)}' is not a number");
            }

            if (double.IsNaN(v) || double.IsInfinity(v))
            {
                throw new SampleFormatException(position, column, $"'{Text(value)}' is not a finite number");
            }

            return v;
        }

        private static object? Unwrap(object? o) => o is PSObject ps ? ps.BaseObject : o;

        private static string? Text(object? o) => Unwrap(o) switch
        {
            null => null,
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString(),
        };

        private static object? Lookup(System.Collections.IDictionary dict, string key)
        {
            foreach (System.Collections.DictionaryEntry e in dict)
            {
                if (string.Equals(e.Key?.ToString(), key, StringComparison.OrdinalIgnoreCase))
                {
                    return e.Value;
                }
            }

            return null;
        }
    }
}
