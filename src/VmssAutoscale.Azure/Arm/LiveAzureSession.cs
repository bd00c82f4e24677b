using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using VmssAutoscale.Sources.Sampling;

namespace VmssAutoscale.Azure.Arm
{
    /// <summary>
    /// Live Azure behind the source interfaces: one authenticated pipeline to one ARM endpoint.
    /// Scale sets, instance views and VM sizes come from the Compute REST API; autoscale settings
    /// and the activity log from the Monitor REST API, which no SDK on our package feed covers.
    /// Bodies go back as the JSON ARM sent, for the readers in the cmdlet assembly.
    /// </summary>
    internal sealed partial class LiveAzureSession : IAzureSession, IAutoscaleSettingMetricSource, IAzureMonitorMetricSource
    {
        public const string ComputeApiVersion = "2024-07-01";
        public const string AutoscaleApiVersion = "2022-10-01";
        public const string ActivityLogApiVersion = "2015-04-01";
        public const string SubscriptionsApiVersion = "2022-12-01";

        private readonly ArmRetryPolicy retry;
        private readonly ArmRestClient client;
        private readonly ResourceGraphClient graph;
        private readonly HttpClientTransport? ownedTransport;

        /// <param name="handler">Test seam: an in-process HTTP handler (the fake ARM) instead of the network.</param>
        /// <param name="delay">Test seam: how retries wait, so tests do not sleep on Retry-After.</param>
        public LiveAzureSession(AzureConnectionOptions options, HttpMessageHandler? handler = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
        {
            Log = new SourceLog();
            retry = new ArmRetryPolicy(options.MaxRetries, options.MaxRetryDelay, delay, Log);
            var clientOptions = new ArmPipelineOptions { RetryPolicy = retry };
            clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
            clientOptions.Diagnostics.ApplicationId = "VmssAutoscale";
            if (handler != null)
            {
                clientOptions.Transport = ownedTransport = new HttpClientTransport(handler);
            }
            else
            {
                // Our own handler so that redirects are never followed, with or without -SkipCertificateCheck:
                // a redirect to another host must not carry the request there (ArmRestClient refuses 3xx).
                var httpHandler = new HttpClientHandler { AllowAutoRedirect = false };
                if (options.SkipCertificateCheck)
                {
                    // Only on explicit request (Connect-VmssAutoscale -SkipCertificateCheck), which warns.
                    httpHandler.ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) => true;
                }

                clientOptions.Transport = ownedTransport = new HttpClientTransport(httpHandler);
            }

            var pipeline = HttpPipelineBuilder.Build(clientOptions, new BearerTokenAuthenticationPolicy(Credentials.For(options), options.Scope));
            client = new ArmRestClient(pipeline, options.ResourceManagerUrl, Log, options.RequestDeadline, options.MaxResponseBytes);
            graph = new ResourceGraphClient(client, Log);
        }

        public SourceLog Log { get; }

        public int RequestCount => retry.Attempts;

        public Task<string> GetScaleSetJsonAsync(string scaleSetId, CancellationToken cancellationToken) =>
            client.GetAsync($"{scaleSetId}?api-version={ComputeApiVersion}", ArmAccess.ReadScaleSet(scaleSetId), cancellationToken);

        public Task<string> GetInstanceViewJsonAsync(string scaleSetId, CancellationToken cancellationToken) =>
            client.GetAsync($"{scaleSetId}/instanceView?api-version={ComputeApiVersion}", ArmAccess.ReadInstanceView(scaleSetId), cancellationToken);

        public Task<IReadOnlyList<string>> ListScaleSetJsonAsync(string subscriptionId, string? resourceGroupName, CancellationToken cancellationToken)
        {
            var scope = Scope(subscriptionId, resourceGroupName);
            return client.ListAsync($"{scope}/providers/Microsoft.Compute/virtualMachineScaleSets?api-version={ComputeApiVersion}", ArmAccess.ListScaleSets(scope), cancellationToken);
        }

