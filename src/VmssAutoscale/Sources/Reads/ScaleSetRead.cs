using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Reads
{
    /// <summary>Where a declared read's section sits among a scale set's properties in snapshot.json.</summary>
    /// <remarks>
    /// The reads that had their own code before the registry (VM sizes, the VMs, Service Health, the
    /// data collection rules) keep the place bundles have always given them, so a bundle written
    /// before and after their migration is the same text. A new read takes <see cref="AfterSamples"/>.
    /// </remarks>
    public enum BundleSlot
    {
        /// <summary>After the instance view, before the activity log (vmSizes).</summary>
        AfterInstanceView,

        /// <summary>After the samples, before the findings.</summary>
        AfterSamples,

        /// <summary>After the findings (dataCollection).</summary>
        AfterFindings,
    }

    /// <summary>The period a command looks back over (UTC), for a read whose live fetch is bounded in time (Service Health's events).</summary>
    public sealed record ReadWindow(DateTime Start, DateTime End);

    /// <summary>
    /// One Azure read about a scale set, declared once: its name (also its section in each scale set
    /// of a bundle's snapshot.json), what it reads in words (for the "unavailable because ..."
    /// reasons), its live fetch (ARM GETs through <see cref="IArmReader"/>) and its parser. The
    /// collector runs every read of <see cref="ReadRegistry.ScaleSetReads"/>; a live run fetches it,
    /// Export keeps the body in the bundle, a -Snapshot run answers from that section, and a
    /// check reads the parsed value from DiagnosisInput.Reads. See CONTRIBUTING.md, "Add a read".
    /// </summary>
    public abstract class ScaleSetRead
    {
        protected ScaleSetRead(string name, string what, BundleSlot slot)
        {
            Name = name;
            What = what;
            Slot = slot;
        }

        /// <summary>Why a read that does not apply to a scale set (<see cref="AppliesTo"/>) has no body.</summary>
        public string NotApplicable => $"{What} do not apply to this scale set";

        /// <summary>camelCase; the property of each scale set in snapshot.json that keeps the body.</summary>
        public string Name { get; }

        /// <summary>What the read gives, in words ("the Resource Health status"); reasons say "... holds no {What}".</summary>
        public string What { get; }

        /// <summary>Where snapshot.json keeps the section among the scale set's properties.</summary>
        public BundleSlot Slot { get; }

        /// <summary>
        /// Scale sets with the same key share one fetch per command (a region's quota is the same for
        /// every scale set of the subscription in that region); null: one fetch per scale set.
        /// </summary>
        public abstract string? ShareKey(ScaleSetInfo scaleSet);

        /// <summary>False for a scale set the read says nothing about (no monitoring agent: no data collection rules): it is not read, and a bundle keeps no section for it.</summary>
        public abstract bool AppliesTo(ScaleSetInfo scaleSet);

        /// <summary>The body fetched live; for a shared read, the body every scale set of the key shares (see <see cref="Keep"/>).</summary>
        /// <param name="window">The command's period; only a read bounded in time uses it, and fails without one.</param>
        public abstract Task<JsonNode> FetchAsync(IArmReader arm, ScaleSetInfo scaleSet, ReadWindow? window, CancellationToken cancellationToken);

        /// <summary>
        /// The part of a body one scale set keeps (its bundle section, and what its parser reads): a
        /// shared body (a region's sizes) trimmed to the scale set's own. Run on live and bundle
        /// bodies alike, so it must give a trimmed body back unchanged. By default the whole body.
        /// </summary>
        public abstract JsonNode Keep(JsonNode body, ScaleSetInfo scaleSet);

        /// <summary>A list read as one body: the items of every page, as a JSON array.</summary>
        public static async Task<JsonNode> ListAsync(IArmReader arm, ArmRead read, CancellationToken cancellationToken) =>
            JsonNode.Array((await arm.ListJsonAsync(read, cancellationToken).ConfigureAwait(false)).Select(JsonParser.Parse));

        /// <summary>
        /// A Compute list of the scale set's region (GET /subscriptions/{s}/providers/Microsoft.Compute/locations/{region}/{list}),
        /// as one body; Reader grants every such list (action Microsoft.Compute/locations/{list}/read).
        /// </summary>
        /// <param name="what">What the list gives, for error messages, ending "of region '...'" here.</param>
        public static Task<JsonNode> ComputeRegionListAsync(IArmReader arm, ScaleSetInfo s, string list, string apiVersion, string what, CancellationToken cancellationToken) =>
            ListAsync(
                arm,
                new ArmRead
                {
                    PathAndQuery = $"/subscriptions/{s.SubscriptionId}/providers/Microsoft.Compute/locations/{Uri.EscapeDataString(s.Location ?? string.Empty)}/{list}?api-version={apiVersion}",
                    What = $"{what} of region '{s.Location}'",
                    Action = $"Microsoft.Compute/locations/{list}/read",
                    Roles = "Reader",
                    Scope = "/subscriptions/" + s.SubscriptionId,
                },
                cancellationToken);

        /// <summary>
        /// The items of a list body, for a parser: a body that is not an array (a hand-edited bundle) is
        /// a FormatException, so the read is unavailable with that reason rather than an empty list a
        /// check would pass on.
        /// </summary>
        public static IReadOnlyList<JsonNode> ItemsOf(JsonNode? body, string what) =>
            body?.Kind == JsonKind.Array ? body.Items ?? Array.Empty<JsonNode>() : throw new FormatException($"{what} is not a JSON array");

        /// <summary>A list body with only the items <paramref name="keep"/> selects, for a <see cref="Keep"/>; a body that is not an array is left for the parser to refuse.</summary>
        public static JsonNode KeepItems(JsonNode body, Func<IEnumerable<JsonNode>, IEnumerable<JsonNode>> keep) =>
            body.Kind == JsonKind.Array ? JsonNode.Array(keep(body.Items ?? Array.Empty<JsonNode>())) : body;

        /// <summary>One resource body.</summary>
        public static async Task<JsonNode> GetAsync(IArmReader arm, ArmRead read, CancellationToken cancellationToken) =>
            JsonParser.Parse(await arm.GetJsonAsync(read, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>A declared read whose body parses into a <typeparamref name="T"/>.</summary>
    public sealed class ScaleSetRead<T> : ScaleSetRead
    {
        private readonly Func<IArmReader, ScaleSetInfo, ReadWindow?, CancellationToken, Task<JsonNode>> fetch;
        private readonly Func<JsonNode, ScaleSetInfo, T> parse;
        private readonly Func<ScaleSetInfo, string?> share;
        private readonly Func<JsonNode, ScaleSetInfo, JsonNode> keep;
        private readonly Func<ScaleSetInfo, bool> appliesTo;

        /// <param name="fetch">The live fetch: usually <see cref="ScaleSetRead.GetAsync"/> or <see cref="ScaleSetRead.ListAsync"/> of one <see cref="ArmRead"/>.</param>
        /// <param name="parse">Body to value; it runs on live and bundle bodies alike, so it must accept what Azure sends (missing members included).</param>
        /// <param name="share">See <see cref="ScaleSetRead.ShareKey"/>; default one fetch per scale set.</param>
        /// <param name="keep">See <see cref="ScaleSetRead.Keep"/>; default the whole body.</param>
        /// <param name="appliesTo">See <see cref="ScaleSetRead.AppliesTo"/>; default every scale set.</param>
        public ScaleSetRead(string name, string what, Func<IArmReader, ScaleSetInfo, CancellationToken, Task<JsonNode>> fetch, Func<JsonNode, ScaleSetInfo, T> parse, Func<ScaleSetInfo, string?>? share = null, Func<JsonNode, ScaleSetInfo, JsonNode>? keep = null, BundleSlot slot = BundleSlot.AfterSamples, Func<ScaleSetInfo, bool>? appliesTo = null)
            : this(name, what, (arm, s, _, ct) => fetch(arm, s, ct), parse, share, keep, slot, appliesTo)
        {
        }

        /// <param name="fetch">A live fetch bounded by the command's period (<see cref="ReadWindow"/>).</param>
        public ScaleSetRead(string name, string what, Func<IArmReader, ScaleSetInfo, ReadWindow?, CancellationToken, Task<JsonNode>> fetch, Func<JsonNode, ScaleSetInfo, T> parse, Func<ScaleSetInfo, string?>? share = null, Func<JsonNode, ScaleSetInfo, JsonNode>? keep = null, BundleSlot slot = BundleSlot.AfterSamples, Func<ScaleSetInfo, bool>? appliesTo = null)
            : base(name, what, slot)
        {
            this.fetch = fetch;
            this.parse = parse;
            this.share = share ?? (_ => null);
            this.keep = keep ?? ((body, _) => body);
            this.appliesTo = appliesTo ?? (_ => true);
        }

        public override string? ShareKey(ScaleSetInfo scaleSet) => share(scaleSet);

        public override bool AppliesTo(ScaleSetInfo scaleSet) => appliesTo(scaleSet);

        public override Task<JsonNode> FetchAsync(IArmReader arm, ScaleSetInfo scaleSet, ReadWindow? window, CancellationToken cancellationToken) => fetch(arm, scaleSet, window, cancellationToken);

        public override JsonNode Keep(JsonNode body, ScaleSetInfo scaleSet) => keep(body, scaleSet);

        public T Parse(JsonNode body, ScaleSetInfo scaleSet) => parse(body, scaleSet);
    }

    /// <summary>Answers declared reads: live Azure fetches them, a bundle returns the section it kept.</summary>
    public interface IDeclaredReadSource
    {
        /// <summary>The body; a ModuleException (NotInSnapshot for a bundle without the section) when it cannot be read.</summary>
        Task<JsonNode> ReadAsync(ScaleSetRead read, ScaleSetInfo scaleSet, ReadWindow? window, CancellationToken cancellationToken);
    }

    /// <summary>Live Azure's answer: the read's own fetch over the session's ARM pipeline.</summary>
    public sealed class LiveDeclaredReads : IDeclaredReadSource
    {
        private readonly IArmReader arm;

        public LiveDeclaredReads(IArmReader arm)
        {
            this.arm = arm;
        }

        public Task<JsonNode> ReadAsync(ScaleSetRead read, ScaleSetInfo scaleSet, ReadWindow? window, CancellationToken cancellationToken) => read.FetchAsync(arm, scaleSet, window, cancellationToken);
    }
}
