using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Platform
{
    /// <summary>One caller other than autoscale that wrote the scale set's sku.capacity in the period.</summary>
    public sealed class CapacityWriter
    {
        /// <summary>A user principal name, an application ID or a service name, as the activity log gives it.</summary>
        public string Caller { get; init; } = string.Empty;

        public int Writes { get; init; }

        /// <summary>Writes that put the capacity back after autoscale had changed it.</summary>
        public int Resets { get; init; }

        /// <summary>The capacities it wrote, in order, each once.</summary>
        public IReadOnlyList<int> Capacities { get; init => field = ReadableList<int>.Of(value); } = ReadableList<int>.Empty;

        public DateTime FirstTime { get; init; }

        public DateTime LastTime { get; init; }

        /// <summary>True when it reset autoscale's capacity at least <see cref="CapacityWriterAnalysis.SawtoothResets"/> times: a deployment that names sku.capacity.</summary>
        public bool Sawtooth { get; init; }

        public override string ToString() => $"{Caller}: {Writes} writes, {Resets} resets";
    }

    /// <summary>
    /// Who else writes the capacity: the capacity writes that are not autoscale's own (ScaleEventMerger
    /// marks them Manual, from the request body of the scale set's write in the activity log), grouped
    /// by caller. A caller that resets what autoscale added again and again is a pipeline or a
    /// Terraform run naming sku.capacity (Azure/vm-scale-sets issue 70; terraform-provider-azurerm
    /// issues 930, 1341, 14992): the sawtooth.
    /// </summary>
    public static class CapacityWriterAnalysis
    {
        /// <summary>Resets of autoscale's capacity by one caller in the period that make a sawtooth (one could be a person testing).</summary>
        public const int SawtoothResets = 2;

        public static IReadOnlyList<CapacityWriter> Analyze(IReadOnlyList<ScaleEvent> events)
        {
            var ordered = events.OrderBy(e => e.Time).ToList();
            var resets = new Dictionary<ScaleEvent, bool>();
            ScaleEvent? lastSucceeded = null;
            foreach (var e in ordered)
            {
                if (e.Cause == ScaleEventCause.Manual)
                {
                    resets[e] = lastSucceeded != null && lastSucceeded.Cause != ScaleEventCause.Manual
                        && e.ToCapacity != null && e.ToCapacity != lastSucceeded.ToCapacity;
                }

                if (e.Status == "Succeeded")
                {
                    lastSucceeded = e;
                }
            }

            return ordered.Where(e => e.Cause == ScaleEventCause.Manual)
                .GroupBy(e => e.Caller ?? "(unknown caller)", StringComparer.OrdinalIgnoreCase)
                .Select(g =>
                {
                    var count = g.Count(e => resets[e]);
                    return new CapacityWriter
                    {
                        Caller = g.Key,
                        Writes = g.Count(),
                        Resets = count,
                        Capacities = g.Where(e => e.ToCapacity != null).Select(e => e.ToCapacity!.Value).Distinct().ToList(),
                        FirstTime = g.First().Time,
                        LastTime = g.Last().Time,
                        Sawtooth = count >= SawtoothResets,
                    };
                })
                .OrderByDescending(w => w.Resets)
                .ThenByDescending(w => w.Writes)
                .ThenBy(w => w.Caller, StringComparer.Ordinal)
                .ToList();
        }
    }
}
