using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>The guide's last reads for one scale set, parsed, and the raw bodies a snapshot keeps.</summary>
    public sealed record GuideReadResult
    {
        public GuideObservations Observations { get; init; } = new GuideObservations();

        public IReadOnlyList<JsonNode>? VmBodies { get; init; }

        /// <summary>The Service Health event bodies that concern this scale set (the others are not kept).</summary>
        public IReadOnlyList<JsonNode>? EventBodies { get; init; }
    }

    /// <summary>
    /// Reads each VM's instance view (one request per page) and the subscription's Service Health
    /// events (one request per subscription, shared by every scale set of it in a fleet run). The
    /// reads are independent and run concurrently; a read that fails leaves a reason instead of
    /// failing the diagnosis. (Resource Health is a declared read: Sources/Reads/ResourceHealthRead.)
    /// </summary>
    public sealed class GuideReads
    {
        private readonly SourceSet sources;
        private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> eventsBySubscription = new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>>(StringComparer.OrdinalIgnoreCase);

        public GuideReads(SourceSet sources)
        {
            this.sources = sources;
        }

        public async Task<GuideReadResult> ReadAsync(ScaleSetInfo scaleSet, DateTime startUtc, CancellationToken cancellationToken)
        {
            var instances = sources.Instances;
            var vms = Attempt<IReadOnlyList<string>>(
                instances.Source == null ? null : () => instances.Source.ListVmJsonAsync(scaleSet.ResourceId, IsFlexible(scaleSet), cancellationToken),
                instances.Unavailable, "the VMs' instance views", scaleSet);
            var subscription = scaleSet.SubscriptionId;
            var health = sources.ServiceHealth;
            var events = Attempt<IReadOnlyList<string>>(
                health.Source == null ? null : () => eventsBySubscription.GetOrAdd(subscription, _ => new Lazy<Task<IReadOnlyList<string>>>(() => health.Source.ListServiceHealthEventJsonAsync(subscription, startUtc, cancellationToken))).Value,
                health.Unavailable, "the Service Health events", scaleSet);
            await Task.WhenAll(vms, events).ConfigureAwait(false);

            var (vmBodies, vmWhy) = vms.Result;
            var (eventBodies, eventsWhy) = events.Result;
            var relevant = eventBodies?
                .Select(b => (Body: b, Event: AzureStatusReader.ReadEvent(b, scaleSet.Location, GuideChoices.ServiceHealthServices)))
                .Where(x => x.Event != null)
                .ToList();
            return new GuideReadResult
            {
                Observations = new GuideObservations
                {
                    Instances = vmBodies?.Select(b => VmInstanceReader.Read(b, scaleSet.ResourceId)).ToList(),
                    InstancesUnavailable = vmWhy,
                    ServiceHealthEvents = relevant?.Select(x => x.Event!).ToList(),
                    ServiceHealthUnavailable = eventsWhy,
                },
                VmBodies = vmBodies?.Select(JsonParser.Parse).ToList(),
                EventBodies = relevant?.Select(x => JsonParser.Parse(x.Body)).ToList(),
            };
        }

        /// <summary>What a diagnosis does without a read that failed, as its warning says.</summary>
        public const string LeftOut = "the checks that need them are skipped";

        public static bool IsFlexible(ScaleSetInfo s) => ScaleSetReader.IsFlexible(s);

        private async Task<(T? Value, string? Unavailable)> Attempt<T>(Func<Task<T>>? read, string? absent, string what, ScaleSetInfo scaleSet)
            where T : class
        {
            if (read == null)
            {
                return (null, absent ?? $"this source does not hold {what}");
            }

            try
            {
                return (await read().ConfigureAwait(false), null);
            }
            catch (ModuleException e)
            {
                return (null, Unavailable(e, what, scaleSet, sources.Log));
            }
        }

        /// <summary>
        /// The reason a read that failed leaves behind. A bundle from before the read existed
        /// (NotInSnapshot) is no failure, just nothing to check; any other failure is also warned
        /// about, once, here: the guide's reads and the declared reads all come through this.
        /// </summary>
        public static string Unavailable(ModuleException e, string what, ScaleSetInfo scaleSet, SourceLog log)
        {
            if (e.ErrorId != ErrorIds.NotInSnapshot)
            {
                log.Warning($"Could not read {what} of '{scaleSet.VMScaleSetName}' ({e.Message}); {LeftOut}.");
            }

            return e.Message;
        }
    }
}
