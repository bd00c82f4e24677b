using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// Samples from live Azure for a diagnosis: host metrics from Azure Monitor (one request per
    /// scale set) and guest counters from the diagnostics tables with Microsoft Entra ID, through
    /// the same isolated backend Get-VmssDiagnosticsSample uses. Samples given by the user
    /// (-Sample) take precedence, so a reading made with other credentials can be reused.
    /// </summary>
    public sealed class LiveSampleSource : IMetricSampleSource
    {
        private readonly AzureConnectionOptions connection;
        private readonly SourceLog log;
        private readonly IReadOnlyList<MetricSample>? given;
        private readonly bool allowKeyAccess;
        private readonly IHostMetricSource? hostMetrics;

        /// <param name="allowKeyAccess">-AllowKeyAccess: when Entra ID cannot read the tables, fetch an account key with listKeys (TableKeyFallback).</param>
        /// <param name="hostMetrics">The live session, when it reads host metrics itself: then they share its pipeline and retry policy.</param>
        public LiveSampleSource(AzureConnectionOptions connection, SourceLog log, IReadOnlyList<MetricSample>? given, bool allowKeyAccess = false, IHostMetricSource? hostMetrics = null)
        {
            this.connection = connection;
            this.log = log;
            this.given = given;
            this.allowKeyAccess = allowKeyAccess;
            this.hostMetrics = hostMetrics;
        }

        public async Task<SampleReadResult> ReadSamplesAsync(ScaleSetInfo scaleSet, string scaleSetJson, IReadOnlyList<string> metricNames, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            if (given != null)
            {
                return new SampleReadResult
                {
                    Samples = given.Where(s => metricNames.Contains(s.MetricName, StringComparer.Ordinal) && s.Timestamp >= startUtc && s.Timestamp < endUtc).OrderBy(s => s.Timestamp).ToList(),
                    SampleSource = given.Any(s => s.Table != null) ? "Tables" : "HostMetrics",
                };
            }

            var guest = metricNames.Where(DiagnosticsSamplePlanner.IsGuestMetric).ToList();
            var host = metricNames.Except(guest).ToList();
            var samples = new List<MetricSample>();
            var backend = DiagnosticsBackendLoader.Backend;
            if (host.Count > 0)
            {
                try
                {
                    samples.AddRange(hostMetrics != null
                        ? await hostMetrics.GetHostMetricsAsync(scaleSet.ResourceId, host, startUtc, endUtc, scaleSet.Capacity, cancellationToken).ConfigureAwait(false)
                        : await backend.GetHostMetricsAsync(connection, scaleSet.ResourceId, host, startUtc, endUtc, scaleSet.Capacity, log, cancellationToken).ConfigureAwait(false));
                }
                catch (ModuleException e)
                {
                    // Without metrics the rest of the diagnosis still stands (model, settings,
                    // history); the missing data becomes its own finding, not a lost scale set.
                    return new SampleReadResult { SampleSource = "HostMetrics", Unavailable = $"the host metrics of '{scaleSet.VMScaleSetName}' could not be read ({e.Message})" };
                }
            }

            if (guest.Count == 0)
            {
                return new SampleReadResult { Samples = samples.OrderBy(s => s.Timestamp).ToList(), SampleSource = "HostMetrics" };
            }

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

        private string StorageSuffix()
        {
            var arm = connection.ResourceManagerUrl.Host;
            return arm.EndsWith("chinacloudapi.cn", StringComparison.OrdinalIgnoreCase) ? "core.chinacloudapi.cn"
                : arm.EndsWith("usgovcloudapi.net", StringComparison.OrdinalIgnoreCase) ? "core.usgovcloudapi.net"
                : "core.windows.net";
        }
    }
}
