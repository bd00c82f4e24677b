using System;
using System.Collections.Generic;
using System.Threading;
using global::Azure.Data.Tables;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Azure.Storage
{
    /// <summary>
    /// WADMetricsPT1MP10DV2S&lt;date&gt; and PT1H tables. PartitionKey is the escaped Metrics
    /// resourceId, RowKey starts with descending ticks, so "these minutes of this resource" is one
    /// PartitionKey plus a RowKey range, per 10-day table the period touches.
    /// </summary>
    internal static class WadMetricsReader
    {
        public const string SourceName = "WADMetrics";

        private static readonly IReadOnlyList<string> Columns = new[]
        {
            "RowKey", "CounterName", "Average", "Minimum", "Maximum", "Total", "Count", "Host", "RoleInstance",
        };

        public static IEnumerable<MetricSample> Read(
            TableServiceClient service, DiagnosticsTableQuery query, DiagnosticsReadReport report, Action<string> verbose, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(query.MetricsResourceId))
            {
                throw new ArgumentException("Reading WADMetrics tables needs the Metrics resourceId the agent writes under.");
            }

            var partition = DiagnosticsKeys.Escape(query.MetricsResourceId!);
            var (lower, upper) = DiagnosticsKeys.WadMetricsRowKeyRange(query.StartTime, query.EndTime);
            var metrics = TableReading.Distinct(query.MetricNames);
            foreach (var table in DiagnosticsKeys.WadMetricsTableNames(query.TransferPeriod, query.StartTime, query.EndTime))
            {
                foreach (var metric in metrics)
                {
                    // One query per counter: an "or" of counters would need parentheses, which Azurite
                    // evaluates wrongly, and without the counter the range returns every counter's rows.
                    var filter = TableClient.CreateQueryFilter(
                        $"PartitionKey eq {partition} and RowKey ge {lower} and RowKey lt {upper} and CounterName eq {metric}");
                    foreach (var row in TableReading.Rows(service, table, filter, Columns, report, verbose, cancellationToken))
                    {
                        var sample = ToSample(row, metric, table);
                        if (sample != null)
                        {
                            yield return sample;
                        }
                    }
                }
            }
        }

        private static MetricSample? ToSample(TableEntity row, string metric, string table)
        {
            var periodStart = DiagnosticsKeys.PeriodStartFromRowKey(row.RowKey);
            var count = TableReading.Number(row, "Count");
            var value = TableReading.Number(row, "Average")
                ?? (count is double c && c > 0 && TableReading.Number(row, "Total") is double total ? total / c : (double?)null);
            if (periodStart == null || value == null)
            {
                return null;
            }

            return new MetricSample
            {
                Instance = InstanceOf(row),
                Timestamp = periodStart.Value,
                MetricName = TableReading.Text(row, "CounterName") ?? metric,
                Value = value.Value,
                Minimum = TableReading.Number(row, "Minimum"),
                Maximum = TableReading.Number(row, "Maximum"),
                Count = count,
                Source = SourceName,
                Table = table,
            };
        }

        /// <summary>
        /// The agent's Host column is the VM's computer name; older writers leave it out, and then
        /// the instance id the scale-set agent appends to the RowKey is the best name there is.
        /// </summary>
        private static string InstanceOf(TableEntity row) =>
            TableReading.Text(row, "Host")
            ?? TableReading.Text(row, "RoleInstance")
            ?? DiagnosticsKeys.InstanceSuffixFromRowKey(row.RowKey)
            ?? string.Empty;
    }
}
