using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;
using static VmssAutoscale.Diagnosis.DiagnosisContext;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// The guide's "check Azure's status": the scale set's current Resource Health availability,
    /// and the Service Health events of the period (incidents, maintenance, advisories) that touch
    /// its services (GuideChoices.ServiceHealthServices) in its region.
    /// </summary>
    public static class AzureStatusChecks
    {
        public static Finding AzureStatus(DiagnosisContext c)
        {
            const string Check = "AzureStatus";
            var guide = c.Input.Guide;
            if (guide.ResourceHealth == null && guide.ServiceHealthEvents == null)
            {
                return c.Make(Check, GuideSteps.AzureStatus, FindingStatus.Skipped, DiagnosisSeverity.Info,
                    $"Azure's status could not be read: {guide.ResourceHealthUnavailable ?? guide.ServiceHealthUnavailable ?? "no source"}.");
            }

            var evidence = new List<string>();
            var health = guide.ResourceHealth;
            evidence.Add(health == null
                ? $"Resource Health: not read ({guide.ResourceHealthUnavailable})."
                : $"Resource Health: {health.AvailabilityState}{(string.IsNullOrEmpty(health.Summary) ? string.Empty : " - " + health.Summary)}{(health.OccurredTime is DateTime t ? " (since " + Time(t) + ")" : string.Empty)}.");
            if (health != null)
            {
                evidence.AddRange(health.RecommendedActions.Select(a => "Recommended: " + a));
            }

            var start = c.Input.Now - c.Input.Options.EventPeriod;
            var events = (guide.ServiceHealthEvents ?? Array.Empty<ServiceHealthEvent>())
                .Where(e => e.IsActive || (e.ImpactMitigationTime ?? e.LastUpdateTime ?? c.Input.Now) >= start)
                .OrderByDescending(e => e.IsActive)
                .ThenByDescending(e => IsIncident(e))
                .ThenByDescending(e => e.LastUpdateTime ?? e.ImpactStartTime)
                .ToList();
            evidence.Add(guide.ServiceHealthEvents == null
                ? $"Service Health: not read ({guide.ServiceHealthUnavailable})."
                : $"Service Health: {events.Count} event{(events.Count == 1 ? string.Empty : "s")} in the last {Num(c.Input.Options.EventPeriod.TotalHours)} h for {string.Join(", ", GuideChoices.ServiceHealthServices)} in {c.ScaleSet.Location ?? "the scale set's region"}.");
            evidence.AddRange(events.Select(Line));

            var activeIncident = events.FirstOrDefault(e => e.IsActive && IsIncident(e));
            var state = health?.AvailabilityState ?? "Unknown";
            var unavailable = string.Equals(state, "Unavailable", StringComparison.OrdinalIgnoreCase);
            if (unavailable || activeIncident != null)
            {
                var what = new List<string>();
                if (unavailable)
                {
                    what.Add($"Resource Health says the scale set is Unavailable{Reason(health!)}");
                }

                if (activeIncident != null)
                {
                    what.Add($"an active Azure incident affects {string.Join(", ", activeIncident.Services)} in {string.Join(", ", activeIncident.Regions)}: \"{activeIncident.Title}\" (tracking ID {activeIncident.TrackingId}, {activeIncident.Status})");
                }

                // With failed scale actions in the period, the incident is their known cause, and it outranks generic advice on them.
                var explainsFailures = activeIncident != null && c.Input.Events.Any(e => e.Status == "Failed" && e.Time <= c.Input.Now);
                return c.Make(Check, GuideSteps.AzureStatus, FindingStatus.Fail, explainsFailures ? DiagnosisSeverity.Critical : DiagnosisSeverity.High,
                    Capital(string.Join("; and ", what)) + ". Scaling may fail or be delayed for reasons outside the setting.",
                    evidence,
                    string.Join(" ", new[]
                    {
                        activeIncident != null ? "Follow the incident on the Service Health page and retry scaling once it is mitigated." : null,
                        unavailable ? $"For the Unavailable scale set, follow Resource Health's recommended actions or open a support request{(activeIncident != null ? " quoting the tracking ID" : string.Empty)}." : null,
                    }.Where(x => x != null)));
            }

            if (string.Equals(state, "Degraded", StringComparison.OrdinalIgnoreCase) || events.Count > 0)
            {
                var what = new List<string>();
                if (string.Equals(state, "Degraded", StringComparison.OrdinalIgnoreCase))
                {
                    what.Add($"Resource Health says the scale set is Degraded{Reason(health!)}");
                }

                if (events.FirstOrDefault() is ServiceHealthEvent first)
                {
                    what.Add($"{events.Count} Service Health event{(events.Count == 1 ? string.Empty : "s")} in the period, the first {first.EventType} \"{first.Title}\" (tracking ID {first.TrackingId}, {first.Status})");
                }

                return c.Make(Check, GuideSteps.AzureStatus, FindingStatus.Warn, DiagnosisSeverity.Medium,
                    Capital(string.Join("; and ", what)) + ": check whether it explains the scaling you saw.",
                    evidence,
                    "Read the event on the Service Health page (tracking ID above); planned maintenance and advisories can delay or fail scale operations in their window.");
            }

            if (health == null || string.Equals(state, "Unknown", StringComparison.OrdinalIgnoreCase))
            {
                return c.Make(Check, GuideSteps.AzureStatus, FindingStatus.Warn, DiagnosisSeverity.Low,
                    $"No Service Health event touches the scale set's services in {c.ScaleSet.Location ?? "its region"}, but Resource Health {(health == null ? "could not be read" : "reports Unknown (no recent signal)")}.",
                    evidence,
                    "Check the scale set's Resource Health blade; Unknown usually clears within minutes.");
            }

            return c.Make(Check, GuideSteps.AzureStatus, FindingStatus.Pass, DiagnosisSeverity.Info,
                $"Resource Health says the scale set is {state} and no Service Health event touches its services in {c.ScaleSet.Location ?? "its region"} in the last {Num(c.Input.Options.EventPeriod.TotalHours)} h.",
                evidence);
        }

        /// <summary>The active Service Health incident on the scale set's services and region, when the events were read and one is active.</summary>
        public static ServiceHealthEvent? ActiveIncident(DiagnosisContext c) =>
            (c.Input.Guide.ServiceHealthEvents ?? Array.Empty<ServiceHealthEvent>()).FirstOrDefault(e => e.IsActive && IsIncident(e));

        private static bool IsIncident(ServiceHealthEvent e) => GuideChoices.IncidentEventTypes.Contains(e.EventType, StringComparer.OrdinalIgnoreCase);

        private static string Line(ServiceHealthEvent e) =>
            $"{e.TrackingId} {e.EventType} {e.Status}: {e.Title} ({string.Join(", ", e.Services)}; {string.Join(", ", e.Regions)}{(e.ImpactStartTime is DateTime s ? "; from " + Time(s) : string.Empty)}{(e.ImpactMitigationTime is DateTime m ? " to " + Time(m) : string.Empty)})";

        private static string Reason(ResourceHealthStatus h) =>
            string.IsNullOrEmpty(h.Summary) ? string.Empty : $" ({h.Summary}{(string.IsNullOrEmpty(h.ReasonType) ? string.Empty : ", " + h.ReasonType)})";

        private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);
    }
}
