using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Sampling
{
    /// <summary>
    /// Data collection rules and their associations (Microsoft.Insights/dataCollectionRules,
    /// dataCollectionRuleAssociations, api-version 2022-06-01), as resource bodies. Live sessions
    /// read them over ARM; a snapshot answers from what it stored.
    /// </summary>
    public interface IDataCollectionSource
    {
        /// <summary>The association bodies on a resource (GET {resource}/providers/Microsoft.Insights/dataCollectionRuleAssociations).</summary>
        Task<IReadOnlyList<string>> ListDataCollectionRuleAssociationsJsonAsync(string resourceId, CancellationToken cancellationToken);

        Task<string> GetDataCollectionRuleJsonAsync(string ruleId, CancellationToken cancellationToken);
    }

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
    public sealed class AmaConfiguration
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

        /// <summary>Associations whose rule was not read: a dataCollectionRuleId that is not a rule's ID, or rules past <see cref="AmaReader.MaxRules"/>.</summary>
        public IReadOnlyList<string> Skipped { get; init; } = Array.Empty<string>();

        /// <summary>The associations were read (the agent runs and the read succeeded): what a snapshot keeps.</summary>
        public bool Read => AgentType != null && Unavailable == null;

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

        /// <summary>The agent and identity from the scale set body; the rules are added by the reader.</summary>
        public static AmaConfiguration FromModel(string scaleSetJson)
        {
            var root = JsonParser.Parse(scaleSetJson);
            var agent = (root["properties"]?["virtualMachineProfile"]?["extensionProfile"]?["extensions"]?.Items ?? Array.Empty<JsonNode>())
                .Select(e => e["properties"]?["type"]?.StringValue)
                .FirstOrDefault(t => string.Equals(t, "AzureMonitorWindowsAgent", StringComparison.OrdinalIgnoreCase) || string.Equals(t, "AzureMonitorLinuxAgent", StringComparison.OrdinalIgnoreCase));
            var identity = TerminalText.CleanOrNull(root["identity"]?["type"]?.StringValue);
            return new AmaConfiguration { AgentType = agent, IdentityType = string.IsNullOrEmpty(identity) || string.Equals(identity, "None", StringComparison.OrdinalIgnoreCase) ? null : identity };
        }
    }

    /// <summary>
    /// Reads the data collection rules associated with a scale set: one list request plus one GET per
    /// distinct rule, never per instance, at most <see cref="MaxRules"/> of them and
    /// <see cref="Concurrency"/> at a time, so an endless association list costs a bounded number of reads.
    /// </summary>
    public static class AmaReader
    {
        /// <summary>Rules read for one scale set at most: far more than any real scale set has associated.</summary>
        public const int MaxRules = 50;

        /// <summary>Rule reads in flight at once.</summary>
        public const int Concurrency = 4;

        public static async Task<AmaConfiguration> ReadAsync(IDataCollectionSource? source, string scaleSetId, string scaleSetJson, CancellationToken cancellationToken)
        {
            var model = AmaConfiguration.FromModel(scaleSetJson);
            if (model.AgentType == null)
            {
                return model;
            }

            if (source == null)
            {
                return new AmaConfiguration { AgentType = model.AgentType, IdentityType = model.IdentityType, Unavailable = "this source has no data collection rules" };
            }

            try
            {
                var associations = (await source.ListDataCollectionRuleAssociationsJsonAsync(scaleSetId, cancellationToken).ConfigureAwait(false)).Select(JsonParser.Parse).ToList();
                var skipped = new List<string>();
                var ruleIds = new List<string>();
                foreach (var ruleId in associations.Select(a => a["properties"]?["dataCollectionRuleId"]?.StringValue).Where(id => !string.IsNullOrEmpty(id)).Select(id => id!.TrimEnd('/')).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (ArmResourceId.Problem(ruleId, ArmResourceType.DataCollectionRule) is string problem)
                    {
                        skipped.Add("an association's field properties.dataCollectionRuleId " + ArmResourceId.Refusal(string.Empty, ArmResourceType.DataCollectionRule, problem).TrimStart());
                    }
                    else if (ruleIds.Count >= MaxRules)
                    {
                        skipped.Add($"rules past the first {MaxRules} were not read");
                        break;
                    }
                    else
                    {
                        ruleIds.Add(ruleId);
                    }
                }

                using var gate = new SemaphoreSlim(Concurrency);
                var reads = ruleIds.Select(async id =>
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        return JsonParser.Parse(await source.GetDataCollectionRuleJsonAsync(id, cancellationToken).ConfigureAwait(false));
                    }
                    finally
                    {
                        gate.Release();
                    }
                }).ToList();
                var rules = await Task.WhenAll(reads).ConfigureAwait(false);
                return new AmaConfiguration { AgentType = model.AgentType, IdentityType = model.IdentityType, Associations = associations, Rules = rules, Skipped = skipped };
            }
            catch (Errors.ModuleException e)
            {
                return new AmaConfiguration { AgentType = model.AgentType, IdentityType = model.IdentityType, Unavailable = e.ErrorId == Errors.ErrorIds.NotInSnapshot ? "the snapshot holds no data collection rules" : e.Message };
            }
        }
    }
}
