using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using global::Azure.Data.Tables;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Azure.Storage
{
    /// <summary>
    /// LAD 2.3 "OMI query" tables: wide rows with one column per counter, PartitionKey
    /// {hash bucket}___{ticks}. A time range is one PartitionKey range per hash bucket; with known
    /// host names only their buckets are read, otherwise every bucket of the eventVolume.
    /// </summary>
    internal static class Lad23Reader
    {
        public const string SourceName = "LAD2.3";

        /// <summary>Rule metric names are \Class\Column; the class picks the table LAD 2.3 writes it to.</summary>
        private static readonly IReadOnlyDictionary<string, string> TableByClass = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Processor"] = "LinuxCpuVer2v0",
            ["Memory"] = "LinuxMemoryVer2v0",
            ["PhysicalDisk"] = "LinuxDiskVer2v0",
        };

        /// <summary>The table and column of a LAD 2.x metric name, or null when LAD 2.3 has no table for it.</summary>
        public static (string Table, string Column)? Locate(string metricName)
        {
            var parts = metricName.Split(new[] { '\\' }, StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2 && TableByClass.TryGetValue(parts[0], out var table) ? (table, parts[1]) : ((string, string)?)null;
        }

        public static IEnumerable<MetricSample> Read(
            TableServiceClient service, DiagnosticsTableQuery query, DiagnosticsReadReport report, Action<string> verbose, CancellationToken cancellationToken)
        {
            var located = TableReading.Distinct(query.MetricNames)
                .Select(m => (Metric: m, Place: Locate(m)))
                .ToList();
            var unknown = located.Where(l => l.Place == null).Select(l => l.Metric).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"LAD 2.3 tables hold no counter named {string.Join(", ", unknown)}: the names look like \\Processor\\PercentProcessorTime, \\Memory\\PercentUsedMemory or \\PhysicalDisk\\ReadBytesPerSecond.");
            }

            var partitions = DiagnosticsKeys.PartitionCount(query.EventVolume);
            var buckets = query.HostNames.Count > 0
                ? query.HostNames.Select(h => DiagnosticsKeys.MdsdHash(h) % (ulong)partitions).Distinct().OrderBy(b => b).ToList()
                : Enumerable.Range(0, partitions).Select(b => (ulong)b).ToList();
            var hosts = new HashSet<string>(query.HostNames, StringComparer.OrdinalIgnoreCase);

            foreach (var group in located.GroupBy(l => l.Place!.Value.Table, StringComparer.OrdinalIgnoreCase))
            {
                var table = group.Key;
                var wanted = group.Select(l => (l.Metric, Column: l.Place!.Value.Column)).ToList();
                var select = new[] { "PartitionKey", "Host" }.Concat(wanted.Select(w => w.Column)).ToList();
                foreach (var bucket in buckets)
                {
                    var lower = DiagnosticsKeys.Lad23PartitionKey(bucket, query.StartTime);
                    var upper = DiagnosticsKeys.Lad23PartitionKey(bucket, query.EndTime);
                    var filter = TableClient.CreateQueryFilter($"PartitionKey ge {lower} and PartitionKey lt {upper}");
                    foreach (var row in TableReading.Rows(service, table, filter, select, report, verbose, cancellationToken))
                    {
                        var host = TableReading.Text(row, "Host") ?? string.Empty;
                        var time = DiagnosticsKeys.TimeFromLad23PartitionKey(row.PartitionKey);

                        // Other hosts share a bucket; when the caller named hosts, theirs are the rows asked for.
                        if (time == null || (hosts.Count > 0 && !hosts.Contains(host)))
                        {
                            continue;
                        }

                        foreach (var (metric, column) in wanted)
                        {
                            if (TableReading.Number(row, column) is double value)
                            {
                                yield return new MetricSample
                                {
                                    Instance = host,
                                    Timestamp = time.Value,
                                    MetricName = metric,
                                    Value = value,
                                    Source = SourceName,
                                    Table = table,
                                };
                            }
                        }
                    }

                    if (report.TablesMissing.Contains(table))
                    {
                        break;
                    }
                }
            }
        }
    }
}
