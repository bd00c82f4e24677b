using System;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>Everything the engine needs for one evaluation besides the metric data. Time is an input: the engine never reads a clock.</summary>
    public sealed class EvaluationContext
    {
        public AutoscaleSetting Setting { get; init; } = new AutoscaleSetting();

        /// <summary>The evaluation time; Unspecified kind is read as UTC.</summary>
        public DateTime Time { get; init; }

        public int CurrentCapacity { get; init; }

        /// <summary>When the last scale action (either direction, any rule) started; null when there was none or it is older than every cooldown.</summary>
        public DateTime? LastScaleActionTime { get; init; }

        /// <summary>
        /// The direction of the last scale action, when known (-LastScaleActionDirection, the scale
        /// events, or the simulation). Only CooldownMode.LastFiredRule reads it: it says which rules' cooldown applies.
        /// </summary>
        public ScaleDirection? LastScaleActionDirection { get; init; }

        /// <summary>The cooldown of the rule that fired the last scale action, when exactly known (the simulation knows it).</summary>
        public TimeSpan? LastScaleActionCooldown { get; init; }

        /// <summary>
        /// When the autoscale setting was last updated (its write in the activity log). An update after the
        /// last scale action "resets the scale action timestamp and clears the cooldown state for all
        /// rules" (autoscale-understanding-settings.md, ms.date 08/19/2026); an update after Time has not happened yet.
        /// </summary>
        public DateTime? LastSettingUpdateTime { get; init; }

        /// <summary>True while the previous scale operation is still running: the service skips the whole evaluation.</summary>
        public bool ScaleOperationInProgress { get; init; }

        /// <summary>vCPUs per instance, for the loaded-cores explanation.</summary>
        public int? CoresPerInstance { get; init; }

        /// <summary>vCPUs the load actually keeps busy on each instance.</summary>
        public int? LoadedCoresPerInstance { get; init; }
    }
}
