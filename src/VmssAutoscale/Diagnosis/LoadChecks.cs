using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using static VmssAutoscale.Diagnosis.DiagnosisContext;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>Checks on the load itself: cores, the average across instances (the engine on real samples), and the data behind it.</summary>
    public static class LoadChecks
    {
        // A flat-topped CPU line within this many points of k/C·100 is read as k busy cores of C.
        private const double CoreBandTolerance = 3.0;

        public static Finding Cores(DiagnosisContext c)
        {
            const string Check = "CoresVersusThreshold";
            var cores = c.ScaleSet.VCpusPerInstance;
            var rules = c.Profile?.Rules.Where(r => r.ScaleDirection == ScaleDirection.Increase && MetricCatalog.IsCpu(r.MetricName)).ToList() ?? new List<ScaleRule>();
            if (rules.Count == 0)
            {
                return c.Make(Check, GuideSteps.Cores, FindingStatus.Skipped, DiagnosisSeverity.Info, "No scale-out rule on a CPU percentage: loaded cores do not matter here.");
            }

            if (cores is not int vcpus || vcpus <= 1)
            {
                return c.Make(Check, GuideSteps.Cores, cores == 1 ? FindingStatus.Pass : FindingStatus.Skipped, DiagnosisSeverity.Info,
                    cores == 1 ? "Each instance has one vCPU, so any busy process can load it fully." : $"The vCPU count of size '{c.ScaleSet.SkuName}' is unknown, so loaded cores cannot be compared with the threshold.");
            }

            var evidence = new List<string> { $"Size {c.ScaleSet.SkuName}: {vcpus} vCPUs per instance; one busy core shows as {Num(100.0 / vcpus)}% CPU." };
            var loaded = c.Input.Options.LoadedCoresPerInstance;
            var inferred = false;
            if (loaded == null)
            {
                loaded = InferLoadedCores(c, rules[0], vcpus, evidence);
                inferred = loaded != null;
            }

            if (loaded is int k)
            {
                foreach (var rule in rules)
                {
                    if (CoreLoadCheck.Explain(rule, vcpus, k) is string why)
                    {
                        var basis = inferred ? $" The samples sit flat at about {Num(CoreLoadCheck.MaximumCpuPercent(vcpus, k))}%, the signature of {k} busy core{(k == 1 ? string.Empty : "s")}." : string.Empty;
                        return c.SetsCondition(
                            c.Make(Check, GuideSteps.Cores, FindingStatus.Fail, DiagnosisSeverity.Critical, why + basis, evidence,
                                "Make the load use every core (more threads or processes), or scale on a metric that reflects the real bottleneck; a single-threaded load never reaches a CPU threshold above 100/vCPUs percent.",
                                ConditionReasons.ThresholdNotMet),
                            DiagnosisCondition.ScalingActive,
                            ConditionStatus.True);
                    }
                }

                return c.Make(Check, GuideSteps.Cores, FindingStatus.Pass, DiagnosisSeverity.Info,
                    $"{k} loaded core{(k == 1 ? string.Empty : "s")} of {vcpus} can reach {Num(CoreLoadCheck.MaximumCpuPercent(vcpus, k))}% CPU, enough for the scale-out threshold.", evidence);
            }

            // Without a CPU sample in the window there is nothing to read the loaded cores from: the check has no data, it did not pass.
            var window = c.Input.Now - rules[0].MetricTrigger.TimeWindowSpan;
            if (!c.Input.Samples.Samples.Any(x => x.MetricName == rules[0].MetricName && x.Timestamp >= window && x.Timestamp < c.Input.Now))
            {
                return c.Make(Check, GuideSteps.Cores, FindingStatus.Skipped, DiagnosisSeverity.Info,
                    $"No sample of '{rules[0].MetricName}' in the rule's last {Minutes(rules[0].MetricTrigger.TimeWindowSpan)}: the loaded cores cannot be read from the data. Give -LoadedCoresPerInstance to check the threshold against them.", evidence);
            }

            return c.Make(Check, GuideSteps.Cores, FindingStatus.Pass, DiagnosisSeverity.Info,
                "The CPU samples do not sit flat at a fraction of the cores: nothing suggests a load that uses only some of them.", evidence);
        }

        public static Finding AverageAcrossInstances(DiagnosisContext c)
        {
            const string Check = "AverageAcrossInstances";
            var d = c.Decision;
            if (d != null)
            {
                EngineConditions(c, d);
            }

            if (d == null || c.Profile == null)
            {
                return c.Make(Check, GuideSteps.Average, FindingStatus.Skipped, DiagnosisSeverity.Info, "No autoscale setting or active profile: the engine has nothing to evaluate.");
            }

            var evidence = new List<string> { $"Engine at {Time(d.Time)}: {d.Decision} {d.CurrentCapacity} -> {d.NewCapacity} ({d.Outcome})." };
            evidence.AddRange(d.Rules.Select(r => r.Reason));
            Finding F(string status, string sev, string summary, string fix = "", string? reason = null) =>
                c.Make(Check, GuideSteps.Average, status, sev, summary, evidence, fix, reason);

            switch (d.Outcome)
            {
                case DecisionOutcome.ScaledOut:
                case DecisionOutcome.ScaledIn:
                case DecisionOutcome.BelowMinimum:
                case DecisionOutcome.AboveMaximum:
                    return F(FindingStatus.Pass, DiagnosisSeverity.Info, d.Reason);
                case DecisionOutcome.PartialScaleIn:
                    return F(FindingStatus.Warn, DiagnosisSeverity.Low, d.Reason, "Nothing is broken: flapping protection is scaling in less than the rule asked. Widen the threshold gap if this repeats.", ConditionReasons.FlappingSuppressed);
                case DecisionOutcome.FlappingDeferred:
                    evidence.Insert(1, "Engine: " + d.Reason);
                    return F(FindingStatus.Fail, DiagnosisSeverity.High, Deferred(c, d) ?? d.Reason, "Widen the gap between the scale-in and scale-out thresholds.", ConditionReasons.FlappingSuppressed);
                case DecisionOutcome.Cooldown:
                    return F(FindingStatus.Warn, DiagnosisSeverity.Medium, d.Reason, "Wait for the cooldown, or shorten the rule's cooldown if scale actions are too slow to follow the load.", ConditionReasons.CooldownActive);
                case DecisionOutcome.AtMaximum:
                    return F(FindingStatus.Fail, DiagnosisSeverity.High, d.Reason, "Raise the profile's maximum capacity (and check the subscription's core quota).", ConditionReasons.AtMaximum);
                case DecisionOutcome.AtMinimum:
                    return F(FindingStatus.Pass, DiagnosisSeverity.Info, d.Reason, string.Empty, ConditionReasons.AtMinimum);
                case DecisionOutcome.NoData:
                    // The metrics without data are DiagnosticsData's and MetricName's to name; here what it does to the capacity.
                    evidence.Insert(1, "Engine: " + d.Reason);
                    var noData = d.Decision == ScaleDecision.None
                        ? $"No rule has data in its window, so none can fire; capacity stays at {d.CurrentCapacity} (the default {c.Profile.Capacity.Default} applies only upward)."
                        : d.Reason;
                    return c.SetsCondition(
                        F(FindingStatus.Fail, DiagnosisSeverity.Critical, noData, "Make the metric flow first (see the data and metric-name findings).", ConditionReasons.MetricUnavailable),
                        DiagnosisCondition.ScalingActive,
                        ConditionStatus.False);
                case DecisionOutcome.OperationInProgress:
                    return F(FindingStatus.Warn, DiagnosisSeverity.Medium, d.Reason, "Wait for the running operation to finish; if it never does, look at the scale set's activity log for the stuck write.", ConditionReasons.ScaleOperationInProgress);
                case DecisionOutcome.SettingDisabled:
                    return F(FindingStatus.Skipped, DiagnosisSeverity.Info, d.Reason, string.Empty, ConditionReasons.AutoscaleDisabled);
                case DecisionOutcome.NoRules:
                case DecisionOutcome.NoProfile:
                    return F(FindingStatus.Skipped, DiagnosisSeverity.Info, d.Reason);
            }

            // No rule fired: is a hot instance hidden by the average?
            foreach (var rule in c.Profile.Rules.Where(r => r.ScaleDirection == ScaleDirection.Increase))
            {
                var t = rule.MetricTrigger;
                var evaluation = d.Rules.FirstOrDefault(r => ReferenceEquals(r.Rule, rule));
                var per = c.PerInstance(rule);
                var hot = per.Where(p => CapacityMath.Compare(p.Value, t.ComparisonOperator, t.Threshold)).OrderByDescending(p => p.Value).ToList();
                evidence.Add($"'{rule.MetricName}' per instance over {Minutes(t.TimeWindowSpan)}: " + string.Join(", ", per.OrderBy(p => p.Instance, StringComparer.Ordinal).Select(p => $"{p.Instance} {Num(p.Value)}")));
                if (hot.Count > 0 && hot.Count < Math.Max(per.Count, 1) && evaluation?.ObservedValue is double avg)
                {
                    var need = t.Threshold - avg;
                    var names = string.Join(", ", hot.Select(h => $"{h.Instance} at {Num(h.Value)}"));
                    var summary = string.Format(
                        CultureInfo.InvariantCulture,
                        "Average {0} over {1} across {2} instances was {3}; the scale-out rule needs {4} {5}. Only {6} of {2} instance{7} {8} hot ({9}): the average would need {10} points more.",
                        rule.MetricName,
                        Minutes(t.TimeWindowSpan),
                        per.Count,
                        Num(avg),
                        ScaleRule.OperatorSymbol(t.ComparisonOperator),
                        Num(t.Threshold),
                        hot.Count,
                        per.Count == 1 ? string.Empty : "s",
                        hot.Count == 1 ? "is" : "are",
                        names,
                        Num(Math.Max(need, 0)));
                    return c.SetsCondition(
                        F(FindingStatus.Fail, DiagnosisSeverity.High, summary,
                            "Autoscale acts on the average across all instances, not on one hot instance: spread the load (check the load balancer's distribution and session affinity), or fix what pins work to that instance.",
                            ConditionReasons.OnlySomeInstancesHot),
                        DiagnosisCondition.ScalingActive,
                        ConditionStatus.True);
                }
            }

            return F(FindingStatus.Pass, DiagnosisSeverity.Info, d.Reason, string.Empty, ConditionReasons.ThresholdNotMet);
        }

        /// <summary>
        /// A deferred scale-in in one sentence: what the scale-in rule sees and asks for, and what the
        /// scale-out rule would see after it. The engine's reason says it with each rule's window and
        /// the scale-out rules' shortfall as well; it is in the evidence. Null when the rules do not
        /// show it (the engine's reason is the summary then).
        /// </summary>
        private static string? Deferred(DiagnosisContext c, AutoscaleDecision d)
        {
            var scaleIn = d.Rules.FirstOrDefault(r => r.Rule?.ScaleDirection == ScaleDirection.Decrease && r.ConditionMet && r.ObservedValue != null && r.CandidateCapacity != null);
            var outs = d.Rules.Where(r => r.Rule?.ScaleDirection == ScaleDirection.Increase).Select(r => new ObservedRule(r.Rule!, r.ObservedValue));
            if (scaleIn == null || c.Profile == null)
            {
                return null;
            }

            var target = Math.Max(scaleIn.CandidateCapacity!.Value, c.Profile.Capacity.Minimum);
            if (FlappingEstimator.WouldFlap(outs, d.CurrentCapacity, target) is not FlappingHit hit)
            {
                return null;
            }

            var o = hit.Rule.MetricTrigger;
            return string.Format(
                CultureInfo.InvariantCulture,
                "Scale-in deferred to avoid flapping: '{0}' is {1} ({2} {3}), so the scale-in rule asks for {4} instances, where {5} would project to {6} ({7} × {8} / {4}) and trigger the scale-out rule ({9} {10}).",
                scaleIn.MetricName,
                Num2(scaleIn.ObservedValue!.Value),
                ScaleRule.OperatorSymbol(scaleIn.Rule!.MetricTrigger.ComparisonOperator),
                Num2(scaleIn.Threshold),
                target,
                hit.Rule.MetricName == scaleIn.MetricName ? "it" : $"'{hit.Rule.MetricName}'",
                Num2(hit.Projected),
                Num2(hit.Observed),
                d.CurrentCapacity,
                ScaleRule.OperatorSymbol(o.ComparisonOperator),
                Num2(o.Threshold));
        }

        /// <summary>Two decimals, as the engine states observed values.</summary>
        private static string Num2(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        /// <summary>The conditions the engine's decision itself decides: a running operation or a cooldown blocks the next action, no rule fired, the capacity at a bound, scale-in held against flapping.</summary>
        private static void EngineConditions(DiagnosisContext c, AutoscaleDecision d)
        {
            if (d.Outcome == DecisionOutcome.OperationInProgress || c.Input.ScaleOperationInProgress)
            {
                c.SetCondition(DiagnosisCondition.AbleToScale, ConditionStatus.False, ConditionReasons.ScaleOperationInProgress, "A scale operation is still running; the engine skips its evaluations until it ends.");
            }

            switch (d.Outcome)
            {
                case DecisionOutcome.Cooldown:
                    c.SetCondition(DiagnosisCondition.AbleToScale, ConditionStatus.False, ConditionReasons.CooldownActive, d.Reason);
                    break;
                case DecisionOutcome.NoRuleFired:
                case DecisionOutcome.NoRules:
                    c.SetCondition(DiagnosisCondition.ScalingActive, ConditionStatus.True, ConditionReasons.ThresholdNotMet, d.Reason);
                    break;
                case DecisionOutcome.AtMaximum:
                    c.SetCondition(DiagnosisCondition.ScalingLimited, ConditionStatus.True, ConditionReasons.AtMaximum, d.Reason);
                    break;
                case DecisionOutcome.AtMinimum:
                    c.SetCondition(DiagnosisCondition.ScalingLimited, ConditionStatus.True, ConditionReasons.AtMinimum, d.Reason);
                    break;
                case DecisionOutcome.FlappingDeferred:
                case DecisionOutcome.PartialScaleIn:
                    c.SetCondition(DiagnosisCondition.ScalingLimited, ConditionStatus.True, ConditionReasons.FlappingSuppressed, d.Reason);
                    break;
            }
        }

        public static Finding DiagnosticsData(DiagnosisContext c)
        {
            const string Check = "DiagnosticsData";
            var metrics = c.Input.RuleMetricNames;
            var samples = c.Input.Samples;
            if (metrics.Count == 0)
            {
                return c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Skipped, DiagnosisSeverity.Info, "No autoscale rule reads a metric of this scale set: there is no performance data to check.");
            }

            if (AmaChecks.CoversAllRules(c))
            {
                return c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Skipped, DiagnosisSeverity.Info, "The rules read Azure Monitor Agent guest metrics: the AzureMonitorAgent check speaks for their data.");
            }

            if (samples.Unavailable != null)
            {
                return c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Skipped, DiagnosisSeverity.Info, $"The performance data could not be read: {samples.Unavailable}.");
            }

            // The same verdict Get-VmssDiagnosticsSample -Summary gives (DiagnosticsVerdicts).
            var verdict = DiagnosticsHealthEvaluator.Evaluate(DiagnosticsVerdicts.HealthInput(c));
            var evidence = new List<string> { $"Source: {verdict.Source}{(verdict.Tables.Count > 0 ? " (" + string.Join(", ", verdict.Tables) + ")" : string.Empty)}; instances: {verdict.InstanceSummary}." };
            evidence.AddRange(verdict.Instances.Select(i => $"{i.Instance}: {i.Status}, {i.SampleCount} samples, newest {(i.LastSampleTime is DateTime t ? Time(t) : "none")}"));
            if (verdict.Problems.Count > 1)
            {
                evidence.AddRange(verdict.Problems.Skip(1).Select(p => "Also: " + p));
            }

            switch (verdict.Verdict)
            {
                case DiagnosticsVerdictKind.Healthy:
                    return c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Pass, DiagnosisSeverity.Info, verdict.Message, evidence);
                case DiagnosticsVerdictKind.SomeInstancesSilent:
                case DiagnosticsVerdictKind.DataLagging:
                    return c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Warn, DiagnosisSeverity.Medium, verdict.Message, evidence,
                        "Check the diagnostics extension's status on the affected instances (Get-VmssAutoscaleTarget) and their agent logs.", ConditionReasons.MetricUnavailable);
                case DiagnosticsVerdictKind.CounterNotConfigured:
                    return c.SetsCondition(
                        c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Fail, DiagnosisSeverity.Critical, verdict.Message, evidence,
                            "Make metricName and the extension's counterSpecifier the same string.", ConditionReasons.UnsupportedMetric),
                        DiagnosisCondition.ScalingActive,
                        ConditionStatus.False);
                default:
                    return c.SetsCondition(
                        c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Fail, DiagnosisSeverity.Critical, verdict.Message, evidence,
                            "Fix the data pipeline first: extension, storage, Metrics resourceId.",
                            ConditionReasons.MetricUnavailable),
                        DiagnosisCondition.ScalingActive,
                        ConditionStatus.False);
            }
        }

        /// <summary>
        /// Reads "k busy cores of C" from the samples: every instance with data sits flat (small
        /// spread) near the same k·100/C with k below C. A noisy or high line says nothing.
        /// </summary>
        private static int? InferLoadedCores(DiagnosisContext c, ScaleRule rule, int vcpus, List<string> evidence)
        {
            var window = c.Input.Now - rule.MetricTrigger.TimeWindowSpan;
            var byInstance = c.Input.Samples.Samples
                .Where(s => s.MetricName == rule.MetricName && s.Timestamp >= window && s.Timestamp < c.Input.Now)
                .GroupBy(s => s.Instance, StringComparer.Ordinal)
                .Where(g => g.Count() >= 3)
                .ToList();
            if (byInstance.Count == 0)
            {
                return null;
            }

            var band = 100.0 / vcpus;
            int? common = null;
            foreach (var g in byInstance)
            {
                var values = g.Select(s => s.Value).ToList();
                var mean = values.Average();
                var spread = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
                var k = (int)Math.Round(mean / band);
                if (k < 1 || k >= vcpus || Math.Abs(mean - (k * band)) > CoreBandTolerance || spread > CoreBandTolerance)
                {
                    return null;
                }

                common = common == null || common == k ? k : -1;
            }

            if (common is int loaded && loaded > 0)
            {
                evidence.Add($"All {byInstance.Count} instances sit at {Num(loaded * band)}% ± {Num(CoreBandTolerance)} over {Minutes(rule.MetricTrigger.TimeWindowSpan)}: {loaded} of {vcpus} cores busy.");
                return loaded;
            }

            return null;
        }
    }
}
