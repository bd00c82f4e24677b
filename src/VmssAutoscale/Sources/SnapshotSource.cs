using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// Answers the source interfaces from a snapshot bundle instead of Azure. It hands back the
    /// same ARM bodies live Azure returned, so the readers above it cannot tell the difference:
    /// that is what makes a -Snapshot run give the live run's findings. SourceSet.OpenSnapshot
    /// opens it, the one way any cmdlet opens a bundle; what a bundle cannot answer (Resource
    /// Graph, Log Analytics, capacity changes) is an absent capability of that set.
    /// </summary>
    public sealed class SnapshotSource : IScaleSetSource, ISettingSource, IScaleEventSource, ISubscriptionSource, IMetricSampleSource, Sampling.IAutoscaleSettingMetricSource, Reads.IDeclaredReadSource
    {
        public SnapshotSource(Snapshot snapshot)
        {
            Snapshot = snapshot;
        }

        public Snapshot Snapshot { get; }

        public SourceLog Log { get; } = new SourceLog();

        /// <summary>The reference time of everything read from the bundle: when it was collected.</summary>
        public DateTime Now => Snapshot.CollectedAt;

        public SnapshotScaleSet Find(string scaleSetId) =>
            Snapshot.ScaleSets.FirstOrDefault(s => ResourceIds.AreEqual(s.ResourceId, scaleSetId))
            ?? throw NotInSnapshot(ResourceIds.ResourceGroup(scaleSetId), ResourceIds.LastSegment(scaleSetId), scaleSetId);

        /// <summary>
        /// The one answer every cmdlet with -Snapshot gives for a scale set the bundle does not hold:
        /// what was asked, that it is not in the snapshot, and what the snapshot holds.
        /// </summary>
        public ModuleException NotInSnapshot(string? resourceGroupName, string? name, object? target) =>
            new ModuleException(ErrorIds.ScaleSetNotInSnapshot, ErrorCategory.ObjectNotFound,
                $"The scale set '{resourceGroupName ?? "*"}/{name ?? "*"}' is not in the snapshot '{Snapshot.Path}'; it holds: " +
                $"{string.Join(", ", Snapshot.ScaleSets.Select(s => $"{ResourceIds.ResourceGroup(s.ResourceId)}/{s.Name}"))}.", target);

        /// <summary>The scale set IDs of a resource group (or of every group when it is null), in bundle order.</summary>
        public IEnumerable<SnapshotScaleSet> Matching(string? subscriptionId, string? resourceGroupName, string? name) =>
            Snapshot.ScaleSets.Where(s =>
                (string.IsNullOrEmpty(subscriptionId) || string.Equals(ResourceIds.Subscription(s.ResourceId), subscriptionId, StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrEmpty(resourceGroupName) || string.Equals(ResourceIds.ResourceGroup(s.ResourceId), resourceGroupName, StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrEmpty(name) || string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)));

        public Task<string> GetScaleSetJsonAsync(string scaleSetId, CancellationToken cancellationToken) =>
            Task.FromResult(Find(scaleSetId).Model.ToString());

        public Task<string> GetInstanceViewJsonAsync(string scaleSetId, CancellationToken cancellationToken) =>
            Task.FromResult(Find(scaleSetId).InstanceView?.ToString() ?? "{}");

        public Task<IReadOnlyList<string>> ListScaleSetJsonAsync(string subscriptionId, string? resourceGroupName, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(Matching(subscriptionId, resourceGroupName, null).Select(s => s.Model.ToString()).ToList());

        public Task<IReadOnlyList<string>> ListSettingJsonAsync(string subscriptionId, string? resourceGroupName, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(Snapshot.AutoscaleSettings
                .Where(b => SettingIn(b, subscriptionId, resourceGroupName))
                .Select(b => b.ToString())
                .ToList());

        public Task<string> GetSettingJsonAsync(string subscriptionId, string resourceGroupName, string name, CancellationToken cancellationToken)
        {
            var body = Snapshot.AutoscaleSettings.FirstOrDefault(b => SettingIn(b, subscriptionId, resourceGroupName) && string.Equals(b["name"]?.StringValue, name, StringComparison.OrdinalIgnoreCase));
            if (body == null)
            {
                throw new ModuleException(ErrorIds.SettingNotInSnapshot, ErrorCategory.ObjectNotFound,
                    $"The snapshot '{Snapshot.Path}' has no autoscale setting '{name}' in resource group '{resourceGroupName}'.", name);
            }

            return Task.FromResult(body.ToString());
        }

        /// <summary>The bundle's activity-log records that concern this resource (the scale set, or a setting that targets it), inside the period.</summary>
        public Task<IReadOnlyList<string>> GetActivityLogJsonAsync(string subscriptionId, string resourceId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            var records = new List<string>();
            foreach (var set in Snapshot.ScaleSets)
            {
                foreach (var r in set.ActivityLog)
                {
                    var id = r["resourceId"]?.StringValue;
                    var time = r["eventTimestamp"]?.StringValue;
                    if (!ResourceIds.AreEqual(id, resourceId))
                    {
                        continue;
                    }

                    if (time != null && DateTime.TryParse(time, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out var t)
                        && (t < startUtc || t > endUtc))
                    {
                        continue;
                    }

                    records.Add(r.ToString());
                }
            }

            return Task.FromResult<IReadOnlyList<string>>(records);
        }

        public Task<SampleReadResult> ReadSamplesAsync(ScaleSetInfo scaleSet, string scaleSetJson, IReadOnlyList<Sampling.MetricRequest> requests, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            var set = Find(scaleSet.ResourceId);
            var wanted = new HashSet<string>(requests.Select(r => r.MetricName), StringComparer.OrdinalIgnoreCase);
            return Task.FromResult(new SampleReadResult
            {
                Samples = set.Samples is SampleStore store
                    ? (IReadOnlyList<MetricSample>)store.InTimeOrder(i => (wanted.Count == 0 || wanted.Contains(store.MetricNameAt(i))) && store.TimestampAt(i) >= startUtc && store.TimestampAt(i) < endUtc)
                    : set.Samples
                        .Where(s => (wanted.Count == 0 || wanted.Contains(s.MetricName)) && s.Timestamp >= startUtc && s.Timestamp < endUtc)
                        .OrderBy(s => s.Timestamp)
                        .ToList(),
                SampleSource = set.SampleSource,
                TablesRead = set.TablesRead,
                TablesMissing = set.TablesMissing,
            });
        }

        /// <summary>The run history the bundle kept for a setting; the caller keeps the minutes of its period.</summary>
        public Task<string> GetSettingMetricsJsonAsync(string settingId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            var kept = Snapshot.ScaleSets.SelectMany(s => s.ServiceMetrics).FirstOrDefault(m => ResourceIds.AreEqual(m.SettingId, settingId));
            if (kept == null)
            {
                throw new ModuleException(ErrorIds.NotInSnapshot, ErrorCategory.ObjectNotFound,
                    $"The snapshot '{Snapshot.Path}' holds no run history of the autoscale setting '{ResourceIds.LastSegment(settingId)}' (bundles exported before the module read run history have none). Read it from Azure without -Snapshot.", settingId);
            }

            return Task.FromResult(kept.Body.ToString());
        }

        /// <summary>The subscriptions the bundle's scale sets live in, so "the single visible subscription" works offline.</summary>
        public Task<IReadOnlyList<SubscriptionInfo>> ListSubscriptionsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SubscriptionInfo>>(Snapshot.ScaleSets
                .Select(s => ResourceIds.Subscription(s.ResourceId))
                .Where(s => s != null)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(s => new SubscriptionInfo { SubscriptionId = s!, DisplayName = "snapshot", State = "Enabled" })
                .ToList());

        /// <summary>
        /// The section the bundle kept for a declared read; NotInSnapshot when it kept none (a bundle
        /// exported before the read existed), which the diagnosis turns into a Skipped check that says
        /// so, never a Pass on nothing.
        /// </summary>
        public Task<JsonNode> ReadAsync(Reads.ScaleSetRead read, ScaleSetInfo scaleSet, Reads.ReadWindow? window, CancellationToken cancellationToken)
        {
            var set = Find(scaleSet.ResourceId);
            return set.Reads.TryGetValue(read.Name, out var body)
                ? Task.FromResult(body)
                : Task.FromException<JsonNode>(Missing(read.What, scaleSet.ResourceId));
        }

        private ModuleException Missing(string what, string target) =>
            new ModuleException(ErrorIds.NotInSnapshot, ErrorCategory.ObjectNotFound,
                $"The snapshot{(Snapshot.Path.Length > 0 ? $" '{Snapshot.Path}'" : string.Empty)} does not hold {what} (it was exported before they were collected); export a new bundle to check them.", target);

        private static bool SettingIn(JsonNode body, string subscriptionId, string? resourceGroupName)
        {
            var id = body["id"]?.StringValue;
            var target = body["properties"]?["targetResourceUri"]?.StringValue;
            var where = id ?? target;
            return (string.IsNullOrEmpty(subscriptionId) || string.Equals(ResourceIds.Subscription(where), subscriptionId, StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrEmpty(resourceGroupName) || string.Equals(ResourceIds.ResourceGroup(where), resourceGroupName, StringComparison.OrdinalIgnoreCase));
        }
    }
}
