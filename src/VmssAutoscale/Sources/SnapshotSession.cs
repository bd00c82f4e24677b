using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// A snapshot bundle dressed as an Azure session, so the live cmdlets' code paths read it
    /// unchanged with -Snapshot. It is read-only: a capacity change is refused, not faked.
    /// </summary>
    public sealed class SnapshotSession : IAzureSession, Sampling.IAutoscaleSettingMetricSource
    {
        public SnapshotSession(SnapshotSource source)
        {
            Source = source;
        }

        public SnapshotSource Source { get; }

        public SourceLog Log => Source.Log;

        /// <summary>A snapshot sends no HTTP request.</summary>
        public int RequestCount => 0;

        public Task<string> GetScaleSetJsonAsync(string scaleSetId, CancellationToken cancellationToken) => Source.GetScaleSetJsonAsync(scaleSetId, cancellationToken);

        public Task<string> GetInstanceViewJsonAsync(string scaleSetId, CancellationToken cancellationToken) => Source.GetInstanceViewJsonAsync(scaleSetId, cancellationToken);

        public Task<IReadOnlyList<string>> ListScaleSetJsonAsync(string subscriptionId, string? resourceGroupName, CancellationToken cancellationToken) =>
            Source.ListScaleSetJsonAsync(subscriptionId, resourceGroupName, cancellationToken);

        public Task<IReadOnlyList<VmSizeInfo>> ListVmSizesAsync(string subscriptionId, string location, CancellationToken cancellationToken) =>
            Source.ListVmSizesAsync(subscriptionId, location, cancellationToken);

        public Task<IReadOnlyList<string>> ListSettingJsonAsync(string subscriptionId, string? resourceGroupName, CancellationToken cancellationToken) =>
            Source.ListSettingJsonAsync(subscriptionId, resourceGroupName, cancellationToken);

        public Task<string> GetSettingJsonAsync(string subscriptionId, string resourceGroupName, string name, CancellationToken cancellationToken) =>
            Source.GetSettingJsonAsync(subscriptionId, resourceGroupName, name, cancellationToken);

        public Task<IReadOnlyList<string>> GetActivityLogJsonAsync(string subscriptionId, string resourceId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) =>
            Source.GetActivityLogJsonAsync(subscriptionId, resourceId, startUtc, endUtc, cancellationToken);

        public Task<string> GetSettingMetricsJsonAsync(string settingId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) =>
            Source.GetSettingMetricsJsonAsync(settingId, startUtc, endUtc, cancellationToken);

        public Task<CapacityOperation> BeginSetCapacityAsync(string scaleSetId, int capacity, CancellationToken cancellationToken) =>
            throw ReadOnly(scaleSetId);

        public Task<CapacityOperation> PollAsync(CapacityOperation operation, CancellationToken cancellationToken) =>
            throw ReadOnly(operation.ScaleSetId);

        /// <summary>The subscriptions the bundle's scale sets live in, so "the single visible subscription" works offline.</summary>
        public Task<IReadOnlyList<SubscriptionInfo>> ListSubscriptionsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SubscriptionInfo>>(Source.Snapshot.ScaleSets
                .Select(s => ResourceIds.Subscription(s.ResourceId))
                .Where(s => s != null)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(s => new SubscriptionInfo { SubscriptionId = s!, DisplayName = "snapshot", State = "Enabled" })
                .ToList());

        /// <summary>A bundle holds the resources it was exported with, not an index to query: fleet mode offline lists the bundle's scale sets instead.</summary>
        public Task<IReadOnlyList<string>> QueryResourcesAsync(IReadOnlyList<string> subscriptionIds, string query, CancellationToken cancellationToken) =>
            throw new ModuleException(ErrorIds.NotInSnapshot, ErrorCategory.InvalidOperation,
                $"'{Source.Snapshot.Path}' is a snapshot: Azure Resource Graph cannot be queried offline. Run the command against live Azure (without -Snapshot).", Source.Snapshot.Path);

        public void Dispose()
        {
        }

        private ModuleException ReadOnly(string target) =>
            new ModuleException(ErrorIds.SnapshotIsReadOnly, ErrorCategory.InvalidOperation,
                $"'{Source.Snapshot.Path}' is a snapshot: it can be read, not scaled. Run the command against live Azure (without -Snapshot).", target);
    }
}
