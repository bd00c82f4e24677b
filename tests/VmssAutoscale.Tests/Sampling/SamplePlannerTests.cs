using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Sources.Sampling;
using Xunit;

namespace VmssAutoscale.Tests.Sampling
{
    /// <summary>The one routing decision for every cmdlet that reads samples.</summary>
    public class SamplePlannerTests
    {
        private const string Vmss = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";
        private const string Queue = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/queueServices/default";
        private const string Other = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/frontend";

        private static readonly ScaleSetAgents Wad = new ScaleSetAgents { DiagnosticsExtension = true, Windows = true };
        private static readonly ScaleSetAgents AmaLinux = new ScaleSetAgents { AzureMonitorAgent = true };

        private static MetricRequest R(string name, string resource = Vmss, string ns = "") => new MetricRequest { ResourceId = resource, Namespace = ns, MetricName = name };

        [Fact]
        public void Host_metrics_of_the_scale_set_are_one_read_in_its_namespace()
        {
            var plan = SamplePlanner.Plan(Vmss, new[] { R("Percentage CPU"), R("Network In Total", ns: "microsoft.compute/virtualmachinescalesets") }, Wad);

            var read = Assert.Single(plan);
            Assert.Equal(SampleKind.HostMetrics, read.Kind);
            Assert.Equal(new[] { "Percentage CPU", "Network In Total" }, read.MetricNames);
            Assert.True(read.ToQuery(default, default, 3).SplitByVmName);
            Assert.Equal(string.Empty, read.ToQuery(default, default, 3).SampleNamespace);
        }

        [Fact]
        public void Counter_paths_go_to_the_tables_when_WAD_or_LAD_writes_them()
        {
            var plan = SamplePlanner.Plan(Vmss, new[] { R(@"\Processor(_Total)\% Processor Time"), R("Percentage CPU") }, Wad);

            Assert.Equal(new[] { SampleKind.HostMetrics, SampleKind.DiagnosticsTables }, plan.Select(p => p.Kind).ToArray());
        }

        [Fact]
        public void A_guest_namespace_routes_to_AMA_guest_metrics_split_by_VM()
        {
            var plan = SamplePlanner.Plan(Vmss, new[] { R("mem/used_percent", ns: "azure.vm.linux.guestmetrics") }, AmaLinux);

            var read = Assert.Single(plan);
            Assert.Equal(SampleKind.GuestMetrics, read.Kind);
            Assert.Equal("azure.vm.linux.guestmetrics", read.ToQuery(default, default, 2).SampleNamespace);
            Assert.True(read.ToQuery(default, default, 2).SplitByVmName);
        }

        [Fact]
        public void A_counter_without_namespace_on_an_AMA_only_scale_set_is_read_where_AMA_writes()
        {
            var plan = SamplePlanner.Plan(Vmss, new[] { R(@"\Processor Information(_Total)\% Processor Time") }, new ScaleSetAgents { AzureMonitorAgent = true, Windows = true });

            var read = Assert.Single(plan);
            Assert.Equal(SampleKind.GuestMetrics, read.Kind);
            Assert.Equal(SamplePlanner.WindowsGuestNamespace, read.Namespace);
        }

        [Fact]
        public void Another_resources_metric_is_read_on_that_resource_without_a_VM_split()
        {
            var plan = SamplePlanner.Plan(Vmss, new[] { R("QueueMessageCount", Queue, "microsoft.storage/storageaccounts/queueservices"), R("Percentage CPU", Other) }, Wad);

            Assert.Equal(2, plan.Count);
            Assert.All(plan, p => Assert.Equal(SampleKind.ResourceMetrics, p.Kind));
            var queue = plan.Single(p => p.ResourceId == Queue);
            Assert.False(queue.ToQuery(default, default, 2).SplitByVmName);
            Assert.Equal("microsoft.storage/storageaccounts/queueservices", queue.ToQuery(default, default, 2).SampleNamespace);
        }

        [Fact]
        public void Requests_from_settings_fill_in_the_scale_set_and_drop_duplicates()
        {
            MetricTrigger T(string name, string? resource = null, string? ns = null) => new MetricTrigger { MetricName = name, MetricResourceUri = resource, MetricNamespace = ns };
            var setting = new AutoscaleSetting
            {
                TargetResourceUri = Vmss.ToLowerInvariant(),
                Profiles = new[]
                {
                    new AutoscaleProfile
                    {
                        Rules = new[]
                        {
                            new ScaleRule { MetricTrigger = T("Percentage CPU") },
                            new ScaleRule { MetricTrigger = T("Percentage CPU", Vmss.ToLowerInvariant()) },
                            new ScaleRule { MetricTrigger = T("QueueMessageCount", Queue, "microsoft.storage/storageaccounts/queueservices") },
                        },
                    },
                },
            };

            var requests = SamplePlanner.RequestsFromSettings(new[] { setting }, Vmss);

            Assert.Equal(2, requests.Count);
            Assert.Equal(Vmss, requests[0].ResourceId);
            Assert.Equal(Queue, requests[1].ResourceId);
        }
    }
}