        public Task<IReadOnlyList<string>> ListSettingJsonAsync(string subscriptionId, string? resourceGroupName, CancellationToken cancellationToken)
        {
            var scope = Scope(subscriptionId, resourceGroupName);
            return client.ListAsync($"{scope}/providers/Microsoft.Insights/autoscalesettings?api-version={AutoscaleApiVersion}", ArmAccess.ReadSettings(scope), cancellationToken);
        }

        public Task<string> GetSettingJsonAsync(string subscriptionId, string resourceGroupName, string name, CancellationToken cancellationToken)
        {
            var id = $"{Scope(subscriptionId, resourceGroupName)}/providers/Microsoft.Insights/autoscalesettings/{Uri.EscapeDataString(name)}";
            return client.GetAsync($"{id}?api-version={AutoscaleApiVersion}", ArmAccess.ReadSetting(id), cancellationToken);
        }

        public Task<IReadOnlyList<string>> GetActivityLogJsonAsync(string subscriptionId, string resourceId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            // The only filter shapes the service accepts: a time range plus exactly one of
            // resourceGroupName, resourceUri, resourceProvider or correlationId (Activity Log - List, REST API
            // reference, microsoft.insights eventtypes/management/values, api-version 2015-04-01).
            var filter = $"eventTimestamp ge '{Iso(startUtc)}' and eventTimestamp le '{Iso(endUtc)}' and resourceUri eq " + QueryLiterals.OData(resourceId);
            return client.ListAsync(
                $"/subscriptions/{subscriptionId}/providers/Microsoft.Insights/eventtypes/management/values?api-version={ActivityLogApiVersion}&$filter={Uri.EscapeDataString(filter)}",
                ArmAccess.ReadActivityLog(subscriptionId, resourceId),
                cancellationToken);
        }

        public async Task<CapacityOperation> BeginSetCapacityAsync(string scaleSetId, int capacity, CancellationToken cancellationToken)
        {
            var body = "{\"sku\":{\"capacity\":" + capacity.ToString(CultureInfo.InvariantCulture) + "}}";
            var response = await client.SendAsync(ArmWritePermit.ScaleSetCapacity, $"{ArmResourceId.Require(scaleSetId, ArmResourceType.ScaleSet, "The scale set ID")}?api-version={ComputeApiVersion}", body, ArmAccess.WriteScaleSet(scaleSetId), cancellationToken).ConfigureAwait(false);

            // The ARM long-running-operation protocol: Azure-AsyncOperation first, then Location,
            // else the resource's own provisioningState.
            var asyncUrl = response.Header("Azure-AsyncOperation");
            var location = response.Header("Location");
            var state = ProvisioningState(response.Body);
            if (asyncUrl == null && location == null)
            {
                return new CapacityOperation
                {
                    ScaleSetId = scaleSetId,
                    PollKind = "Resource",
                    PollUrl = null,
                    ProvisioningState = state,
                    Status = IsTerminal(state) ? state! : "InProgress",
                    RetryAfter = response.RetryAfter,
                };
            }

            return new CapacityOperation
            {
                ScaleSetId = scaleSetId,
                PollKind = asyncUrl != null ? "AsyncOperation" : "Location",
                PollUrl = asyncUrl ?? location,
                ProvisioningState = state,
                Status = "InProgress",
                RetryAfter = response.RetryAfter,
            };
        }

