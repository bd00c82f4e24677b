using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using VmssAutoscale.Sources.Sampling;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// Samples from live Azure for a diagnosis, as the SamplePlanner routes each rule's metric:
    /// Azure Monitor (host metrics, AMA guest metrics, other resources' metrics: one request per
    /// resource and namespace) and guest counters from the diagnostics tables with Microsoft Entra
    /// ID, through the same isolated backend Get-VmssDiagnosticsSample uses. Samples given by the
    /// user (-Sample) take precedence, so a reading made with other credentials can be reused.
    /// </summary>
    public sealed class LiveSampleSource : IMetricSampleSource
    {
        private readonly AzureConnectionOptions connection;
        private readonly SourceLog log;
        private readonly IReadOnlyList<MetricSample>? given;
        private readonly bool allowKeyAccess;
        private readonly AzureMonitorSampleReader monitor;

        /// <param name="allowKeyAccess">-AllowKeyAccess: when Entra ID cannot read the tables, fetch an account key with listKeys (TableKeyFallback).</param>
        /// <param name="metrics">The live session's Azure Monitor reads (host, guest and other resources' metrics), on its pipeline and retry policy.</param>
        public LiveSampleSource(AzureConnectionOptions connection, SourceLog log, IReadOnlyList<MetricSample>? given, IAzureMonitorMetricSource metrics, bool allowKeyAccess = false)
        {
            this.connection = connection;
            this.log = log;
            this.given = given;
            this.allowKeyAccess = allowKeyAccess;
            monitor = new AzureMonitorSampleReader(metrics);
        }

        public async Task<SampleReadResult> ReadSamplesAsync(ScaleSetInfo scaleSet, string scaleSetJson, IReadOnlyList<MetricRequest> requests, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            if (given != null)
            {
                var names = requests.Select(r => r.MetricName).ToList();
                return new SampleReadResult
                {
                    Samples = given.Where(s => names.Contains(s.MetricName, StringComparer.Ordinal) && s.Timestamp >= startUtc && s.Timestamp < endUtc).OrderBy(s => s.Timestamp).ToList(),
                    SampleSource = given.Any(s => s.Table != null) ? "Tables" : "HostMetrics",
                };
            }

            var results = new List<SampleReadResult>();
            foreach (var read in SamplePlanner.Plan(scaleSet.ResourceId, requests, ScaleSetAgents.Of(scaleSet)))
            {
                log.Verbose($"Reading {read.Kind} {string.Join(", ", read.MetricNames)} from {read.ResourceId}{(read.Namespace.Length > 0 ? " (" + read.Namespace + ")" : string.Empty)}.");
                results.Add(read.Kind == SampleKind.DiagnosticsTables
                    ? await ReadTablesAsync(scaleSet, scaleSetJson, read.MetricNames, startUtc, endUtc, cancellationToken).ConfigureAwait(false)
                    : await monitor.ReadAsync(read, scaleSet, startUtc, endUtc, cancellationToken).ConfigureAwait(false));
            }

            return Combine(results);
        }

        /// <summary>
        /// One result from the reads of several kinds: every sample, in time order; the tables'
        /// bookkeeping; the scale set's own source first (tables, guest, host) as SampleSource; and
        /// every reason a read failed.
        /// </summary>
        public static SampleReadResult Combine(IReadOnlyList<SampleReadResult> results)
        {
            var own = results.Where(r => r.SampleSource != "ResourceMetrics").Select(r => r.SampleSource).ToList();
            var failures = results.Where(r => r.Unavailable != null).Select(r => r.Unavailable!).ToList();
            return new SampleReadResult
            {
                Samples = results.SelectMany(r => r.Samples).OrderBy(s => s.Timestamp).ToList(),
                SampleSource = own.Contains("Tables") ? "Tables" : own.Contains("GuestMetrics") ? "GuestMetrics" : results.Count > 0 && own.Count == 0 ? "ResourceMetrics" : "HostMetrics",
                TablesRead = results.SelectMany(r => r.TablesRead).ToList(),
                TablesMissing = results.SelectMany(r => r.TablesMissing).ToList(),
                Unavailable = failures.Count == 0 ? null : string.Join("; ", failures),
            };
        }

        /// <summary>Guest counters from the WAD/LAD tables of the extension's storage account, with Entra ID (or a key with -AllowKeyAccess).</summary>
        private async Task<SampleReadResult> ReadTablesAsync(ScaleSetInfo scaleSet, string scaleSetJson, IReadOnlyList<string> guest, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            var samples = new List<MetricSample>();
            var backend = DiagnosticsBackendLoader.Backend;
            var extension = DiagnosticsExtensionReader.Read(scaleSetJson);
            if (extension?.StorageAccount == null)
            {
                // No extension or no account: the diagnostics check explains it from the model.
                return new SampleReadResult { Samples = samples, SampleSource = "Tables" };
            }

            var format = DiagnosticsSamplePlanner.ResolveFormat(DiagnosticsTableFormat.Auto, extension);
            var accountName = extension.StorageAccount;
            var account = await FindAccountAsync(backend, scaleSet.ResourceId, accountName, cancellationToken).ConfigureAwait(false);
            var access = new TableAccess
            {
                Authentication = TableAuthentication.EntraId,
                StorageAccountName = accountName,
                TableEndpoint = account?.TableEndpoint ?? new Uri($"https://{accountName}.table.{StorageSuffix()}"),
            };
            var report = new DiagnosticsReadReport();
            var query = new DiagnosticsTableQuery
            {
                Format = format,
                MetricNames = guest,
                StartTime = startUtc,
                EndTime = endUtc,
                MetricsResourceId = extension.MetricsResourceId ?? scaleSet.ResourceId,
                EventVolume = extension.EventVolume,
            };
            SampleReadResult Unavailable(ModuleException e) => new SampleReadResult
            {
                Samples = samples,
                SampleSource = "Tables",
                Unavailable = $"the diagnostics tables of '{accountName}' could not be read ({e.Message}); read them with Get-VmssDiagnosticsSample and pass the samples with -Sample",
            };

            try
            {
                // Read to the end before keeping any: a failure halfway must not leave half the rows behind.
                samples.AddRange(backend.OpenTables(access, connection).Read(query, report, log.Verbose, cancellationToken).ToList());
            }
            catch (ModuleException e) when (TableKeyFallback.Applies(e, access, allowKeyAccess))
            {
                log.Warning(TableKeyFallback.Warning(accountName, e));
                try
                {
                    if (account == null)
                    {
                        throw new ModuleException(ErrorIds.StorageAccountNotFound, System.Management.Automation.ErrorCategory.ObjectNotFound,
                            $"the storage account '{accountName}' is not in subscription {ResourceIds.Subscription(scaleSet.ResourceId)}; listKeys needs its resource ID", accountName);
                    }

                    var keyed = await TableKeyFallback.KeyAccessAsync(backend, connection, account, log, _ => { }, cancellationToken).ConfigureAwait(false);
                    report = new DiagnosticsReadReport();
                    samples.AddRange(backend.OpenTables(keyed, connection).Read(query, report, log.Verbose, cancellationToken).ToList());
                }
                catch (ModuleException again)
                {
                    return Unavailable(again);
                }
            }
            catch (ModuleException e)
            {
                return Unavailable(e);
            }

            return new SampleReadResult
            {
                Samples = samples.OrderBy(s => s.Timestamp).ToList(),
                SampleSource = "Tables",
                TablesRead = report.TablesRead.ToList(),
                TablesMissing = report.TablesMissing.ToList(),
            };
        }

        /// <summary>
        /// The account as ARM describes it, for its exact table endpoint (custom domains, sovereign
        /// clouds, Azurite) and its resource ID for listKeys. Not being allowed to list accounts is
        /// no reason to stop: the default endpoint may still be readable with Entra ID.
        /// </summary>
        private async Task<StorageAccountEndpoint?> FindAccountAsync(IDiagnosticsBackend backend, string scaleSetId, string accountName, CancellationToken cancellationToken)
        {
            var subscription = ResourceIds.Subscription(scaleSetId);
            if (subscription == null)
            {
                return null;
            }

            try
            {
                return await backend.FindStorageAccountAsync(connection, subscription, accountName, log, cancellationToken).ConfigureAwait(false);
            }
            catch (ModuleException e) when (e.Category == System.Management.Automation.ErrorCategory.PermissionDenied)
            {
                log.Verbose($"Could not look up storage account '{accountName}' ({e.ErrorId}); using its default table endpoint.");
                return null;
            }
        }

        private string StorageSuffix() => AzureClouds.ForResourceManager(connection.ResourceManagerUrl).StorageSuffix;
    }
}
