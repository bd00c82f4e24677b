using System;
using System.Collections.Generic;
using System.Linq;
using Azure.Data.Tables;
using Azure.Data.Tables.Sas;
using VmssAutoscale.Azure.Storage;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using VmssAutoscale.TestData;

namespace VmssAutoscale.Tests.Storage
{
    /// <summary>Each reader against Azurite, on rows the generators wrote in the agents' formats.</summary>
    [Collection(AzuriteCollection.Name)]
    public class TableReaderTests
    {
        private readonly AzuriteFixture azurite;

        public TableReaderTests(AzuriteFixture azurite)
        {
            this.azurite = azurite;
        }

        private (List<MetricSample> Samples, DiagnosticsReadReport Report, List<string> Verbose) Read(DiagnosticsTableQuery query, TableServiceClient? service = null)
        {
            var report = new DiagnosticsReadReport();
            var verbose = new List<string>();
            var source = new DiagnosticsTableSource(service ?? azurite.Service);
            var samples = source.Read(query, report, verbose.Add, default).ToList();
            return (samples, report, verbose);
        }

        private static DiagnosticsTableQuery WadMetricsQuery(params string[] metrics) => new DiagnosticsTableQuery
        {
            Format = DiagnosticsTableFormat.WADMetrics,
            MetricNames = metrics,
            StartTime = Scenarios.Start,
            EndTime = Scenarios.End,
            MetricsResourceId = Scenarios.ResourceId(Scenarios.WindowsScaleSet),
        };

        [AzuriteFact]
        public void WADMetrics_reads_every_instance_minute_and_value_across_the_table_boundary()
        {
            var (samples, report, verbose) = Read(WadMetricsQuery(Scenarios.WadCpu));

            Assert.Equal(new[] { "WADMetricsPT1MP10DV2S20240503", "WADMetricsPT1MP10DV2S20240513" }, report.TablesRead);
            Assert.Empty(report.TablesMissing);
            foreach (var instance in Scenarios.Windows)
            {
                var mine = samples.Where(s => s.Instance == instance.Host).OrderBy(s => s.Timestamp).ToList();
                var expected = instance.Minutes(Scenarios.WindowMinutes).ToList();
                Assert.Equal(expected.Select(Scenarios.MinuteTime), mine.Select(s => s.Timestamp));
                Assert.Equal(expected.Select(instance.CpuAt), mine.Select(s => s.Value));
                Assert.All(mine, s => Assert.Equal(s.Value - 5, s.Minimum));
                Assert.All(mine, s => Assert.Equal(4, s.Count));
            }

            Assert.All(samples, s =>
            {
                Assert.Equal(Scenarios.WadCpu, s.MetricName);
                Assert.Equal("WADMetrics", s.Source);
                Assert.Equal(DiagnosticsKeys.WadMetricsTableName(TimeSpan.FromMinutes(1), s.Timestamp), s.Table);
            });
            Assert.Contains(samples, s => s.Table!.EndsWith("20240503", StringComparison.Ordinal));
            Assert.Contains(samples, s => s.Table!.EndsWith("20240513", StringComparison.Ordinal));

            // Key range plus counter: the service returned exactly the rows needed, nothing outside the window,
            // no other counter, no counter-first copy, no neighbour scale set.
            Assert.Equal(samples.Count, report.RowsReturned);
            Assert.Equal(30 + 27 + 23 + 11, samples.Count);
            Assert.All(verbose, v => Assert.Contains("PartitionKey eq ", v));
            Assert.All(verbose, v => Assert.DoesNotContain("Timestamp", v));
        }

