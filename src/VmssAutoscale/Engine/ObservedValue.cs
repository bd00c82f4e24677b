using System;
using System.Collections.Generic;

namespace VmssAutoscale.Engine
{
    /// <summary>One instance's own value over a rule's window (the rule's time aggregation over that instance's grains).</summary>
    public readonly struct InstanceObservation
    {
        public InstanceObservation(string instance, double value)
        {
            Instance = instance;
            Value = value;
        }

        public string Instance { get; }

        public double Value { get; }
    }

    /// <summary>The value a rule compares with its threshold, and what it was built from.</summary>
    public sealed class ObservedValue
    {
        /// <summary>The compared value (after dividePerInstance); null when no grain in the window had data.</summary>
        public double? Value { get; init; }

        /// <summary>The value before dividePerInstance.</summary>
        public double? Aggregate { get; init; }

        /// <summary>True when <see cref="Value"/> is <see cref="Aggregate"/> divided by the current capacity (dividePerInstance, or a metric in <see cref="PerInstanceThresholdMetrics"/>).</summary>
        public bool DividedPerInstance { get; init; }

        /// <summary>Under the RedistributeTotal load model: the smallest capacity a grain's total was spread over; null otherwise.</summary>
        public int? SpreadOverMinimum { get; init; }

        /// <summary>Under the RedistributeTotal load model: the largest capacity a grain's total was spread over; null otherwise.</summary>
        public int? SpreadOverMaximum { get; init; }

        public DateTime WindowStart { get; init; }

        public DateTime WindowEnd { get; init; }

        public int GrainsUsed { get; init; }

        /// <summary>Grains the window holds (window / grain), so a reason can say "7 of 10 minutes had data".</summary>
        public int GrainsInWindow { get; init; }

        public int InstancesSeen { get; init; }

        /// <summary>Each instance's own value over the window, when asked for; empty otherwise.</summary>
        public IReadOnlyList<InstanceObservation> PerInstance { get; init; } = Array.Empty<InstanceObservation>();

        /// <summary>Dimension filters that could not be applied because samples carry only an instance name.</summary>
        public IReadOnlyList<string> IgnoredDimensions { get; init; } = Array.Empty<string>();

        /// <summary>When the rule has no data: resources whose samples carry the same metric name (empty string: the setting's target), so the Reason can say where the data went.</summary>
        public IReadOnlyList<string> SameMetricElsewhere { get; init; } = Array.Empty<string>();

        public static ObservedValue Missing(DateTime start, DateTime end, int grains) =>
            new ObservedValue { WindowStart = start, WindowEnd = end, GrainsInWindow = grains };
    }
}
