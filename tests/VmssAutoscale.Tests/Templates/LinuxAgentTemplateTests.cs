using System.IO;
using System.Linq;
using VmssAutoscale.Templates;
using Xunit;

namespace VmssAutoscale.Tests.Templates
{
    /// <summary>
    /// Issue 22 item 2 in a template: a Linux scale set whose autoscale rule reads mem/used_percent from
    /// azure.vm.linux.guestmetrics, and whose data collection rule names the counter "Memory(*)\% Used Memory".
    /// Built from the Windows CounterNotSentToMetrics.good.json pair by swapping the OS, agent and names.
    /// </summary>
    public class LinuxAgentTemplateTests
    {
        private static TemplateAnalysis Analyze(string counter, bool toMetrics, string? metricNamespace = "azure.vm.linux.guestmetrics")
        {
            var t = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestFiles.Fixture("templates", "CounterNotSentToMetrics.good.json")))!;
            var resources = t["resources"]!.AsArray();
            var vmss = resources[0]!["properties"]!["virtualMachineProfile"]!;
            vmss["storageProfile"]!["imageReference"] = System.Text.Json.Nodes.JsonNode.Parse(@"{""publisher"":""Canonical"",""offer"":""0001-com-ubuntu-server-jammy"",""sku"":""22_04-lts"",""version"":""latest""}");
            vmss["osProfile"]!["linuxConfiguration"] = System.Text.Json.Nodes.JsonNode.Parse(@"{""disablePasswordAuthentication"":false}");
            var agent = vmss["extensionProfile"]!["extensions"]![0]!;
            agent["name"] = "AzureMonitorLinuxAgent";
            agent["properties"]!["type"] = "AzureMonitorLinuxAgent";
            foreach (var rule in resources[1]!["properties"]!["profiles"]![0]!["rules"]!.AsArray())
            {
                var trigger = rule!["metricTrigger"]!.AsObject();
                trigger["metricName"] = "mem/used_percent";
                trigger.Remove("metricNamespace");
                if (metricNamespace != null)
                {
                    trigger["metricNamespace"] = metricNamespace;
                }
            }

            var dcr = resources[2]!;
            dcr["kind"] = "Linux";
            dcr["properties"]!["dataSources"]!["performanceCounters"]![0]!["counterSpecifiers"] = new System.Text.Json.Nodes.JsonArray(counter);
            if (!toMetrics)
            {
                dcr["properties"]!["destinations"] = System.Text.Json.Nodes.JsonNode.Parse(@"{""logAnalytics"":[{""name"":""la"",""workspaceResourceId"":""/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law""}]}");
                dcr["properties"]!["dataFlows"] = System.Text.Json.Nodes.JsonNode.Parse(@"[{""streams"":[""Microsoft-InsightsMetrics""],""destinations"":[""la""]}]");
            }

            return TemplateAnalyzer.Analyze(TemplateReader.Read(t.ToJsonString(), "linux-ama.json"));
        }

        [Fact]
        public void A_counter_sent_to_log_analytics_only_is_not_sent_to_metrics()
        {
            var f = Analyze(@"Memory(*)\% Used Memory", toMetrics: false).Findings.First(x => x.RuleName == "CounterNotSentToMetrics");
            Assert.Contains("sends only to Log Analytics", f.Message);
        }

        [Fact]
        public void The_DCR_counter_sent_to_metrics_serves_the_linux_guest_metric()
        {
            var analysis = Analyze(@"Memory(*)\% Used Memory", toMetrics: true);
            Assert.DoesNotContain(analysis.Findings, f => f.RuleName == "CounterNotSentToMetrics" || f.RuleName == "UnknownMetricName" || f.RuleName == "GuestMetricWrongOs");
        }

        [Fact]
        public void A_missing_counter_names_the_DCR_counter_to_add()
        {
            var f = Analyze(@"Processor(*)\% Processor Time", toMetrics: true).Findings.First(x => x.RuleName == "CounterNotSentToMetrics");
            Assert.Contains(@"Add 'Memory(*)\% Used Memory'", f.Remediation);
        }

        [Fact]
        public void A_linux_guest_metric_without_namespace_is_GuestMetricNamespaceMissing()
        {
            var analysis = Analyze(@"Memory(*)\% Used Memory", toMetrics: true, metricNamespace: null);
            Assert.Contains(analysis.Findings, f => f.RuleName == "GuestMetricNamespaceMissing" && f.Message.Contains("azure.vm.linux.guestmetrics"));
            Assert.DoesNotContain(analysis.Findings, f => f.RuleName == "UnknownMetricName");
        }
    }
}
