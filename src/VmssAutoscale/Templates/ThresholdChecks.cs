using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;

namespace VmssAutoscale.Templates
{
    /// <summary>Threshold checks: flapping margins (ThresholdsTooClose) and thresholds the load can never reach (UnreachableThreshold).</summary>
    internal static class ThresholdChecks
    {
        /// <summary>Capacities tried per profile; beyond this the projection ratio N/(N-1) is within 0.5% of 1.</summary>
        private const int MaxCapacitiesTried = 200;

        public static void Run(SettingUnderTest s, TemplateAnalysisOptions options, int? templateCores, FindingSink sink)
        {
            for (var p = 0; p < s.Setting.Profiles.Count; p++)
            {
                CheckFlapping(s, p, sink);
                for (var r = 0; r < s.Setting.Profiles[p].Rules.Count; r++)
                {
                    CheckReachable(s, p, r, options, templateCores, sink);
                }
            }
        }

        private static string MetricKey(ScaleRule r) =>
            r.MetricName.Trim().ToUpperInvariant() + "|" + SymbolTable.IdKey(r.MetricTrigger.MetricResourceUri ?? string.Empty);

        private static void CheckFlapping(SettingUnderTest s, int p, FindingSink sink)
        {
            var profile = s.Setting.Profiles[p];
            var min = Math.Max(1, profile.Capacity.Minimum);
            var max = profile.Capacity.Maximum;
            if (max <= min)
            {
                return;
            }

            foreach (var group in profile.Rules.GroupBy(MetricKey))
            {
                var ins = group.Where(r => r.ScaleDirection == ScaleDirection.Decrease).ToList();
                var outs = group.Where(r => r.ScaleDirection == ScaleDirection.Increase).ToList();
                if (ins.Count == 0 || outs.Count == 0)
                {
                    continue;
                }

                var results = new List<Projection>();
                for (var n = min + 1; n <= Math.Min(max, min + MaxCapacitiesTried); n++)
                {
                    var target = ins.Max(r => Math.Max(min, Math.Min(max, CapacityMath.Candidate(r.ScaleAction, n) ?? n)));
                    if (target < n)
                    {
                        results.Add(Evaluate(ins, outs, n, target));
                    }
                }

                if (results.Count == 0)
                {
                    continue;
                }

                var empty = results.FirstOrDefault(x => x.Largest == null);
                var blocked = results.Where(x => !x.BoundaryScalesIn).ToList();
                string severity;
                if (empty != null || blocked.Count == results.Count)
                {
                    severity = FindingSeverity.Warning;
                }
                else if (blocked.Any(b => b.Current > 2))
                {
                    // Deferral only on the 2 -> 1 step is left out: there the projection doubles, so even the
                    // flapping article's recommended 50/30 margin is deferred; anything beyond that is a narrow gap.
                    severity = FindingSeverity.Information;
                }
                else
                {
                    continue;
                }

                var metric = ins[0].MetricName;
                var outRule = outs.OrderBy(o => o.MetricTrigger.Threshold).First();
                var inRule = ins[0];
                string message;
                if (empty != null)
                {
                    message = $"Profile '{profile.Name}', {metric}: at {empty.Current} instances no value lets it scale in. Every value that fires the scale-in rule ({Describe(inRule)}) also fires a scale-out rule ({Describe(outRule)}) directly or after the flapping projection to {empty.Target} instances, so the scale set never shrinks.";
                }
                else
                {
                    var first = blocked[0];
                    var largest = first.Largest!.Value;
                    var scope = blocked.Count == results.Count ? "at every capacity in the profile" : $"at {string.Join(", ", blocked.Select(b => b.Current))} instances";
                    message = $"Profile '{profile.Name}', {metric}: scale-in is deferred {scope}. At {first.Current} instances an average of {Num(first.Boundary)} (the scale-in threshold, {Describe(inRule)}) projects to {Num(FlappingEstimator.Project(first.Boundary, outRule.MetricTrigger, first.Current, first.Target))} on {first.Target} instances, which fires the scale-out rule ({Describe(outRule)}); autoscale waits until the average is about {Num(largest)} or lower.";
                }

                var suggestion = Suggest(results, outRule);
                sink.Add("ThresholdsTooClose", severity, message,
                    $"Widen the gap between the thresholds: with scale-out at {Describe(outRule)}, scale in below {Num(suggestion)} or lower (a scale-in threshold at most about two thirds of the scale-out one keeps every step but 2 -> 1 clear of the projection).",
                    s, s.RuleNode(p, profile.Rules.ToList().IndexOf(inRule)));
            }
        }

        private sealed class Projection
        {
            public int Current { get; set; }

            public int Target { get; set; }

            /// <summary>The value at the edge of the scale-in rule (e.g. just under 50 for "&lt; 50").</summary>
            public double Boundary { get; set; }

            public bool BoundaryScalesIn { get; set; }

            /// <summary>The largest value that still scales in; null when none does.</summary>
            public double? Largest { get; set; }
        }

