using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Sources;
using VmssAutoscale.Sources.Reads;
using Xunit;

namespace VmssAutoscale.Tests.Sampling
{
    /// <summary>
    /// Issue 25 item 1: an association whose rule id is not a data collection rule's is skipped with
    /// a warning naming the field, and the rules past the read budget are said to be skipped, never
    /// dropped in silence (a refused id would otherwise look like a rule that is not there).
    /// </summary>
    public class DataCollectionReadTests
    {
        private const string ScaleSetId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";

        private const string Model = "{\"id\":\"" + ScaleSetId + "\",\"name\":\"web\",\"properties\":{\"virtualMachineProfile\":{\"extensionProfile\":{\"extensions\":[{\"name\":\"ama\",\"properties\":{\"type\":\"AzureMonitorLinuxAgent\"}}]}}}}";

        [Fact]
        public async Task A_hostile_rule_id_is_skipped_with_a_warning_naming_the_field_and_never_read()
        {
            var hostile = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web/deallocate?x=1#";
            var good = Rule("dcr-1");
            var source = new Associations(new[] { hostile, good });
            var log = new SourceLog();

            var ama = await DataCollectionRead.ReadConfigurationAsync(new LiveDeclaredReads(source), Model, log, CancellationToken.None);

            Assert.Equal(new[] { good }, source.RulesRead);
            Assert.Single(ama.Rules);
            var warnings = log.Drain().Where(m => m.Key == SourceLogLevel.Warning).Select(m => m.Value).ToList();
            var warning = Assert.Single(warnings);
            Assert.Contains("properties.dataCollectionRuleId", warning);
            Assert.Contains("'web'", warning);
        }

        [Fact]
        public async Task Rules_past_the_budget_are_not_read_and_the_warning_says_so()
        {
            var ids = Enumerable.Range(1, DataCollectionRead.MaxRules + 10).Select(i => Rule("dcr-" + i)).ToArray();
            var source = new Associations(ids);
            var log = new SourceLog();

            var ama = await DataCollectionRead.ReadConfigurationAsync(new LiveDeclaredReads(source), Model, log, CancellationToken.None);

            Assert.Equal(DataCollectionRead.MaxRules, source.RulesRead.Count);
            Assert.Equal(DataCollectionRead.MaxRules, ama.Rules.Count);
            var warning = Assert.Single(log.Drain().Where(m => m.Key == SourceLogLevel.Warning).Select(m => m.Value));
            Assert.Contains($"past the first {DataCollectionRead.MaxRules}", warning);
        }

        [Fact]
        public async Task Valid_associations_give_no_warning()
        {
            var source = new Associations(new[] { Rule("dcr-1"), Rule("dcr-2") });
            var log = new SourceLog();

            await DataCollectionRead.ReadConfigurationAsync(new LiveDeclaredReads(source), Model, log, CancellationToken.None);

            Assert.DoesNotContain(log.Drain(), m => m.Key == SourceLogLevel.Warning);
            Assert.Equal(2, source.RulesRead.Count);
        }

        private static string Rule(string name) => $"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Insights/dataCollectionRules/{name}";

        /// <summary>ARM as the data collection read sees it: the association list on the scale set, and each rule by its id.</summary>
        private sealed class Associations : IArmReader
        {
            private readonly IReadOnlyList<string> ruleIds;

            public Associations(IReadOnlyList<string> ruleIds)
            {
                this.ruleIds = ruleIds;
            }

            public List<string> RulesRead { get; } = new List<string>();

            public Task<IReadOnlyList<string>> ListJsonAsync(ArmRead read, CancellationToken cancellationToken)
            {
                Assert.StartsWith(ScaleSetId + "/providers/Microsoft.Insights/dataCollectionRuleAssociations?", read.PathAndQuery, StringComparison.Ordinal);
                return Task.FromResult<IReadOnlyList<string>>(ruleIds.Select((id, i) => $"{{\"name\":\"a{i}\",\"properties\":{{\"dataCollectionRuleId\":{VmssAutoscale.Json.JsonWriter.Quote(id)}}}}}").ToList());
            }

            public Task<string> GetJsonAsync(ArmRead read, CancellationToken cancellationToken)
            {
                var ruleId = read.PathAndQuery.Substring(0, read.PathAndQuery.IndexOf('?', StringComparison.Ordinal));
                lock (RulesRead)
                {
                    RulesRead.Add(ruleId);
                }

                return Task.FromResult($"{{\"id\":{VmssAutoscale.Json.JsonWriter.Quote(ruleId)},\"properties\":{{}}}}");
            }
        }
    }
}
