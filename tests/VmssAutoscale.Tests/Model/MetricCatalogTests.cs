using System;
using System.Linq;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Sources.Sampling;
using VmssAutoscale.Templates;
using Xunit;
using static VmssAutoscale.Tests.Engine.Kit;
using Op = VmssAutoscale.Model.ComparisonOperator;

namespace VmssAutoscale.Tests.Model
{
    /// <summary>
    /// One metric catalog for the template checks, Debug's checks and the sampling planner (issue 20 item 3),
    /// and the Azure Monitor Agent's Linux names (issue 22 item 2): a data collection rule names a counter
    /// "Memory(*)\% Used Memory", the rule reads "mem/used_percent" from azure.vm.linux.guestmetrics.
    /// </summary>
    public class MetricCatalogTests
    {
        private const string Vmss = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";

        [Theory]
        [InlineData("Percentage CPU", null, MetricKind.HostMetric, GuestOs.Unknown)]
        [InlineData("OS Disk IOPS Consumed Percentage", null, MetricKind.HostMetric, GuestOs.Unknown)]
        [InlineData("VM Uncached Bandwidth Consumed Percentage", null, MetricKind.HostMetric, GuestOs.Unknown)]
        [InlineData(@"\Processor(_Total)\% Processor Time", null, MetricKind.WindowsCounter, GuestOs.Windows)]
        [InlineData(@"\System\Processes", null, MetricKind.WindowsCounter, GuestOs.Windows)]
        [InlineData(@"\Processor\PercentProcessorTime", null, MetricKind.LinuxCounter, GuestOs.Linux)]
        [InlineData("/builtin/memory/percentusedmemory", null, MetricKind.LinuxCounter, GuestOs.Linux)]
        [InlineData("mem/used_percent", "azure.vm.linux.guestmetrics", MetricKind.AgentGuestMetric, GuestOs.Linux)]
        [InlineData("mem/used_percent", null, MetricKind.AgentGuestMetric, GuestOs.Linux)]
        [InlineData(@"\Memory\% Committed Bytes In Use", "azure.vm.windows.guestmetrics", MetricKind.AgentGuestMetric, GuestOs.Windows)]
        [InlineData("QueueLength", null, MetricKind.Custom, GuestOs.Unknown)]
        public void Classifies_by_name_and_namespace(string name, string? ns, MetricKind kind, GuestOs os)
        {
            var metric = MetricCatalog.Classify(name, ns);
            Assert.Equal(kind, metric.Kind);
            Assert.Equal(os, metric.Os);
        }

        [Fact]
        public void A_metric_of_another_resource_is_that_resources_whatever_its_name() =>
            Assert.Equal(MetricKind.OtherResource, MetricCatalog.Classify("Percentage CPU", null, onOtherResource: true).Kind);

        /// <summary>The disagreement the issue names: Debug called this host metric a custom metric while the template checks accepted it.</summary>
        [Fact]
        public void Debug_the_template_checks_and_the_planner_agree_on_a_disk_host_metric()
        {
            const string name = "OS Disk IOPS Consumed Percentage";
            var setting = WithTarget(Setting(2, 10, 2, Out(name, Op.GreaterThan, 80), In(name, Op.LessThan, 20)));

            var check = new[] { RuleChecks.MetricNames(new DiagnosisContext(Input(setting))) }.Single();
            Assert.Equal(FindingStatus.Pass, check.Status);
            Assert.Contains($"'{name}': host metric", string.Join(" ", check.Evidence));

            Assert.DoesNotContain(TemplateAnalyzer.AnalyzeSetting(setting), f => f.RuleName == "UnknownMetricName");

            var read = Assert.Single(SamplePlanner.Plan(Vmss, SamplePlanner.RequestsFromSettings(new[] { setting }, Vmss), new ScaleSetAgents()));
            Assert.Equal(SampleKind.HostMetrics, read.Kind);
        }

