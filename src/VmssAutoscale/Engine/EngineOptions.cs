using System;

namespace VmssAutoscale.Engine
{
    /// <summary>How PercentChangeCount turns a percentage of the current count into a number of instances.</summary>
    public enum PercentRounding
    {
        /// <summary>Scale-out rounds up, scale-in rounds down, and every action moves at least one instance (default).</summary>
        AtLeastOne,
        /// <summary>Round the change up in both directions.</summary>
        Ceiling,
        /// <summary>Round the change down in both directions (a small percentage of a small count can be zero: no action).</summary>
        Floor,
        /// <summary>Round the change to the nearest integer, halves away from zero.</summary>
        Nearest,
    }

    /// <summary>Which cooldown blocks a rule.</summary>
    public enum CooldownMode
    {
        /// <summary>
        /// Each rule becomes eligible when its own cooldown has elapsed since the most recent scale
        /// action of any rule, in either direction (default): autoscale-understanding-settings.md
        /// (MicrosoftDocs/azure-monitor-docs, ms.date 08/19/2026, "How does autoscale evaluate cooldown?"),
        /// with autoscale-get-started.md and autoscale-using-powershell.md of the same date.
        /// </summary>
        PerRule,
        /// <summary>
        /// After a scale action every rule, in either direction, waits for the cooldown of the rule that
        /// fired it: the 08/05/2026 revision of the same page (azure-monitor-docs@002d4a39ac9ab7cff6663341e71b1c4f15e0f2b8),
        /// which the 08/19/2026 revision reversed. Kept to test that reading against real logs.
        /// </summary>
        LastFiredRule,
        /// <summary>After any scale action every rule waits for the longest cooldown of the active profile (older documentation).</summary>
        Global,
    }

    /// <summary>The order in which counts between the scale-in target and the current count are tried when the target would flap.</summary>
    public enum FlappingSearch
    {
        /// <summary>target, target+1, … current-1: the largest safe reduction (default; reads the flapping doc's "counts above 20").</summary>
        AscendingFromTarget,
        /// <summary>current-1, current-2, … target: the smallest reduction that is safe.</summary>
        DescendingFromCurrent,
        /// <summary>Never scale in partially: if the target would flap, defer.</summary>
        None,
    }

    /// <summary>Which raw values a rule's statistic reduces within one time grain.</summary>
    public enum StatisticScope
    {
        /// <summary>
        /// Every raw value in the grain, of every instance and every sample inside it (default):
        /// autoscale-understanding-settings (ms.date 08/05/2026) defines statistic as "the aggregation
        /// method within the timeGrain period". Max over PT5M is the largest value seen in those five minutes.
        /// </summary>
        WithinGrain,
        /// <summary>Each instance's mean over the grain first, then the statistic across instances (the module's reading before 2026-11-29).</summary>
        AcrossInstanceMeans,
    }

    /// <summary>How a rule without metric data takes part in the "all scale-in rules must fire" test.</summary>
    public enum NullMetricInRule
    {
        /// <summary>A scale-in rule without data has not fired, so it vetoes the scale-in (default; estimateScaleResult Unknown).</summary>
        NotFired,
        /// <summary>A scale-in rule without data is left out of the test, as long as at least one scale-in rule has data and fired.</summary>
        Ignored,
    }

    /// <summary>Which instant a recurrence start that falls in an ambiguous local hour (clocks going back) means.</summary>
    public enum AmbiguousLocalTime
    {
        /// <summary>The first of the two instants (still on daylight time; default).</summary>
        Earlier,
        /// <summary>The second instant (already on standard time).</summary>
        Later,
    }

    /// <summary>
    /// Every choice the documentation leaves open, in one place. The defaults are the ones
    /// docs/about_VmssAutoscale_Engine.md explains; each can be changed to test a hypothesis
    /// against real autoscale logs.
    /// </summary>
    public sealed class EngineOptions
    {
        public static EngineOptions Default { get; } = new EngineOptions();

        /// <summary>
        /// How far before the evaluation time the metric window ends. Default zero: the samples a
        /// user gives are taken as already ingested. The one logged example shows about 2 minutes;
        /// the storage-table readers assume up to 5.
        /// </summary>
        public TimeSpan IngestionLag { get; set; } = TimeSpan.Zero;

        public PercentRounding PercentRounding { get; set; } = PercentRounding.AtLeastOne;

        public CooldownMode CooldownMode { get; set; } = CooldownMode.PerRule;

        /// <summary>
        /// Whether a capacity moved to the active profile's minimum or maximum starts the rules' cooldowns
        /// (default false). The 08/19/2026 page says such a profile-boundary adjustment "isn't a
        /// metric-triggered scale action and isn't subject to metric-rule cooldowns", and measures each
        /// rule's cooldown from the most recent scale action a rule performed; it does not say the
        /// adjustment starts one. True is the module's reading before 2026-12-07.
        /// </summary>
        public bool BoundaryAdjustmentStartsCooldown { get; set; }

        public StatisticScope StatisticScope { get; set; } = StatisticScope.WithinGrain;

        public FlappingSearch FlappingSearch { get; set; } = FlappingSearch.AscendingFromTarget;

        public NullMetricInRule NullMetricInRule { get; set; } = NullMetricInRule.NotFired;

        /// <summary>Whether a scale-in rule whose condition holds but whose cooldown runs vetoes the scale-in (default true).</summary>
        public bool CooldownBlockedInRuleVetoes { get; set; } = true;

        /// <summary>Whether a fixed-date profile's end time is still inside the profile (default true: start ≤ t ≤ end).</summary>
        public bool FixedDateEndInclusive { get; set; } = true;

        public AmbiguousLocalTime AmbiguousLocalTime { get; set; } = AmbiguousLocalTime.Earlier;

        /// <summary>
        /// Simulation only: how long a scale operation runs after it starts. Evaluations during it
        /// are skipped, as the service skips a run while the previous operation is InProgress.
        /// Default zero (the new capacity applies at once).
        /// </summary>
        public TimeSpan ScaleOperationDuration { get; set; } = TimeSpan.Zero;

        public EngineOptions Clone() => (EngineOptions)MemberwiseClone();

        /// <summary>Throws ArgumentException for values the engine cannot use.</summary>
        public void Validate()
        {
            if (IngestionLag < TimeSpan.Zero || IngestionLag > TimeLimits.LongestDuration)
            {
                throw new ArgumentException($"IngestionLag must lie between 0 and {TimeLimits.LongestDuration.TotalDays:0} days (it is {IngestionLag}); the service's lag is a few minutes.");
            }

            if (ScaleOperationDuration < TimeSpan.Zero || ScaleOperationDuration > TimeLimits.LongestDuration)
            {
                throw new ArgumentException($"ScaleOperationDuration must lie between 0 and {TimeLimits.LongestDuration.TotalDays:0} days (it is {ScaleOperationDuration}).");
            }
        }
    }
}
