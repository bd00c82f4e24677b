using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;
using VmssAutoscale.Azure.Storage;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Tests.Storage
{
    /// <summary>
    /// Microsoft Entra ID on the diagnostics tables can fail before the service is asked: no
    /// credential can get a storage token, or the endpoint is not https (Azure.Core sends bearer
    /// tokens over TLS only). Both are the module's TableCredentialUnavailable error, which the
    /// -AllowKeyAccess fallback acts on like a refusal by the service.
    /// </summary>
    public class TableCredentialTests
    {
        private static readonly DiagnosticsTableQuery Query = new DiagnosticsTableQuery
        {
            Format = DiagnosticsTableFormat.WADMetrics,
            MetricNames = new[] { @"\Processor(_Total)\% Processor Time" },
            StartTime = new DateTime(2024, 5, 13, 0, 0, 0, DateTimeKind.Utc),
            EndTime = new DateTime(2024, 5, 13, 0, 30, 0, DateTimeKind.Utc),
            MetricsResourceId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web",
        };

        private sealed class NoCredential : TokenCredential
        {
            public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
                throw new CredentialUnavailableException("EnvironmentCredential authentication unavailable. Environment variables are not fully configured.");

            public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
                throw new CredentialUnavailableException("EnvironmentCredential authentication unavailable. Environment variables are not fully configured.");
        }

        [Fact]
        public void A_credential_that_gets_no_token_is_TableCredentialUnavailable()
        {
            // 192.0.2.0/24 is documentation-only: the credential fails before any connection is tried.
            var source = DiagnosticsTableSource.Create(new TableAccess
            {
                Authentication = TableAuthentication.EntraId,
                TableEndpoint = new Uri("https://192.0.2.1/devstoreaccount1"),
                StorageAccountName = "devstoreaccount1",
                TokenCredential = new NoCredential(),
            });
            var e = Assert.Throws<ModuleException>(() => source.Read(Query, new DiagnosticsReadReport(), _ => { }, default).ToList());
            Assert.Equal("TableCredentialUnavailable", e.ErrorId);
            Assert.Contains("Environment variables are not fully configured", e.Message);
            Assert.Contains("-AllowKeyAccess", e.Message);
        }

        [Fact]
        public void Entra_ID_on_an_http_endpoint_is_TableCredentialUnavailable_before_any_credential_is_asked()
        {
            var e = Assert.Throws<ModuleException>(() => new DiagnosticsBackend().OpenTables(
                new TableAccess { Authentication = TableAuthentication.EntraId, TableEndpoint = new Uri("http://127.0.0.1:10002/devstoreaccount1"), StorageAccountName = "devstoreaccount1" },
                new AzureConnectionOptions { AccessToken = "arm-token" }));
            Assert.Equal("TableCredentialUnavailable", e.ErrorId);
            Assert.Contains("https", e.Message);
            Assert.Contains("http://127.0.0.1:10002/devstoreaccount1", e.Message);
        }
    }
}
