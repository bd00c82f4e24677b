using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using static VmssAutoscale.Json.JsonValues;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// Reads Resource Health and Service Health bodies (Microsoft.ResourceHealth 2025-04-01:
    /// AvailabilityStatus and Event, Azure/azure-rest-api-specs
    /// specification/resourcehealth/resource-manager/Microsoft.ResourceHealth/stable/2025-04-01/ResourceHealth.json).
    /// </summary>
    public static class AzureStatusReader
    {
        public static ResourceHealthStatus ReadAvailability(string json)
        {
            var p = JsonParser.Parse(json)["properties"];
            return new ResourceHealthStatus
            {
                AvailabilityState = Text(p?["availabilityState"]) ?? "Unknown",
                Title = Text(p?["title"]),
                Summary = Text(p?["summary"]),
                ReasonType = Text(p?["reasonType"]),
                DetailedStatus = Text(p?["detailedStatus"]),
                // The service spells it "occuredTime"; accept the correct spelling too.
                OccurredTime = Time(p?["occuredTime"]) ?? Time(p?["occurredTime"]),
                ResolutionEta = Time(p?["resolutionETA"]),
                RecommendedActions = (p?["recommendedActions"]?.Items ?? Array.Empty<JsonNode>())
                    .Select(a => Text(a["action"]))
                    .Where(a => !string.IsNullOrEmpty(a))
                    .Select(a => a!)
                    .ToList(),
            };
        }

        /// <summary>
        /// The event as it concerns a scale set in <paramref name="location"/>: null when none of
        /// its impacted services is in <paramref name="services"/> or none of its impacted regions
        /// is that region (or a global one).
        /// </summary>
        public static ServiceHealthEvent? ReadEvent(JsonNode e, string? location, IReadOnlyCollection<string> services)
        {
            var p = e["properties"];
            var matchedServices = new List<string>();
            var matchedRegions = new List<string>();
            foreach (var impact in p?["impact"]?.Items ?? Array.Empty<JsonNode>())
            {
                var service = Text(impact["impactedService"]);
                if (service == null || !services.Contains(service, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                var regions = (impact["impactedRegions"]?.Items ?? Array.Empty<JsonNode>())
                    .Select(r => Text(r["impactedRegion"]))
                    .Where(r => r != null && (location == null || RegionMatches(r!, location)))
                    .Select(r => r!)
                    .ToList();
                if (regions.Count > 0)
                {
                    matchedServices.Add(service);
                    matchedRegions.AddRange(regions);
                }
            }

            if (matchedServices.Count == 0)
            {
                return null;
            }

            return new ServiceHealthEvent
            {
                TrackingId = Text(e["name"]) ?? ResourceIds.LastSegment(Text(e["id"])) ?? string.Empty,
                EventType = Text(p?["eventType"]) ?? string.Empty,
                Status = Text(p?["status"]) ?? string.Empty,
                Title = Text(p?["title"]) ?? string.Empty,
                Summary = Text(p?["summary"]),
                Level = Text(p?["level"]),
                ImpactStartTime = Time(p?["impactStartTime"]),
                ImpactMitigationTime = Time(p?["impactMitigationTime"]),
                LastUpdateTime = Time(p?["lastUpdateTime"]),
                Services = matchedServices.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                Regions = matchedRegions.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            };
        }

        /// <summary>
        /// Service Health names regions for people ("West Europe"), ARM for code ("westeurope");
        /// an event for a global or non-regional service reaches every region.
        /// </summary>
        public static bool RegionMatches(string impactedRegion, string location)
        {
            var a = Normalize(impactedRegion);
            return a == Normalize(location) || a == "global" || a == "nonregional";
        }

        private static string Normalize(string region) => new string(region.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();

        private static DateTime? Time(JsonNode? n) =>
            Text(n) is string s && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTime?)null;
    }
}
