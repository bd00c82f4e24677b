using System;
using System.Collections.Generic;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// Resource Health's current availability status of one resource
    /// (Microsoft.ResourceHealth/availabilityStatuses/current).
    /// </summary>
    public sealed class ResourceHealthStatus
    {
        /// <summary>Available, Unavailable, Degraded or Unknown.</summary>
        public string AvailabilityState { get; init; } = "Unknown";

        public string? Title { get; init; }

        public string? Summary { get; init; }

        /// <summary>Planned, Unplanned, UserInitiated, ... when the state is not Available.</summary>
        public string? ReasonType { get; init; }

        public string? DetailedStatus { get; init; }

        public DateTime? OccurredTime { get; init; }

        public DateTime? ResolutionEta { get; init; }

        public IReadOnlyList<string> RecommendedActions { get; init; } = Array.Empty<string>();

        public override string ToString() => $"{AvailabilityState}{(string.IsNullOrEmpty(Summary) ? string.Empty : ": " + Summary)}";
    }

    /// <summary>One Service Health event (Microsoft.ResourceHealth/events) as it concerns one scale set's region.</summary>
    public sealed class ServiceHealthEvent
    {
        /// <summary>The tracking ID Azure status pages and support use (the event's name).</summary>
        public string TrackingId { get; init; } = string.Empty;

        /// <summary>ServiceIssue, PlannedMaintenance, HealthAdvisory, SecurityAdvisory, RCA, ...</summary>
        public string EventType { get; init; } = string.Empty;

        /// <summary>Active or Resolved.</summary>
        public string Status { get; init; } = string.Empty;

        public string Title { get; init; } = string.Empty;

        public string? Summary { get; init; }

        public string? Level { get; init; }

        public DateTime? ImpactStartTime { get; init; }

        public DateTime? ImpactMitigationTime { get; init; }

        public DateTime? LastUpdateTime { get; init; }

        /// <summary>The impacted services that made this event relevant (e.g. Virtual Machine Scale Sets).</summary>
        public IReadOnlyList<string> Services { get; init; } = Array.Empty<string>();

        /// <summary>The impacted regions, as Service Health names them (West Europe).</summary>
        public IReadOnlyList<string> Regions { get; init; } = Array.Empty<string>();

        public bool IsActive => string.Equals(Status, "Active", StringComparison.OrdinalIgnoreCase);

        public override string ToString() => $"{TrackingId} {EventType} {Status}: {Title}";
    }
}
