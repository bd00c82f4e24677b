using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Reads
{
    /// <summary>
    /// The one loop that runs declared reads for a scale set, for Debug's collector and for
    /// Get-VmssAutoscaleTarget alike: concurrently, a shared one (same key) once per runner (a
    /// command), each body trimmed to what the scale set keeps, a failure kept as its reason.
    /// </summary>
    public sealed class DeclaredReadRunner
    {
        private readonly IDeclaredReadSource source;
        private readonly SourceLog log;
        private readonly ConcurrentDictionary<string, Lazy<Task<JsonNode>>> shared = new ConcurrentDictionary<string, Lazy<Task<JsonNode>>>(StringComparer.OrdinalIgnoreCase);

        public DeclaredReadRunner(IDeclaredReadSource source, SourceLog log)
        {
            this.source = source;
            this.log = log;
        }

        /// <param name="consequence">What the command does without a read that failed, ending the warning: "the checks that need them are skipped".</param>
        /// <param name="window">The command's period, for the reads bounded in time; null when none of <paramref name="units"/> is.</param>
        public async Task<ReadResults> RunAsync(IEnumerable<ScaleSetRead> units, ScaleSetInfo scaleSet, string consequence, CancellationToken cancellationToken, ReadWindow? window = null)
        {
            var reads = units.Select(async read =>
            {
                if (!read.AppliesTo(scaleSet))
                {
                    return (read.Name, Outcome: new ReadOutcome(null, read.NotApplicable));
                }

                try
                {
                    var key = read.ShareKey(scaleSet);
                    var body = key == null
                        ? await source.ReadAsync(read, scaleSet, window, cancellationToken).ConfigureAwait(false)
                        : await shared.GetOrAdd($"{read.Name}|{key}|{window?.Start:o}", _ => new Lazy<Task<JsonNode>>(() => source.ReadAsync(read, scaleSet, window, cancellationToken))).Value.ConfigureAwait(false);
                    return (read.Name, Outcome: new ReadOutcome(read.Keep(body, scaleSet), null));
                }
                catch (ModuleException e)
                {
                    // A bundle from before the read existed (NotInSnapshot) is no failure, just nothing to check.
                    if (e.ErrorId != ErrorIds.NotInSnapshot)
                    {
                        log.Warning($"Could not read {read.What} of '{scaleSet.VMScaleSetName}' ({e.Message}); {consequence}.");
                    }

                    return (read.Name, Outcome: new ReadOutcome(null, e.Message));
                }
            }).ToList();
            await Task.WhenAll(reads).ConfigureAwait(false);
            return new ReadResults(reads.ToDictionary(t => t.Result.Name, t => t.Result.Outcome, StringComparer.Ordinal), scaleSet);
        }
    }
}
