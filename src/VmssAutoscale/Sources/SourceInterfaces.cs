using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    // The seams the cmdlets talk to. Live Azure (VmssAutoscale.Azure, loaded into a private
    // context) and a snapshot bundle answer the same calls. Resource bodies cross the boundary as
    // the JSON text ARM returned, so a snapshot that stored those bodies can replay them and both
    // are read by the same readers in this assembly (ScaleSetReader, ActivityLogReader,
    // AutoscaleSettingParser). No Azure SDK type appears here.

    /// <summary>Scale sets and what describes them (GET body, instance view); the VM sizes are a declared read (Reads/VmSizeRead).</summary>
    public interface IScaleSetSource
    {
        /// <summary>The GET body of one scale set. Fails with a ModuleException (ObjectNotFound) when it does not exist.</summary>
        Task<string> GetScaleSetJsonAsync(string scaleSetId, CancellationToken cancellationToken);

        /// <summary>The instanceView body of one scale set (instance and extension status summaries).</summary>
        Task<string> GetInstanceViewJsonAsync(string scaleSetId, CancellationToken cancellationToken);

        /// <summary>Every scale set of a resource group, or of the subscription when resourceGroupName is null.</summary>
        Task<IReadOnlyList<string>> ListScaleSetJsonAsync(string subscriptionId, string? resourceGroupName, CancellationToken cancellationToken);
    }

    /// <summary>Autoscale settings (Microsoft.Insights/autoscalesettings), as resource bodies.</summary>
    public interface ISettingSource
    {
        /// <summary>The settings of a resource group, or of the subscription when resourceGroupName is null.</summary>
        Task<IReadOnlyList<string>> ListSettingJsonAsync(string subscriptionId, string? resourceGroupName, CancellationToken cancellationToken);

        Task<string> GetSettingJsonAsync(string subscriptionId, string resourceGroupName, string name, CancellationToken cancellationToken);
    }

    /// <summary>Activity-log records (EventData bodies) for one resource over a time range.</summary>
    public interface IScaleEventSource
    {
        Task<IReadOnlyList<string>> GetActivityLogJsonAsync(string subscriptionId, string resourceId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken);
    }

    /// <summary>Changing capacity (live only): start the PATCH, then poll the long-running operation.</summary>
    public interface IScaleOperations
    {
        Task<CapacityOperation> BeginSetCapacityAsync(string scaleSetId, int capacity, CancellationToken cancellationToken);

        Task<CapacityOperation> PollAsync(CapacityOperation operation, CancellationToken cancellationToken);
    }

    /// <summary>Subscriptions the credential can see, to pick the single visible one.</summary>
    public interface ISubscriptionSource
    {
        Task<IReadOnlyList<SubscriptionInfo>> ListSubscriptionsAsync(CancellationToken cancellationToken);
    }

    /// <summary>
    /// Azure Resource Graph: one query over many subscriptions instead of one listing per
    /// subscription (fleet mode). Rows cross the boundary as JSON object text, like resource bodies.
    /// </summary>
    public interface IResourceGraphSource
    {
        /// <summary>
        /// Every row of a query (resultFormat objectArray) over the given subscriptions, following
        /// $skipToken paging. Fails with a ModuleException like any other ARM call.
        /// </summary>
        Task<IReadOnlyList<string>> QueryResourcesAsync(IReadOnlyList<string> subscriptionIds, string query, CancellationToken cancellationToken);
    }

    /// <summary>
    /// One authenticated connection to an ARM endpoint: every source at once, plus its log. It
    /// answers every read, so SourceSet.Live hands each capability the session itself.
    /// </summary>
    public interface IAzureSession : IScaleSetSource, ISettingSource, IScaleEventSource, IScaleOperations, ISubscriptionSource, IResourceGraphSource,
        Sampling.IAutoscaleSettingMetricSource, Sampling.IAzureMonitorMetricSource, Sampling.IAutoscaleLogSource, IArmReader, IDisposable
    {
        /// <summary>Verbose lines (requests made) and warnings raised on worker threads, for the cmdlet to write on the pipeline thread.</summary>
        SourceLog Log { get; }

        /// <summary>HTTP requests sent, retries included; what the benchmarks count.</summary>
        int RequestCount { get; }
    }

    /// <summary>
    /// The entry point of VmssAutoscale.Azure, found by name and created by reflection inside the
    /// private load context (see AzureBackendLoader), so this assembly never references it.
    /// </summary>
    public interface IAzureBackend
    {
        IAzureSession Open(AzureConnectionOptions options);
    }

    /// <summary>Everything the Azure side needs to open a session; built by the cmdlets from the session defaults.</summary>
    public sealed class AzureConnectionOptions
    {
        public Uri ResourceManagerUrl { get; init; } = new Uri("https://management.azure.com/");

        /// <summary>The token scope, e.g. https://management.azure.com/.default.</summary>
        public string Scope { get; init; } = "https://management.azure.com/.default";

        /// <summary>A bearer token to use as is. Never logged; never copied into an output object.</summary>
        public string? AccessToken { get; init; }

        public DateTimeOffset? AccessTokenExpiresOn { get; init; }

        public string? TenantId { get; init; }

        /// <summary>Accept any server certificate (a test endpoint or an Azure Stack Hub with a private CA). The user asked for it explicitly.</summary>
        public bool SkipCertificateCheck { get; init; }

        /// <summary>Retry budget for 429 and transient 5xx responses.</summary>
        public int MaxRetries { get; init; } = 6;

        /// <summary>Upper bound of one wait between retries, whatever Retry-After asks for.</summary>
        public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

        /// <summary>Upper bound of one network operation (Azure.Core's NetworkTimeout: sending, or one read of the body).</summary>
        public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(100);

        /// <summary>
        /// Upper bound of one whole request: every retry and its waits, and reading the whole body. A
        /// server that never answers, or trickles its body a byte at a time (each read within
        /// NetworkTimeout), ends here with a Timeout error instead of holding the command forever.
        /// </summary>
        public TimeSpan RequestDeadline { get; init; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// Largest ARM response body read, in bytes. ARM pages its lists, so a real answer is far
        /// smaller; a larger one is refused with a clear error instead of filling memory.
        /// </summary>
        public int MaxResponseBytes { get; init; } = 64 * 1024 * 1024;
    }
}