        [Theory]
        [InlineData(@"Memory(*)\% Used Memory", "mem/used_percent", true)]
        [InlineData(@"\Memory(*)\% Used Memory", "MEM/USED_PERCENT", true)]
        [InlineData(@"Processor(*)\% Processor Time", "cpu/usage_active", true)]
        [InlineData(@"Logical Disk(*)\% Free Space", "disk/free_percent", true)]
        [InlineData(@"Memory(*)\% Used Memory", "mem/available_percent", false)]
        [InlineData(@"\Processor(_Total)\% Processor Time", @"Processor(_Total)\% Processor Time", true)]
        [InlineData(@"\Processor(*)\% Processor Time", @"\Processor(_Total)\% Processor Time", true)]
        [InlineData(@"\Processor(0)\% Processor Time", @"\Processor(_Total)\% Processor Time", false)]
        public void A_DCR_counter_and_a_rule_metric_name_the_same_counter(string counter, string metric, bool same) =>
            Assert.Equal(same, MetricCatalog.SameAgentCounter(counter, metric));

        [Fact]
        public void Every_linux_guest_metric_has_one_DCR_counter_and_back()
        {
            foreach (var (counter, guest) in MetricCatalog.LinuxGuestMetrics)
            {
                Assert.Equal(counter, MetricCatalog.DcrCounterFor(guest));
                Assert.True(MetricCatalog.SameAgentCounter(counter, guest), counter);
                Assert.Equal(MetricKind.AgentGuestMetric, MetricCatalog.Classify(guest).Kind);
            }

            Assert.Equal(MetricCatalog.LinuxGuestMetrics.Count, MetricCatalog.LinuxGuestMetrics.Select(m => m.GuestMetric).Distinct().Count());
        }

        [Fact]
        public void A_linux_guest_metric_without_namespace_is_read_from_the_linux_guest_namespace()
        {
            var read = Assert.Single(SamplePlanner.Plan(Vmss, new[] { new MetricRequest { ResourceId = Vmss, MetricName = "cpu/usage_active" } }, new ScaleSetAgents { AzureMonitorAgent = true, Windows = false }));
            Assert.Equal(SampleKind.GuestMetrics, read.Kind);
            Assert.Equal(MetricCatalog.LinuxGuestNamespace, read.Namespace);
        }

        [Fact]
        public void The_cpu_metric_of_every_agent_is_a_cpu_metric()
        {
            foreach (var cpu in new[] { "Percentage CPU", @"\Processor(_Total)\% Processor Time", @"\Processor\PercentProcessorTime", "/builtin/processor/percentprocessortime", "cpu/usage_active" })
            {
                Assert.True(MetricCatalog.IsCpu(cpu), cpu);
            }

            Assert.False(MetricCatalog.IsCpu("cpu/usage_idle"));
        }

        // --- The Azure Monitor Agent verdicts on Linux (issue 22 item 2) ---

        [Fact]
        public void A_linux_counter_sent_to_log_analytics_only_is_NoMetricsDestination()
        {
            var f = AmaChecks.AzureMonitorAgent(new DiagnosisContext(LinuxAmaInput(toMetrics: false, counter: @"Memory(*)\% Used Memory")));
            Assert.Equal(AmaReason.NoMetricsDestination, f.Reason);
            Assert.Contains(@"Memory(*)\% Used Memory", f.Summary);
        }

        [Fact]
        public void A_linux_counter_sent_to_metrics_with_every_instance_reporting_is_healthy()
        {
            var f = AmaChecks.AzureMonitorAgent(new DiagnosisContext(LinuxAmaInput(toMetrics: true, counter: @"Memory(*)\% Used Memory")));
            Assert.Equal(FindingStatus.Pass, f.Status);
            Assert.Equal(AmaReason.Healthy, f.Reason);
        }

        [Fact]
        public void A_linux_counter_missing_from_the_rule_names_the_DCR_counter_to_add()
        {
            var f = AmaChecks.AzureMonitorAgent(new DiagnosisContext(LinuxAmaInput(toMetrics: true, counter: @"Processor(*)\% Processor Time")));
            Assert.Equal(AmaReason.CounterNotInDataCollectionRule, f.Reason);
            Assert.Contains(@"Add 'Memory(*)\% Used Memory'", f.Remediation);
            Assert.DoesNotContain("Add 'mem/used_percent'", f.Remediation);
        }

