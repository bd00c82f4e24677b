using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Reads
{
    /// <summary>
    /// The Service Health events that reach the scale set's services and region: Events_ListBySubscriptionId
    /// (Azure/azure-rest-api-specs, Microsoft.ResourceHealth 2025-04-01). One listing per subscription
    /// per command from the start of the command's period (queryStartTime takes a date, so the
    /// region and services are matched afterwards); each scale set keeps the events that concern it.
    /// </summary>
    public static class ServiceHealthRead
    {
        public const string ApiVersion = "2025-04-01";

        public static readonly ScaleSetRead<IReadOnlyList<ServiceHealthEvent>> Unit = new ScaleSetRead<IReadOnlyList<ServiceHealthEvent>>(
            "serviceHealthEvents",
            "the Service Health events",
            (arm, s, window, ct) => ScaleSetRead.ListAsync(
                arm,
                new ArmRead
                {
                    PathAndQuery = $"/subscriptions/{s.SubscriptionId}/providers/Microsoft.ResourceHealth/events?api-version={ApiVersion}&queryStartTime="
                        + Uri.EscapeDataString((window ?? throw new InvalidOperationException("The Service Health events are read over the command's period, and none was given.")).Start.ToString("M/d/yyyy", CultureInfo.InvariantCulture)),
                    What = "the Service Health events of the subscription",
                    Action = "Microsoft.ResourceHealth/events/read",
                    Roles = "Reader",
                    Scope = "/subscriptions/" + s.SubscriptionId,
                },
                ct),
            (body, s) => Events(body, s).Select(e => e.Event).ToList(),
            s => s.SubscriptionId,
            (body, s) => ScaleSetRead.KeepItems(body, items => Events(items, s).Select(e => e.Body)));

        private static IEnumerable<(JsonNode Body, ServiceHealthEvent Event)> Events(JsonNode body, ScaleSetInfo s) => Events(ScaleSetRead.ItemsOf(body, "serviceHealthEvents"), s);

        private static IEnumerable<(JsonNode Body, ServiceHealthEvent Event)> Events(IEnumerable<JsonNode> items, ScaleSetInfo s) =>
            items
                .Select(b => (Body: b, Event: AzureStatusReader.ReadEvent(b, s.Location, GuideChoices.ServiceHealthServices)))
                .Where(x => x.Event != null)
                .Select(x => (x.Body, x.Event!));
    }
}
