using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;

namespace VmssAutoscale.Recommend
{
    /// <summary>
    /// One rule's series read once, grain by grain, in the form the RedistributeTotal load model
    /// needs: per grain, the numerator that the simulation divides by the capacity in force at the
    /// grain's start (the sum of the instances' means; a Sum statistic's raw total; for Count, only
    /// whether the grain had data). Every candidate setting keeps the rule's metric, statistic and
    /// grain, so all of them read the same numbers.
    /// </summary>
    public sealed class GrainSeries
    {
        private double[] values = new double[256];

        internal GrainSeries(MetricTrigger probe, long grainTicks)
        {
            Probe = probe;
            GrainTicks = grainTicks;
        }

        /// <summary>The window store reading this series was taken with (one grain, spread over one instance).</summary>
        internal MetricTrigger Probe { get; }

        public long GrainTicks { get; }

        /// <summary>Start of the first grain held; grains are aligned as the window store aligns them (to multiples of the grain).</summary>
        public long FirstBucketTicks { get; private set; } = long.MinValue;

        public int Count { get; private set; }

        public MetricStatistic Statistic => Probe.MetricStatistic;

        /// <summary>The numerator of the grain starting at <paramref name="bucketTicks"/>; NaN when the grain had no data or lies outside the history.</summary>
        public double At(long bucketTicks)
        {
            if (FirstBucketTicks == long.MinValue || bucketTicks < FirstBucketTicks)
            {
                return double.NaN;
            }

            var i = (bucketTicks - FirstBucketTicks) / GrainTicks;
            return i < Count ? values[i] : double.NaN;
        }

        internal void Start(long bucketTicks) => FirstBucketTicks = bucketTicks;

        internal void Append(double value)
        {
            if (Count == values.Length)
            {
                Array.Resize(ref values, values.Length * 2);
            }

            values[Count++] = value;
        }
    }

    /// <summary>
    /// The samples read once for a search: per rule of the setting, its series grain by grain
    /// (<see cref="GrainSeries"/>), and per minute the load metric's total over the instances. The
    /// numbers come from <see cref="MetricWindowStore.Observe"/> itself (each grain read alone and
    /// spread over one instance, so the division by one changes nothing), so series keys,
    /// dimension filters and statistics are the simulation's own, to the bit.
    /// </summary>
    public sealed class LoadHistory
    {
        private static readonly long MinuteTicks = TimeSpan.TicksPerMinute;
        private readonly Dictionary<string, GrainSeries> byKey = new Dictionary<string, GrainSeries>(StringComparer.Ordinal);

        private LoadHistory(MetricTrigger loadTrigger)
        {
            LoadTrigger = loadTrigger;
        }

        /// <summary>The rule whose metric is the load: its per-minute per-instance value is held against MaxLoad.</summary>
        public MetricTrigger LoadTrigger { get; }

        /// <summary>Per minute, the load metric's total over the instances (the sum of their means).</summary>
        public GrainSeries Load { get; private set; } = null!;

        public long FirstMinuteTicks { get; private set; } = long.MinValue;

        public long LastSampleTicks { get; private set; } = long.MinValue;

        public long SamplesRead { get; private set; }

        public long Duplicates { get; private set; }

        public long FirstDuplicateLine { get; private set; }

        public IReadOnlyCollection<string> MetricsSeen { get; private set; } = Array.Empty<string>();

        /// <summary>Distinct instances of the load metric seen before <see cref="LeadInEnd"/>: the default initial capacity.</summary>
        public int InstancesInLeadIn { get; private set; }

        /// <summary>The first evaluation time every candidate shares: the first sample's minute plus the lead-in.</summary>
        public long LeadInEnd { get; private set; }

        /// <summary>The series a rule reads; every candidate's rule keeps the metric, statistic and grain, so the key is the same.</summary>
        public GrainSeries SeriesOf(MetricTrigger trigger) =>
            byKey.TryGetValue(Key(trigger), out var s) ? s : throw new ArgumentException($"The samples were not read for the rule on '{trigger.MetricName}' ({trigger.Statistic} per {trigger.TimeGrain}).");

