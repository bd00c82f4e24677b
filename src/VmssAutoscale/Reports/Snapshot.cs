using System;
using System.Collections.Generic;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Reports
{
    /// <summary>
    /// A support bundle's data (snapshot.json): what live Azure answered for one or more scale
    /// sets at one moment, kept as the ARM bodies themselves so the same readers parse them
    /// offline as online. Every read cmdlet answers from it with -Snapshot.
    /// </summary>
    public sealed record Snapshot
    {
        public const string FormatName = "VmssAutoscale.Snapshot";
        public const int FormatVersion = 1;

        /// <summary>The file name inside a bundle folder.</summary>
        public const string FileName = "snapshot.json";

        public string ModuleVersion { get; init; } = string.Empty;

        /// <summary>When the data was collected (UTC): the reference time of an offline diagnosis.</summary>
        public DateTime CollectedAt { get; init; }

        /// <summary>Start of the period the samples and scale events cover (UTC).</summary>
        public DateTime WindowStart { get; init; }

        public DateTime WindowEnd { get; init; }

        /// <summary>Free text: what the bundle shows (the examples say which failure they reproduce).</summary>
        public string? Description { get; init; }

        public IReadOnlyList<SnapshotScaleSet> ScaleSets { get; init; } = Array.Empty<SnapshotScaleSet>();

        /// <summary>Autoscale setting bodies (Microsoft.Insights/autoscalesettings) of the subscriptions concerned.</summary>
        public IReadOnlyList<JsonNode> AutoscaleSettings { get; init; } = Array.Empty<JsonNode>();

        /// <summary>The ARM template the user gave, redacted; null when none was given.</summary>
        public JsonNode? Template { get; init; }

        public string? TemplateFileName { get; init; }

        /// <summary>Where the bundle was read from; empty for one built in memory.</summary>
        public string Path { get; init; } = string.Empty;
    }

    /// <summary>One scale set in a snapshot: its model, instance view, activity log, samples and diagnostics state, and the bodies of the declared reads.</summary>
    /// <remarks>A record: Export keeps what the collector read and changes only what it trims, with <c>with</c>.</remarks>
    public sealed record SnapshotScaleSet
    {
        public string ResourceId { get; init; } = string.Empty;

        /// <summary>The scale set GET body.</summary>
        public JsonNode Model { get; init; } = JsonNode.Null();

        /// <summary>The instanceView body; null when it could not be read.</summary>
        public JsonNode? InstanceView { get; init; }

        /// <summary>Activity-log EventData bodies for the scale set and its autoscale settings.</summary>
        public IReadOnlyList<JsonNode> ActivityLog { get; init; } = Array.Empty<JsonNode>();

        public IReadOnlyList<MetricSample> Samples { get; init; } = Array.Empty<MetricSample>();

        /// <summary>HostMetrics or Tables: where the samples came from.</summary>
        public string SampleSource { get; init; } = "HostMetrics";

        public IReadOnlyList<string> TablesRead { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> TablesMissing { get; init; } = Array.Empty<string>();

        /// <summary>
        /// The bodies of the declared reads (Sources/Reads/ReadRegistry.ScaleSetReads), by read name, each
        /// kept as a property of the same name of the scale set in snapshot.json; a read the bundle did
        /// not record is absent. The Resource Health status is "availabilityStatus"; the VM sizes (only the
        /// one the scale set uses is needed; more do no harm) "vmSizes"; each VM with its instance view "virtualMachines"; the Service Health events that concern
        /// the scale set "serviceHealthEvents"; the Azure Monitor Agent's rules and associations "dataCollection".
        /// </summary>
        public IReadOnlyDictionary<string, JsonNode> Reads { get; init; } = new Dictionary<string, JsonNode>();

        /// <summary>The run history of each autoscale setting that targets the scale set, as Azure Monitor returned it (optional; bundles before it have none).</summary>
        public IReadOnlyList<SnapshotSettingMetrics> ServiceMetrics { get; init; } = Array.Empty<SnapshotSettingMetrics>();

        /// <summary>The findings of the run that exported the bundle, kept as a record (a -Snapshot run recomputes them).</summary>
        public IReadOnlyList<Finding> Findings { get; init; } = Array.Empty<Finding>();

        public string Name => VmssAutoscale.Model.ResourceIds.LastSegment(ResourceId) ?? ResourceId;
    }

    /// <summary>One autoscale setting's platform metrics response (Get-VmssAutoscaleRunHistory's source), kept whole.</summary>
    public sealed class SnapshotSettingMetrics
    {
        public string SettingId { get; init; } = string.Empty;

        /// <summary>The Azure Monitor metrics response body.</summary>
        public JsonNode Body { get; init; } = JsonNode.Null();
    }

    /// <summary>A snapshot that cannot be read: names the file and what is wrong with it.</summary>
    public sealed class SnapshotFormatException : Exception
    {
        public SnapshotFormatException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }
}
