using System;
using System.Collections.Generic;
using System.Linq;
using Azure.Data.Tables;
using VmssAutoscale.Azure.Storage;

namespace VmssAutoscale.TestData
{
    /// <summary>One scale-set instance in a scenario: its names and which minutes of the window it wrote.</summary>
    public sealed class ScenarioInstance
    {
        public ScenarioInstance(string vmName, string host, string instanceId, double cpu, int lastMinute, params int[] gaps)
        {
            VmName = vmName;
            Host = host;
            InstanceId = instanceId;
            Cpu = cpu;
            LastMinute = lastMinute;
            Gaps = gaps;
        }

        public string VmName { get; }

        /// <summary>The computer name the agent writes as Host / RoleInstance.</summary>
        public string Host { get; }

        public string InstanceId { get; }

        /// <summary>Base CPU; the value of minute m is Cpu + (m mod 3), so every row is distinguishable.</summary>
        public double Cpu { get; }

        /// <summary>Minute offset from the window end of the last period written (-1 = up to date); int.MinValue = wrote nothing.</summary>
        public int LastMinute { get; }

        /// <summary>Minute offsets (from the window end) that are missing.</summary>
        public IReadOnlyList<int> Gaps { get; }

        public double CpuAt(int minute) => Cpu + (((minute % 3) + 3) % 3);

        /// <summary>Minute offsets in [-windowMinutes, -1] this instance wrote.</summary>
        public IEnumerable<int> Minutes(int windowMinutes) =>
            LastMinute == int.MinValue
                ? Enumerable.Empty<int>()
                : Enumerable.Range(-windowMinutes, windowMinutes).Where(m => m <= LastMinute && !Gaps.Contains(m));
    }

    /// <summary>
    /// The scenarios the tests read back. Times are fixed (not "now") so a 10-day table boundary
    /// can sit inside the window; the window is [End - 30 min, End), End is 10 minutes past the
    /// boundary between WADMetrics…20240503 and …20240513.
    /// </summary>
    public static class Scenarios
    {
        public const string Subscription = "00000000-0000-0000-0000-000000000000";
        public const string ResourceGroup = "rg-diag";
        public const string WindowsScaleSet = "web-vmss";
        public const string LinuxScaleSet = "lin-vmss";
        public const string OtherScaleSet = "other-vmss";
        public const string WadCpu = @"\Processor(_Total)\% Processor Time";
        public const string WadMemory = @"\Memory\% Committed Bytes In Use";
        public const string LadCpu = @"\Processor\PercentProcessorTime";
        public const string LadMemory = @"\Memory\PercentUsedMemory";
        public const int WindowMinutes = 30;
        public const string Lad23EventVolume = "Large";

        /// <summary>The 10-day table boundary inside the window (2024-05-13T00:00Z is on the FILETIME 10-day grid).</summary>
        public static readonly DateTime Boundary = DiagnosticsKeys.TenDayBucketStart(new DateTime(2024, 5, 15, 0, 0, 0, DateTimeKind.Utc));

        public static DateTime End => Boundary.AddMinutes(10);

        public static DateTime Start => End.AddMinutes(-WindowMinutes);

        public static string ResourceId(string scaleSet) =>
            $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/{scaleSet}";

        /// <summary>Healthy, healthy with gaps, lagging 8 minutes, silent for 20 minutes, and one that never wrote.</summary>
        public static IReadOnlyList<ScenarioInstance> Windows { get; } = new[]
        {
            new ScenarioInstance("web-vmss_0", "webvmss000000", "0", 80, -1),
            new ScenarioInstance("web-vmss_1", "webvmss000001", "1", 60, -1, -15, -14, -3),
            new ScenarioInstance("web-vmss_2", "webvmss000002", "2", 90, -8),
            new ScenarioInstance("web-vmss_3", "webvmss000003", "3", 10, -20),
            new ScenarioInstance("web-vmss_4", "webvmss000004", "4", 0, int.MinValue),
        };

        public static IReadOnlyList<ScenarioInstance> Linux { get; } = new[]
        {
            new ScenarioInstance("lin-vmss_0", "linvmss000000", "0", 40, -1),
            new ScenarioInstance("lin-vmss_1", "linvmss000001", "1", 20, -1, -10),
            new ScenarioInstance("lin-vmss_2", "linvmss000002", "2", 70, -6),
        };

        public static DateTime MinuteTime(int minute) => End.AddMinutes(minute);

        /// <summary>WADMetrics rows for the Windows scale set (PT1M), including rows outside the window, a second counter, and a neighbour partition.</summary>
        public static IEnumerable<TableEntity> WindowsWadMetrics()
        {
            var id = ResourceId(WindowsScaleSet);
            foreach (var i in Windows)
            {
                foreach (var m in i.Minutes(WindowMinutes))
                {
                    var v = i.CpuAt(m);
                    yield return DiagnosticsRows.WadMetrics(id, MinuteTime(m), WadCpu, i.Host, i.InstanceId, v, v - 5, v + 5, 4);
                }
            }

            var first = Windows[0];

            // Outside the window on both sides: a correct key range never returns them.
            foreach (var m in new[] { -WindowMinutes - 2, -WindowMinutes - 1, 0, 1 })
            {
                yield return DiagnosticsRows.WadMetrics(id, MinuteTime(m), WadCpu, first.Host, first.InstanceId, 999, 999, 999, 4);
            }

            // Another counter in the same minutes, and LAD 3.0's counter-first copies: both must be left out.
            foreach (var m in first.Minutes(WindowMinutes))
            {
                yield return DiagnosticsRows.WadMetrics(id, MinuteTime(m), WadMemory, first.Host, first.InstanceId, 33, 30, 36, 4);
                yield return DiagnosticsRows.WadMetrics(id, MinuteTime(m), WadCpu, first.Host, first.InstanceId, 555, 555, 555, 4, counterFirstKey: true);
            }

            // A neighbour scale set in the same tables (another partition).
            foreach (var m in Enumerable.Range(-WindowMinutes, WindowMinutes))
            {
                yield return DiagnosticsRows.WadMetrics(ResourceId(OtherScaleSet), MinuteTime(m), WadCpu, "othervmss000000", "0", 777, 777, 777, 4);
            }
        }