        private static Projection Evaluate(List<ScaleRule> ins, List<ScaleRule> outs, int current, int target)
        {
            var thresholds = ins.Concat(outs).Select(r => r.MetricTrigger.Threshold).ToList();
            var critical = new SortedSet<double> { 0 };
            foreach (var t in thresholds)
            {
                critical.Add(t);
                critical.Add(t * target / current);
            }

            var points = new List<double>();
            var list = critical.Where(c => c >= 0).ToList();
            for (var i = 0; i < list.Count; i++)
            {
                var eps = 1e-6 * Math.Max(1, Math.Abs(list[i]));
                points.Add(list[i]);
                points.Add(list[i] - eps);
                points.Add(list[i] + eps);
                if (i + 1 < list.Count)
                {
                    points.Add((list[i] + list[i + 1]) / 2);
                }
            }

            points.Add((list.Count > 0 ? list[list.Count - 1] : 0) * 2 + 1);
            bool ScalesIn(double v) =>
                v >= 0
                && ins.All(r => CapacityMath.Compare(v, r.MetricTrigger.ComparisonOperator, r.MetricTrigger.Threshold))
                && !outs.Any(r => CapacityMath.Compare(v, r.MetricTrigger.ComparisonOperator, r.MetricTrigger.Threshold))
                && FlappingEstimator.WouldFlap(outs.Select(r => new ObservedRule(r, v)), current, target) == null;

            var feasible = points.Where(ScalesIn).ToList();
            var boundary = Boundary(ins);
            return new Projection
            {
                Current = current,
                Target = target,
                Boundary = boundary,
                BoundaryScalesIn = ScalesIn(boundary),
                Largest = feasible.Count == 0 ? (double?)null : feasible.Max(),
            };
        }

        /// <summary>The value at which all scale-in rules have just started to fire.</summary>
        private static double Boundary(List<ScaleRule> ins)
        {
            var lessRules = ins.Where(r => r.MetricTrigger.ComparisonOperator == ComparisonOperator.LessThan || r.MetricTrigger.ComparisonOperator == ComparisonOperator.LessThanOrEqual).ToList();
            if (lessRules.Count > 0)
            {
                var tightest = lessRules.OrderBy(r => r.MetricTrigger.Threshold).First();
                var t = tightest.MetricTrigger.Threshold;
                return tightest.MetricTrigger.ComparisonOperator == ComparisonOperator.LessThan ? t - (1e-6 * Math.Max(1, Math.Abs(t))) : t;
            }

            var greater = ins.OrderByDescending(r => r.MetricTrigger.Threshold).First();
            var g = greater.MetricTrigger.Threshold;
            return greater.MetricTrigger.ComparisonOperator == ComparisonOperator.GreaterThan ? g + (1e-6 * Math.Max(1, Math.Abs(g))) : g;
        }

        /// <summary>A scale-in threshold that clears the projection at every step except 2 -> 1 (where it doubles).</summary>
        private static double Suggest(List<Projection> results, ScaleRule outRule)
        {
            var beyondTwo = results.Where(x => x.Current > 2).ToList();
            var steps = beyondTwo.Count > 0 ? beyondTwo : results;
            var value = steps.Min(x => outRule.MetricTrigger.Threshold * x.Target / x.Current);
            return Math.Floor(value * 10) / 10;
        }

        private static string Describe(ScaleRule r) => $"{ScaleRule.OperatorSymbol(r.MetricTrigger.ComparisonOperator)} {Num(r.MetricTrigger.Threshold)}";

        private static string Num(double v) => Math.Round(v, 1).ToString("0.#", CultureInfo.InvariantCulture);

        private static void CheckReachable(SettingUnderTest s, int p, int r, TemplateAnalysisOptions options, int? templateCores, FindingSink sink)
        {
            var profile = s.Setting.Profiles[p];
            var rule = profile.Rules[r];
            var t = rule.MetricTrigger;
            var at = s.RuleNode(p, r)?["metricTrigger"]?["threshold"];
            if (MetricCatalog.IsPercentage(rule.MetricName) && (t.Threshold < 0 || t.Threshold > 100
                || (t.Threshold >= 100 && t.ComparisonOperator == ComparisonOperator.GreaterThan)
                || (t.Threshold <= 0 && t.ComparisonOperator == ComparisonOperator.LessThan)))
            {
                sink.Add("UnreachableThreshold", FindingSeverity.Error,
                    $"Rule {r + 1} of profile '{profile.Name}' compares the percentage {rule.MetricName} {ScaleRule.OperatorSymbol(t.ComparisonOperator)} {Num(t.Threshold)}; a percentage lies between 0 and 100, so this rule {(Fires(t, 50) ? "always fires" : "can never fire")}.",
                    "Use a threshold between 0 and 100 (exclusive of the end the operator cannot pass).",
                    s, at);
                return;
            }

            var cores = options.CoresPerInstance ?? templateCores;
            if (!MetricCatalog.IsCpu(rule.MetricName) || rule.ScaleDirection != ScaleDirection.Increase || cores == null || options.LoadedCoresPerInstance == null || cores <= 0)
            {
                return;
            }

            var reachable = Math.Min(100, options.LoadedCoresPerInstance.Value / cores.Value * 100);
            var greater = t.ComparisonOperator == ComparisonOperator.GreaterThan || t.ComparisonOperator == ComparisonOperator.GreaterThanOrEqual;
            if (greater && !CapacityMath.Compare(reachable, t.ComparisonOperator, t.Threshold))
            {
                sink.Add("UnreachableThreshold", FindingSeverity.Warning,
                    $"Rule {r + 1} of profile '{profile.Name}' scales out when {rule.MetricName} {ScaleRule.OperatorSymbol(t.ComparisonOperator)} {Num(t.Threshold)}, but a load that keeps {Num(options.LoadedCoresPerInstance.Value)} of {cores} cores busy averages at most {Num(reachable)}% per instance, so it never fires.",
                    $"Lower the scale-out threshold below {Num(reachable)}, or make the workload use all {cores} cores (the troubleshooting guide's \"are all cores loaded\" step).",
                    s, at);
            }
        }

        private static bool Fires(MetricTrigger t, double v) => CapacityMath.Compare(v, t.ComparisonOperator, t.Threshold);
    }
}
