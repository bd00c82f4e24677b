using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;
using VmssAutoscale.Sources.Reads;
using Xunit;

namespace VmssAutoscale.Tests.Diagnosis
{
    /// <summary>
    /// The declared reads (issue 20 item 1): each is kept in a bundle under its own name, read back
    /// from it, and missing from an older bundle with a reason that names it. A new read added to
    /// ReadRegistry is checked here without a test of its own for these properties.
    /// </summary>
    public class ReadRegistryTests
    {
        /// <summary>The scale set properties SnapshotSerializer writes itself (the seams' and its own); a declared read must not take one.</summary>
        private static readonly string[] BuiltInSections =
        {
            "resourceId", "model", "instanceView", "activityLog", "diagnostics", "samples", "findings", "serviceMetrics",
        };

        /// <summary>The sections older bundles have always had, now kept by declared reads: the unit keeps the name, and the bundle the place.</summary>
        private static readonly string[] MigratedSections = { "vmSizes", "virtualMachines", "serviceHealthEvents", "dataCollection" };

        [Fact]
        public void The_migrated_reads_keep_their_sections_names()
        {
            Assert.All(MigratedSections, name => Assert.Contains(ReadRegistry.ScaleSetReads, r => r.Name == name));
        }

        [Fact]
        public void A_bundle_keeps_each_section_where_older_bundles_had_it()
        {
            var scenario = ExampleScenarios.ByName("active-incident").Snapshot;
            var written = SnapshotSerializer.ToNode(scenario)["scaleSets"]!.Items![0].Properties!.Select(p => p.Key).ToList();
            var order = string.Join(",", written);
            Assert.True(written.IndexOf("instanceView") < written.IndexOf("vmSizes") && written.IndexOf("vmSizes") < written.IndexOf("activityLog"), order);
            Assert.True(written.IndexOf("samples") < written.IndexOf("virtualMachines") && written.IndexOf("virtualMachines") < written.IndexOf("availabilityStatus"), order);
            Assert.True(written.IndexOf("availabilityStatus") < written.IndexOf("serviceHealthEvents") && written.IndexOf("serviceHealthEvents") < written.IndexOf("findings"), order);

            var ama = SnapshotSerializer.ToNode(ExampleScenarios.ByName("ama-log-analytics-only").Snapshot)["scaleSets"]!.Items![0].Properties.Select(p => p.Key).ToList();
            Assert.True(ama.IndexOf("findings") < ama.IndexOf("dataCollection") && ama.IndexOf("dataCollection") < ama.IndexOf("serviceMetrics"), string.Join(",", ama));
        }

        public static IEnumerable<object[]> Reads() => ReadRegistry.ScaleSetReads.Select(r => new object[] { r.Name });

        [Fact]
        public void Declared_reads_have_distinct_names_that_no_built_in_section_uses()
        {
            var names = ReadRegistry.ScaleSetReads.Select(r => r.Name).ToList();
            Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.Empty(names.Intersect(BuiltInSections, StringComparer.OrdinalIgnoreCase));
            Assert.All(ReadRegistry.ScaleSetReads, r => Assert.False(string.IsNullOrWhiteSpace(r.What)));
        }

        [Theory]
        [MemberData(nameof(Reads))]
        public async Task A_declared_read_survives_the_bundle_and_is_missing_with_a_reason_from_a_bundle_without_it(string name)
        {
            var read = ReadRegistry.ScaleSetReads.Single(r => r.Name == name);
            var scenario = ExampleScenarios.ByName("active-incident").Snapshot;

            // The scenario's own body where it records the read; any JSON body otherwise (the bundle keeps it as it is).
            var recorded = scenario.ScaleSets[0];
            var body = recorded.Reads.TryGetValue(name, out var kept) ? kept : JsonParser.Parse("{\"value\":[]}");
            var set = recorded with { Reads = new Dictionary<string, JsonNode>(recorded.Reads) { [name] = body } };
            var example = new Snapshot
            {
                CollectedAt = scenario.CollectedAt,
                WindowStart = scenario.WindowStart,
                WindowEnd = scenario.WindowEnd,
                AutoscaleSettings = scenario.AutoscaleSettings,
                ScaleSets = new[] { set },
            };

            // Written and read back: the same body under the same name.
            var back = SnapshotSerializer.FromNode(JsonParser.Parse(SnapshotSerializer.ToJson(example)), "round-trip");
            Assert.Equal(set.Reads[name].ToString(), back.ScaleSets[0].Reads[name].ToString());

            // A bundle from before the read: the collector leaves the reason, naming what is missing.
            var older = new Snapshot
            {
                CollectedAt = example.CollectedAt,
                WindowStart = example.WindowStart,
                WindowEnd = example.WindowEnd,
                AutoscaleSettings = example.AutoscaleSettings,
                ScaleSets = new[] { set with { Reads = set.Reads.Where(r => r.Key != name).ToDictionary(r => r.Key, r => r.Value) } },
            };
            var collected = await new DiagnosisCollector(SourceSet.FromSnapshot(new SnapshotSource(older)))
                .CollectAsync(set.ResourceId, older.CollectedAt, "Snapshot", new DiagnosisOptions(), Array.Empty<Finding>(), CancellationToken.None);
            Assert.False(collected.Raw.Reads.ContainsKey(name));
            var why = collected.Input.Reads.Unavailable(read);
            Assert.NotNull(why);
            Assert.Contains(read.What, why);
        }

