using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>
    /// One run of the autoscale engine (§2.9): pick the profile, enforce its bounds, evaluate its
    /// rules, combine them (any scale-out rule, all scale-in rules), apply cooldown and the
    /// flapping estimate, and say why in plain words. Pure and deterministic: the same context,
    /// options and observed values always give the same decision.
    /// </summary>
    public sealed class AutoscaleEngine
    {
        /// <param name="explain">
        /// False skips the per-rule sentences and the per-instance breakdown behind them: a
        /// simulation that only counts outcomes (-Summary) needs the decisions, not the words.
        /// </param>
        public AutoscaleEngine(EngineOptions? options = null, bool explain = true)
        {
            Options = (options ?? EngineOptions.Default).Clone();
            Options.Validate();
            Explain = explain;
        }

        public EngineOptions Options { get; }

        public bool Explain { get; }

        public AutoscaleDecision Evaluate(EvaluationContext context, IObservedValueSource source)
        {
            var setting = context.Setting;
            SettingGuard.EnsureEvaluable(setting);
            var time = ProfileSelector.AsUtc(context.Time);
            var cur = context.CurrentCapacity;

            if (!setting.Enabled)
            {
                return Simple(context, time, null, "The setting is disabled.", DecisionOutcome.SettingDisabled, $"The autoscale setting '{setting.Name}' is disabled (enabled: false): the engine does nothing. Enable it to autoscale.");
            }

            if (context.ScaleOperationInProgress)
            {
                return Simple(context, time, null, string.Empty, DecisionOutcome.OperationInProgress, "The previous scale operation is still in progress, so this evaluation is skipped (ScaleActionOperationEvaluation: skip).");
            }

            var selection = ProfileSelector.Select(setting, time, Options);
            if (selection.Profile is not AutoscaleProfile profile)
            {
                return Simple(context, time, null, selection.Reason, DecisionOutcome.NoProfile, selection.Reason);
            }

            var bounds = profile.Capacity;
            var cooldown = ResolveCooldown(context, profile, time);
            var evaluated = new List<Evaluated>(profile.Rules.Count);
            foreach (var rule in profile.Rules)
            {
                evaluated.Add(EvaluateRule(rule, context, time, cur, cooldown, source));
            }

            AutoscaleDecision Result(string d, string outcome, int newCapacity, string reason, int? intended = null, TimeSpan? actionCooldown = null) =>
                new AutoscaleDecision
                {
                    Time = time,
                    SettingName = setting.Name,
                    Profile = profile.Name,
                    ProfileReason = selection.Reason,
                    Capacity = bounds,
                    Rules = evaluated.Select(e => e.ToRuleEvaluation()).ToList(),
                    Decision = d,
                    Outcome = outcome,
                    CurrentCapacity = cur,
                    NewCapacity = newCapacity,
                    IntendedCapacity = intended,
                    ActionCooldownSpan = actionCooldown,
                    Reason = reason,
                };

            // Bounds first, before rules and regardless of cooldown (§2.3, [U2]).
            if (cur < bounds.Minimum)
            {
                return Result(ScaleDecision.ScaleOut, DecisionOutcome.BelowMinimum, bounds.Minimum, Invariant($"Capacity {cur} is below the minimum {bounds.Minimum} of profile '{profile.Name}': the engine raises it to {bounds.Minimum} before looking at rules or cooldown."));
            }

            if (cur > bounds.Maximum)
            {
                return Result(ScaleDecision.ScaleIn, DecisionOutcome.AboveMaximum, bounds.Maximum, Invariant($"Capacity {cur} is above the maximum {bounds.Maximum} of profile '{profile.Name}': the engine lowers it to {bounds.Maximum} before looking at rules or cooldown."));
            }

            if (evaluated.Count == 0)
            {
                return Result(ScaleDecision.None, DecisionOutcome.NoRules, cur, Invariant($"Profile '{profile.Name}' has no rules: autoscale only keeps the capacity between {bounds.Minimum} and {bounds.Maximum}, so {cur} stays."));
            }

            if (evaluated.All(e => e.Observed.Value == null))
            {
                var names = string.Join(", ", evaluated.Select(e => "'" + e.Rule.MetricName + "'").Distinct());
                if (cur < bounds.Default)
                {
                    return Result(ScaleDecision.ScaleOut, DecisionOutcome.NoData, bounds.Default, Invariant($"No metric data for any rule ({names}) in its window: the default capacity {bounds.Default} applies, and it is above the current {cur}, so the engine scales out to {bounds.Default} (\"Scale up to default instance count\")."));
                }

                return Result(ScaleDecision.None, DecisionOutcome.NoData, cur, Invariant($"No metric data for any rule ({names}) in its window, so no rule can fire. The default capacity {bounds.Default} applies only upward and the current {cur} is not below it: capacity stays at {cur}."));
            }

            // Scale-out: any rule that fires; the largest resulting capacity wins.
            var outs = evaluated.Where(e => e.Rule.ScaleDirection == ScaleDirection.Increase).ToList();
            var firedOut = outs.Where(e => e.Fired && e.Candidate != null).ToList();
            if (firedOut.Count > 0)
            {
                var best = firedOut.OrderByDescending(e => e.Candidate!.Value).First();
                var target = CapacityMath.Clamp(best.Candidate!.Value, bounds);
                if (target > cur)
                {
                    var clamped = target != best.Candidate.Value ? Invariant($" (clamped from {best.Candidate.Value} to the maximum {bounds.Maximum})") : string.Empty;
                    var also = firedOut.Count > 1 ? Invariant($" {firedOut.Count} scale-out rules fired; the largest resulting capacity wins.") : string.Empty;
                    return Result(ScaleDecision.ScaleOut, DecisionOutcome.ScaledOut, target, Invariant($"Scale out from {cur} to {target}{clamped}: {best.Reason}{also}{PredictiveNote(setting)}"), best.Candidate.Value, best.Rule.ScaleAction.CooldownSpan);
                }

                if (cur >= bounds.Maximum)
                {
                    return Result(ScaleDecision.None, DecisionOutcome.AtMaximum, cur, Invariant($"Capacity is at the maximum {bounds.Maximum} of profile '{profile.Name}': {best.Reason} Raise the maximum to scale further."), best.Candidate.Value);
                }

                // Only an ExactCount (or a clamp to the minimum) can ask for no more than the current count below the maximum.
                return Result(ScaleDecision.None, DecisionOutcome.NoCapacityChange, cur, Invariant($"The scale-out rule fires but asks for {target} instances, which is not more than the current {cur} (the maximum {bounds.Maximum} is not reached): nothing changes. {best.Reason}{PredictiveNote(setting)}"), best.Candidate.Value);
            }

            // Scale-in: only when every scale-in rule fires; the fewest instances removed wins.
            var ins = evaluated.Where(e => e.Rule.ScaleDirection == ScaleDirection.Decrease).ToList();
            var participating = Options.NullMetricInRule == NullMetricInRule.Ignored ? ins.Where(e => e.Observed.Value != null).ToList() : ins;
            var allConditions = participating.Count > 0 && participating.All(e => e.ConditionMet && e.Candidate != null);
            var cooled = Options.CooldownBlockedInRuleVetoes ? participating.All(e => !e.InCooldown) : participating.Any(e => !e.InCooldown);
            var prefix = NoScaleOutPrefix(outs);
            if (allConditions && cooled)
            {
                var asked = participating.Max(e => e.Candidate!.Value);
                var target = CapacityMath.Clamp(asked, bounds);
                if (target >= cur)
                {
                    if (cur <= bounds.Minimum)
                    {
                        return Result(ScaleDecision.None, DecisionOutcome.AtMinimum, cur, Invariant($"{prefix}The scale-in rules fire ({JoinReasons(participating)}) but capacity is at the minimum {bounds.Minimum} of profile '{profile.Name}'."), asked);
                    }

                    return Result(ScaleDecision.None, DecisionOutcome.NoCapacityChange, cur, Invariant($"{prefix}The scale-in rules fire but ask for {target} instances, which is not fewer than the current {cur} (the minimum {bounds.Minimum} is not reached): nothing changes. {JoinReasons(participating)}"), asked);
                }

                // The rule whose candidate is taken is the one that fires this action; its cooldown is the one that follows.
                var firedCooldown = participating.First(e => e.Candidate == asked).Rule.ScaleAction.CooldownSpan;

                var outObserved = outs.Select(e => new ObservedRule(e.Rule, e.Observed.Value)).ToList();
                var flapping = FlappingEstimator.Resolve(outObserved, cur, target, Options.FlappingSearch);
                var inText = participating.Count == 1 ? participating[0].Reason : "all scale-in rules fire: " + JoinReasons(participating);
                if (flapping.TargetHit == null)
                {
                    return Result(ScaleDecision.ScaleIn, DecisionOutcome.ScaledIn, target, Invariant($"{prefix}Scale in from {cur} to {target}: {inText} At {target} instances no scale-out rule would fire."), asked, firedCooldown);
                }

                var hit = flapping.TargetHit;
                var flapText = Invariant($"at {target} instances the projected {hit.Rule.MetricName} would be {Num(hit.Projected)} ({Num(hit.Observed)} × {cur} / {target}), which triggers the scale-out rule ({ScaleRule.OperatorSymbol(hit.Rule.MetricTrigger.ComparisonOperator)} {Num(hit.Rule.MetricTrigger.Threshold)})");
                if (flapping.SafeCount is int safe)
                {
                    return Result(ScaleDecision.ScaleIn, DecisionOutcome.PartialScaleIn, safe, Invariant($"{prefix}Scale in from {cur} to {safe} instead of {target} to avoid flapping: {flapText}; {safe} is the first count tried ({Options.FlappingSearch}) at which no scale-out rule would fire. {inText}"), asked, firedCooldown);
                }

                var tried = Options.FlappingSearch == FlappingSearch.None || target + 1 >= cur ? string.Empty : Invariant($" No count from {target + 1} to {cur - 1} avoids it either.");
                return Result(ScaleDecision.None, DecisionOutcome.FlappingDeferred, cur, Invariant($"{prefix}Scale-in deferred to avoid flapping: {flapText}.{tried} {inText}"), asked);
            }

            var blocked = evaluated.Where(e => e.ConditionMet && e.InCooldown).ToList();
            var blockedOut = blocked.Where(e => e.Rule.ScaleDirection == ScaleDirection.Increase).ToList();
            if (blockedOut.Count > 0)
            {
                return Result(ScaleDecision.None, DecisionOutcome.Cooldown, cur, Invariant($"No scale-out yet: {blockedOut[0].Reason}{PredictiveNote(setting)}"));
            }

            if (allConditions && !cooled)
            {
                return Result(ScaleDecision.None, DecisionOutcome.Cooldown, cur, Invariant($"{prefix}No scale-in yet: {JoinReasons(participating.Where(e => e.InCooldown))}"));
            }

            var inSummary = ins.Count == 0
                ? "There is no scale-in rule."
                : "No scale-in: " + (ins.Count > 1 ? "every scale-in rule must fire and " : string.Empty) + JoinReasons(ins.Where(e => !e.ConditionMet || (Options.NullMetricInRule == NullMetricInRule.NotFired && e.Observed.Value == null)).DefaultIfEmpty(ins[0]));
            return Result(ScaleDecision.None, DecisionOutcome.NoRuleFired, cur, Invariant($"{prefix}{inSummary}{PredictiveNote(setting)}"));
        }

        /// <summary>
        /// With predictive autoscale Enabled the service may add instances on its CPU forecast before any
        /// rule fires (autoscale-predictive.md); the engine models only the rules, so its decisions say so.
        /// </summary>
        private static string PredictiveNote(AutoscaleSetting setting) =>
            setting.PredictiveAutoscalePolicy?.PredictiveScaleMode == PredictiveScaleMode.Enabled
                ? " Predictive autoscale is Enabled on this setting: the service may also scale out ahead of any rule on its CPU forecast, which this engine does not model."
                : string.Empty;

        /// <summary>
        /// The cooldown in force since the last scale action. PerRule (default): none here, each rule its
        /// own. Global: the profile's longest. LastFiredRule: the cooldown of the rule that fired it, known
        /// exactly in a simulation; else the cooldown of the profile's rules in the action's direction
        /// (the longest of them, when several); else, direction unknown, the profile's longest. In every
        /// mode a setting update after the last action clears the cooldowns (08/19/2026 revision).
        /// </summary>
        private CooldownInForce ResolveCooldown(EvaluationContext context, AutoscaleProfile profile, DateTime time)
        {
            if (context.LastScaleActionTime is not DateTime lastAction)
            {
                // No action to cool down from: nothing to resolve on this, the simulation's common path.
                return CooldownInForce.None;
            }

            var last = ProfileSelector.AsUtc(lastAction);
            if (context.LastSettingUpdateTime is DateTime updated && ProfileSelector.AsUtc(updated) is var u && u > last && u <= time)
            {
                return CooldownInForce.ClearedBy(last, u);
            }

            var rules = profile.Rules;
            var longest = rules.Count > 0 ? rules.Max(r => r.ScaleAction.CooldownSpan) : TimeSpan.Zero;
            switch (Options.CooldownMode)
            {
                case CooldownMode.PerRule:
                    return new CooldownInForce(last, null, "each rule waits for its own cooldown since the most recent scale action, autoscale-understanding-settings 08/19/2026");
                case CooldownMode.Global:
                    return new CooldownInForce(last, longest, "the longest cooldown of the profile (CooldownMode Global)");
            }

            if (context.LastScaleActionCooldown is TimeSpan exact)
            {
                return new CooldownInForce(last, exact, "the cooldown of the rule that fired it (CooldownMode LastFiredRule)");
            }

            if (context.LastScaleActionDirection is ScaleDirection d && d != ScaleDirection.None)
            {
                var word = d == ScaleDirection.Increase ? "scale-out" : "scale-in";
                var same = rules.Where(r => r.ScaleDirection == d).ToList();
                if (same.Count == 1)
                {
                    return new CooldownInForce(last, same[0].ScaleAction.CooldownSpan, Invariant($"the last action was a {word}, so the {word} rule's cooldown applies (CooldownMode LastFiredRule)"));
                }

                if (same.Count > 1)
                {
                    return new CooldownInForce(last, same.Max(r => r.ScaleAction.CooldownSpan), Invariant($"the last action was a {word}; which of the {same.Count} {word} rules fired is not known, so the longest of their cooldowns is assumed (CooldownMode LastFiredRule)"));
                }

                return new CooldownInForce(last, longest, Invariant($"the last action was a {word} but the profile has no {word} rule, so the profile's longest cooldown is assumed (CooldownMode LastFiredRule)"));
            }

            return new CooldownInForce(last, longest, "the direction of the last action is not known, so the profile's longest cooldown is assumed; give -LastScaleActionDirection to use the cooldown of the rule that fired (CooldownMode LastFiredRule)");
        }

        private static string Word(ScaleDirection direction) => direction == ScaleDirection.Decrease ? "scale-in" : "scale-out";

        private static string NoScaleOutPrefix(List<Evaluated> outs) =>
            outs.Count > 0 ? "No scale-out: " + JoinReasons(outs) + " " : string.Empty;

        private static string JoinReasons(IEnumerable<Evaluated> rules) => string.Join(" ", rules.Select(r => r.Reason));

        private Evaluated EvaluateRule(ScaleRule rule, EvaluationContext context, DateTime time, int cur, CooldownInForce inForce, IObservedValueSource source)
        {
            var t = rule.MetricTrigger;
            var observed = source.Observe(t, time, cur, perInstance: false);
            var met = observed.Value is double v && CapacityMath.Compare(v, t.ComparisonOperator, t.Threshold);
            if (Explain && !met && observed.Value != null && ExplainsHotInstances(t, rule.ScaleDirection))
            {
                // Each instance's own value costs a pass over every instance of the window, and only the reason of a
                // scale-out rule that did not fire uses it; reading the window again gives the same value and more.
                observed = source.Observe(t, time, cur, perInstance: true);
            }

            DateTime? cooldownUntil = null;
            if (inForce.From is DateTime last && inForce.ClearedAt == null)
            {
                var until = last + (inForce.Cooldown ?? rule.ScaleAction.CooldownSpan);
                if (time < until)
                {
                    cooldownUntil = until;
                }
            }

            var candidate = CapacityMath.Candidate(rule.ScaleAction, cur, Options.PercentRounding);
            var e = new Evaluated(rule, observed, met, cooldownUntil, candidate);
            e.Reason = Explain ? RuleReason(e, context, time, cur, inForce) : string.Empty;
            return e;
        }

        private string RuleReason(Evaluated e, EvaluationContext context, DateTime time, int cur, CooldownInForce inForce)
        {
            var t = e.Rule.MetricTrigger;
            var o = e.Observed;
            var op = ScaleRule.OperatorSymbol(t.ComparisonOperator);
            var sb = new StringBuilder();
            if (o.Value is not double v)
            {
                sb.Append(Invariant($"No samples of '{t.MetricName}' from {Time(o.WindowStart)} to {Time(o.WindowEnd)} (the rule's {IsoDuration.Format(t.TimeWindowSpan)} window), so the rule {op} {Num(t.Threshold)} cannot fire."));
                if (o.SameMetricElsewhere.Count > 0)
                {
                    // The commonest cause: queue samples given without a ResourceId count as the scale set's own.
                    var where = string.Join(", ", o.SameMetricElsewhere.Select(r => r.Length == 0 ? "the scale set itself (samples without a ResourceId)" : "'" + ResourceIds.LastSegment(r) + "'"));
                    var reads = MetricSeriesKey.ReadsTarget(t, context.Setting.TargetResourceUri) ? "the scale set" : Invariant($"'{t.MetricResourceUri}'");
                    sb.Append(Invariant($" Samples of that metric exist for {where}, but this rule reads {reads}: give its samples that ResourceId (and Namespace, when the rule names one)."));
                }

                return sb.ToString();
            }

            if (context.CoresPerInstance is int cores && context.LoadedCoresPerInstance is int loaded && CoreLoadCheck.Explain(e.Rule, cores, loaded) is string note)
            {
                // The cores explanation leads: it is why the rule can never fire, whatever the numbers below.
                sb.Append(note).Append(' ');
            }

            var of = MetricSeriesKey.ReadsTarget(t, context.Setting.TargetResourceUri)
                ? Invariant($"{o.InstancesSeen} instance{(o.InstancesSeen == 1 ? string.Empty : "s")}")
                : Invariant($"'{ResourceIds.LastSegment(t.MetricResourceUri)}'");
            var within = Options.StatisticScope == StatisticScope.WithinGrain
                ? Invariant($"{t.Statistic} of every value of {of} within each {IsoDuration.Format(t.TimeGrainSpan)}")
                : Invariant($"{t.Statistic} across {of} per {IsoDuration.Format(t.TimeGrainSpan)}");
            var what = Invariant($"'{t.MetricName}' ({within}, {t.TimeAggregation} over {IsoDuration.Format(t.TimeWindowSpan)})");
            if (o.SpreadOverMinimum is int lo && o.SpreadOverMaximum is int hi)
            {
                var over = lo == hi ? Invariant($"{lo} instances") : Invariant($"{lo} to {hi} instances");
                what += Invariant($" with each grain's total spread over {over}, the simulated capacity (LoadModel RedistributeTotal),");
            }

            if (o.DividedPerInstance && !t.DividePerInstance)
            {
                sb.Append(Invariant($"{what} is {Num(o.Aggregate ?? v)} messages / {Math.Max(1, cur)} instances = {Num(v)} per instance (a queue length's threshold counts messages per instance, with or without dividePerInstance)"));
            }
            else if (o.DividedPerInstance)
            {
                sb.Append(Invariant($"{what} is {Num(o.Aggregate ?? v)}, divided by {cur} instances = {Num(v)}"));
            }
            else
            {
                sb.Append(Invariant($"{what} is {Num(v)}"));
            }

            if (o.GrainsUsed < o.GrainsInWindow)
            {
                sb.Append(Invariant($" ({o.GrainsUsed} of {o.GrainsInWindow} grains had data; empty grains are dropped, not counted as zero)"));
            }

            if (e.ConditionMet)
            {
                sb.Append(Invariant($", which is {op} {Num(t.Threshold)}: the {Word(e.Rule.ScaleDirection)} condition holds"));
                if (e.Candidate is int c)
                {
                    sb.Append(Invariant($" ({e.Rule.ScaleAction.Type} {e.Rule.ScaleAction.Value} asks for {c})"));
                }
                else
                {
                    sb.Append(Invariant($", but {e.Rule.ScaleAction.Type} is not supported for scale sets, so it asks for nothing"));
                }

                sb.Append('.');
                if (e.InCooldown)
                {
                    // Name the rule whose cooldown holds and until when: rules have no names, so its trigger says which.
                    var last = inForce.From!.Value;
                    var cooldown = e.CooldownUntil!.Value - last;
                    sb.Append(Invariant($" The {Word(e.Rule.ScaleDirection)} rule ({t.MetricName} {op} {Num(t.Threshold)}) is in cooldown until {Time(e.CooldownUntil.Value)}: {IsoDuration.Format(cooldown)} after the last scale action at {Time(last)} ({inForce.Basis})."));
                }
                else if (inForce.ClearedAt is DateTime cleared && time < inForce.From!.Value + e.Rule.ScaleAction.CooldownSpan)
                {
                    sb.Append(Invariant($" Its cooldown would run until {Time(inForce.From.Value + e.Rule.ScaleAction.CooldownSpan)}, but the setting was updated at {Time(cleared)}, after the last scale action at {Time(inForce.From.Value)}, which clears every rule's cooldown (autoscale-understanding-settings 08/19/2026)."));
                }
            }
            else
            {
                sb.Append(Invariant($"; the rule needs {op} {Num(t.Threshold)}"));
                var gap = t.ComparisonOperator switch
                {
                    ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual => Invariant($" ({Num(t.Threshold - v)} short)"),
                    ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual => Invariant($" ({Num(v - t.Threshold)} too high)"),
                    _ => string.Empty,
                };
                sb.Append(gap).Append('.');
                if (o.DividedPerInstance && (t.ComparisonOperator == ComparisonOperator.GreaterThan || t.ComparisonOperator == ComparisonOperator.GreaterThanOrEqual))
                {
                    sb.Append(Invariant($" With {cur} instances the total must be {op} {Num(t.Threshold * cur)}."));
                }

                sb.Append(HotInstances(e, v));
            }

            if (o.IgnoredDimensions.Count > 0)
            {
                sb.Append(Invariant($" The dimension filter {string.Join(", ", o.IgnoredDimensions)} was not applied: samples carry only an instance name."));
            }

            return sb.ToString();
        }

        /// <summary>
        /// Whether a rule's reason can say "only N of M instances are hot": a scale-out rule comparing an
        /// average of averages from above, whose threshold is not divided by the instance count.
        /// </summary>
        private static bool ExplainsHotInstances(MetricTrigger t, ScaleDirection direction) =>
            direction == ScaleDirection.Increase
            && t.MetricStatistic == MetricStatistic.Average
            && t.TimeAggregationType == TimeAggregationType.Average
            && (t.ComparisonOperator == ComparisonOperator.GreaterThan || t.ComparisonOperator == ComparisonOperator.GreaterThanOrEqual)
            && !PerInstanceThresholdMetrics.Divides(t);

        /// <summary>"Only 1 of 4 instances is above 60 (_2 at 100); the other 3 would need to average above 46.7."</summary>
        private static string HotInstances(Evaluated e, double average)
        {
            var t = e.Rule.MetricTrigger;
            var per = e.Observed.PerInstance;
            if (per.Count < 2 || !ExplainsHotInstances(t, e.Rule.ScaleDirection))
            {
                return string.Empty;
            }

            // Runs for every step of a timeline, so no sorting of every instance: the hot ones are usually few.
            // Hot instances hottest first, ties in instance order (a stable sort), and summed in that order.
            var hot = new List<InstanceObservation>();
            var busiest = per[0];
            for (var i = 0; i < per.Count; i++)
            {
                var p = per[i];
                if (p.Value.CompareTo(busiest.Value) > 0)
                {
                    busiest = p;
                }

                if (CapacityMath.Compare(p.Value, t.ComparisonOperator, t.Threshold))
                {
                    var at = hot.Count;
                    while (at > 0 && hot[at - 1].Value.CompareTo(p.Value) < 0)
                    {
                        at--;
                    }

                    hot.Insert(at, p);
                }
            }

            if (hot.Count == 0)
            {
                return Invariant($" No instance is {ScaleRule.OperatorSymbol(t.ComparisonOperator)} {Num(t.Threshold)} on its own (the busiest, {busiest.Instance}, is at {Num(busiest.Value)}).");
            }

            var m = per.Count;
            var rest = m - hot.Count;
            var shown = string.Join(", ", hot.Take(5).Select(h => $"{h.Instance} at {Num(h.Value)}")) + (hot.Count > 5 ? ", …" : string.Empty);
            var hotSum = 0.0;
            foreach (var h in hot)
            {
                hotSum += h.Value;
            }

            var needed = ((t.Threshold * m) - hotSum) / rest;
            return Invariant($" Only {hot.Count} of {m} instances {(hot.Count == 1 ? "is" : "are")} {ScaleRule.OperatorSymbol(t.ComparisonOperator)} {Num(t.Threshold)} on {(hot.Count == 1 ? "its" : "their")} own ({shown}); the average is across all {m}, so the other {rest} would need to average above {Num(Math.Max(0, needed))} (now {Num(((average * m) - hotSum) / rest)}).");
        }

        private static AutoscaleDecision Simple(EvaluationContext context, DateTime time, string? profile, string profileReason, string outcome, string reason) =>
            new AutoscaleDecision
            {
                Time = time,
                SettingName = context.Setting.Name,
                Profile = profile,
                ProfileReason = profileReason,
                Decision = ScaleDecision.None,
                Outcome = outcome,
                CurrentCapacity = context.CurrentCapacity,
                NewCapacity = context.CurrentCapacity,
                Reason = reason,
            };

        internal static string Num(double v) => FlappingEstimator.Num(v);

        internal static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

        private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// The last scale action cooldowns run from, the cooldown every rule waits for since then (null: each
        /// rule its own), the words saying why, and when a setting update cleared them (null: not cleared).
        /// </summary>
        private readonly struct CooldownInForce
        {
            public static readonly CooldownInForce None = new CooldownInForce(null, null, string.Empty);

            public CooldownInForce(DateTime? from, TimeSpan? cooldown, string basis, DateTime? clearedAt = null)
            {
                From = from;
                Cooldown = cooldown;
                Basis = basis;
                ClearedAt = clearedAt;
            }

            public static CooldownInForce ClearedBy(DateTime lastAction, DateTime update) =>
                new CooldownInForce(lastAction, null, "cleared by a setting update", update);

            public DateTime? From { get; }

            public DateTime? ClearedAt { get; }

            public TimeSpan? Cooldown { get; }

            public string Basis { get; }
        }

        private sealed class Evaluated
        {
            public Evaluated(ScaleRule rule, ObservedValue observed, bool conditionMet, DateTime? cooldownUntil, int? candidate)
            {
                Rule = rule;
                Observed = observed;
                ConditionMet = conditionMet;
                CooldownUntil = cooldownUntil;
                Candidate = candidate;
            }

            public ScaleRule Rule { get; }

            public ObservedValue Observed { get; }

            public bool ConditionMet { get; }

            public DateTime? CooldownUntil { get; }

            public bool InCooldown => CooldownUntil != null;

            public bool Fired => ConditionMet && !InCooldown;

            public int? Candidate { get; }

            public string Reason { get; set; } = string.Empty;

            public RuleEvaluation ToRuleEvaluation()
            {
                var t = Rule.MetricTrigger;
                return new RuleEvaluation
                {
                    MetricName = t.MetricName,
                    Direction = Rule.Direction,
                    Operator = t.Operator,
                    Threshold = t.Threshold,
                    ObservedValue = Observed.Value,
                    TimeGrainSpan = t.TimeGrainSpan,
                    Statistic = t.Statistic,
                    TimeWindowSpan = t.TimeWindowSpan,
                    TimeAggregation = t.TimeAggregation,
                    DividePerInstance = t.DividePerInstance,
                    WindowStart = Observed.WindowStart,
                    WindowEnd = Observed.WindowEnd,
                    GrainsUsed = Observed.GrainsUsed,
                    InstancesSeen = Observed.InstancesSeen,
                    ConditionMet = ConditionMet,
                    Fired = Fired,
                    CooldownUntil = CooldownUntil,
                    CandidateCapacity = Candidate,
                    Reason = Reason,
                    Rule = Rule,
                };
            }
        }
    }
}
