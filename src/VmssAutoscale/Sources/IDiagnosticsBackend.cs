using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    /// <summary>A storage account as ARM describes it: enough to reach its tables and, if allowed, its keys.</summary>
    public sealed class StorageAccountEndpoint
    {
        public string Id { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public Uri TableEndpoint { get; init; } = new Uri("https://localhost/");

        /// <summary>Premium accounts have no table service, so the diagnostics extension cannot write to them.</summary>
        public string? SkuTier { get; init; }
    }

    /// <summary>
    /// Get-VmssDiagnosticsSample's way into the isolated Azure assembly: table readers, storage
    /// account lookup, listKeys and host metrics. Like IAzureBackend, it is created by reflection
    /// inside the private load context (DiagnosticsBackendLoader) and exchanges only our own types.
    /// </summary>
    public interface IDiagnosticsBackend
    {
        /// <summary>Table reader for the access chosen; Entra ID uses the credential of <paramref name="connection"/> with the storage scope.</summary>
        IDiagnosticsTableSource OpenTables(TableAccess access, AzureConnectionOptions? connection);

        /// <summary>Finds a storage account by name in a subscription (one list request); null when it is not there.</summary>
        Task<StorageAccountEndpoint?> FindStorageAccountAsync(AzureConnectionOptions connection, string subscriptionId, string accountName, SourceLog log, CancellationToken cancellationToken);

        /// <summary>The first key of the account (POST listKeys). Called only with -AllowKeyAccess.</summary>
        Task<string> ListKeyAsync(AzureConnectionOptions connection, string storageAccountId, SourceLog log, CancellationToken cancellationToken);

        /// <summary>Host metrics per VM for a scale set, one request for all instances.</summary>
        Task<IReadOnlyList<MetricSample>> GetHostMetricsAsync(
            AzureConnectionOptions connection, string scaleSetId, IReadOnlyList<string> metricNames, DateTime startUtc, DateTime endUtc, int instanceCountHint, SourceLog log, CancellationToken cancellationToken);
    }

    public static class DiagnosticsBackendLoader
    {
        private const string BackendTypeName = "VmssAutoscale.Azure.Storage.DiagnosticsBackend";
        private static readonly object Gate = new object();
        private static IDiagnosticsBackend? backend;

        public static IDiagnosticsBackend Backend
        {
            get
            {
                lock (Gate)
                {
                    return backend ??= Create();
                }
            }
        }

        // Out of line for the same reason as AzureBackendLoader.Create: the resolver must be in place first.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static IDiagnosticsBackend Create()
        {
            var assembly = DependencyLoader.LoadAzureAssembly();
            var type = assembly.GetType(BackendTypeName, throwOnError: true)!;
            return (IDiagnosticsBackend)Activator.CreateInstance(type)!;
        }
    }
}
