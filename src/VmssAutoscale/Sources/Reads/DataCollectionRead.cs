using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Sources.Sampling;

namespace VmssAutoscale.Sources.Reads
{
    /// <summary>The data collection rule associations on a scale set, the rules they name, and the associations whose rule was not read.</summary>
    public sealed record DataCollectionRules(IReadOnlyList<JsonNode> Associations, IReadOnlyList<JsonNode> Rules, IReadOnlyList<string> Skipped);

    /// <summary>
    /// The Azure Monitor Agent's rules (Microsoft.Insights 2022-06-01, DataCollectionRuleAssociations_ListByResource
    /// and DataCollectionRules_Get): one list request plus one GET per distinct rule, never per
    /// instance, at most <see cref="MaxRules"/> of them and <see cref="Concurrency"/> at a time, so an
    /// endless association list costs a bounded number of reads. Read only for a scale set that runs
    /// the agent; a bundle keeps {associations, rules} in "dataCollection", after the findings.
    /// </summary>
    public static class DataCollectionRead
    {
        public const string ApiVersion = "2022-06-01";

        /// <summary>Rules read for one scale set at most: far more than any real scale set has associated.</summary>
        public const int MaxRules = 50;

        /// <summary>Rule reads in flight at once.</summary>
        public const int Concurrency = 4;

        public static readonly ScaleSetRead<DataCollectionRules> Unit = new ScaleSetRead<DataCollectionRules>(
            "dataCollection",
            "the data collection rules and their associations",
            FetchAsync,
            (body, _) =>
            {
                var associations = ScaleSetRead.ItemsOf(body["associations"], "dataCollection.associations");
                return new DataCollectionRules(associations, ScaleSetRead.ItemsOf(body["rules"], "dataCollection.rules"), RuleIds(associations).Skipped);
            },
            slot: BundleSlot.AfterFindings,
            appliesTo: s => s.Extensions.Any(e => AmaConfiguration.IsAgent(e.Type)));

        /// <summary>The section a bundle keeps.</summary>
        public static JsonNode Body(IEnumerable<JsonNode> associations, IEnumerable<JsonNode> rules) => JsonNode.Object(new[]
        {
            new KeyValuePair<string, JsonNode>("associations", JsonNode.Array(associations)),
            new KeyValuePair<string, JsonNode>("rules", JsonNode.Array(rules)),
        });

        /// <summary>
        /// The agent path of a scale set: the agent and identity from its model, with the rules the read
        /// gave or the reason it gave none. Each association skipped (an id that is not a data collection
        /// rule's, rules past <see cref="MaxRules"/>) is one warning naming the field: skipped silently,
        /// a refused id would look like a rule that is not there.
        /// </summary>
        public static AmaConfiguration Configuration(string scaleSetJson, ReadResult<DataCollectionRules> read, string scaleSetName, SourceLog log)
        {
            var model = AmaConfiguration.FromModel(scaleSetJson);
            if (model.AgentType == null)
            {
                return model;
            }

            if (read.Value == null)
            {
                return model with { Unavailable = read.Unavailable };
            }

            foreach (var reason in read.Value.Skipped)
            {
                log.Warning($"Data collection rules of '{scaleSetName}': skipped {reason}.");
            }

            return model with { Associations = read.Value.Associations, Rules = read.Value.Rules, Skipped = read.Value.Skipped };
        }

        /// <summary>The agent path of one scale set read on its own (Get-VmssDiagnosticsSample), through the command's declared-read source.</summary>
        public static async Task<AmaConfiguration> ReadConfigurationAsync(IDeclaredReadSource reads, string scaleSetJson, SourceLog log, CancellationToken cancellationToken)
        {
            var bare = ScaleSetReader.Read(scaleSetJson, null, (l, s) => null, Array.Empty<string>());
            var read = await new DeclaredReadRunner(reads, log).RunAsync(new[] { Unit }, bare, "the agent's rules are not checked", cancellationToken).ConfigureAwait(false);
            return Configuration(scaleSetJson, read.Of(Unit), bare.VMScaleSetName, log);
        }

        private static async Task<JsonNode> FetchAsync(IArmReader arm, ScaleSetInfo s, CancellationToken cancellationToken)
        {
            var id = ArmResourceId.Require(s.ResourceId, ArmResourceType.ScaleSet, "The scale set ID");
            var associations = (await ScaleSetRead.ListAsync(
                arm,
                new ArmRead
                {
                    PathAndQuery = $"{id}/providers/Microsoft.Insights/dataCollectionRuleAssociations?api-version={ApiVersion}",
                    What = $"the data collection rule associations of '{ResourceIds.LastSegment(id)}'",
                    Action = "Microsoft.Insights/dataCollectionRuleAssociations/read",
                    Roles = "Reader or Monitoring Reader",
                    Scope = id,
                },
                cancellationToken).ConfigureAwait(false)).Items ?? Array.Empty<JsonNode>();

            using var gate = new SemaphoreSlim(Concurrency);
            var rules = await Task.WhenAll(RuleIds(associations).Read.Select(async ruleId =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await ScaleSetRead.GetAsync(
                        arm,
                        new ArmRead
                        {
                            PathAndQuery = $"{ruleId}?api-version={ApiVersion}",
                            What = $"the data collection rule '{ResourceIds.LastSegment(ruleId)}'",
                            Action = "Microsoft.Insights/dataCollectionRules/read",
                            Roles = "Reader or Monitoring Reader",
                            Scope = ruleId,
                        },
                        cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
            return Body(associations, rules);
        }

        /// <summary>The distinct rule ids the associations name, within the budget, and why the others were not read.</summary>
        private static (IReadOnlyList<string> Read, IReadOnlyList<string> Skipped) RuleIds(IReadOnlyList<JsonNode> associations)
        {
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

            return (ruleIds, skipped);
        }
    }
}
