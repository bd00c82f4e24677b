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
    /// Runs declared reads for scale sets outside a diagnosis (Get-VmssAutoscaleTarget's Headroom):
    /// concurrently, a shared one (same key) once per runner, a failure kept as its reason.
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

        public async Task<ReadResults> RunAsync(IEnumerable<ScaleSetRead> units, ScaleSetInfo scaleSet, CancellationToken cancellationToken)
        {
            var reads = units.Select(async read =>
            {
                try
                {
                    var key = read.ShareKey(scaleSet);
                    var body = key == null
                        ? await source.ReadAsync(read, scaleSet, cancellationToken).ConfigureAwait(false)
                        : await shared.GetOrAdd(read.Name + "|" + key, _ => new Lazy<Task<JsonNode>>(() => source.ReadAsync(read, scaleSet, cancellationToken))).Value.ConfigureAwait(false);
                    return (read.Name, Outcome: new ReadOutcome(body, null));
                }
                catch (ModuleException e)
                {
                    if (e.ErrorId != ErrorIds.NotInSnapshot)
                    {
                        log.Warning($"Could not read {read.What} of '{scaleSet.VMScaleSetName}' ({e.Message}); Headroom leaves it out.");
                    }

                    return (read.Name, Outcome: new ReadOutcome(null, e.Message));
                }
            }).ToList();
            await Task.WhenAll(reads).ConfigureAwait(false);
            return new ReadResults(reads.ToDictionary(t => t.Result.Name, t => t.Result.Outcome, StringComparer.Ordinal), scaleSet);
        }
    }
}
