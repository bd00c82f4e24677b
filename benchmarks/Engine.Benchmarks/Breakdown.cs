using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Benchmarks
{
    /// <summary>
    /// Where the time of a replay goes, on a real CSV file, in one process: the bare reads (bytes, then
    /// lines: the floor), the reader alone, the reader feeding the window store, the whole simulation
    /// without and with reasons, and the reference window path. Each phase runs <c>runs</c> times and the
    /// best wall time is reported with its CPU time, so a busy machine's noise is visible.
    /// Usage: dotnet run -c Release -- breakdown FILE.csv [runs]
    /// </summary>
    public static class Breakdown
    {
        public static void Run(string[] args)
        {
            var path = args[0];
            var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
            // An optional third argument runs only the phases whose name contains it (for a profiler run).
            only = args.Length > 2 ? args[2] : null;
            var setting = Workload.Setting();
            long samples = 0;
            Console.WriteLine($"file {path}, {new FileInfo(path).Length / 1e6:0} MB, load average {LoadAverage()}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            Console.WriteLine("| phase | best wall | its CPU | samples/s (wall) | allocated |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            Phase("bare read: bytes (64 KB blocks)", runs, () =>
            {
                var buffer = new byte[1 << 16];
                using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                long n = 0;
                int r;
                while ((r = f.Read(buffer, 0, buffer.Length)) > 0)
                {
                    n += r;
                }

                return samples;
            });
            Phase("bare read: lines (StreamReader.ReadLine)", runs, () =>
            {
                using var r = new StreamReader(path);
                long n = -1;
                while (r.ReadLine() != null)
                {
                    n++;
                }

                return samples = n;
            });
            Phase("parse (SampleCsvReader)", runs, () =>
            {
                using var r = new SampleCsvReader(path);
                long n = 0;
                foreach (var _ in r.ReadAll())
                {
                    n++;
                }

                return n;
            });
            Phase("parse + store (window store, evicted each minute)", runs, () =>
            {
                using var r = new SampleCsvReader(path);
                var store = new MetricWindowStore();
                long n = 0;
                long minute = long.MinValue;
                foreach (var s in r.ReadAll())
                {
                    var m = s.UtcTicks - (s.UtcTicks % TimeSpan.TicksPerMinute);
                    if (m != minute)
                    {
                        minute = m;
                        store.EvictBefore(new DateTime(m, DateTimeKind.Utc).AddMinutes(-12));
                    }

                    store.Add(s);
                    n++;
                }

                return n;
            });
            Phase("parse, sequential reader (one core)", runs, () =>
            {
                using var r = new SampleCsvReader(path) { Workers = 0 };
                long n = 0;
                foreach (var _ in r.ReadAll())
                {
                    n++;
                }

                return n;
            });
            Phase("-Summary, sequential reader (one core)", runs, () => Simulate(path, setting, new SimulationOptions { KeepDetail = false, Explain = false }, workers: 0));
            Phase("-Summary, one parsing worker (pipelined)", runs, () => Simulate(path, setting, new SimulationOptions { KeepDetail = false, Explain = false }, workers: 1));
            Phase("parse + store + evaluate (-Summary: no reasons)", runs, () => Simulate(path, setting, new SimulationOptions { KeepDetail = false, Explain = false }));
            Phase("parse + store + evaluate + reasons (timeline)", runs, () => Simulate(path, setting, new SimulationOptions()));
            Phase("reference window path, -Summary", 1, () => Simulate(path, setting, new SimulationOptions { KeepDetail = false, Explain = false, UseReferenceWindowPath = true }));
        }

        /// <summary>
        /// Memory against history length: <paramref name="days"/> × 100 instances generated as a stream (no
        /// file: a year is about 2.4 GB of CSV) through the simulator (-Summary), then the process's peak
        /// working set. Usage: dotnet run -c Release -- history 365
        /// </summary>
        public static void History(int days)
        {
            var setting = Workload.Setting();
            var names = new string[100];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = "vmss_" + i;
            }

            IEnumerable<SampleRecord> Stream()
            {
                foreach (var (minute, instance, value) in Workload.Samples(days * 1440, names.Length))
                {
                    yield return new SampleRecord("Percentage CPU", names[instance], Workload.Start.AddMinutes(minute).Ticks, value);
                }
            }

            var p = Process.GetCurrentProcess();
            var cpu0 = p.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var sim = new AutoscaleSimulator(setting, null, new SimulationOptions { KeepDetail = false, Explain = false });
            foreach (var _ in sim.Run(Stream()))
            {
            }

            sw.Stop();
            p.Refresh();
            Console.WriteLine($"{days} days x 100 instances: {sim.SamplesRead:N0} samples, {sw.Elapsed.TotalSeconds:0.0} s wall, {(p.TotalProcessorTime - cpu0).TotalSeconds:0.0} s CPU, {sim.SamplesRead / sw.Elapsed.TotalSeconds:N0} samples/s, peak working set {p.PeakWorkingSet64 / 1048576.0:0} MB, load average {LoadAverage()}");
        }

        /// <param name="workers">Parsing threads; null for the reader's default (parallel on a large file), 0 for the sequential reader.</param>
        private static long Simulate(string path, AutoscaleSetting setting, SimulationOptions options, int? workers = null)
        {
            using var r = new SampleCsvReader(path);
            if (workers is int w)
            {
                r.Workers = w;
            }

            var sim = new AutoscaleSimulator(setting, null, options);
            foreach (var _ in sim.Run(r.ReadAll()))
            {
            }

            return sim.SamplesRead;
        }

        private static string? only;

        private static void Phase(string name, int runs, Func<long> body)
        {
            if (only != null && name.IndexOf(only, StringComparison.OrdinalIgnoreCase) < 0)
            {
                return;
            }

            var best = TimeSpan.MaxValue;
            var bestCpu = TimeSpan.Zero;
            long allocated = 0;
            long n = 0;
            for (var i = 0; i < runs; i++)
            {
                GC.Collect();
                var p = Process.GetCurrentProcess();
                var cpu0 = p.TotalProcessorTime;
                var bytes0 = GC.GetTotalAllocatedBytes(precise: true);
                var sw = Stopwatch.StartNew();
                n = body();
                sw.Stop();
                p.Refresh();
                if (sw.Elapsed < best)
                {
                    best = sw.Elapsed;
                    bestCpu = p.TotalProcessorTime - cpu0;
                    allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
                }
            }

            var rate = n > 0 ? (n / best.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine($"| {name} | {best.TotalSeconds:0.000} s | {bestCpu.TotalSeconds:0.000} s | {rate} | {allocated / 1048576.0:0} MB |");
        }

        private static string LoadAverage() =>
            File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
    }
}