        /// <summary>
        /// A refused declared read is a warning and a reason, never the end of the diagnosis. The VM
        /// sizes had a typed path that let a refused list end the command; as a unit they leave the
        /// vCPUs empty and say why.
        /// </summary>
        [Fact]
        public async Task A_refused_VM_size_list_leaves_the_vcpus_empty_with_a_warning()
        {
            var scenario = ExampleScenarios.ByName("healthy").Snapshot;
            var bundle = new SnapshotSource(scenario);
            var refusing = new RefusingReads(bundle, VmSizeRead.Unit);
            var sources = new SourceSet(bundle, bundle, bundle, bundle, refusing, bundle.Log) { Samples = Capability<IMetricSampleSource>.Of(bundle) };

            var collected = await new DiagnosisCollector(sources)
                .CollectAsync(scenario.ScaleSets[0].ResourceId, scenario.CollectedAt, "Snapshot", new DiagnosisOptions(), Array.Empty<Finding>(), CancellationToken.None);

            Assert.Null(collected.Input.ScaleSet.VCpusPerInstance);
            Assert.Contains("AuthorizationFailed", collected.Input.Reads.Unavailable(VmSizeRead.Unit));
            Assert.False(collected.Raw.Reads.ContainsKey(VmSizeRead.Unit.Name));
            Assert.Contains(bundle.Log.Drain(), m => m.Key == SourceLogLevel.Warning && m.Value.Contains("Could not read the VM sizes of the region", StringComparison.Ordinal));
            Assert.NotNull(collected.Input.Guide.Instances);
        }

        [Fact]
        public async Task Get_VmssAutoscaleTarget_describes_a_scale_set_whose_VM_size_list_is_refused()
        {
            var scenario = ExampleScenarios.ByName("healthy").Snapshot;
            var bundle = new SnapshotSource(scenario);
            var service = new ScaleSetInfoService(bundle, new SettingLookup(bundle, null, bundle.Log), bundle.Log, new RefusingReads(bundle, VmSizeRead.Unit));

            var info = await service.GetAsync(scenario.ScaleSets[0].ResourceId, CancellationToken.None);

            Assert.Null(info.VCpusPerInstance);
            Assert.Single(info.AutoscaleSettingIds);
            Assert.NotEmpty(info.Instances);
            Assert.Contains(bundle.Log.Drain(), m => m.Key == SourceLogLevel.Warning && m.Value.Contains("Could not read the VM sizes of the region", StringComparison.Ordinal) && m.Value.Contains("described without it", StringComparison.Ordinal));
        }

        /// <summary>
        /// A hand-edited bundle whose list section is an object: the read is unavailable and says why,
        /// never an empty list a check would pass on ("0 VMs, all healthy"), as the typed sections were.
        /// </summary>
        [Fact]
        public void A_list_section_that_is_not_a_list_leaves_its_read_unavailable_not_empty()
        {
            var info = new ScaleSetInfo { ResourceId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web", Location = "eastus", SkuName = "Standard_D2s_v3" };
            var body = JsonParser.Parse("{\"value\":[]}");
            ReadResults Kept(ScaleSetRead read) => new ReadResults(new Dictionary<string, ReadOutcome> { [read.Name] = new ReadOutcome(read.Keep(body, info), null) }, info);

            Assert.Contains("could not be parsed", Kept(VmSizeRead.Unit).Of(VmSizeRead.Unit).Unavailable);
            Assert.Contains("could not be parsed", Kept(VirtualMachinesRead.Unit).Of(VirtualMachinesRead.Unit).Unavailable);
            Assert.Contains("could not be parsed", Kept(ServiceHealthRead.Unit).Of(ServiceHealthRead.Unit).Unavailable);
            Assert.Contains("could not be parsed", Kept(DataCollectionRead.Unit).Of(DataCollectionRead.Unit).Unavailable);
        }

        [Fact]
        public void Every_typed_seam_names_a_source_set_member()
        {
            var members = typeof(SourceSet).GetProperties().Select(p => p.Name).ToHashSet();
            Assert.All(ReadRegistry.Seams, s => Assert.Contains(s.Capability, members));
            Assert.All(ReadRegistry.Seams, s => Assert.False(string.IsNullOrWhiteSpace(s.WhyNotAUnit), s.Name + " says why it is not a unit"));
        }

        /// <summary>A bundle that answers every declared read but one, which it refuses as Azure refuses a missing role.</summary>
        private sealed class RefusingReads : IDeclaredReadSource
        {
            private readonly IDeclaredReadSource inner;
            private readonly ScaleSetRead refused;

            public RefusingReads(IDeclaredReadSource inner, ScaleSetRead refused)
            {
                this.inner = inner;
                this.refused = refused;
            }

            public Task<JsonNode> ReadAsync(ScaleSetRead read, ScaleSetInfo scaleSet, ReadWindow? window, CancellationToken cancellationToken) =>
                read == refused
                    ? Task.FromException<JsonNode>(new VmssAutoscale.Errors.ModuleException(VmssAutoscale.Errors.ErrorIds.PermissionDenied, System.Management.Automation.ErrorCategory.PermissionDenied, "AuthorizationFailed: no access to Microsoft.Compute/locations/vmSizes/read."))
                    : inner.ReadAsync(read, scaleSet, window, cancellationToken);
        }
    }
}
