using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Sampling
{
    /// <summary>Why guest counters from the Azure Monitor Agent do or do not reach autoscale: one reason code per problem.</summary>
    public static class AmaReason
    {
        public const string Healthy = "Healthy";
        public const string NoAgent = "NoAgent";
        public const string AgentWithoutIdentity = "AgentWithoutIdentity";
        public const string NoDataCollectionRule = "NoDataCollectionRule";
        public const string CounterNotInDataCollectionRule = "CounterNotInDataCollectionRule";
        public const string NoMetricsDestination = "NoMetricsDestination";
        public const string MetricNamespaceMissing = "MetricNamespaceMissing";
        public const string SilentInstances = "SilentInstances";
        public const string LaggingInstances = "LaggingInstances";
    }

    /// <summary>What the Azure Monitor Agent path looks like for one scale set: agent, identity, rules and what they collect and send where.</summary>
    /// <remarks>A record: the collector adds what the data collection read gave with <c>with</c> (Reads/DataCollectionRead).</remarks>
    public sealed record AmaConfiguration
    {
        /// <summary>AzureMonitorWindowsAgent or AzureMonitorLinuxAgent; null when the scale set has neither.</summary>
        public string? AgentType { get; init; }

        /// <summary>The scale set's managed identity type (SystemAssigned, UserAssigned, both); null without one.</summary>
        public string? IdentityType { get; init; }

        /// <summary>The bodies of the associations on the scale set (kept in snapshots).</summary>
        public IReadOnlyList<JsonNode> Associations { get; init; } = Array.Empty<JsonNode>();

        /// <summary>The bodies of the data collection rules those associations name (kept in snapshots).</summary>
        public IReadOnlyList<JsonNode> Rules { get; init; } = Array.Empty<JsonNode>();

        /// <summary>Why the rules could not be read; null when they were (or there was nothing to read).</summary>
        public string? Unavailable { get; init; }

        /// <summary>Associations whose rule was not read: a dataCollectionRuleId that is not a rule's ID, or rules past <see cref="Reads.DataCollectionRead.MaxRules"/>.</summary>
        public IReadOnlyList<string> Skipped { get; init; } = Array.Empty<string>();

        /// <summary>Counter specifiers of performance-counter sources whose stream flows to an Azure Monitor Metrics destination.</summary>
        public IReadOnlyList<string> CountersToMetrics => Rules.SelectMany(MetricCounters).Select(TerminalText.Clean).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>Every counter specifier the rules collect, wherever it goes.</summary>
        public IReadOnlyList<string> CountersCollected => Rules
            .SelectMany(r => r["properties"]?["dataSources"]?["performanceCounters"]?.Items ?? Array.Empty<JsonNode>())
            .SelectMany(p => (p["counterSpecifiers"]?.Items ?? Array.Empty<JsonNode>()).Select(c => TerminalText.Clean(c.StringValue ?? string.Empty)))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        /// <summary>
        /// The counters of one rule that reach Azure Monitor Metrics: a performance-counter source's
        /// stream must appear in a dataFlow whose destinations include the rule's azureMonitorMetrics
        /// destination name (the DCR schema: dataSources, destinations, dataFlows).
        /// </summary>
        private static IEnumerable<string> MetricCounters(JsonNode rule)
        {
            var properties = rule["properties"];
            var metricsDestination = properties?["destinations"]?["azureMonitorMetrics"]?["name"]?.StringValue;
            if (metricsDestination == null)
            {
                return Array.Empty<string>();
            }

            var streams = new HashSet<string>(
                (properties?["dataFlows"]?.Items ?? Array.Empty<JsonNode>())
                    .Where(f => (f["destinations"]?.Items ?? Array.Empty<JsonNode>()).Any(d => string.Equals(d.StringValue, metricsDestination, StringComparison.OrdinalIgnoreCase)))
                    .SelectMany(f => (f["streams"]?.Items ?? Array.Empty<JsonNode>()).Select(s => s.StringValue ?? string.Empty)),
                StringComparer.OrdinalIgnoreCase);
            return (properties?["dataSources"]?["performanceCounters"]?.Items ?? Array.Empty<JsonNode>())
                .Where(p => (p["streams"]?.Items ?? Array.Empty<JsonNode>()).Any(s => streams.Contains(s.StringValue ?? string.Empty)))
                .SelectMany(p => (p["counterSpecifiers"]?.Items ?? Array.Empty<JsonNode>()).Select(c => c.StringValue ?? string.Empty));
        }

        /// <summary>An extension type of the Azure Monitor Agent (Windows or Linux).</summary>
        public static bool IsAgent(string? extensionType) =>
            string.Equals(extensionType, "AzureMonitorWindowsAgent", StringComparison.OrdinalIgnoreCase) || string.Equals(extensionType, "AzureMonitorLinuxAgent", StringComparison.OrdinalIgnoreCase);

        /// <summary>The agent and identity from the scale set body; the rules are added by the collector (Reads/DataCollectionRead).</summary>
        public static AmaConfiguration FromModel(string scaleSetJson)
        {
            var root = JsonParser.Parse(scaleSetJson);
            var agent = (root["properties"]?["virtualMachineProfile"]?["extensionProfile"]?["extensions"]?.Items ?? Array.Empty<JsonNode>())
                .Select(e => e["properties"]?["type"]?.StringValue)
                .FirstOrDefault(IsAgent);
            var identity = TerminalText.CleanOrNull(root["identity"]?["type"]?.StringValue);
            return new AmaConfiguration { AgentType = agent, IdentityType = string.IsNullOrEmpty(identity) || string.Equals(identity, "None", StringComparison.OrdinalIgnoreCase) ? null : identity };
        }
    }
}
