using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Benchmarks
{
    public static class Program
    {
        public static void Main(string[] args)
        {
            if (args.Length > 1 && args[0] == "history")
            {
                Breakdown.History(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
                return;
            }

            if (args.Length > 1 && args[0] == "breakdown")
            {
                Breakdown.Run(args[1..]);
                return;
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.AddColumn(new SamplesPerSecondColumn()));
        }
    }

    /// <summary>
    /// One day × 1-minute × 100 instances (144,000 samples) replayed through the simulator with a
    /// CPU out/in rule pair, from memory (the engine alone) and from CSV text (reader + engine).
    /// </summary>
    [MemoryDiagnoser]
    [SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 15)]
    public class SimulationBenchmarks
    {
        public const int Minutes = 24 * 60;
        public const int Instances = 100;

        private SampleRecord[] samples = Array.Empty<SampleRecord>();
        private string csv = string.Empty;
        private AutoscaleSetting setting = new AutoscaleSetting();

        public static long SampleCount => (long)Minutes * Instances;

        [GlobalSetup]
        public void Setup()
        {
            setting = Workload.Setting();
            var list = new List<SampleRecord>(Minutes * Instances);
            var sb = new StringBuilder("Instance,Timestamp,MetricName,Value\n");
            var names = new string[Instances];
            for (var i = 0; i < Instances; i++)
            {
                names[i] = "vmss_" + i;
            }

            foreach (var (minute, instance, value) in Workload.Samples(Minutes, Instances))
            {
                var t = Workload.Start.AddMinutes(minute);
                list.Add(new SampleRecord("Percentage CPU", names[instance], t.Ticks, value));
                sb.Append(names[instance]).Append(',').Append(t.ToString("yyyy-MM-ddTHH:mm:ssZ")).Append(",Percentage CPU,").Append(value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }

            samples = list.ToArray();
            csv = sb.ToString();
        }

        [Benchmark(Description = "engine: 144k samples from memory")]
        public int EngineFromMemory()
        {
            var sim = new AutoscaleSimulator(setting, null, new SimulationOptions { KeepDetail = false });
            var n = 0;
            foreach (var _ in sim.Run(samples))
            {
                n++;
            }

            return n;
        }

        [Benchmark(Description = "engine, no reasons (-Summary): 144k samples")]
        public int EngineWithoutReasons()
        {
            var sim = new AutoscaleSimulator(setting, null, new SimulationOptions { KeepDetail = false, Explain = false });
            var n = 0;
            foreach (var _ in sim.Run(samples))
            {
                n++;
            }

            return n;
        }

        [Benchmark(Description = "CSV reader + engine: 144k samples")]
        public int EngineFromCsv()
        {
            using var reader = new SampleCsvReader(new StringReader(csv), "bench");
            var sim = new AutoscaleSimulator(setting, null, new SimulationOptions { KeepDetail = false });
            var n = 0;
            foreach (var _ in sim.Run(reader.ReadAll()))
            {
                n++;
            }

            return n;
        }
    }

    /// <summary>The same synthetic load the CSV generator script writes: a daily wave with noise, per instance.</summary>
    public static class Workload
    {
        public static readonly DateTime Start = new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc);

        public static AutoscaleSetting Setting()
        {
            MetricTrigger Trigger(ComparisonOperator op, double threshold) => new MetricTrigger
            {
                MetricName = "Percentage CPU",
                ComparisonOperator = op,
                Threshold = threshold,
                TimeGrainSpan = TimeSpan.FromMinutes(1),
                TimeWindowSpan = TimeSpan.FromMinutes(10),
            };

            return new AutoscaleSetting
            {
                Name = "bench",
                Profiles = new[]
                {
                    new AutoscaleProfile
                    {
                        Name = "default",
                        Capacity = new ScaleCapacity { Minimum = 10, Maximum = 200, Default = 100 },
                        Rules = new[]
                        {
                            new ScaleRule { MetricTrigger = Trigger(ComparisonOperator.GreaterThan, 70), ScaleAction = new ScaleAction { ScaleDirection = ScaleDirection.Increase, Value = 5, CooldownSpan = TimeSpan.FromMinutes(5) } },
                            new ScaleRule { MetricTrigger = Trigger(ComparisonOperator.LessThan, 30), ScaleAction = new ScaleAction { ScaleDirection = ScaleDirection.Decrease, Value = 5, CooldownSpan = TimeSpan.FromMinutes(10) } },
                        },
                    },
                },
            };
        }

        public static IEnumerable<(int Minute, int Instance, double Value)> Samples(int minutes, int instances)
        {
            var random = new Random(42);
            for (var m = 0; m < minutes; m++)
            {
                var wave = 50 + (35 * Math.Sin(2 * Math.PI * m / 1440.0));
                for (var i = 0; i < instances; i++)
                {
                    yield return (m, i, Math.Round(Math.Max(0, Math.Min(100, wave + ((random.NextDouble() - 0.5) * 20))), 2));
                }
            }
        }
    }

    public sealed class SamplesPerSecondColumn : IColumn
    {
        public string Id => nameof(SamplesPerSecondColumn);

        public string ColumnName => "Samples/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Samples processed per second (mean time)";

        public string GetValue(BenchmarkDotNet.Reports.Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase)
        {
            var report = summary[benchmarkCase];
            var mean = report?.ResultStatistics?.Mean;
            return mean is double ns && ns > 0 ? (SimulationBenchmarks.SampleCount / (ns / 1e9)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-";
        }

        public string GetValue(BenchmarkDotNet.Reports.Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase, BenchmarkDotNet.Reports.SummaryStyle style) => GetValue(summary, benchmarkCase);

        public bool IsDefault(BenchmarkDotNet.Reports.Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(BenchmarkDotNet.Reports.Summary summary) => true;
    }
}