        public async Task<CapacityOperation> PollAsync(CapacityOperation operation, CancellationToken cancellationToken)
        {
            var access = ArmAccess.ReadOperation(operation.ScaleSetId);
            string status;
            string? error = null;
            TimeSpan? retryAfter;
            switch (operation.PollKind)
            {
                case "AsyncOperation":
                    {
                        var r = await client.GetResponseAsync(operation.PollUrl!, access, cancellationToken).ConfigureAwait(false);
                        using var doc = JsonDocument.Parse(r.Body);
                        status = doc.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "InProgress";
                        if (doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
                        {
                            var (code, message) = ArmRestClient.ErrorOf(e.GetRawText());
                            error = Reports.SecretRedactor.RedactText(code == null ? message ?? string.Empty : $"{code}: {message}");
                        }

                        retryAfter = r.RetryAfter;
                        break;
                    }

                case "Location":
                    {
                        var r = await client.GetResponseAsync(operation.PollUrl!, access, cancellationToken).ConfigureAwait(false);
                        status = r.Status == 202 ? "InProgress" : "Succeeded";
                        retryAfter = r.RetryAfter;
                        break;
                    }

                default:
                    {
                        var state = ProvisioningState(await GetScaleSetJsonAsync(operation.ScaleSetId, cancellationToken).ConfigureAwait(false));
                        return Copy(operation, IsTerminal(state) ? state! : "InProgress", state, null, null);
                    }
            }

            if (status.Equals("InProgress", StringComparison.OrdinalIgnoreCase) || !IsTerminal(status))
            {
                return Copy(operation, "InProgress", operation.ProvisioningState, null, retryAfter);
            }

            // Terminal: read the scale set once more so the result shows its provisioning state.
            var finalState = ProvisioningState(await GetScaleSetJsonAsync(operation.ScaleSetId, cancellationToken).ConfigureAwait(false));
            return Copy(operation, status, finalState, error, null);
        }

        public async Task<IReadOnlyList<SubscriptionInfo>> ListSubscriptionsAsync(CancellationToken cancellationToken)
        {
            var items = await client.ListAsync($"/subscriptions?api-version={SubscriptionsApiVersion}", ArmAccess.ListSubscriptions(), cancellationToken).ConfigureAwait(false);
            return items.Select(json =>
            {
                using var doc = JsonDocument.Parse(json);
                var e = doc.RootElement;
                return new SubscriptionInfo
                {
                    SubscriptionId = Str(e, "subscriptionId") ?? string.Empty,
                    DisplayName = Str(e, "displayName"),
                    State = Str(e, "state"),
                    TenantId = Str(e, "tenantId"),
                };
            }).ToList();
        }

        public Task<IReadOnlyList<MetricSample>> GetMetricsAsync(MetricQuery query, CancellationToken cancellationToken) =>
            new MetricsClient(client).GetAsync(query, cancellationToken);

        public Task<string> GetSettingMetricsJsonAsync(string settingId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) =>
            client.GetAsync(AutoscaleSettingMetrics.PathFor(ArmResourceId.Require(settingId, ArmResourceType.AutoscaleSetting, "The autoscale setting's id"), startUtc, endUtc), ArmAccess.ReadSettingMetrics(settingId), cancellationToken);

        public Task<IReadOnlyList<string>> QueryResourcesAsync(IReadOnlyList<string> subscriptionIds, string query, CancellationToken cancellationToken) =>
            graph.QueryAsync(subscriptionIds, query, cancellationToken);

        public void Dispose() => ownedTransport?.Dispose();

        private static CapacityOperation Copy(CapacityOperation o, string status, string? state, string? error, TimeSpan? retryAfter) => new CapacityOperation
        {
            ScaleSetId = o.ScaleSetId,
            PollKind = o.PollKind,
            PollUrl = o.PollUrl,
            Status = status,
            ProvisioningState = state,
            Error = error,
            RetryAfter = retryAfter,
        };

        private static bool IsTerminal(string? state) =>
            state != null && (state.Equals("Succeeded", StringComparison.OrdinalIgnoreCase) || state.Equals("Failed", StringComparison.OrdinalIgnoreCase) || state.Equals("Canceled", StringComparison.OrdinalIgnoreCase));

        private static string? ProvisioningState(string json)
        {
            if (string.IsNullOrWhiteSpace(json))
            {
                return null;
            }

            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
                ? Str(p, "provisioningState")
                : null;
        }

        private static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static string Scope(string subscriptionId, string? resourceGroupName) =>
            resourceGroupName == null ? $"/subscriptions/{subscriptionId}" : $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";

        private static string Iso(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        private sealed class ArmPipelineOptions : ClientOptions
        {
        }
    }
}
