using System;
using System.Collections.Generic;
using VmssAutoscale.Model;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// What the guide's last steps read for one scale set: each VM's instance view, Resource
    /// Health and the Service Health events of its region. Each part is null when it was not read,
    /// with the reason beside it, so a check can say Skipped and why rather than Pass on nothing.
    /// </summary>
    public sealed record GuideObservations
    {
        public IReadOnlyList<VmInstance>? Instances { get; init; }

        public string? InstancesUnavailable { get; init; }

        public ResourceHealthStatus? ResourceHealth { get; init; }

        public string? ResourceHealthUnavailable { get; init; }

        /// <summary>The events whose impact reaches this scale set's services and region.</summary>
        public IReadOnlyList<ServiceHealthEvent>? ServiceHealthEvents { get; init; }

        public string? ServiceHealthUnavailable { get; init; }
    }

    /// <summary>
    /// The choices the guide's last checks make where Azure's documentation is silent, in one
    /// place (documented in about_VmssAutoscale, "Instances, notifications and Azure status").
    /// </summary>
    public static class GuideChoices
    {
        /// <summary>
        /// Service Health services whose events can stop a scale set from scaling: the scale set
        /// and its VMs, Azure Monitor (which runs autoscale and its metrics) and Storage (the WAD/LAD
        /// tables). Names as Service Health spells them.
        /// </summary>
        public static readonly IReadOnlyList<string> ServiceHealthServices = new[]
        {
            "Virtual Machine Scale Sets", "Virtual Machines", "Azure Monitor", "Autoscale", "Storage",
        };

        /// <summary>Service Health event types that are incidents (Fail while active); every other type (maintenance, advisories) warns.</summary>
        public static readonly IReadOnlyList<string> IncidentEventTypes = new[] { "ServiceIssue", "EmergingIssues" };

        /// <summary>
        /// Autoscale activity-log records that say autoscale could not do its job. Scale actions
        /// that Failed and Flapping records have documented operation names; the records for
        /// "metrics unavailable" have none (MicrosoftDocs/azure-docs@7ee192c4 articles/azure-monitor/autoscale/
        /// autoscale-best-practices.md, "Autoscale notifications": entries are written when metrics
        /// become unavailable and when they recover), so they are recognised by
        /// a Warning/Error level or a description that speaks of metrics.
        /// </summary>
        public static string? AutoscaleFailureKind(ActivityLogRecord r)
        {
            if (!string.Equals(r.Category, "Autoscale", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (r.OperationName.EndsWith("/Flapping/Action", StringComparison.OrdinalIgnoreCase))
            {
                return "Flapping";
            }

            if (string.Equals(r.Status, "Failed", StringComparison.OrdinalIgnoreCase))
            {
                return "ScaleActionFailed";
            }

            var warning = string.Equals(r.Level, "Warning", StringComparison.OrdinalIgnoreCase) || string.Equals(r.Level, "Error", StringComparison.OrdinalIgnoreCase) || string.Equals(r.Level, "Critical", StringComparison.OrdinalIgnoreCase);
            var aboutMetrics = (r.Description ?? string.Empty).IndexOf("metric", StringComparison.OrdinalIgnoreCase) >= 0 || r.OperationName.IndexOf("Metric", StringComparison.OrdinalIgnoreCase) >= 0;
            return warning && aboutMetrics ? "MetricUnavailable" : null;
        }
    }
}
