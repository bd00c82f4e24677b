using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using Xunit;

namespace VmssAutoscale.Tests.Engine
{
    /// <summary>
    /// The by-minute window path (slot totals, latest-minute instance count) must give exactly what the
    /// reference path (every instance of every slot, grain by grain) gives: same numbers to the bit, same
    /// decisions, same reasons. Randomized inputs with fixed seeds, so a failure reproduces.
    /// </summary>
    public class WindowPathEquivalenceTests
    {
        private const string Target = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss";
        private const string Other = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/bus";
        private static readonly string[] Metrics = { "Percentage CPU", "Available Memory Bytes" };
        private static readonly MetricStatistic[] Statistics = (MetricStatistic[])Enum.GetValues(typeof(MetricStatistic));
        private static readonly TimeAggregationType[] Aggregations = (TimeAggregationType[])Enum.GetValues(typeof(TimeAggregationType));

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        public void Store_readings_match_the_reference_path(int seed)
        {
            var random = new Random(seed);
            var samples = Samples(random, minutes: 90, instances: random.Next(1, 9));
            var fast = new MetricWindowStore(Target);
            var reference = new MetricWindowStore(Target) { UseReferencePath = true };
            var t0 = new DateTime(samples[0].UtcTicks - (samples[0].UtcTicks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
            var next = 0;
            for (var minute = 5; minute < 95; minute++)
            {
                var t = t0.AddMinutes(minute);
                // Feed up to a random point inside the minute, so some readings see a slot that is still filling.
                var until = t.AddSeconds(random.Next(0, 60)).Ticks;
                for (; next < samples.Count && samples[next].UtcTicks < until; next++)
                {
                    Assert.Equal(reference.Add(samples[next]), fast.Add(samples[next]));
                }

                for (var k = 0; k < 6; k++)
                {
                    var trigger = Trigger(random);
                    var lag = TimeSpan.FromMinutes(random.Next(0, 3));
                    var perInstance = random.Next(2) == 0;
                    var scope = random.Next(4) == 0 ? StatisticScope.AcrossInstanceMeans : StatisticScope.WithinGrain;
                    var capacity = random.Next(1, 10);
                    Func<DateTime, int>? capacityAt = random.Next(5) == 0 ? (_ => capacity) : null;
                    var expected = reference.Observe(trigger, t, capacity, lag, perInstance, capacityAt, scope);
                    var actual = fast.Observe(trigger, t, capacity, lag, perInstance, capacityAt, scope);
                    AssertSame(expected, actual, $"seed {seed}, {t:HH:mm:ss}, {trigger.MetricName} {trigger.Statistic}/{trigger.TimeAggregation} grain {trigger.TimeGrain} window {trigger.TimeWindow} lag {lag}");
                }
            }
        }

        [Theory]
        [InlineData(11, false)]
        [InlineData(12, true)]
        [InlineData(13, true)]
        [InlineData(14, false)]
        public void Simulations_match_the_reference_path_step_by_step(int seed, bool redistribute)
        {
            var random = new Random(seed);
            var samples = Samples(random, minutes: 600, instances: 6);
            var rules = Enumerable.Range(0, random.Next(2, 5)).Select(i => new ScaleRule
            {
                MetricTrigger = Trigger(random, Threshold(random)),
                ScaleAction = new ScaleAction
                {
                    ScaleDirection = i % 2 == 0 ? ScaleDirection.Increase : ScaleDirection.Decrease,
                    ScaleType = ScaleType.ChangeCount,
                    Value = random.Next(1, 3),
                    CooldownSpan = TimeSpan.FromMinutes(random.Next(1, 15)),
                },
            }).ToList();
            var setting = new AutoscaleSetting
            {
                Name = "random",
                TargetResourceUri = Target,
                Profiles = new[] { new AutoscaleProfile { Name = "default", Capacity = new ScaleCapacity { Minimum = 1, Maximum = 12, Default = 3 }, Rules = rules } },
            };

            List<SimulationStep> Run(bool useReference) =>
                new AutoscaleSimulator(setting, null, new SimulationOptions
                {
                    UseReferenceWindowPath = useReference,
                    LoadModel = redistribute ? LoadModel.RedistributeTotal : LoadModel.AsGiven,
                }).Run(samples).ToList();

            var expected = Run(true);
            var actual = Run(false);
            Assert.True(expected.Count > 500);
            Assert.Contains(expected, s => s.Decision != ScaleDecision.None);
            AssertSameSteps(expected, actual);
        }

        /// <summary>
        /// The by-minute path caches each slot's minute means; a sample added to a minute after a window has
        /// read it (the newest minute, still filling) must be counted by the next reading.
        /// </summary>
        [Fact]
        public void A_minute_read_and_then_added_to_is_read_again()
        {
            var fast = new MetricWindowStore(Target);
            var reference = new MetricWindowStore(Target) { UseReferencePath = true };
            var minute = new DateTime(2024, 5, 1, 10, 1, 0, DateTimeKind.Utc);
            var trigger = new MetricTrigger { MetricName = "Percentage CPU", TimeWindowSpan = TimeSpan.FromMinutes(5), ComparisonOperator = ComparisonOperator.GreaterThan, Threshold = 50 };
            foreach (var store in new[] { fast, reference })
            {
                store.Add(new SampleRecord("Percentage CPU", "vmss_0", minute.AddSeconds(1).Ticks, 10));
                store.Add(new SampleRecord("Percentage CPU", "vmss_1", minute.AddSeconds(1).Ticks, 10));
            }

            var before = fast.Observe(trigger, minute.AddMinutes(1), 2, TimeSpan.Zero, perInstance: true);
            Assert.Equal(new[] { 10.0, 10.0 }, before.PerInstance.Select(p => p.Value));
            foreach (var store in new[] { fast, reference })
            {
                Assert.Equal(SampleAddResult.Added, store.Add(new SampleRecord("Percentage CPU", "vmss_0", minute.AddSeconds(30).Ticks, 30)));
            }

            var after = fast.Observe(trigger, minute.AddMinutes(1), 2, TimeSpan.Zero, perInstance: true);
            Assert.Equal(new[] { 20.0, 10.0 }, after.PerInstance.Select(p => p.Value));
            Assert.Equal(50.0 / 3, after.Value);
            AssertSame(reference.Observe(trigger, minute.AddMinutes(1), 2, TimeSpan.Zero, perInstance: true), after, "after the minute changed");
        }

        /// <summary>
        /// Each instance's value over the window is summed from -0.0 on the by-minute path and from the
        /// first minute on the reference path; signed zeros, infinities and NaN must come out the same bits.
        /// </summary>
        [Theory]
        [InlineData(TimeAggregationType.Average)]
        [InlineData(TimeAggregationType.Total)]
        [InlineData(TimeAggregationType.Count)]
        [InlineData(TimeAggregationType.Maximum)]
        [InlineData(TimeAggregationType.Last)]
        public void Per_instance_values_keep_signed_zeros_and_special_values(TimeAggregationType aggregation)
        {
            var fast = new MetricWindowStore(Target);
            var reference = new MetricWindowStore(Target) { UseReferencePath = true };
            var t0 = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
            var series = new[]
            {
                new[] { -0.0, -0.0, -0.0 },
                new[] { -0.0, 0.0, -0.0 },
                new[] { 0.0, -0.0, 0.0 },
                new[] { 1e-310, -1e-310, -0.0 },
                new[] { double.PositiveInfinity, 1, 2 },
                new[] { double.NaN, 3, 4 },
            };
            for (var m = 0; m < 3; m++)
            {
                for (var i = 0; i < series.Length; i++)
                {
                    var sample = new SampleRecord("Percentage CPU", "vmss_" + i, t0.AddMinutes(m).Ticks, series[i][m]);
                    fast.Add(sample);
                    reference.Add(sample);
                }
            }

            var trigger = new MetricTrigger { MetricName = "Percentage CPU", MetricStatistic = MetricStatistic.Average, TimeAggregationType = aggregation, TimeGrainSpan = TimeSpan.FromMinutes(1), TimeWindowSpan = TimeSpan.FromMinutes(5), ComparisonOperator = ComparisonOperator.GreaterThan, Threshold = 50 };
            var expected = reference.Observe(trigger, t0.AddMinutes(3), 6, TimeSpan.Zero, perInstance: true);
            var actual = fast.Observe(trigger, t0.AddMinutes(3), 6, TimeSpan.Zero, perInstance: true);
            Assert.Equal(6, actual.PerInstance.Count);
            if (aggregation == TimeAggregationType.Average)
            {
                Assert.True(double.IsNegative(actual.PerInstance[0].Value), "an instance whose every minute is -0.0 averages -0.0");
                Assert.False(double.IsNegative(actual.PerInstance[1].Value), "-0.0 + 0.0 is +0.0");
            }

            AssertSame(expected, actual, aggregation.ToName());
        }

        /// <summary>
        /// The same samples written to a CSV file and read back by the parallel reader (many small blocks,
        /// each worker with its own name pools) must simulate step for step as the sequential reader's.
        /// </summary>
        [Theory]
        [InlineData(21, 1)]
        [InlineData(22, 2)]
        [InlineData(23, 3)]
        public void Simulations_from_a_file_read_in_parallel_match_the_sequential_read(int seed, int workers)
        {
            var random = new Random(seed);
            var samples = Samples(random, minutes: 400, instances: 6);
            var setting = new AutoscaleSetting
            {
                Name = "random",
                TargetResourceUri = Target,
                Profiles = new[]
                {
                    new AutoscaleProfile
                    {
                        Name = "default",
                        Capacity = new ScaleCapacity { Minimum = 1, Maximum = 12, Default = 3 },
                        Rules = Enumerable.Range(0, 4).Select(i => new ScaleRule
                        {
                            MetricTrigger = Trigger(random, Threshold(random)),
                            ScaleAction = new ScaleAction { ScaleDirection = i % 2 == 0 ? ScaleDirection.Increase : ScaleDirection.Decrease, ScaleType = ScaleType.ChangeCount, Value = 1, CooldownSpan = TimeSpan.FromMinutes(random.Next(1, 10)) },
                        }).ToList(),
                    },
                },
            };
            var path = TestFiles.ScratchPath($"window-{seed}", ".csv");
            var csv = new System.Text.StringBuilder("Instance,Timestamp,MetricName,Value,ResourceId,Minimum,Maximum,Count\n");
            foreach (var s in samples)
            {
                string N(double v) => double.IsNaN(v) ? string.Empty : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                csv.Append(s.Instance).Append(',').Append(s.Timestamp.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                    .Append(s.MetricName).Append(',').Append(N(s.Value)).Append(',').Append(s.ResourceId).Append(',')
                    .Append(N(s.Minimum)).Append(',').Append(N(s.Maximum)).Append(',').Append(N(s.Count)).Append('\n');
            }

            System.IO.File.WriteAllText(path, csv.ToString());
            try
            {
                List<SimulationStep> Run(int readers)
                {
                    using var reader = new VmssAutoscale.Sources.SampleCsvReader(path) { Workers = readers, ParallelMinBytes = 0, BlockBytes = 1 + random.Next(200, 2000) };
                    return new AutoscaleSimulator(setting, null, new SimulationOptions()).Run(reader.ReadAll()).ToList();
                }

                var expected = Run(0);
                Assert.True(expected.Count > 300);
                AssertSameSteps(expected, Run(workers));
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }

        private static void AssertSameSteps(List<SimulationStep> expected, List<SimulationStep> actual)
        {
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Reason, actual[i].Reason);
                Assert.Equal(expected[i].NewCapacity, actual[i].NewCapacity);
                Assert.Equal(expected[i].Outcome, actual[i].Outcome);
                var e = expected[i].Detail!.Rules;
                var a = actual[i].Detail!.Rules;
                for (var r = 0; r < e.Count; r++)
                {
                    Assert.Equal(Bits(e[r].ObservedValue), Bits(a[r].ObservedValue));
                    Assert.Equal(e[r].InstancesSeen, a[r].InstancesSeen);
                    Assert.Equal(e[r].GrainsUsed, a[r].GrainsUsed);
                }
            }
        }

        private static double Threshold(Random random) => random.Next(20, 80);

        private static MetricTrigger Trigger(Random random, double threshold = 50)
        {
            var other = random.Next(6) == 0;
            var dimensions = random.Next(6) == 0
                ? new[] { new MetricDimension { DimensionName = "VMName", DimensionOperator = random.Next(2) == 0 ? DimensionOperator.Equals : DimensionOperator.NotEquals, Values = new[] { "vmss_1", "vmss_3" } } }
                : Array.Empty<MetricDimension>();
            return new MetricTrigger
            {
                // Mostly one-minute grains (the by-minute path), some longer (the reference path either way).
                MetricName = Metrics[random.Next(Metrics.Length)],
                MetricResourceUri = other ? Other : (random.Next(3) == 0 ? Target : null),
                TimeGrainSpan = TimeSpan.FromMinutes(random.Next(4) == 0 ? random.Next(2, 4) : 1),
                TimeWindowSpan = TimeSpan.FromMinutes(random.Next(1, 16)),
                MetricStatistic = Statistics[random.Next(Statistics.Length)],
                TimeAggregationType = Aggregations[random.Next(Aggregations.Length)],
                ComparisonOperator = random.Next(2) == 0 ? ComparisonOperator.GreaterThan : ComparisonOperator.LessThan,
                Threshold = threshold,
                Dimensions = dimensions,
            };
        }

        /// <summary>Samples in time order: gaps, instances that come and go, several samples in a minute, duplicates, aggregated rows, another resource's series.</summary>
        private static List<SampleRecord> Samples(Random random, int minutes, int instances)
        {
            var start = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
            var list = new List<SampleRecord>();
            for (var m = 0; m < minutes; m++)
            {
                if (random.Next(15) == 0)
                {
                    continue;
                }

                var rows = new List<SampleRecord>();
                for (var i = 0; i < instances; i++)
                {
                    if (random.Next(8) == 0)
                    {
                        continue;
                    }

                    var perMinute = random.Next(5) == 0 ? 2 : 1;
                    for (var r = 0; r < perMinute; r++)
                    {
                        var ticks = start.AddMinutes(m).AddSeconds(random.Next(0, 60)).Ticks;
                        var value = Math.Round(random.NextDouble() * 100, random.Next(0, 4));
                        var metric = Metrics[random.Next(Metrics.Length)];
                        rows.Add(random.Next(6) == 0
                            ? new SampleRecord(metric, "vmss_" + i, ticks, value, 0, null, null, value - random.Next(0, 10), value + random.Next(0, 10), random.Next(1, 5))
                            : new SampleRecord(metric, "vmss_" + i, ticks, value));
                    }
                }

                if (random.Next(3) == 0)
                {
                    rows.Add(new SampleRecord(Metrics[0], "bus", start.AddMinutes(m).Ticks, random.Next(0, 500), 0, Other, null, double.NaN, double.NaN, double.NaN));
                }

                if (rows.Count > 0 && random.Next(10) == 0)
                {
                    rows.Add(rows[0]);
                }

                list.AddRange(rows.OrderBy(r => r.UtcTicks));
            }

            return list;
        }

        private static long? Bits(double? v) => v is double d ? BitConverter.DoubleToInt64Bits(d) : null;

        private static void AssertSame(ObservedValue expected, ObservedValue actual, string because)
        {
            Assert.True(Bits(expected.Value) == Bits(actual.Value), $"{because}: value {expected.Value} vs {actual.Value}");
            Assert.True(Bits(expected.Aggregate) == Bits(actual.Aggregate), $"{because}: aggregate");
            Assert.True(expected.GrainsUsed == actual.GrainsUsed, $"{because}: grains used {expected.GrainsUsed} vs {actual.GrainsUsed}");
            Assert.True(expected.InstancesSeen == actual.InstancesSeen, $"{because}: instances {expected.InstancesSeen} vs {actual.InstancesSeen}");
            Assert.Equal(expected.GrainsInWindow, actual.GrainsInWindow);
            Assert.Equal(expected.WindowStart, actual.WindowStart);
            Assert.Equal(expected.WindowEnd, actual.WindowEnd);
            Assert.Equal(expected.SpreadOverMinimum, actual.SpreadOverMinimum);
            Assert.Equal(expected.SpreadOverMaximum, actual.SpreadOverMaximum);
            Assert.Equal(expected.DividedPerInstance, actual.DividedPerInstance);
            Assert.Equal(expected.IgnoredDimensions, actual.IgnoredDimensions);
            Assert.Equal(expected.PerInstance.Select(p => p.Instance), actual.PerInstance.Select(p => p.Instance));
            Assert.Equal(expected.PerInstance.Select(p => BitConverter.DoubleToInt64Bits(p.Value)), actual.PerInstance.Select(p => BitConverter.DoubleToInt64Bits(p.Value)));
        }
    }
}