        /// <summary>Raw WAD samples every 15 s for the first three Windows instances (same gaps and silences).</summary>
        public static IEnumerable<TableEntity> WindowsPerformanceCounters()
        {
            foreach (var i in Windows.Take(4))
            {
                foreach (var m in i.Minutes(WindowMinutes))
                {
                    for (var s = 0; s < 4; s++)
                    {
                        var t = MinuteTime(m).AddSeconds(s * 15);
                        yield return DiagnosticsRows.WadPerformanceCounter(t, "ec26b7a1720447e1bcdeefc41c4892a3", WindowsScaleSet, i.Host, WadCpu, i.CpuAt(m) + s);
                        yield return DiagnosticsRows.WadPerformanceCounter(t, "ec26b7a1720447e1bcdeefc41c4892a3", WindowsScaleSet, i.Host, WadMemory, 50);
                    }
                }
            }

            // The minute after the window.
            var first = Windows[0];
            yield return DiagnosticsRows.WadPerformanceCounter(MinuteTime(0), "ec26b7a1720447e1bcdeefc41c4892a3", WindowsScaleSet, first.Host, WadCpu, 999);
        }

        /// <summary>LAD 2.3 LinuxCpuVer2v0 and LinuxMemoryVer2v0 rows, one per host and minute.</summary>
        public static IEnumerable<(string Table, TableEntity Row)> Lad23()
        {
            foreach (var i in Linux)
            {
                foreach (var m in i.Minutes(WindowMinutes).Concat(new[] { 0, 2 }.Where(_ => i.LastMinute == -1)))
                {
                    var cpu = m >= 0 ? 999 : i.CpuAt(m);
                    yield return ("LinuxCpuVer2v0", DiagnosticsRows.Lad23(i.Host, MinuteTime(m), Lad23EventVolume, new Dictionary<string, double>
                    {
                        ["PercentProcessorTime"] = cpu,
                        ["PercentIOWaitTime"] = 1,
                        ["PercentIdleTime"] = 100 - cpu,
                    }));
                    yield return ("LinuxMemoryVer2v0", DiagnosticsRows.Lad23(i.Host, MinuteTime(m), Lad23EventVolume, new Dictionary<string, double>
                    {
                        ["PercentUsedMemory"] = 45,
                        ["PercentAvailableMemory"] = 55,
                    }));
                }
            }
        }

        /// <summary>Writes every scenario; returns the number of rows.</summary>
        public static long SeedAll(TableServiceClient service)
        {
            var n = WriteWadMetrics(service, WindowsWadMetrics());
            n += DiagnosticsRows.Write(service, DiagnosticsKeys.WadPerformanceCountersTable, WindowsPerformanceCounters());
            foreach (var group in Lad23().GroupBy(r => r.Table))
            {
                n += DiagnosticsRows.Write(service, group.Key, group.Select(g => g.Row));
            }

            return n;
        }

        /// <summary>PT1M WADMetrics rows into the 10-day table of each row's period, as the agent writes them.</summary>
        public static long WriteWadMetrics(TableServiceClient service, IEnumerable<TableEntity> rows)
        {
            long n = 0;
            foreach (var group in rows.GroupBy(r => DiagnosticsKeys.PeriodStartFromRowKey(r.RowKey) is DateTime t
                ? DiagnosticsKeys.WadMetricsTableName(TimeSpan.FromMinutes(1), t)
                : DiagnosticsKeys.WadMetricsTableName(TimeSpan.FromMinutes(1), (DateTime)((DateTimeOffset)r["TIMESTAMP"]).UtcDateTime)))
            {
                n += DiagnosticsRows.Write(service, group.Key, group);
            }

            return n;
        }

        /// <summary>
        /// The live scenario (fake ARM + Azurite): one WAD CPU row per instance and minute for
        /// the <paramref name="minutes"/> before the minute of <paramref name="end"/> and the
        /// <paramref name="ahead"/> minutes from it. A row's value is level + (m mod 3), m its
        /// minute offset, like every other scenario, or the level alone when <paramref name="flat"/>:
        /// a flat line averages the same over any window, so two live runs a minute apart agree.
        /// Times follow the caller's "now" because Debug-VmssAutoscale reads the hour before now.
        /// </summary>
        public static IEnumerable<TableEntity> LiveWadMetrics(
            string metricsResourceId, DateTime end, int minutes, int ahead, bool flat, IReadOnlyList<(string Host, string InstanceId, double Level)> instances)
        {
            var last = new DateTime(end.Year, end.Month, end.Day, end.Hour, end.Minute, 0, DateTimeKind.Utc);
            foreach (var (host, instanceId, level) in instances)
            {
                var instance = new ScenarioInstance(host, host, instanceId, level, -1);
                for (var m = -minutes; m < ahead; m++)
                {
                    var v = flat ? level : instance.CpuAt(m);
                    yield return DiagnosticsRows.WadMetrics(metricsResourceId, last.AddMinutes(m), WadCpu, host, instanceId, v, v - 5, v + 5, 4);
                }
            }
        }
    }
}