        [AzuriteFact]
        public void WADMetrics_reads_each_counter_and_a_missing_period_table_is_reported_not_thrown()
        {
            var query = WadMetricsQuery(Scenarios.WadCpu, Scenarios.WadMemory);
            var (samples, _, _) = Read(query);
            Assert.Equal(30, samples.Count(s => s.MetricName == Scenarios.WadMemory));
            Assert.All(samples.Where(s => s.MetricName == Scenarios.WadMemory), s => Assert.Equal(33, s.Value));

            var hourly = new DiagnosticsTableQuery
            {
                Format = DiagnosticsTableFormat.WADMetrics,
                MetricNames = new[] { Scenarios.WadCpu },
                StartTime = Scenarios.Start,
                EndTime = Scenarios.End,
                TransferPeriod = TimeSpan.FromHours(1),
                MetricsResourceId = Scenarios.ResourceId(Scenarios.WindowsScaleSet),
            };
            var (none, report, _) = Read(hourly);
            Assert.Empty(none);
            Assert.Equal(new[] { "WADMetricsPT1HP10DV2S20240503", "WADMetricsPT1HP10DV2S20240513" }, report.TablesMissing);
        }

        [AzuriteFact]
        public void WADMetrics_for_another_resource_id_finds_nothing_of_this_scale_set()
        {
            var query = WadMetricsQuery(Scenarios.WadCpu);
            var other = new DiagnosticsTableQuery
            {
                Format = query.Format,
                MetricNames = query.MetricNames,
                StartTime = query.StartTime,
                EndTime = query.EndTime,
                MetricsResourceId = Scenarios.ResourceId(Scenarios.OtherScaleSet),
            };
            var (samples, _, _) = Read(other);
            Assert.Equal(30, samples.Count);
            Assert.All(samples, s => Assert.Equal(777, s.Value));
        }

        [AzuriteFact]
        public void Filter_values_are_escaped_so_a_quote_in_a_counter_name_cannot_widen_the_query()
        {
            var (samples, _, verbose) = Read(WadMetricsQuery(Scenarios.WadCpu + "' or CounterName ne '"));
            Assert.Empty(samples);
            Assert.Contains(verbose, v => v.Contains("''", StringComparison.Ordinal));
        }

        [AzuriteFact]
        public void WADPerformanceCounters_reads_raw_samples_inside_the_window_only()
        {
            var (samples, report, _) = Read(new DiagnosticsTableQuery
            {
                Format = DiagnosticsTableFormat.WADPerformanceCounters,
                MetricNames = new[] { Scenarios.WadCpu },
                StartTime = Scenarios.Start.AddSeconds(20),
                EndTime = Scenarios.End,
            });

            Assert.Equal(new[] { DiagnosticsKeys.WadPerformanceCountersTable }, report.TablesRead);
            var first = Scenarios.Windows[0];
            var mine = samples.Where(s => s.Instance == first.Host).OrderBy(s => s.Timestamp).ToList();

            // The first minute starts 20 s in: its 00 s sample is before the window and trimmed.
            Assert.Equal((30 * 4) - 2, mine.Count);
            Assert.Equal(Scenarios.Start.AddSeconds(30), mine[0].Timestamp);
            Assert.Equal(first.CpuAt(-30) + 2, mine[0].Value);
            Assert.Equal(Scenarios.End.AddSeconds(-15), mine[^1].Timestamp);
            Assert.DoesNotContain(samples, s => s.Value == 999);
            Assert.All(samples, s => Assert.Equal(Scenarios.WadCpu, s.MetricName));
            Assert.Equal(new[] { "webvmss000000", "webvmss000001", "webvmss000002", "webvmss000003" }, samples.Select(s => s.Instance).Distinct().OrderBy(x => x));
            var lagging = samples.Where(s => s.Instance == "webvmss000002").Max(s => s.Timestamp);
            Assert.Equal(Scenarios.MinuteTime(-8).AddSeconds(45), lagging);
        }

