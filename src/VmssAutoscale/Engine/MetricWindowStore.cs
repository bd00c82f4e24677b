using System;
using System.Collections.Generic;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>What happened to a sample offered to <see cref="MetricWindowStore.Add"/>.</summary>
    public enum SampleAddResult
    {
        Added,
        /// <summary>Same series, instance and timestamp as a sample already held: the first one is kept.</summary>
        Duplicate,
        /// <summary>The sample's minute is earlier than the newest minute already held for its series.</summary>
        OutOfOrder,
    }

    /// <summary>
    /// Per-instance metric values for the recent past, in one-minute slots per series, from which a
    /// rule's observed value is computed (statistic within each grain, time aggregation over the
    /// grains in the window). A series is one (resource, namespace, metric name), see
    /// <see cref="MetricSeriesKey"/>: a rule reads only the samples of its own resource. Samples
    /// arrive in time order and old slots are evicted, so memory is bounded by window × instances,
    /// not by history length. Not thread-safe.
    /// </summary>
    public sealed class MetricWindowStore
    {
        private static readonly long MinuteTicks = TimeSpan.TicksPerMinute;
        private static readonly string[] InstanceDimensionNames = { "VMName", "Instance", "RoleInstance", "Host", "InstanceId" };

        private readonly Dictionary<string, Series> series = new Dictionary<string, Series>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> instanceIds = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<string> instanceNames = new List<string>();
        private readonly Stack<Slot> freeSlots = new Stack<Slot>();
        private readonly Dictionary<(string ResourceId, string Namespace, string MetricName), Series> seriesBySpelling = new Dictionary<(string ResourceId, string Namespace, string MetricName), Series>();
        private (string ResourceId, string Namespace, string MetricName) lastNames;
        private Series? lastSeries;
        private readonly Dictionary<MetricTrigger, (string Key, string? Fallback)> seriesKeys = new Dictionary<MetricTrigger, (string Key, string? Fallback)>();

        // Scratch arrays indexed by instance id, reused by every Observe call; a stamp marks which entries belong to the current call.
        private double[] grainSum = new double[16];
        private int[] grainCount = new int[16];
        private int[] grainStamp = new int[16];
        private int[] seenStamp = new int[16];
        private double[] instAggSum = new double[16];
        private double[] instAggMin = new double[16];
        private double[] instAggMax = new double[16];
        private double[] instAggLast = new double[16];
        private int[] instAggCount = new int[16];
        private int[] touched = new int[16];
        private int stamp;
        private int grainStampValue;

        // Per instance id, the id of the instance added right after it last time (-1: none yet); see InstanceId.
        private int[] nextInstanceId = { -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 };
        private int lastInstanceId = -1;

        /// <param name="targetResourceId">The autoscale setting's target: samples and rules naming it are the same as those naming no resource.</param>
        public MetricWindowStore(string? targetResourceId = null)
        {
            TargetResourceId = targetResourceId;
        }

        public string? TargetResourceId { get; }

        /// <summary>Reads every window grain by grain, instance by instance (the reference path the tests compare the by-minute path with).</summary>
        internal bool UseReferencePath { get; set; }

        /// <summary>Adds one sample of the target scale set. Timestamps are truncated to the minute; several samples of one instance in one minute are combined.</summary>
        public SampleAddResult Add(string metricName, string instance, DateTime utc, double value) =>
            Add(new SampleRecord(metricName, instance, ProfileSelector.AsUtc(utc).Ticks, value));

        public SampleAddResult Add(string metricName, string instance, long utcTicks, double value) =>
            Add(new SampleRecord(metricName, instance, utcTicks, value));

        /// <summary>
        /// Adds one sample to the series of its resource, namespace and metric. A row that aggregates
        /// several raw values (Minimum, Maximum, Count) feeds the matching statistic: its Maximum the
        /// Max, its Minimum the Min, Value × Count the Sum, and Count the Count.
        /// </summary>
        public SampleAddResult Add(in SampleRecord sample)
        {
            var s = SeriesOf(sample);

            var instance = sample.Instance;
            var utcTicks = sample.UtcTicks;
            var value = sample.Value;
            var count = double.IsNaN(sample.Count) || sample.Count <= 0 ? 1 : sample.Count;
            var min = double.IsNaN(sample.Minimum) ? value : sample.Minimum;
            var max = double.IsNaN(sample.Maximum) ? value : sample.Maximum;

            var id = InstanceId(instance);
            var minute = utcTicks - (utcTicks % MinuteTicks);
            Slot slot;
            if (s.Count == 0 || s.Last.Minute < minute)
            {
                slot = freeSlots.Count > 0 ? freeSlots.Pop() : new Slot();
                slot.Reset(minute);
                s.Push(slot);
            }
            else if (s.Last.Minute == minute)
            {
                slot = s.Last;
            }
            else
            {
                return SampleAddResult.OutOfOrder;
            }

            s.EnsurePositionCapacity(id + 1);
            if (s.PositionMinute[id] == minute)
            {
                var pos = s.Position[id];
                if (slot.LastTicks[pos] == utcTicks)
                {
                    return SampleAddResult.Duplicate;
                }

                slot.Changed();
                slot.Total[pos] += value * count;
                slot.N[pos] += count;
                slot.Min[pos] = Math.Min(slot.Min[pos], min);
                slot.Max[pos] = Math.Max(slot.Max[pos], max);
                slot.LastTicks[pos] = utcTicks;
                return SampleAddResult.Added;
            }

            s.PositionMinute[id] = minute;
            s.Position[id] = slot.Append(id, value * count, count, min, max, utcTicks);
            return SampleAddResult.Added;
        }

        /// <summary>
        /// The instance's id. Rows list a minute's instances in the same order every minute, so the instance
        /// that followed the previous row's last time is tried first, by reference (the CSV reader pools
        /// names): no hashing per sample. Ids are only ever assigned by the dictionary, so a wrong guess
        /// costs a lookup and never changes an id.
        /// </summary>
        private int InstanceId(string instance)
        {
            var previous = lastInstanceId;
            if (previous >= 0)
            {
                var guess = nextInstanceId[previous];
                if (guess >= 0 && ReferenceEquals(instanceNames[guess], instance))
                {
                    lastInstanceId = guess;
                    return guess;
                }
            }

            if (!instanceIds.TryGetValue(instance, out var id))
            {
                id = instanceNames.Count;
                instanceIds.Add(instance, id);
                instanceNames.Add(instance);
                EnsureScratch(id + 1);
            }

            if (previous >= 0)
            {
                nextInstanceId[previous] = id;
            }

            lastInstanceId = id;
            return id;
        }

        /// <summary>
        /// The series a sample belongs to. Composing the normal-form key costs three strings per sample,
        /// so the series is remembered per spelling of (resource, namespace, metric) as the sample gives it.
        /// </summary>
        private Series SeriesOf(in SampleRecord sample)
        {
            var names = (sample.ResourceId, sample.Namespace, sample.MetricName);
            if (lastSeries != null && ReferenceEquals(names.ResourceId, lastNames.ResourceId) && ReferenceEquals(names.Namespace, lastNames.Namespace) && ReferenceEquals(names.MetricName, lastNames.MetricName))
            {
                return lastSeries;
            }

            if (!seriesBySpelling.TryGetValue(names, out var s))
            {
                var key = MetricSeriesKey.Of(sample.ResourceId, sample.Namespace, sample.MetricName, TargetResourceId);
                if (!series.TryGetValue(key, out s))
                {
                    s = new Series(MetricSeriesKey.IsTarget(key));
                    series.Add(key, s);
                }

                seriesBySpelling.Add(names, s);
            }

            lastNames = names;
            lastSeries = s;
            return s;
        }

        /// <summary>Forgets every slot that starts before <paramref name="utc"/>.</summary>
        public void EvictBefore(DateTime utc)
        {
            var ticks = ProfileSelector.AsUtc(utc).Ticks;
            foreach (var s in series.Values)
            {
                while (s.Count > 0 && s.First.Minute < ticks)
                {
                    freeSlots.Push(s.PopFirst());
                }
            }
        }

        /// <summary>
        /// Distinct instances of the target scale set with any sample in [from, to) of the given metrics (every metric
        /// when null); other resources' samples are not its instances, and neither are rows of a metric the rules read
        /// from another resource (a queue's rows written without a ResourceId).
        /// </summary>
        public int DistinctInstances(DateTime from, DateTime to, ICollection<string>? metricNames = null)
        {
            var f = ProfileSelector.AsUtc(from).Ticks;
            var t = ProfileSelector.AsUtc(to).Ticks;
            NextStamp();
            var n = 0;
            foreach (var pair in series)
            {
                var s = pair.Value;
                if (!s.IsTarget || (metricNames != null && !metricNames.Contains(MetricSeriesKey.MetricName(pair.Key))))
                {
                    continue;
                }

                for (var i = s.IndexAtOrAfter(f); i < s.Count; i++)
                {
                    var slot = s[i];
                    if (slot.Minute >= t)
                    {
                        break;
                    }

                    for (var k = 0; k < slot.Count; k++)
                    {
                        var id = slot.Inst[k];
                        if (seenStamp[id] != stamp)
                        {
                            seenStamp[id] = stamp;
                            n++;
                        }
                    }
                }
            }

            return n;
        }

        /// <summary>The resources (empty: the target) that have samples of this metric name, for "the data is there, under another resource" hints.</summary>
        private IReadOnlyList<string> SeriesNamed(string metricName)
        {
            List<string>? found = null;
            foreach (var key in series.Keys)
            {
                if (MetricSeriesKey.MetricName(key) == metricName)
                {
                    (found ??= new List<string>()).Add(MetricSeriesKey.ResourcePart(key));
                }
            }

            return (IReadOnlyList<string>?)found ?? Array.Empty<string>();
        }

        /// <summary>The window a rule reads at an evaluation time: it ends at (time − lag) rounded down to the grain, and spans timeWindow.</summary>
        public static (DateTime Start, DateTime End) Window(MetricTrigger trigger, DateTime evaluationUtc, TimeSpan ingestionLag)
        {
            var grain = GrainTicks(trigger);
            var endTicks = ProfileSelector.AsUtc(evaluationUtc).Ticks - ingestionLag.Ticks;
            endTicks -= endTicks % grain;
            var startTicks = endTicks - Math.Max(trigger.TimeWindowSpan.Ticks, grain);
            return (new DateTime(startTicks, DateTimeKind.Utc), new DateTime(endTicks, DateTimeKind.Utc));
        }

        /// <summary>
        /// The rule's observed value at <paramref name="evaluationUtc"/> (§2.4), read from the series of
        /// the rule's own resource, namespace and metric. For each grain in the window the statistic
        /// reduces the grain's values (<see cref="StatisticScope"/> says which values); the time
        /// aggregation combines grains; grains without data are dropped. With
        /// <paramref name="capacityAt"/> set, each grain's total is spread evenly over the capacity at
        /// that grain (the RedistributeTotal load model) instead of using instances as given.
        /// </summary>
        public ObservedValue Observe(MetricTrigger trigger, DateTime evaluationUtc, int currentCapacity, TimeSpan ingestionLag, bool perInstance = false, Func<DateTime, int>? capacityAt = null, StatisticScope scope = StatisticScope.WithinGrain)
        {
            var (start, end) = Window(trigger, evaluationUtc, ingestionLag);
            var grain = GrainTicks(trigger);
            var grainsInWindow = (int)((end.Ticks - start.Ticks) / grain);
            if (!seriesKeys.TryGetValue(trigger, out var keys))
            {
                // A simulation asks for the same rules every minute: compose their keys once, not per evaluation.
                keys = (MetricSeriesKey.Of(trigger, TargetResourceId), MetricSeriesKey.Fallback(trigger, TargetResourceId));
                seriesKeys.Add(trigger, keys);
            }

            if (!series.TryGetValue(keys.Key, out var s)
                && !(keys.Fallback is string fallback && series.TryGetValue(fallback, out s)))
            {
                return new ObservedValue { WindowStart = start, WindowEnd = end, GrainsInWindow = grainsInWindow, SameMetricElsewhere = SeriesNamed(trigger.MetricName) };
            }

            var (allowed, ignored) = DimensionFilter(trigger);
            // Instances only mean scale set instances on the target's own series.
            perInstance &= capacityAt == null && s.IsTarget;
            NextStamp();
            // The by-minute path gives the same numbers as the by-grain one, bit for bit, where each grain is
            // one minute (so a slot is a grain) and every value of the slot counts (no instance filter, no
            // redistribution, the statistic over raw values): then a grain's value comes from the slot's cached
            // totals instead of a walk over its instances.
            var byMinute = !UseReferencePath && allowed == null && capacityAt == null && scope == StatisticScope.WithinGrain && grain == MinuteTicks;
            var tally = byMinute
                ? TallyByMinute(s, trigger.MetricStatistic, trigger.TimeAggregationType, start.Ticks, end.Ticks, perInstance)
                : TallyByGrain(s, trigger, start, end, grain, allowed, perInstance, capacityAt, scope);
            return Result(tally, trigger, start, end, grainsInWindow, currentCapacity, perInstance, ignored);
        }

        /// <summary>
        /// The reference reading of a window: every instance of every slot, grain by grain. Kept for the
        /// cases the by-minute path does not cover, and as the reference the tests compare it with.
        /// </summary>
        private Tally TallyByGrain(Series s, MetricTrigger trigger, DateTime start, DateTime end, long grain, Func<int, bool>? allowed, bool perInstance, Func<DateTime, int>? capacityAt, StatisticScope scope)
        {
            var instancesSeen = 0;
            var touchedCount = 0;
            int? spreadMin = null;
            int? spreadMax = null;

            var aggregation = new Accumulator();
            long bucket = long.MinValue;
            var grainTouchedStart = 0;
            var raw = new Accumulator();
            var rawCount = 0.0;

            void FlushGrain()
            {
                if (bucket == long.MinValue || touchedCount == grainTouchedStart)
                {
                    return;
                }

                var acc = new Accumulator();
                for (var k = grainTouchedStart; k < touchedCount; k++)
                {
                    var id = touched[k];
                    var v = grainSum[id] / grainCount[id];
                    acc.Add(v);
                    if (perInstance)
                    {
                        AddInstanceAggregate(id, v);
                    }
                }

                double grainValue;
                if (capacityAt != null)
                {
                    var cap = Math.Max(1, capacityAt(new DateTime(bucket, DateTimeKind.Utc)));
                    spreadMin = Math.Min(spreadMin ?? cap, cap);
                    spreadMax = Math.Max(spreadMax ?? cap, cap);
                    grainValue = trigger.MetricStatistic switch
                    {
                        MetricStatistic.Sum => scope == StatisticScope.WithinGrain ? raw.Sum : acc.Sum,
                        MetricStatistic.Count => cap,
                        _ => acc.Sum / cap,
                    };
                }
                else if (scope == StatisticScope.WithinGrain)
                {
                    // autoscale-understanding-settings (ms.date 08/05/2026): statistic is "the aggregation method within the timeGrain period".
                    grainValue = trigger.MetricStatistic switch
                    {
                        MetricStatistic.Average => raw.Sum / rawCount,
                        MetricStatistic.Min => raw.Min,
                        MetricStatistic.Max => raw.Max,
                        MetricStatistic.Sum => raw.Sum,
                        _ => rawCount,
                    };
                }
                else
                {
                    grainValue = trigger.MetricStatistic switch
                    {
                        MetricStatistic.Average => acc.Sum / acc.Count,
                        MetricStatistic.Min => acc.Min,
                        MetricStatistic.Max => acc.Max,
                        MetricStatistic.Sum => acc.Sum,
                        _ => acc.Count,
                    };
                }

                aggregation.Add(grainValue);
                // Per-grain scratch is reset by moving the grain stamp; the touched list restarts for the next grain.
                touchedCount = grainTouchedStart;
                grainStampValue++;
                raw = new Accumulator();
                rawCount = 0;
            }

            grainStampValue++;
            for (var i = s.IndexAtOrAfter(start.Ticks); i < s.Count; i++)
            {
                var slot = s[i];
                if (slot.Minute >= end.Ticks)
                {
                    break;
                }

                var b = slot.Minute - (slot.Minute % grain);
                if (b != bucket)
                {
                    FlushGrain();
                    bucket = b;
                }

                for (var k = 0; k < slot.Count; k++)
                {
                    var id = slot.Inst[k];
                    if (allowed != null && !allowed(id))
                    {
                        continue;
                    }

                    var minuteValue = slot.Total[k] / slot.N[k];
                    raw.AddRange(slot.Total[k], slot.Min[k], slot.Max[k]);
                    rawCount += slot.N[k];
                    if (grainStamp[id] != grainStampValue)
                    {
                        grainStamp[id] = grainStampValue;
                        grainSum[id] = minuteValue;
                        grainCount[id] = 1;
                        touched[touchedCount++] = id;
                    }
                    else
                    {
                        grainSum[id] += minuteValue;
                        grainCount[id]++;
                    }

                    if (seenStamp[id] != stamp)
                    {
                        seenStamp[id] = stamp;
                        instancesSeen++;
                        if (perInstance)
                        {
                            instAggCount[id] = 0;
                        }
                    }
                }
            }

            FlushGrain();
            return new Tally(aggregation, instancesSeen, spreadMin, spreadMax);
        }

        /// <summary>
        /// A window of one-minute grains read from each slot's cached raw totals: O(minutes in the window)
        /// per rule, plus O(instances) for the count of instances seen, instead of O(minutes × instances).
        /// </summary>
        private Tally TallyByMinute(Series s, MetricStatistic statistic, TimeAggregationType timeAggregation, long start, long end, bool perInstance)
        {
            var aggregation = new Accumulator();
            var first = s.IndexAtOrAfter(start);
            var i = first;
            for (; i < s.Count; i++)
            {
                var slot = s[i];
                if (slot.Minute >= end)
                {
                    break;
                }

                slot.EnsureTotals();
                // autoscale-understanding-settings (ms.date 08/05/2026): statistic is "the aggregation method within the timeGrain period".
                aggregation.Add(statistic switch
                {
                    MetricStatistic.Average => slot.RawSum / slot.RawCount,
                    MetricStatistic.Min => slot.RawMin,
                    MetricStatistic.Max => slot.RawMax,
                    MetricStatistic.Sum => slot.RawSum,
                    _ => slot.RawCount,
                });
            }

            var instancesSeen = 0;
            if (perInstance && !NeedsExtremes(timeAggregation))
            {
                instancesSeen = SumInstanceMeans(s, first, i);
            }
            else if (perInstance || i < s.Count)
            {
                // Per-instance extremes need each instance's minutes in order; a window that ends before the newest
                // slot cannot use the latest-minute shortcut below. Either way one light pass over the entries.
                for (var j = first; j < i; j++)
                {
                    var slot = s[j];
                    var means = perInstance ? slot.Means() : null;
                    for (var k = 0; k < slot.Count; k++)
                    {
                        var id = slot.Inst[k];
                        if (seenStamp[id] != stamp)
                        {
                            seenStamp[id] = stamp;
                            instancesSeen++;
                            instAggCount[id] = 0;
                        }

                        if (means != null)
                        {
                            // A one-minute grain holds one entry per instance, so the instance's grain value is its minute value.
                            AddInstanceAggregate(id, means[k]);
                        }
                    }
                }
            }
            else
            {
                // The window reaches the newest slot, so an instance has a sample in it exactly when its latest minute is at or after the start.
                var n = Math.Min(instanceNames.Count, s.PositionMinute.Length);
                var latest = s.PositionMinute;
                for (var id = 0; id < n; id++)
                {
                    if (latest[id] >= start)
                    {
                        instancesSeen++;
                    }
                }
            }

            return new Tally(aggregation, instancesSeen, null, null);
        }

        /// <summary>Whether a time aggregation reads each instance's smallest, largest or last grain, not only the sum and count of its grains.</summary>
        private static bool NeedsExtremes(TimeAggregationType timeAggregation) =>
            timeAggregation != TimeAggregationType.Average && timeAggregation != TimeAggregationType.Total && timeAggregation != TimeAggregationType.Count;

        /// <summary>
        /// Each instance's sum and count of minute means over slots [first, end): the per-instance reading
        /// of the timeline's "only N of M instances are hot" for the common time aggregations, two array
        /// updates an entry. Bit for bit what <see cref="AddInstanceAggregate"/> gives: the same additions
        /// in the same order, started from -0.0, which IEEE addition leaves every value unchanged by
        /// (including +0.0 and -0.0), where that method starts from the first value itself.
        /// </summary>
        private int SumInstanceMeans(Series s, int first, int end)
        {
            var n = instanceNames.Count;
            var sums = instAggSum;
            var counts = instAggCount;
            for (var id = 0; id < n; id++)
            {
                sums[id] = -0.0;
                counts[id] = 0;
            }

            for (var j = first; j < end; j++)
            {
                var slot = s[j];
                var means = slot.Means();
                var inst = slot.Inst;
                for (var k = 0; k < slot.Count; k++)
                {
                    var id = inst[k];
                    sums[id] += means[k];
                    counts[id]++;
                }
            }

            var seen = 0;
            for (var id = 0; id < n; id++)
            {
                if (counts[id] > 0)
                {
                    seenStamp[id] = stamp;
                    seen++;
                }
            }

            return seen;
        }

        private ObservedValue Result(Tally tally, MetricTrigger trigger, DateTime start, DateTime end, int grainsInWindow, int currentCapacity, bool perInstance, IReadOnlyList<string> ignored)
        {
            var aggregation = tally.Aggregation;
            var instancesSeen = tally.InstancesSeen;
            if (aggregation.Count == 0)
            {
                return new ObservedValue { WindowStart = start, WindowEnd = end, GrainsInWindow = grainsInWindow, IgnoredDimensions = ignored };
            }

            var value = Aggregate(aggregation, trigger.TimeAggregationType);
            var divided = PerInstanceThresholdMetrics.Divides(trigger);
            var compared = divided ? value / Math.Max(1, currentCapacity) : value;
            IReadOnlyList<InstanceObservation> detail = Array.Empty<InstanceObservation>();
            if (perInstance)
            {
                var list = new List<InstanceObservation>(instancesSeen);
                for (var id = 0; id < instanceNames.Count; id++)
                {
                    if (seenStamp[id] == stamp && instAggCount[id] > 0)
                    {
                        var a = new Accumulator { Sum = instAggSum[id], Min = instAggMin[id], Max = instAggMax[id], Last = instAggLast[id], Count = instAggCount[id] };
                        list.Add(new InstanceObservation(instanceNames[id], Aggregate(a, trigger.TimeAggregationType)));
                    }
                }

                detail = list;
            }

            return new ObservedValue
            {
                Value = compared,
                Aggregate = value,
                DividedPerInstance = divided,
                WindowStart = start,
                WindowEnd = end,
                GrainsUsed = aggregation.Count,
                GrainsInWindow = grainsInWindow,
                InstancesSeen = instancesSeen,
                PerInstance = detail,
                IgnoredDimensions = ignored,
                SpreadOverMinimum = tally.SpreadMin,
                SpreadOverMaximum = tally.SpreadMax,
            };
        }

        private static double Aggregate(Accumulator a, TimeAggregationType type) => type switch
        {
            TimeAggregationType.Average => a.Sum / a.Count,
            TimeAggregationType.Minimum => a.Min,
            TimeAggregationType.Maximum => a.Max,
            TimeAggregationType.Total => a.Sum,
            TimeAggregationType.Count => a.Count,
            _ => a.Last,
        };

        private static long GrainTicks(MetricTrigger trigger)
        {
            // Grains shorter than a minute do not exist for autoscale; round anything odd to whole minutes.
            var minutes = Math.Max(1, (long)Math.Round(trigger.TimeGrainSpan.TotalMinutes));
            return minutes * MinuteTicks;
        }

        private void AddInstanceAggregate(int id, double v)
        {
            if (instAggCount[id] == 0)
            {
                instAggSum[id] = v;
                instAggMin[id] = v;
                instAggMax[id] = v;
            }
            else
            {
                instAggSum[id] += v;
                instAggMin[id] = Math.Min(instAggMin[id], v);
                instAggMax[id] = Math.Max(instAggMax[id], v);
            }

            instAggLast[id] = v;
            instAggCount[id]++;
        }

        private (Func<int, bool>? Allowed, IReadOnlyList<string> Ignored) DimensionFilter(MetricTrigger trigger)
        {
            if (trigger.Dimensions.Count == 0)
            {
                return (null, Array.Empty<string>());
            }

            var ignored = new List<string>();
            var filters = new List<MetricDimension>();
            foreach (var d in trigger.Dimensions)
            {
                if (Array.Exists(InstanceDimensionNames, n => string.Equals(n, d.DimensionName, StringComparison.OrdinalIgnoreCase)))
                {
                    filters.Add(d);
                }
                else
                {
                    ignored.Add(d.ToString());
                }
            }

            if (filters.Count == 0)
            {
                return (null, ignored);
            }

            var names = instanceNames;
            bool Allowed(int id)
            {
                foreach (var f in filters)
                {
                    var listed = false;
                    foreach (var v in f.Values)
                    {
                        if (v == "*" || string.Equals(v, names[id], StringComparison.OrdinalIgnoreCase))
                        {
                            listed = true;
                            break;
                        }
                    }

                    if (listed != (f.DimensionOperator == DimensionOperator.Equals))
                    {
                        return false;
                    }
                }

                return true;
            }

            return (Allowed, ignored);
        }

        private void NextStamp()
        {
            stamp++;
            if (stamp == int.MaxValue)
            {
                Array.Clear(seenStamp, 0, seenStamp.Length);
                stamp = 1;
            }
        }

        private void EnsureScratch(int n)
        {
            if (n <= grainSum.Length)
            {
                return;
            }

            var size = Math.Max(n, grainSum.Length * 2);
            Array.Resize(ref grainSum, size);
            Array.Resize(ref grainCount, size);
            Array.Resize(ref grainStamp, size);
            Array.Resize(ref seenStamp, size);
            Array.Resize(ref instAggSum, size);
            Array.Resize(ref instAggMin, size);
            Array.Resize(ref instAggMax, size);
            Array.Resize(ref instAggLast, size);
            Array.Resize(ref instAggCount, size);
            Array.Resize(ref touched, size);
            var known = nextInstanceId.Length;
            Array.Resize(ref nextInstanceId, size);
            for (var i = known; i < size; i++)
            {
                nextInstanceId[i] = -1;
            }
        }

        /// <summary>What a window reading gathered: the time aggregation over grains, the instances seen and, under RedistributeTotal, the capacities spread over.</summary>
        private readonly struct Tally
        {
            public Tally(Accumulator aggregation, int instancesSeen, int? spreadMin, int? spreadMax)
            {
                Aggregation = aggregation;
                InstancesSeen = instancesSeen;
                SpreadMin = spreadMin;
                SpreadMax = spreadMax;
            }

            public Accumulator Aggregation { get; }

            public int InstancesSeen { get; }

            public int? SpreadMin { get; }

            public int? SpreadMax { get; }
        }

        private struct Accumulator
        {
            public double Sum;
            public double Min;
            public double Max;
            public double Last;
            public int Count;

            public void Add(double v)
            {
                AddRange(v, v, v);
                Last = v;
            }

            /// <summary>Adds a slot entry that already holds several raw values: their total, smallest and largest.</summary>
            public void AddRange(double total, double min, double max)
            {
                if (Count == 0)
                {
                    Min = min;
                    Max = max;
                    Sum = total;
                }
                else
                {
                    Sum += total;
                    Min = Math.Min(Min, min);
                    Max = Math.Max(Max, max);
                }

                Count++;
            }
        }

        /// <summary>One minute of one series: per instance, the total, number, smallest and largest of its raw values in that minute.</summary>
        private sealed class Slot
        {
            public long Minute;
            public int Count;
            public int[] Inst = new int[8];
            public double[] Total = new double[8];
            public double[] N = new double[8];
            public double[] Min = new double[8];
            public double[] Max = new double[8];
            public long[] LastTicks = new long[8];

            // The slot's raw totals over all its instances, computed once when a window first reads the slot
            // and dropped whenever a sample changes it; summed in entry order, as the by-grain path sums them.
            private bool totalsValid;
            public double RawSum;
            public double RawCount;
            public double RawMin;
            public double RawMax;

            // Each entry's mean, for per-instance readings; computed and dropped like the totals.
            private bool meansValid;
            private double[] mean = new double[8];

            public void Reset(long minute)
            {
                Minute = minute;
                Count = 0;
                Changed();
            }

            /// <summary>Drops what was computed from the slot's entries; every change to an entry calls it.</summary>
            public void Changed()
            {
                totalsValid = false;
                meansValid = false;
            }

            /// <summary>Each entry's mean (total over number of raw values), computed once per change of the slot rather than once per window that reads it.</summary>
            public double[] Means()
            {
                if (!meansValid)
                {
                    if (mean.Length < Count)
                    {
                        mean = new double[Inst.Length];
                    }

                    for (var k = 0; k < Count; k++)
                    {
                        mean[k] = Total[k] / N[k];
                    }

                    meansValid = true;
                }

                return mean;
            }

            public void EnsureTotals()
            {
                if (totalsValid)
                {
                    return;
                }

                double sum = Total[0], min = Min[0], max = Max[0], n = 0;
                n += N[0];
                for (var k = 1; k < Count; k++)
                {
                    sum += Total[k];
                    min = Math.Min(min, Min[k]);
                    max = Math.Max(max, Max[k]);
                    n += N[k];
                }

                RawSum = sum;
                RawCount = n;
                RawMin = min;
                RawMax = max;
                totalsValid = true;
            }

            public int Append(int id, double total, double n, double min, double max, long ticks)
            {
                if (Count == Inst.Length)
                {
                    var size = Count * 2;
                    Array.Resize(ref Inst, size);
                    Array.Resize(ref Total, size);
                    Array.Resize(ref N, size);
                    Array.Resize(ref Min, size);
                    Array.Resize(ref Max, size);
                    Array.Resize(ref LastTicks, size);
                }

                Changed();
                Inst[Count] = id;
                Total[Count] = total;
                N[Count] = n;
                Min[Count] = min;
                Max[Count] = max;
                LastTicks[Count] = ticks;
                return Count++;
            }
        }

        /// <summary>The slots of one series, oldest first, as a ring buffer; plus where each instance sits in the newest slot.</summary>
        private sealed class Series
        {
            public Series(bool isTarget)
                : this()
            {
                IsTarget = isTarget;
            }

            /// <summary>True for the setting's target scale set, whose instances are its instances.</summary>
            public bool IsTarget { get; }

            private Slot[] ring = new Slot[16];
            private int head;

            public long[] PositionMinute = new long[16];
            public int[] Position = new int[16];

            public int Count { get; private set; }

            public Slot First => ring[head];

            public Slot Last => ring[(head + Count - 1) % ring.Length];

            public Slot this[int i] => ring[(head + i) % ring.Length];

            public void Push(Slot slot)
            {
                if (Count == ring.Length)
                {
                    var bigger = new Slot[ring.Length * 2];
                    for (var i = 0; i < Count; i++)
                    {
                        bigger[i] = this[i];
                    }

                    ring = bigger;
                    head = 0;
                }

                ring[(head + Count) % ring.Length] = slot;
                Count++;
            }

            public Slot PopFirst()
            {
                var slot = ring[head];
                ring[head] = null!;
                head = (head + 1) % ring.Length;
                Count--;
                return slot;
            }

            public void EnsurePositionCapacity(int n)
            {
                if (n > PositionMinute.Length)
                {
                    var size = Math.Max(n, PositionMinute.Length * 2);
                    var old = PositionMinute.Length;
                    Array.Resize(ref PositionMinute, size);
                    Array.Resize(ref Position, size);
                    for (var i = old; i < size; i++)
                    {
                        PositionMinute[i] = long.MinValue;
                    }
                }
            }

            public Series()
            {
                for (var i = 0; i < PositionMinute.Length; i++)
                {
                    PositionMinute[i] = long.MinValue;
                }
            }

            /// <summary>Index of the first slot whose minute is at or after <paramref name="ticks"/> (binary search; slots are in time order).</summary>
            public int IndexAtOrAfter(long ticks)
            {
                int lo = 0, hi = Count;
                while (lo < hi)
                {
                    var mid = (lo + hi) >> 1;
                    if (this[mid].Minute < ticks)
                    {
                        lo = mid + 1;
                    }
                    else
                    {
                        hi = mid;
                    }
                }

                return lo;
            }
        }
    }
}
