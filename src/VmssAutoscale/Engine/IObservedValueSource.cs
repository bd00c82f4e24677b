using System;
using System.Collections.Generic;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>Where the engine gets a rule's observed value; the seam between the decision logic and the metric data.</summary>
    public interface IObservedValueSource
    {
        /// <param name="perInstance">Also return each instance's own value, for explanations such as "only 1 of 4 instances is hot".</param>
        ObservedValue Observe(MetricTrigger trigger, DateTime evaluationUtc, int currentCapacity, bool perInstance);
    }

    /// <summary>Observed values computed from a <see cref="MetricWindowStore"/>.</summary>
    public sealed class StoreObservedValueSource : IObservedValueSource
    {
        private readonly MetricWindowStore store;
        private readonly EngineOptions options;
        private readonly Func<DateTime, int>? capacityAt;

        /// <param name="options">The engine's choices the window reading depends on: IngestionLag and StatisticScope.</param>
        /// <param name="capacityAt">Set for the RedistributeTotal load model: the capacity in force at a grain's start.</param>
        public StoreObservedValueSource(MetricWindowStore store, EngineOptions options, Func<DateTime, int>? capacityAt = null)
        {
            this.store = store;
            this.options = options;
            this.capacityAt = capacityAt;
        }

        public ObservedValue Observe(MetricTrigger trigger, DateTime evaluationUtc, int currentCapacity, bool perInstance) =>
            store.Observe(trigger, evaluationUtc, currentCapacity, options.IngestionLag, perInstance, capacityAt, options.StatisticScope);
    }

    /// <summary>
    /// Observed values given directly per metric name (already aggregated over the window), as
    /// the documentation's worked examples state them. dividePerInstance (and the queue lengths of
    /// <see cref="PerInstanceThresholdMetrics"/>) still divides by the current capacity, so give the
    /// total for such rules.
    /// </summary>
    public sealed class FixedObservedValueSource : IObservedValueSource
    {
        private readonly IReadOnlyDictionary<string, double> values;

        public FixedObservedValueSource(IReadOnlyDictionary<string, double> values)
        {
            this.values = values;
        }

        public ObservedValue Observe(MetricTrigger trigger, DateTime evaluationUtc, int currentCapacity, bool perInstance)
        {
            var (start, end) = MetricWindowStore.Window(trigger, evaluationUtc, TimeSpan.Zero);
            var grains = (int)((end - start).Ticks / Math.Max(TimeSpan.TicksPerMinute, trigger.TimeGrainSpan.Ticks));
            if (!values.TryGetValue(trigger.MetricName, out var v))
            {
                return ObservedValue.Missing(start, end, grains);
            }

            var divided = PerInstanceThresholdMetrics.Divides(trigger);
            return new ObservedValue
            {
                Value = divided ? v / Math.Max(1, currentCapacity) : v,
                Aggregate = v,
                DividedPerInstance = divided,
                WindowStart = start,
                WindowEnd = end,
                GrainsUsed = grains,
                GrainsInWindow = grains,
                InstancesSeen = currentCapacity,
            };
        }
    }
}
