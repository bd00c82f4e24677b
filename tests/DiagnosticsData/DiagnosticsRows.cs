using System;
using System.Collections.Generic;
using System.Linq;
using Azure.Data.Tables;
using VmssAutoscale.Azure.Storage;

namespace VmssAutoscale.TestData
{
    /// <summary>
    /// Rows exactly as the agents write them (as the WAD and LAD agents write them; Azure/azure-linux-extensions Diagnostic/), built
    /// with the same key functions the readers use, plus a writer that batches per partition.
    /// </summary>
    public static class DiagnosticsRows
    {
        /// <summary>A WADMetrics aggregate row; <paramref name="instanceId"/> is the per-VM suffix LAD appends on scale sets.</summary>
        public static TableEntity WadMetrics(
            string metricsResourceId, DateTime periodStart, string counterName, string host, string? instanceId,
            double average, double minimum, double maximum, int count, bool counterFirstKey = false)
        {
            var rowKey = counterFirstKey
                ? DiagnosticsKeys.WadMetricsCounterFirstRowKey(periodStart, counterName, instanceId)
                : DiagnosticsKeys.WadMetricsRowKey(periodStart, counterName, instanceId);
            return new TableEntity(DiagnosticsKeys.Escape(metricsResourceId), rowKey)
            {
                ["TIMESTAMP"] = new DateTimeOffset(periodStart, TimeSpan.Zero),
                ["CounterName"] = counterName,
                ["Average"] = average,
                ["Minimum"] = minimum,
                ["Maximum"] = maximum,
                ["Total"] = average * count,
                ["Count"] = count,
                ["Last"] = maximum,
                ["Host"] = host,
                ["DeploymentId"] = "3b8e6a1c-0000-4000-8000-000000000001",
            };
        }

        /// <summary>A raw WADPerformanceCountersTable row; PartitionKey is the sample's minute, RowKey is opaque.</summary>
        public static TableEntity WadPerformanceCounter(DateTime sampleTime, string deploymentId, string role, string roleInstance, string counterName, double value)
        {
            var minute = new DateTime(sampleTime.Ticks - (sampleTime.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
            var rowKey = $"{deploymentId}___{role}___{roleInstance}___{DiagnosticsKeys.Escape(counterName)}___{sampleTime.Ticks:D19}";
            return new TableEntity(DiagnosticsKeys.WadPerformanceCountersPartitionKey(minute), rowKey)
            {
                ["EventTickCount"] = sampleTime.Ticks,
                ["DeploymentId"] = deploymentId,
                ["Role"] = role,
                ["RoleInstance"] = roleInstance,
                ["CounterName"] = counterName,
                ["CounterValue"] = value,
            };
        }

        /// <summary>A LAD 2.3 wide row (e.g. LinuxCpuVer2v0): one column per counter.</summary>
        public static TableEntity Lad23(string host, DateTime time, string eventVolume, IReadOnlyDictionary<string, double> columns)
        {
            var bucket = DiagnosticsKeys.MdsdHash(host) % (ulong)DiagnosticsKeys.PartitionCount(eventVolume);
            var entity = new TableEntity(DiagnosticsKeys.Lad23PartitionKey(bucket, time), $"{host}___{time.Ticks:D19}")
            {
                ["Host"] = host,
                ["DeploymentId"] = "lad23-deployment",
                ["TIMESTAMP"] = new DateTimeOffset(time, TimeSpan.Zero),
            };
            foreach (var c in columns)
            {
                entity[c.Key] = c.Value;
            }

            return entity;
        }

        /// <summary>
        /// Writes rows with one transaction per partition and at most 100 rows (the service's batch
        /// limit); <paramref name="batches"/> false writes one request per row for endpoints without batches.
        /// </summary>
        public static long Write(TableServiceClient service, string table, IEnumerable<TableEntity> rows, bool batches = true)
        {
            var client = service.GetTableClient(table);
            client.CreateIfNotExists();
            long written = 0;
            if (!batches)
            {
                foreach (var row in rows)
                {
                    client.UpsertEntity(row, TableUpdateMode.Replace);
                    written++;
                }

                return written;
            }

            var pending = new Dictionary<string, List<TableTransactionAction>>(StringComparer.Ordinal);
            void Flush(string partition)
            {
                client.SubmitTransaction(pending[partition]);
                written += pending[partition].Count;
                pending[partition] = new List<TableTransactionAction>();
            }

            foreach (var row in rows)
            {
                if (!pending.TryGetValue(row.PartitionKey, out var list))
                {
                    pending[row.PartitionKey] = list = new List<TableTransactionAction>();
                }

                list.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, row));
                if (list.Count == 100)
                {
                    Flush(row.PartitionKey);
                }
            }

            foreach (var partition in pending.Keys.Where(k => pending[k].Count > 0).ToList())
            {
                Flush(partition);
            }

            return written;
        }
    }
}
