using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Reads
{
    /// <summary>What one declared read gave for a scale set: its body, or why there is none.</summary>
    public sealed record ReadOutcome(JsonNode? Body, string? Unavailable);

    /// <summary>A declared read's parsed value, or why there is none (a check says that reason when it skips).</summary>
    public sealed record ReadResult<T>(T? Value, string? Unavailable)
    {
        public bool Present => Unavailable == null;
    }

    /// <summary>
    /// The declared reads' outcomes for one scale set, as DiagnosisInput carries them. A check asks
    /// for its read by its unit (<c>c.Input.Reads.Of(QuotaRead.Unit)</c>) and gets the parsed value;
    /// the bodies are what Export keeps in the bundle.
    /// </summary>
    public sealed class ReadResults
    {
        private readonly IReadOnlyDictionary<string, ReadOutcome> outcomes;
        private readonly ScaleSetInfo scaleSet;

        public ReadResults(IReadOnlyDictionary<string, ReadOutcome> outcomes, ScaleSetInfo scaleSet)
        {
            this.outcomes = outcomes;
            this.scaleSet = scaleSet;
        }

        /// <summary>No declared read ran (an input built by hand).</summary>
        public static ReadResults None { get; } = new ReadResults(new Dictionary<string, ReadOutcome>(), new ScaleSetInfo());

        /// <summary>The same outcomes, parsed against the scale set as described once every read is in (the collector reads the declared units beside the model's other reads).</summary>
        public ReadResults Describing(ScaleSetInfo described) => new ReadResults(outcomes, described);

        /// <summary>The bodies that were read, by read name, for the bundle.</summary>
        public IReadOnlyDictionary<string, JsonNode> Bodies =>
            outcomes.Where(o => o.Value.Body != null).ToDictionary(o => o.Key, o => o.Value.Body!, StringComparer.Ordinal);

        /// <summary>Why a read gave no body (null when it did), for any read of the registry.</summary>
        public string? Unavailable(ScaleSetRead read) =>
            !outcomes.TryGetValue(read.Name, out var outcome) ? $"{read.What} was not read"
            : outcome.Body == null ? outcome.Unavailable ?? $"{read.What} was not read"
            : null;

        public ReadResult<T> Of<T>(ScaleSetRead<T> read)
        {
            if (Unavailable(read) is string why)
            {
                return new ReadResult<T>(default, why);
            }

            var outcome = outcomes[read.Name];

            try
            {
                return new ReadResult<T>(read.Parse(outcome.Body!, scaleSet), null);
            }
            catch (Exception e) when (e is JsonParseException || e is FormatException || e is InvalidOperationException || e is InvalidCastException || e is ArgumentException)
            {
                // A body Azure (or a hand-edited bundle) sent in a shape the parser does not know: the check skips and says so.
                return new ReadResult<T>(default, $"{read.What} could not be parsed: {TerminalText.Clean(e.Message)}");
            }
        }
    }
}
