using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Data.Tables;
using VmssAutoscale.Azure.Storage;
using VmssAutoscale.Sources;
using VmssAutoscale.TestData;

namespace VmssAutoscale.Benchmarks.Diagnostics
{
    /// <summary>
    /// A WADMetrics PT1M table of 1,000,000 rows (100 instances x 10,000 minutes, about 7 days) in
    /// Azurite; reads the last 30 minutes for all instances with the module's key-range reader and
    /// with the filters a person types in a storage explorer, and prints rows and times.
    /// Usage: DiagnosticsBenchmark [instances] [minutes]
    /// </summary>
    public static class Program
    {
        private const string Counter = @"\Processor(_Total)\% Processor Time";
        private const string ResourceId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-bench/providers/Microsoft.Compute/virtualMachineScaleSets/bench-vmss";

        public static int Main(string[] args)
        {
            var instances = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
            var minutes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
            var repo = FindRepo();

            // End on a fixed minute inside one 10-day table, so the whole run reads one table.
            var end = DiagnosticsKeys.TenDayBucketStart(new DateTime(2024, 5, 20, 0, 0, 0, DateTimeKind.Utc)).AddDays(8);
            var start = end.AddMinutes(-30);
            using var azurite = AzuriteServer.Start(repo, nodeHeapMegabytes: 12_000);
            var service = new TableServiceClient(azurite.ConnectionString);

            var load = Stopwatch.StartNew();
            var written = Load(service, instances, minutes, end);
            load.Stop();
            Console.WriteLine($"rows written: {written:N0} ({instances} instances x {minutes:N0} minutes) in {load.Elapsed.TotalSeconds:N0} s");
            var needed = instances * 30;

            // The module's reader: one PartitionKey, a RowKey range, the counter, $select.
            var report = new DiagnosticsReadReport();
            var keyed = Stopwatch.StartNew();
            var samples = new DiagnosticsTableSource(service).Read(new DiagnosticsTableQuery
            {
                Format = DiagnosticsTableFormat.WADMetrics,
                MetricNames = new[] { Counter },
                StartTime = start,
                EndTime = end,
                MetricsResourceId = ResourceId,
            }, report, _ => { }, CancellationToken.None).Count();
            keyed.Stop();
            Console.WriteLine($"key range      : {samples:N0} samples, {report.RowsReturned:N0} rows returned, {needed:N0} needed, {report.Requests} requests, {keyed.Elapsed.TotalMilliseconds:N0} ms");

            // What a person types: the TIMESTAMP column the agent writes (the period), and the
            // system Timestamp (the write time), with no key condition: the service scans every row.
            var table = service.GetTableClient(DiagnosticsKeys.WadMetricsTableName(TimeSpan.FromMinutes(1), start));
            foreach (var (label, column) in new[] { ("naive TIMESTAMP", "TIMESTAMP"), ("naive Timestamp", "Timestamp") })
            {
                var filter = $"{column} ge datetime'{start:yyyy-MM-ddTHH:mm:ss}Z'";
                var watch = Stopwatch.StartNew();
                long rows = 0;
                var pages = 0;
                foreach (var page in table.Query<TableEntity>(filter, maxPerPage: 1000).AsPages())
                {
                    pages++;
                    rows += page.Values.Count;
                }

                watch.Stop();
                Console.WriteLine($"{label,-15}: $filter={filter}: {rows:N0} rows returned, {needed:N0} needed, {pages} requests, {watch.Elapsed.TotalMilliseconds:N0} ms");
            }

            return 0;
        }

        /// <summary>Rows in the agent's format, 100 per transaction (one partition: the scale set), 4 transactions in flight.</summary>
        private static long Load(TableServiceClient service, int instances, int minutes, DateTime end)
        {
            long written = 0;
            var byTable = new Dictionary<string, TableClient>();
            var batches = new List<(TableClient Client, List<TableTransactionAction> Actions)>();
            var random = new Random(42);
            foreach (var minute in Enumerable.Range(1, minutes))
            {
                var period = end.AddMinutes(-minute);
                var name = DiagnosticsKeys.WadMetricsTableName(TimeSpan.FromMinutes(1), period);
                if (!byTable.TryGetValue(name, out var client))
                {
                    client = byTable[name] = service.GetTableClient(name);
                    client.CreateIfNotExists();
                }

                var actions = new List<TableTransactionAction>(instances);
                for (var i = 0; i < instances; i++)
                {
                    var v = Math.Round(20 + (random.NextDouble() * 60), 2);
                    var host = "benchvmss" + i.ToString("D6", CultureInfo.InvariantCulture);
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                        DiagnosticsRows.WadMetrics(ResourceId, period, Counter, host, i.ToString(CultureInfo.InvariantCulture), v, v - 5, v + 5, 4)));
                }

                batches.Add((client, actions));
            }

            Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, b =>
            {
                for (var offset = 0; offset < b.Actions.Count; offset += 100)
                {
                    var chunk = b.Actions.Skip(offset).Take(100).ToList();
                    b.Client.SubmitTransaction(chunk);
                    Interlocked.Add(ref written, chunk.Count);
                }
            });
            return written;
        }

        private static string FindRepo()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "VmssAutoscale.psd1")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
        }
    }
}