        [AzuriteFact]
        public void LAD23_reads_wide_rows_by_host_bucket_and_by_every_bucket()
        {
            var hosts = Scenarios.Linux.Select(i => i.Host).ToList();
            DiagnosticsTableQuery Query(IReadOnlyList<string> hostNames) => new DiagnosticsTableQuery
            {
                Format = DiagnosticsTableFormat.LAD23,
                MetricNames = new[] { Scenarios.LadCpu, Scenarios.LadMemory },
                StartTime = Scenarios.Start,
                EndTime = Scenarios.End,
                EventVolume = Scenarios.Lad23EventVolume,
                HostNames = hostNames,
            };

            var (byHost, hostReport, _) = Read(Query(hosts));
            var (all, allReport, _) = Read(Query(Array.Empty<string>()));

            Assert.Equal(new[] { "LinuxCpuVer2v0", "LinuxMemoryVer2v0" }, hostReport.TablesRead);
            Assert.True(hostReport.Requests <= 2 * (hosts.Count + 1));
            Assert.Equal(200, allReport.Requests);
            foreach (var samples in new[] { byHost, all })
            {
                foreach (var instance in Scenarios.Linux)
                {
                    var cpu = samples.Where(s => s.Instance == instance.Host && s.MetricName == Scenarios.LadCpu).OrderBy(s => s.Timestamp).ToList();
                    var expected = instance.Minutes(Scenarios.WindowMinutes).ToList();
                    Assert.Equal(expected.Select(Scenarios.MinuteTime), cpu.Select(s => s.Timestamp));
                    Assert.Equal(expected.Select(instance.CpuAt), cpu.Select(s => s.Value));
                    Assert.Equal(expected.Count, samples.Count(s => s.Instance == instance.Host && s.MetricName == Scenarios.LadMemory));
                }

                Assert.All(samples, s => Assert.Equal("LAD2.3", s.Source));
                Assert.DoesNotContain(samples, s => s.Value == 999);
            }
        }

        [AzuriteFact]
        public void LAD23_refuses_a_counter_it_has_no_table_for()
        {
            var e = Assert.Throws<ArgumentException>(() => Read(new DiagnosticsTableQuery
            {
                Format = DiagnosticsTableFormat.LAD23,
                MetricNames = new[] { "/builtin/processor/percentprocessortime" },
                StartTime = Scenarios.Start,
                EndTime = Scenarios.End,
            }));
            Assert.Contains("/builtin/processor/percentprocessortime", e.Message);
        }

        [AzuriteFact]
        public void A_service_SAS_reads_the_same_rows_and_a_bad_one_fails_without_echoing_the_signature()
        {
            var table = DiagnosticsKeys.WadMetricsTableName(TimeSpan.FromMinutes(1), Scenarios.Start);
            var credential = new TableSharedKeyCredential(AzuriteServer.AccountName, AzuriteServer.AccountKey);
            var sas = new TableAccountSasBuilder(TableAccountSasPermissions.Read | TableAccountSasPermissions.List, TableAccountSasResourceTypes.All, DateTimeOffset.UtcNow.AddHours(1))
                .Sign(credential);
            var source = DiagnosticsTableSource.Create(new TableAccess
            {
                Authentication = TableAuthentication.SharedAccessSignature,
                TableEndpoint = azurite.Server.TableEndpoint,
                SasToken = "?" + sas,
            });
            var report = new DiagnosticsReadReport();
            var samples = source.Read(WadMetricsQuery(Scenarios.WadCpu), report, _ => { }, default).ToList();
            Assert.Equal(91, samples.Count);
            Assert.Contains(table, report.TablesRead);

            var forged = System.Text.RegularExpressions.Regex.Replace(sas, "sig=[^&]+", "sig=Zm9yZ2VkU2lnbmF0dXJlVGhhdElzU2VjcmV0");
            var bad = DiagnosticsTableSource.Create(new TableAccess
            {
                Authentication = TableAuthentication.SharedAccessSignature,
                TableEndpoint = azurite.Server.TableEndpoint,
                SasToken = forged,
            });
            var error = Assert.Throws<ModuleException>(() => bad.Read(WadMetricsQuery(Scenarios.WadCpu), new DiagnosticsReadReport(), _ => { }, default).ToList());
            Assert.Equal("TableAccessDenied", error.ErrorId);
            Assert.Contains("HTTP 403", error.Message);
            Assert.Null(error.InnerException);
            Assert.DoesNotContain("Zm9yZ2VkU2lnbmF0dXJlVGhhdElzU2VjcmV0", error.ToString());
        }
    }
}
