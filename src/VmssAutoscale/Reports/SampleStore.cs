using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Reports
{
    /// <summary>
    /// The samples of one scale set in a snapshot, held as columns: a time and a value per sample,
    /// and one index into the distinct (instance, metric, resource, namespace, source, table)
    /// combinations, which repeat for every minute. About 20 bytes a sample (44 with minimum,
    /// maximum and count), where a <see cref="MetricSample"/> object costs about 150 and the JSON
    /// tree it was read from about 1 KB: a bundle of millions of samples fits in memory this way.
    /// Each read hands out a new <see cref="MetricSample"/>, so callers see the same records as ever.
    /// </summary>
    public sealed class SampleStore : IReadOnlyList<MetricSample>
    {
        private readonly Dictionary<SeriesKey, int> keyIndex = new Dictionary<SeriesKey, int>();
        private readonly List<SeriesKey> keys = new List<SeriesKey>();
        private long[] ticks = new long[16];
        private double[] values = new double[16];
        private int[] series = new int[16];

        // Minimum, maximum and count are allocated at the first sample that has one; NaN marks "none" (JSON has no NaN).
        private double[]? minimums;
        private double[]? maximums;
        private double[]? counts;

        public int Count { get; private set; }

        /// <summary>True while every sample came no earlier than the one before it: readers can skip sorting.</summary>
        public bool IsTimeOrdered { get; private set; } = true;

        public MetricSample this[int index]
        {
            get
            {
                if ((uint)index >= (uint)Count)
                {
                    throw new ArgumentOutOfRangeException(nameof(index));
                }

                var k = keys[series[index]];
                return new MetricSample
                {
                    Instance = k.Instance,
                    Timestamp = new DateTime(ticks[index], DateTimeKind.Utc),
                    MetricName = k.MetricName,
                    ResourceId = k.ResourceId,
                    Namespace = k.Namespace,
                    Value = values[index],
                    Minimum = Optional(minimums, index),
                    Maximum = Optional(maximums, index),
                    Count = Optional(counts, index),
                    Source = k.Source,
                    Table = k.Table,
                };
            }
        }

        /// <summary>The time of one sample, without building its record (filters by period read only this).</summary>
        public DateTime TimestampAt(int index) => new DateTime(ticks[index], DateTimeKind.Utc);

        /// <summary>The metric name of one sample, without building its record.</summary>
        public string MetricNameAt(int index) => keys[series[index]].MetricName;

        /// <summary>
        /// The samples whose index passes <paramref name="keep"/>, in time order, as a store of their
        /// own: no record is built until a reader asks for it, and the sort is skipped when the
        /// samples were stored in time order already.
        /// </summary>
        public SampleStore InTimeOrder(Func<int, bool> keep)
        {
            var indexes = new List<int>();
            for (var i = 0; i < Count; i++)
            {
                if (keep(i))
                {
                    indexes.Add(i);
                }
            }

            if (!IsTimeOrdered)
            {
                // Stable, as OrderBy is: samples of the same minute keep their order.
                indexes = indexes.OrderBy(i => ticks[i]).ToList();
            }

            var result = new SampleStore();
            foreach (var i in indexes)
            {
                result.Append(this, i);
            }

            return result;
        }

        public void Add(MetricSample sample)
        {
            var key = new SeriesKey(sample.Instance, sample.MetricName, sample.ResourceId, sample.Namespace, sample.Source, sample.Table);
            if (!keyIndex.TryGetValue(key, out var k))
            {
                k = keys.Count;
                keys.Add(key);
                keyIndex.Add(key, k);
            }

            Append(sample.Timestamp.Ticks, sample.Value, k, sample.Minimum, sample.Maximum, sample.Count);
        }

        /// <summary>Copies sample <paramref name="index"/> of <paramref name="from"/> without building its record.</summary>
        private void Append(SampleStore from, int index)
        {
            var key = from.keys[from.series[index]];
            if (!keyIndex.TryGetValue(key, out var k))
            {
                k = keys.Count;
                keys.Add(key);
                keyIndex.Add(key, k);
            }

            Append(from.ticks[index], from.values[index], k, Optional(from.minimums, index), Optional(from.maximums, index), Optional(from.counts, index));
        }

        private void Append(long t, double value, int key, double? minimum, double? maximum, double? count)
        {
            if (Count == ticks.Length)
            {
                Grow();
            }

            if (Count > 0 && t < ticks[Count - 1])
            {
                IsTimeOrdered = false;
            }

            ticks[Count] = t;
            values[Count] = value;
            series[Count] = key;
            Set(ref minimums, minimum);
            Set(ref maximums, maximum);
            Set(ref counts, count);
            Count++;
        }

        public IEnumerator<MetricSample> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private static double? Optional(double[]? column, int index) =>
            column == null || double.IsNaN(column[index]) ? (double?)null : column[index];

        private void Set(ref double[]? column, double? value)
        {
            if (value == null && column == null)
            {
                return;
            }

            if (column == null)
            {
                column = new double[ticks.Length];
                for (var i = 0; i < Count; i++)
                {
                    column[i] = double.NaN;
                }
            }

            column[Count] = value ?? double.NaN;
        }

        private void Grow()
        {
            // Half as much again each time (not double), so the copy made while growing costs less at the top.
            var size = ticks.Length + (ticks.Length / 2);
            Array.Resize(ref ticks, size);
            Array.Resize(ref values, size);
            Array.Resize(ref series, size);
            if (minimums != null)
            {
                Array.Resize(ref minimums, size);
            }

            if (maximums != null)
            {
                Array.Resize(ref maximums, size);
            }

            if (counts != null)
            {
                Array.Resize(ref counts, size);
            }
        }

        private readonly struct SeriesKey : IEquatable<SeriesKey>
        {
            public SeriesKey(string instance, string metricName, string resourceId, string ns, string? source, string? table)
            {
                Instance = instance;
                MetricName = metricName;
                ResourceId = resourceId;
                Namespace = ns;
                Source = source;
                Table = table;
            }

            public string Instance { get; }

            public string MetricName { get; }

            public string ResourceId { get; }

            public string Namespace { get; }

            public string? Source { get; }

            public string? Table { get; }

            public bool Equals(SeriesKey other) =>
                string.Equals(Instance, other.Instance, StringComparison.Ordinal)
                && string.Equals(MetricName, other.MetricName, StringComparison.Ordinal)
                && string.Equals(ResourceId, other.ResourceId, StringComparison.Ordinal)
                && string.Equals(Namespace, other.Namespace, StringComparison.Ordinal)
                && string.Equals(Source, other.Source, StringComparison.Ordinal)
                && string.Equals(Table, other.Table, StringComparison.Ordinal);

            public override bool Equals(object? obj) => obj is SeriesKey k && Equals(k);

            public override int GetHashCode()
            {
                unchecked
                {
                    var h = StringComparer.Ordinal.GetHashCode(Instance);
                    h = (h * 31) + StringComparer.Ordinal.GetHashCode(MetricName);
                    h = (h * 31) + StringComparer.Ordinal.GetHashCode(ResourceId);
                    h = (h * 31) + StringComparer.Ordinal.GetHashCode(Namespace);
                    h = (h * 31) + (Source == null ? 0 : StringComparer.Ordinal.GetHashCode(Source));
                    return (h * 31) + (Table == null ? 0 : StringComparer.Ordinal.GetHashCode(Table));
                }
            }
        }
    }
}