        [Fact]
        public void A_linux_guest_metric_without_namespace_is_MetricNamespaceMissing()
        {
            var input = LinuxAmaInput(toMetrics: true, counter: @"Memory(*)\% Used Memory", metricNamespace: null);
            var f = AmaChecks.AzureMonitorAgent(new DiagnosisContext(input));
            Assert.Equal(AmaReason.MetricNamespaceMissing, f.Reason);
            Assert.Contains(MetricCatalog.LinuxGuestNamespace, f.Remediation);
        }

        private static AutoscaleSetting WithTarget(AutoscaleSetting s) => new AutoscaleSetting { Name = "as-web", Enabled = true, TargetResourceUri = Vmss, Profiles = s.Profiles };

        private static DiagnosisInput Input(AutoscaleSetting setting) => new DiagnosisInput
        {
            Now = T0.AddMinutes(10),
            ScaleSet = new ScaleSetInfo { ResourceId = Vmss, VMScaleSetName = "web", ResourceGroupName = "rg", Capacity = 2, OsType = "Linux" },
            Settings = new[] { setting },
        };

        private static DiagnosisInput LinuxAmaInput(bool toMetrics, string counter, string? metricNamespace = MetricCatalog.LinuxGuestNamespace)
        {
            ScaleRule OnGuest(ScaleRule r) => new ScaleRule
            {
                MetricTrigger = new MetricTrigger
                {
                    MetricName = r.MetricName, MetricNamespace = metricNamespace, ComparisonOperator = r.MetricTrigger.ComparisonOperator, Threshold = r.MetricTrigger.Threshold,
                    MetricStatistic = r.MetricTrigger.MetricStatistic, TimeGrainSpan = r.MetricTrigger.TimeGrainSpan, TimeWindowSpan = r.MetricTrigger.TimeWindowSpan, TimeAggregationType = r.MetricTrigger.TimeAggregationType,
                },
                ScaleAction = r.ScaleAction,
            };
            var setting = WithTarget(Setting(2, 10, 2, OnGuest(Out("mem/used_percent", Op.GreaterThan, 80)), OnGuest(In("mem/used_percent", Op.LessThan, 30))));

            // A Linux data collection rule in the public 2022-06-01 shape: the counter flows to Log Analytics, and to Metrics when asked.
            var destinations = toMetrics
                ? @"{""logAnalytics"":[{""name"":""la""}],""azureMonitorMetrics"":{""name"":""metrics""}}"
                : @"{""logAnalytics"":[{""name"":""la""}]}";
            var flows = toMetrics
                ? @"[{""streams"":[""Microsoft-Perf""],""destinations"":[""la""]},{""streams"":[""Microsoft-InsightsMetrics""],""destinations"":[""metrics""]}]"
                : @"[{""streams"":[""Microsoft-Perf""],""destinations"":[""la""]}]";
            var rule = JsonParser.Parse($@"{{""name"":""dcr-linux"",""kind"":""Linux"",""properties"":{{
                ""dataSources"":{{""performanceCounters"":[{{""name"":""perf"",""streams"":[""Microsoft-Perf"",""Microsoft-InsightsMetrics""],""samplingFrequencyInSeconds"":60,
                  ""counterSpecifiers"":[{JsonWriter.Write(JsonNode.From(counter), false)}]}}]}},
                ""destinations"":{destinations},""dataFlows"":{flows}}}}}");
            var samples = Enumerable.Range(0, 10).SelectMany(m => new[] { "web_0", "web_1" }.Select(i => new MetricSample
            {
                Instance = i, Timestamp = T0.AddMinutes(m), MetricName = "mem/used_percent", Value = 50, ResourceId = Vmss, Namespace = MetricCatalog.LinuxGuestNamespace,
            })).ToList();
            return new DiagnosisInput
            {
                Now = T0.AddMinutes(10),
                ScaleSet = new ScaleSetInfo { ResourceId = Vmss, VMScaleSetName = "web", ResourceGroupName = "rg", Capacity = 2, OsType = "Linux" },
                Settings = new[] { setting },
                Samples = new SampleReadResult { Samples = samples },
                Ama = new AmaConfiguration { AgentType = "AzureMonitorLinuxAgent", IdentityType = "SystemAssigned", Rules = new[] { rule } },
            };
        }
    }
}
