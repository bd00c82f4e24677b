using System;
using System.Collections.Generic;
using System.Threading;
using global::Azure.Data.Tables;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Azure.Storage
{
    /// <summary>
    /// WADPerformanceCountersTable: one row per raw sample, PartitionKey "0" + ticks of the
    /// transfer minute. The key range is widened down to the whole minute (the agent rounds the
    /// partition down) and rows are then trimmed on EventTickCount, the sample's own time.
    /// </summary>
    internal static class WadPerformanceCountersReader
    {
        public const string SourceName = "WADPerformanceCounters";

        private static readonly IReadOnlyList<string> Columns = new[] { "EventTickCount", "RoleInstance", "CounterName", "CounterValue" };

        public static IEnumerable<MetricSample> Read(
            TableServiceClient service, DiagnosticsTableQuery query, DiagnosticsReadReport report, Action<string> verbose, CancellationToken cancellationToken)
        {
            var start = DiagnosticsKeys.ToUtc(query.StartTime);
            var end = DiagnosticsKeys.ToUtc(query.EndTime);
            var lower = DiagnosticsKeys.WadPerformanceCountersPartitionKey(new DateTime(start.Ticks - (start.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc));
            var upper = DiagnosticsKeys.WadPerformanceCountersPartitionKey(end);
            const string table = DiagnosticsKeys.WadPerformanceCountersTable;
            foreach (var metric in TableReading.Distinct(query.MetricNames))
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey ge {lower} and PartitionKey lt {upper} and CounterName eq {metric}");
                foreach (var row in TableReading.Rows(service, table, filter, Columns, report, verbose, cancellationToken))
                {
                    var ticks = TableReading.Int64(row, "EventTickCount");
                    var value = TableReading.Number(row, "CounterValue");
                    if (ticks == null || value == null || ticks < start.Ticks || ticks >= end.Ticks)
                    {
                        continue;
                    }

                    yield return new MetricSample
                    {
                        Instance = TableReading.Text(row, "RoleInstance") ?? string.Empty,
                        Timestamp = new DateTime(ticks.Value, DateTimeKind.Utc),
                        MetricName = TableReading.Text(row, "CounterName") ?? metric,
                        Value = value.Value,
                        Source = SourceName,
                        Table = table,
                    };
                }
            }
        }
    }
}
