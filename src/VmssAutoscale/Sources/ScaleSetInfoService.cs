using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// Assembles ScaleSetInfo and finds the autoscale settings of a scale set, over any source.
    /// Lives for one command. Settings are found the way Debug-VmssAutoscale finds them
    /// (SettingLookup: one Resource Graph query for a lone scale set, the subscription's list,
    /// read once, when the command reads several); the VM sizes of a region are fetched once (a shared declared read), so
    /// describing N scale sets costs 2 requests each plus a constant (no per-instance calls).
    /// </summary>
    public sealed class ScaleSetInfoService
    {
        private readonly IScaleSetSource scaleSets;
        private readonly Diagnosis.SettingLookup settings;
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string>, IReadOnlyList<AutoscaleSetting>> parsed = new System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string>, IReadOnlyList<AutoscaleSetting>>();
        private readonly SourceLog log;
        private readonly IReadOnlyList<Reads.ScaleSetRead> describeReads;
        private readonly Reads.DeclaredReadRunner reads;
        private readonly IReadOnlyList<Reads.ScaleSetRead>? headroomReads;

        /// <param name="instances">False to leave Instances empty and skip each VM's instance view (one request per page of VMs).</param>
        /// <param name="settings">The command's settings lookup (a SourceSet's: SettingLookup over its Settings and ResourceGraph).</param>
        /// <param name="reads">The declared reads' source: the VM sizes, and Headroom's quota, SKUs, locks and subnet.</param>
        /// <param name="headroom">False to leave Headroom null and skip its reads (a description only).</param>
        public ScaleSetInfoService(IScaleSetSource scaleSets, Diagnosis.SettingLookup settings, SourceLog log, Reads.IDeclaredReadSource reads, bool instances = true, bool headroom = true)
        {
            headroomReads = headroom ? Reads.ReadRegistry.PlatformReads : null;
            this.reads = new Reads.DeclaredReadRunner(reads, log);
            this.scaleSets = scaleSets;
            this.settings = settings;
            this.log = log;
            describeReads = instances ? new Reads.ScaleSetRead[] { Reads.VmSizeRead.Unit, Reads.VirtualMachinesRead.Unit } : new Reads.ScaleSetRead[] { Reads.VmSizeRead.Unit };
        }

        public async Task<ScaleSetInfo> GetAsync(string scaleSetId, CancellationToken cancellationToken) =>
            await DescribeAsync(await scaleSets.GetScaleSetJsonAsync(scaleSetId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

        public async Task<IReadOnlyList<ScaleSetInfo>> ListAsync(string subscriptionId, string? resourceGroupName, CancellationToken cancellationToken)
        {
            var result = new List<ScaleSetInfo>();
            var bodies = await scaleSets.ListScaleSetJsonAsync(subscriptionId, resourceGroupName, cancellationToken).ConfigureAwait(false);

            // Several scale sets: the subscription's settings list, read once, serves them all.
            settings.Expect(bodies.Select(b => ScaleSetReader.Read(b, null, (l, z) => null, Array.Empty<string>()).ResourceId));
            foreach (var json in bodies)
            {
                result.Add(await DescribeAsync(json, cancellationToken).ConfigureAwait(false));
            }

            return result;
        }

        /// <summary>Completes a scale set body with its instance view, vCPUs and autoscale settings.</summary>
        public async Task<ScaleSetInfo> DescribeAsync(string scaleSetJson, CancellationToken cancellationToken)
        {
            var bare = ScaleSetReader.Read(scaleSetJson, null, (l, s) => null, Array.Empty<string>());
            var described = reads.RunAsync(describeReads, bare, "the scale set is described without it", cancellationToken);
            var headroom = headroomReads == null ? null : reads.RunAsync(headroomReads, bare, "Headroom leaves it out", cancellationToken);
            // Azure refuses a Flexible scale set's instance view (400 OperationNotAllowed): its health comes from its VMs.
            var view = ScaleSetReader.IsFlexible(bare) ? null : await scaleSets.GetInstanceViewJsonAsync(bare.ResourceId, cancellationToken).ConfigureAwait(false);
            var targeting = await SettingsTargetingAsync(bare.ResourceId, cancellationToken).ConfigureAwait(false);
            var read = await described.ConfigureAwait(false);
            var vcpus = Reads.VmSizeRead.VCpusOf(read.Of(Reads.VmSizeRead.Unit).Value, bare.SkuName);
            return ScaleSetReader.Read(
                scaleSetJson,
                view,
                (location, sku) => vcpus,
                targeting.Select(s => s.Id ?? s.Name).ToList(),
                read.Of(Reads.VirtualMachinesRead.Unit).Value,
                headroom == null ? null : Platform.HeadroomCalculator.Calculate(Platform.ScaleSetShape.Read(scaleSetJson), Platform.PlatformReads.From(await headroom.ConfigureAwait(false)), vcpus));
        }

        /// <summary>The settings whose targetResourceUri is this scale set (compared case-insensitively, as ARM IDs are).</summary>
        public async Task<IReadOnlyList<AutoscaleSetting>> SettingsTargetingAsync(string scaleSetId, CancellationToken cancellationToken)
        {
            var subscription = ResourceIds.Subscription(scaleSetId) ?? string.Empty;

            // Each scale set asked for is announced, so the second of a subscription (piped names) shares its list.
            settings.Expect(new[] { scaleSetId });
            var bodies = await settings.FindAsync(scaleSetId, subscription, cancellationToken).ConfigureAwait(false);
            return parsed.GetValue(bodies, b => Parse(b, log))
                .Where(s => ResourceIds.AreEqual(s.TargetResourceUri, scaleSetId))
                .ToList();
        }

        /// <summary>Parses setting bodies; one that does not parse is reported and skipped, not fatal for the rest.</summary>
        public static IReadOnlyList<AutoscaleSetting> Parse(IEnumerable<string> bodies, SourceLog log)
        {
            var result = new List<AutoscaleSetting>();
            foreach (var body in bodies)
            {
                try
                {
                    result.AddRange(AutoscaleSettingParser.ParseText(body, "Azure"));
                }
                catch (AutoscaleFormatException e)
                {
                    log.Warning($"An autoscale setting returned by Azure could not be read and was skipped: {e.Message}");
                }
            }

            return result;
        }
    }
}
