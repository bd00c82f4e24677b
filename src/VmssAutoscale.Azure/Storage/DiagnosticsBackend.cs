using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using global::Azure.Core;
using global::Azure.Core.Pipeline;
using VmssAutoscale.Azure.Arm;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Azure.Storage
{
    /// <summary>The isolated side of IDiagnosticsBackend: ARM calls through the same pipeline shape as the session, tables through Azure.Data.Tables.</summary>
    public sealed class DiagnosticsBackend : IDiagnosticsBackend
    {
        public const string StorageApiVersion = "2023-01-01";

        // One handler for the process: a handler per call would leave its connections behind.
        private static readonly Lazy<HttpClientTransport> InsecureTransport = new Lazy<HttpClientTransport>(() => new HttpClientTransport(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) => true,
        }));

        private readonly Func<AzureConnectionOptions, SourceLog, ArmRestClient> armFor;

        public DiagnosticsBackend()
            : this(null)
        {
        }

        /// <param name="transport">Test seam: the fake ARM transport instead of the network.</param>
        internal DiagnosticsBackend(HttpPipelineTransport? transport)
        {
            armFor = (options, log) =>
            {
                // The session's retry policy and transport choices, so metrics, the storage lookup
                // and listKeys honour Retry-After, the retry budget and -SkipCertificateCheck like
                // every other ARM call, and fail with the same module errors.
                var clientOptions = new PipelineOptions { RetryPolicy = new ArmRetryPolicy(options.MaxRetries, options.MaxRetryDelay, null, log) };
                clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
                clientOptions.Diagnostics.ApplicationId = "VmssAutoscale";
                if (transport != null)
                {
                    clientOptions.Transport = transport;
                }
                else if (options.SkipCertificateCheck)
                {
                    // Only on explicit request (Connect-VmssAutoscale -SkipCertificateCheck, which warns).
                    clientOptions.Transport = InsecureTransport.Value;
                }

                var pipeline = HttpPipelineBuilder.Build(clientOptions, new BearerTokenAuthenticationPolicy(Credentials.For(options), options.Scope));
                return new ArmRestClient(pipeline, options.ResourceManagerUrl, log);
            };
        }

        public IDiagnosticsTableSource OpenTables(TableAccess access, AzureConnectionOptions? connection)
        {
            if (access.Authentication == TableAuthentication.EntraId && access.TableEndpoint != null && access.TableEndpoint.Scheme != Uri.UriSchemeHttps)
            {
                // Azure.Core sends bearer tokens over TLS only (and throws a bare InvalidOperationException
                // on the first request otherwise); say so up front, as the error the key fallback knows.
                throw new ModuleException(ErrorIds.TableCredentialUnavailable, ErrorCategory.AuthenticationError,
                    $"Microsoft Entra ID tokens are sent over https only, and the table endpoint of storage account '{access.StorageAccountName}' is {access.TableEndpoint}. "
                    + "Give -ConnectionString, or -TableEndpoint with -SasToken, or -AllowKeyAccess to read with an account key from listKeys.",
                    access.StorageAccountName);
            }

            if (access.Authentication == TableAuthentication.EntraId && access.TokenCredential == null)
            {
                if (connection == null)
                {
                    throw new ModuleException(ErrorIds.NoTableCredential, ErrorCategory.InvalidArgument,
                        "Reading tables with Microsoft Entra ID needs an Azure sign-in. Give -ConnectionString, or -TableEndpoint with -SasToken, instead.");
                }

                // The ARM token (if one was handed to us) is for the ARM audience; storage needs its own,
                // so the credential chain is asked for the storage scope.
                var storage = new AzureConnectionOptions { TenantId = connection.TenantId, Scope = "https://storage.azure.com/.default" };
                access = new TableAccess
                {
                    Authentication = access.Authentication,
                    TableEndpoint = access.TableEndpoint,
                    StorageAccountName = access.StorageAccountName,
                    TokenCredential = Credentials.For(storage),
                };
            }

            return DiagnosticsTableSource.Create(access);
        }

        public async Task<StorageAccountEndpoint?> FindStorageAccountAsync(AzureConnectionOptions connection, string subscriptionId, string accountName, SourceLog log, CancellationToken cancellationToken)
        {
            var scope = $"/subscriptions/{subscriptionId}";
            var access = new ArmAccess($"the storage accounts of subscription '{subscriptionId}'", "Microsoft.Storage/storageAccounts/read", "Reader", scope);
            var items = await armFor(connection, log).ListAsync($"{scope}/providers/Microsoft.Storage/storageAccounts?api-version={StorageApiVersion}", access, cancellationToken).ConfigureAwait(false);
            foreach (var item in items)
            {
                var node = JsonParser.Parse(item);
                if (!string.Equals(node["name"]?.ScalarText, accountName, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var table = node["properties"]?["primaryEndpoints"]?["table"]?.ScalarText;
                return new StorageAccountEndpoint
                {
                    Id = node["id"]?.ScalarText ?? string.Empty,
                    Name = accountName,
                    TableEndpoint = table != null ? new Uri(table) : new Uri($"https://{accountName}.table.core.windows.net/"),
                    SkuTier = node["sku"]?["tier"]?.ScalarText,
                };
            }

            return null;
        }

        public async Task<string> ListKeyAsync(AzureConnectionOptions connection, string storageAccountId, SourceLog log, CancellationToken cancellationToken)
        {
            var access = new ArmAccess($"the keys of storage account '{ResourceIds.LastSegment(storageAccountId)}'", "Microsoft.Storage/storageAccounts/listKeys/action",
                "Storage Account Key Operator Service Role (or Contributor)", storageAccountId);
            var response = await armFor(connection, log).SendAsync(ArmWritePermit.StorageListKeys, $"{ArmResourceId.Require(storageAccountId, ArmResourceType.StorageAccount, "The storage account ID")}/listKeys?api-version={StorageApiVersion}", string.Empty, access, cancellationToken).ConfigureAwait(false);
            var key = JsonParser.Parse(response.Body)["keys"]?.Items.Select(k => k["value"]?.ScalarText).FirstOrDefault(v => !string.IsNullOrEmpty(v));
            return key ?? throw new ModuleException(ErrorIds.NoStorageKey, ErrorCategory.InvalidResult, $"listKeys returned no key for {access.What}.", access.What);
        }

        public Task<IReadOnlyList<MetricSample>> GetHostMetricsAsync(
            AzureConnectionOptions connection, string scaleSetId, IReadOnlyList<string> metricNames, DateTime startUtc, DateTime endUtc, int instanceCountHint, SourceLog log, CancellationToken cancellationToken) =>
            new MetricsClient(armFor(connection, log)).GetAsync(scaleSetId, metricNames, startUtc, endUtc, instanceCountHint, cancellationToken);

        private sealed class PipelineOptions : ClientOptions
        {
        }
    }
}
