using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using VmssAutoscale.Errors;
using global::Azure;
using global::Azure.Core;
using global::Azure.Data.Tables;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using System.Management.Automation;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Azure.Storage
{
    /// <summary>
    /// Reads the diagnostics tables with key-range queries only: every filter starts with a
    /// PartitionKey (and for WADMetrics a RowKey) range, so the service reads the rows asked for
    /// and never scans a table. Filters are built with TableClient.CreateQueryFilter, which quotes
    /// and escapes every value; property names stay on the left of each comparison and no filter
    /// uses parentheses, because Azurite mis-evaluates both.
    /// </summary>
    public sealed class DiagnosticsTableSource : IDiagnosticsTableSource
    {
        private readonly TableServiceClient service;

        public DiagnosticsTableSource(TableServiceClient service)
        {
            this.service = service;
        }

        /// <summary>Builds a source from the access the cmdlet resolved (connection string, SAS, Entra ID or key).</summary>
        public static DiagnosticsTableSource Create(TableAccess access)
        {
            var options = new TableClientOptions();

            // The cmdlet is interactive: a dead endpoint should fail in seconds, not after minutes of retries.
            options.Retry.MaxRetries = 2;
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
            options.Diagnostics.IsLoggingContentEnabled = false;
            TableServiceClient client = access.Authentication switch
            {
                TableAuthentication.ConnectionString => FromConnectionString(Required(access.ConnectionString, "connection string"), options),
                TableAuthentication.SharedAccessSignature => new TableServiceClient(
                    Required(access.TableEndpoint, "table endpoint"), new AzureSasCredential(Required(access.SasToken, "SAS token").TrimStart('?')), options),
                TableAuthentication.EntraId => new TableServiceClient(
                    Required(access.TableEndpoint, "table endpoint"),
                    access.TokenCredential as TokenCredential ?? throw new ArgumentException("Entra ID access needs the session's token credential."),
                    options),
                _ => new TableServiceClient(
                    Required(access.TableEndpoint, "table endpoint"),
                    new TableSharedKeyCredential(Required(access.StorageAccountName, "storage account name"), Required(access.AccountKey, "account key")),
                    options),
            };
            return new DiagnosticsTableSource(client);
        }

        public IEnumerable<MetricSample> Read(DiagnosticsTableQuery query, DiagnosticsReadReport report, Action<string> verbose, CancellationToken cancellationToken)
        {
            if (query.EndTime <= query.StartTime)
            {
                throw new ArgumentException($"The end time {query.EndTime:o} is not after the start time {query.StartTime:o}.");
            }

            return query.Format switch
            {
                DiagnosticsTableFormat.WADMetrics => WadMetricsReader.Read(service, query, report, verbose, cancellationToken),
                DiagnosticsTableFormat.WADPerformanceCounters => WadPerformanceCountersReader.Read(service, query, report, verbose, cancellationToken),
                DiagnosticsTableFormat.LAD23 => Lad23Reader.Read(service, query, report, verbose, cancellationToken),
                _ => throw new ArgumentException("Resolve the table format (WADMetrics, WADPerformanceCounters or LAD23) before reading."),
            };
        }

        /// <summary>
        /// The SDK's parse errors quote the connection string (and so the key); they are replaced by
        /// one that names only what is wrong, without the inner exception.
        /// </summary>
        private static TableServiceClient FromConnectionString(string connectionString, TableClientOptions options)
        {
            try
            {
                return new TableServiceClient(connectionString, options);
            }
            catch (Exception e) when (e is InvalidOperationException || e is FormatException || e is ArgumentException)
            {
                throw new ModuleException(ErrorIds.InvalidConnectionString, ErrorCategory.InvalidArgument,
                    "The connection string is not a valid storage connection string: it needs TableEndpoint (or AccountName and an endpoint suffix) and AccountKey or SharedAccessSignature, as key=value pairs separated by ';'.");
            }
        }

        private static T Required<T>(T? value, string what)
            where T : class =>
            value ?? throw new ArgumentException($"The {what} is missing.");
    }

    /// <summary>What the three readers share: paging with a request count, missing tables, numeric columns.</summary>
    internal static class TableReading
    {
        /// <summary>
        /// Runs one query and yields its rows page by page, so samples stream to the pipeline while
        /// later pages are still on the wire. A missing table is recorded and yields nothing.
        /// </summary>
        public static IEnumerable<TableEntity> Rows(
            TableServiceClient service, string table, string filter, IReadOnlyList<string> select,
            DiagnosticsReadReport report, Action<string> verbose, CancellationToken cancellationToken)
        {
            if (report.TablesMissing.Contains(table))
            {
                yield break;
            }

            verbose($"Query {table}: $filter={filter}; $select={string.Join(",", select)}");
            var client = service.GetTableClient(table);
            using var pages = client.Query<TableEntity>(filter, maxPerPage: 1000, select: select, cancellationToken: cancellationToken)
                .AsPages().GetEnumerator();
            var first = true;
            while (true)
            {
                bool more;
                try
                {
                    more = pages.MoveNext();
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    report.Requests++;

                    // The service says "TableNotFound"; a missing table is a diagnosis, not an error.
                    report.TablesMissing.Add(table);
                    verbose($"Table {table} does not exist.");
                    yield break;
                }
                catch (RequestFailedException e)
                {
                    throw Failure(e, table);
                }
                catch (AggregateException e) when (e.InnerExceptions.LastOrDefault() is RequestFailedException last)
                {
                    // What the retry policy throws when every try failed (a refused connection).
                    throw Failure(last, table);
                }
                catch (global::Azure.Identity.AuthenticationFailedException e)
                {
                    throw CredentialUnavailable(e, table);
                }

                if (!more)
                {
                    yield break;
                }

                // Only a page that arrived was a request: the enumerator's last MoveNext sends nothing.
                report.Requests++;

                if (first && !report.TablesRead.Contains(table))
                {
                    report.TablesRead.Add(table);
                }

                first = false;
                foreach (var row in pages.Current.Values)
                {
                    report.RowsReturned++;
                    yield return row;
                }
            }
        }

        /// <summary>
        /// The service's answer as a module error. Only the status and error code are kept: the
        /// exception text can carry response content, and nothing of a request (SAS, key) may leak.
        /// The inner exception is dropped for the same reason.
        /// </summary>
        public static ModuleException Failure(RequestFailedException e, string table)
        {
            var detail = e.ErrorCode == null ? $"HTTP {e.Status}" : $"HTTP {e.Status} {e.ErrorCode}";
            return e.Status switch
            {
                0 => new ModuleException(ErrorIds.TableConnectionFailed, ErrorCategory.ConnectionError,
                    $"Could not reach the table endpoint to read {table}. Check the storage account name or -TableEndpoint, the network and the storage firewall.", table),
                401 or 403 => new ModuleException(ErrorIds.TableAccessDenied, ErrorCategory.PermissionDenied,
                    $"The storage account refused to let us read {table} ({detail}). With Microsoft Entra ID the identity needs the 'Storage Table Data Reader' role on the account; "
                    + "a SAS needs read and list permissions on the table service and must not be expired; or give -AllowKeyAccess to use an account key if you may list keys.", table),
                _ => new ModuleException(ErrorIds.TableReadFailed, e.Status >= 500 ? ErrorCategory.ResourceUnavailable : ErrorCategory.InvalidOperation,
                    $"Reading {table} failed ({detail}).", table),
            };
        }

        /// <summary>
        /// No Microsoft Entra ID credential could get a storage token (off Azure, not signed in):
        /// nothing reached the service. The credential chain's first line says which credentials
        /// were tried and why they failed; it names no secret.
        /// </summary>
        public static ModuleException CredentialUnavailable(global::Azure.Identity.AuthenticationFailedException e, string table)
        {
            var reason = e.Message.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? e.GetType().Name;
            return new ModuleException(ErrorIds.TableCredentialUnavailable, ErrorCategory.AuthenticationError,
                $"No Microsoft Entra ID credential could get a storage token to read {table}: {reason} "
                + "Sign in with an identity that has 'Storage Table Data Reader' on the account, or give -ConnectionString, -TableEndpoint with -SasToken, or -AllowKeyAccess to read with an account key from listKeys.",
                table);
        }

        /// <summary>
        /// A numeric column whatever type the writer chose: mdsd writes doubles, some writers Int64
        /// or strings, and Azurite returns whole doubles as Int32 unless typed.
        /// </summary>
        public static double? Number(TableEntity row, string column)
        {
            if (!row.TryGetValue(column, out var value) || value == null)
            {
                return null;
            }

            return value switch
            {
                double d => d,
                float f => f,
                int i => i,
                long l => l,
                string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            };
        }

        /// <summary>A text column, cleaned for the terminal: host, role instance and counter names are written by the VMs.</summary>
        public static string? Text(TableEntity row, string column) =>
            row.TryGetValue(column, out var value) && value != null ? TerminalText.Clean(Convert.ToString(value, CultureInfo.InvariantCulture)) : null;

        public static long? Int64(TableEntity row, string column) => row.TryGetValue(column, out var value) ? value switch
        {
            long l => l,
            int i => i,
            string s when long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => (long?)null,
        } : null;

        public static IReadOnlyList<string> Distinct(IEnumerable<string> names) =>
            names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToList();
    }
}
