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
    public sealed class GuideReadResult
    {
        public GuideObservations Observations { get; init; } = new GuideObservations();

        public IReadOnlyList<JsonNode>? VmBodies { get; init; }

        public JsonNode? AvailabilityBody { get; init; }

        /// <summary>The Service Health event bodies that concern this scale set (the others are not kept).</summary>
        public IReadOnlyList<JsonNode>? EventBodies { get; init; }
    }

    /// <summary>
    /// Reads each VM's instance view (one request per page), the Resource Health status (one
    /// request) and the subscription's Service Health events (one request per subscription, shared
    /// by every scale set of it in a fleet run). The three reads are independent and run
    /// concurrently; a read that fails leaves a reason instead of failing the diagnosis.
    /// </summary>
    public sealed class GuideReads
    {
        private readonly DiagnosisSources sources;
        private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> eventsBySubscription = new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>>(StringComparer.OrdinalIgnoreCase);

        public GuideReads(DiagnosisSources sources)
        {
            this.sources = sources;
        }

        public async Task<GuideReadResult> ReadAsync(ScaleSetInfo scaleSet, DateTime startUtc, CancellationToken cancellationToken)
        {
            var vms = Attempt<IReadOnlyList<string>>(
                sources.Instances == null ? null : () => sources.Instances.ListVmJsonAsync(scaleSet.ResourceId, IsFlexible(scaleSet), cancellationToken),
                "the VMs' instance views", scaleSet);
            var availability = Attempt<string>(
                sources.AzureStatus == null ? null : () => sources.AzureStatus.GetAvailabilityStatusJsonAsync(scaleSet.ResourceId, cancellationToken),
                "the Resource Health status", scaleSet);
            var subscription = scaleSet.SubscriptionId;
            var events = Attempt<IReadOnlyList<string>>(
                sources.AzureStatus == null ? null : () => eventsBySubscription.GetOrAdd(subscription, _ => new Lazy<Task<IReadOnlyList<string>>>(() => sources.AzureStatus.ListServiceHealthEventJsonAsync(subscription, startUtc, cancellationToken))).Value,
                "the Service Health events", scaleSet);
            await Task.WhenAll(vms, availability, events).ConfigureAwait(false);

            var (vmBodies, vmWhy) = vms.Result;
            var (availabilityBody, availabilityWhy) = availability.Result;
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
                    ResourceHealth = availabilityBody == null ? null : AzureStatusReader.ReadAvailability(availabilityBody),
                    ResourceHealthUnavailable = availabilityWhy,
                    ServiceHealthEvents = relevant?.Select(x => x.Event!).ToList(),
                    ServiceHealthUnavailable = eventsWhy,
                },
                VmBodies = vmBodies?.Select(JsonParser.Parse).ToList(),
                AvailabilityBody = availabilityBody == null ? null : JsonParser.Parse(availabilityBody),
                EventBodies = relevant?.Select(x => JsonParser.Parse(x.Body)).ToList(),
            };
        }

        public static bool IsFlexible(ScaleSetInfo s) => ScaleSetReader.IsFlexible(s);

        private async Task<(T? Value, string? Unavailable)> Attempt<T>(Func<Task<T>>? read, string what, ScaleSetInfo scaleSet)
            where T : class
        {
            if (read == null)
            {
                return (null, $"this source does not hold {what}");
            }

            try
            {
                return (await read().ConfigureAwait(false), null);
            }
            catch (ModuleException e) when (e.ErrorId == ErrorIds.NotInSnapshot)
            {
                // A bundle from before these reads existed: nothing went wrong, there is just nothing to check.
                return (null, e.Message);
            }
            catch (ModuleException e)
            {
                sources.Log.Warning($"Could not read {what} of '{scaleSet.VMScaleSetName}' ({e.Message}); the checks that need them are skipped.");
                return (null, e.Message);
            }
        }
    }
}
