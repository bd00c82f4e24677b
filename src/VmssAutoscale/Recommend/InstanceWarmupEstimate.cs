using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Recommend
{
    /// <summary>
    /// The default -InstanceWarmup read from the scale set's own history: the median time from
    /// Started to Succeeded of its scale-outs (autoscale and manual alike: both add instances that
    /// boot the same way). The median, not the mean, so one stuck operation does not set it.
    /// </summary>
    public static class InstanceWarmupEstimate
    {
        /// <summary>The median duration of the succeeded scale-outs with a known end; null when there are none.</summary>
        public static (TimeSpan Median, int ScaleOuts)? FromEvents(IEnumerable<ScaleEvent> events)
        {
            var durations = events
                .Where(e => e.Direction == ScaleEventDirection.Out && string.Equals(e.Status, "Succeeded", StringComparison.OrdinalIgnoreCase) && e.DurationSpan is TimeSpan d && d >= TimeSpan.Zero)
                .Select(e => e.DurationSpan!.Value)
                .OrderBy(d => d)
                .ToList();
            if (durations.Count == 0)
            {
                return null;
            }

            var mid = durations.Count / 2;
            var median = durations.Count % 2 == 1
                ? durations[mid]
                : TimeSpan.FromTicks((durations[mid - 1].Ticks + durations[mid].Ticks) / 2);
            return (median, durations.Count);
        }
    }
}