        /// <summary>
        /// Reads the samples once (they must be in time order, as for the simulation) and keeps what
        /// every rule of <paramref name="setting"/> and the load rule read. <paramref name="leadIn"/>
        /// is the time before the first evaluation, the longest window any candidate reads.
        /// </summary>
        public static LoadHistory Read(IEnumerable<SampleRecord> samples, AutoscaleSetting setting, MetricTrigger loadTrigger, TimeSpan leadIn, EngineOptions options, CancellationToken cancel = default, Action<long>? progress = null)
        {
            var history = new LoadHistory(loadTrigger);
            var triggers = setting.Profiles.SelectMany(p => p.Rules).Select(r => r.MetricTrigger).ToList();
            foreach (var t in triggers)
            {
                var key = Key(t);
                if (!history.byKey.ContainsKey(key))
                {
                    history.byKey.Add(key, new GrainSeries(ProbeOf(t, t.MetricStatistic, t.TimeGrainSpan), GrainTicksOf(t)));
                }
            }

            // The load: each minute's per-instance mean summed over instances, whatever the rule's own statistic and grain.
            history.Load = new GrainSeries(ProbeOf(loadTrigger, MetricStatistic.Average, TimeSpan.FromMinutes(1)), MinuteTicks);
            var all = history.byKey.Values.Concat(new[] { history.Load }).ToList();
            var longestGrain = all.Max(s => s.GrainTicks);

            var store = new MetricWindowStore(setting.TargetResourceUri);
            Func<DateTime, int> one = _ => 1;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var leadInInstances = new HashSet<string>(StringComparer.Ordinal);
            string? lastMetric = null;
            var newestMinute = long.MinValue;
            var nextEnd = new long[all.Count];

            void ExtractUpTo(long untilTicks)
            {
                for (var p = 0; p < all.Count; p++)
                {
                    var s = all[p];
                    while (nextEnd[p] <= untilTicks)
                    {
                        var observed = store.Observe(s.Probe, new DateTime(nextEnd[p], DateTimeKind.Utc), 1, TimeSpan.Zero, false, one, options.StatisticScope);
                        s.Append(observed.Value ?? double.NaN);
                        nextEnd[p] += s.GrainTicks;
                    }
                }
            }

            foreach (var sample in samples)
            {
                var minute = sample.UtcTicks - (sample.UtcTicks % MinuteTicks);
                if (minute < newestMinute)
                {
                    throw new SampleOrderException(sample, new DateTime(newestMinute, DateTimeKind.Utc));
                }

                if (minute > newestMinute)
                {
                    if (newestMinute == long.MinValue)
                    {
                        history.FirstMinuteTicks = minute;
                        history.LeadInEnd = minute + leadIn.Ticks - (leadIn.Ticks % MinuteTicks);
                        for (var p = 0; p < all.Count; p++)
                        {
                            var first = minute - (minute % all[p].GrainTicks);
                            all[p].Start(first);
                            nextEnd[p] = first + all[p].GrainTicks;
                        }
                    }
                    else
                    {
                        // Every minute before this one is complete: read the grains that ended, then forget what no grain needs.
                        ExtractUpTo(minute);
                        store.EvictBefore(new DateTime(minute - longestGrain - MinuteTicks, DateTimeKind.Utc));
                        if ((history.SamplesRead & 0xFFFF) == 0)
                        {
                            cancel.ThrowIfCancellationRequested();
                        }
                    }

                    newestMinute = minute;
                }

                history.SamplesRead++;
                if (!ReferenceEquals(sample.MetricName, lastMetric))
                {
                    seen.Add(sample.MetricName);
                    lastMetric = sample.MetricName;
                }

                if (sample.UtcTicks < history.LeadInEnd && string.Equals(sample.MetricName, loadTrigger.MetricName, StringComparison.Ordinal))
                {
                    leadInInstances.Add(sample.Instance);
                }

                if (store.Add(sample) == SampleAddResult.Duplicate)
                {
                    if (history.Duplicates == 0)
                    {
                        history.FirstDuplicateLine = sample.Line;
                    }

                    history.Duplicates++;
                }

                history.LastSampleTicks = sample.UtcTicks;
                if (progress != null && (history.SamplesRead & 0x3FFF) == 0)
                {
                    progress(history.SamplesRead);
                }
            }

            if (newestMinute != long.MinValue)
            {
                ExtractUpTo(newestMinute + longestGrain);
            }

            history.MetricsSeen = seen;
            history.InstancesInLeadIn = leadInInstances.Count;
            return history;
        }

        /// <summary>What a rule's series depends on: the metric's resource, namespace, name and dimensions, the statistic and the grain.</summary>
        internal static string Key(MetricTrigger t) =>
            string.Join("\u001f", t.MetricResourceUri ?? string.Empty, t.MetricNamespace ?? string.Empty, t.MetricName, t.Statistic, GrainTicksOf(t).ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join("\u001e", t.Dimensions.Select(d => d.ToString())));

        /// <summary>The grain as the window store rounds it: whole minutes, at least one.</summary>
        internal static long GrainTicksOf(MetricTrigger t) => Math.Max(1, (long)Math.Round(t.TimeGrainSpan.TotalMinutes)) * MinuteTicks;

        /// <summary>
        /// A reading of one grain of the rule's series: window one grain, Maximum over that single grain
        /// (its value as is), not divided per instance (a queue metric's is then divided by the one
        /// instance it is spread over, which changes nothing).
        /// </summary>
        private static MetricTrigger ProbeOf(MetricTrigger t, MetricStatistic statistic, TimeSpan grain) =>
            SettingKnobs.Copy(t, statistic: statistic, grain: grain, window: grain, aggregation: TimeAggregationType.Maximum, divide: false);
    }
}
