using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using static VmssAutoscale.Diagnosis.DiagnosisContext;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>Checks on the deployed autoscale setting itself: does it exist and run, do its metric names fit the OS, are its thresholds apart.</summary>
    public static class RuleChecks
    {
        public static Finding AutoscaleSetting(DiagnosisContext c)
        {
            const string Check = "AutoscaleSetting";
            var settings = c.Input.Settings;
            if (settings.Count == 0)
            {
                c.SetCondition(DiagnosisCondition.AbleToScale, ConditionStatus.False, ConditionReasons.NoAutoscaleSetting, "No autoscale setting targets this scale set.");
                c.SetCondition(DiagnosisCondition.ScalingActive, ConditionStatus.False, ConditionReasons.NoAutoscaleSetting, "Autoscale is not evaluating this scale set.");
                return c.Make(Check, GuideSteps.Rules, FindingStatus.Fail, DiagnosisSeverity.Critical,
                    $"No autoscale setting targets scale set '{c.ScaleSet.VMScaleSetName}', so nothing ever scales it automatically.",
                    new[] { $"Settings read in subscription {c.ScaleSet.SubscriptionId}: none has targetResourceUri = {c.ScaleSet.ResourceId}." },
                    "Create an autoscale setting whose targetResourceUri is the scale set's resource ID (portal: Scaling > Custom autoscale).",
                    ConditionReasons.NoAutoscaleSetting);
            }

            var s = settings[0];
            var evidence = new List<string>
            {
                $"Setting '{s.Name}' ({(s.Enabled ? "enabled" : "disabled")}), {s.Profiles.Count} profile(s), {s.RuleCount} rule(s).",
            };
            if (c.SettingRefusal != null)
            {
                evidence.AddRange(s.Profiles.Select(p => $"Profile '{p.Name}': capacity {p.Capacity}."));
                var rejected = $"Autoscale setting '{s.Name}' is one the service rejects ({c.SettingRefusal}): no engine decision is reproduced for it.";
                c.SetCondition(DiagnosisCondition.AbleToScale, ConditionStatus.False, ConditionReasons.SettingRejectedByService, rejected);
                c.SetCondition(DiagnosisCondition.ScalingActive, ConditionStatus.False, ConditionReasons.SettingRejectedByService, rejected);
                return c.Make(Check, GuideSteps.Rules, FindingStatus.Fail, DiagnosisSeverity.Critical,
                    rejected,
                    evidence, "Fix the capacity so that minimum <= default <= maximum, and deploy the setting again; a deployed setting cannot hold such a range, so check where this one came from.",
                    ConditionReasons.SettingRejectedByService);
            }

            if (c.Profile != null)
            {
                evidence.Add($"Active profile now: '{c.Profile.Name}', capacity {c.Profile.Capacity}. {c.Decision?.ProfileReason}");
                evidence.AddRange(c.Profile.Rules.Select(r => "Rule: " + r));
            }

            if (s.PredictiveAutoscalePolicy?.PredictiveScaleMode is PredictiveScaleMode mode && mode != PredictiveScaleMode.Disabled)
            {
                // autoscale-predictive.md: with Enabled the service scales out on its CPU forecast too; the engine replays only the rules.
                evidence.Add(mode == PredictiveScaleMode.Enabled
                    ? "Predictive autoscale is Enabled: the service may scale out ahead of any rule on its CPU forecast, which the engine's decision here does not model."
                    : "Predictive autoscale is ForecastOnly: the service forecasts CPU but scales only on the rules.");
            }

            if (!s.Enabled)
            {
                c.SetCondition(DiagnosisCondition.AbleToScale, ConditionStatus.False, ConditionReasons.AutoscaleDisabled, $"Autoscale setting '{s.Name}' is disabled.");
                c.SetCondition(DiagnosisCondition.ScalingActive, ConditionStatus.False, ConditionReasons.AutoscaleDisabled, "Autoscale is not evaluating this scale set.");
                return c.Make(Check, GuideSteps.Rules, FindingStatus.Fail, DiagnosisSeverity.Critical,
                    $"Autoscale setting '{s.Name}' is disabled (enabled: false): the engine evaluates nothing, whatever the load.",
                    evidence, "Enable the setting (portal: Scaling > Custom autoscale > Enabled, or set properties.enabled to true).", ConditionReasons.AutoscaleDisabled);
            }

            if (settings.Count > 1)
            {
                evidence.Add("Other settings: " + string.Join(", ", settings.Skip(1).Select(x => x.Id ?? x.Name)));
                return c.Make(Check, GuideSteps.Rules, FindingStatus.Warn, DiagnosisSeverity.High,
                    $"{settings.Count} autoscale settings target '{c.ScaleSet.VMScaleSetName}'; a resource can have only one, and the engine's behaviour with several is undefined.",
                    evidence, "Delete all but one setting and merge their profiles.");
            }

            if (c.Profile == null)
            {
                return c.Make(Check, GuideSteps.Rules, FindingStatus.Warn, DiagnosisSeverity.Medium,
                    $"No profile of '{s.Name}' applies now: {c.Decision?.ProfileReason}", evidence, "Add a default profile (one with neither fixedDate nor recurrence).");
            }

            if (c.Profile.Rules.Count == 0)
            {
                return c.Make(Check, GuideSteps.Rules, FindingStatus.Warn, DiagnosisSeverity.Medium,
                    $"The active profile '{c.Profile.Name}' has no rules: autoscale only holds the capacity between {c.Profile.Capacity.Minimum} and {c.Profile.Capacity.Maximum}.",
                    evidence, "Add scale-out and scale-in rules to the profile if load should drive the capacity.");
            }

            return c.Make(Check, GuideSteps.Rules, FindingStatus.Pass, DiagnosisSeverity.Info,
                $"Setting '{s.Name}' is enabled; profile '{c.Profile.Name}' applies with {c.Profile.Rules.Count} rule(s) and capacity {c.Profile.Capacity}.", evidence);
        }

        /// <summary>The wiring rules that apply to a deployed setting: the metric name must be one the OS's agent (or the host) emits.</summary>
        public static Finding MetricNames(DiagnosisContext c)
        {
            const string Check = "MetricName";
            if (c.Profile == null || c.Profile.Rules.Count == 0)
            {
                return c.Make(Check, GuideSteps.Wiring, FindingStatus.Skipped, DiagnosisSeverity.Info, "No active profile with rules: there is no metric name to check.");
            }

            var os = c.ScaleSet.OsType;
            var ext = c.Input.DiagnosticsConfiguration;
            var problems = new List<string>();
            var evidence = new List<string> { $"Scale set OS: {os ?? "unknown"}; diagnostics extension: {(ext == null ? "none" : ext.ToString())}." };
            foreach (var rule in c.Profile.Rules.GroupBy(r => r.MetricName, StringComparer.Ordinal).Select(g => g.First()))
            {
                var name = rule.MetricName;
                var metric = MetricCatalog.Classify(name, rule.MetricTrigger.MetricNamespace, !IsOwn(c, rule));
                if (metric.Kind == MetricKind.AgentGuestMetric)
                {
                    // Azure Monitor Agent guest metrics are the AzureMonitorAgent check's (namespace, agent, data collection rule): no WAD/LAD extension writes them.
                    evidence.Add($"'{name}': {metric.Describe()} (see the AzureMonitorAgent check).");
                    continue;
                }

                evidence.Add($"'{name}': {metric.Describe()}.");
                var scaleSetOs = MetricCatalog.OsOf(os);
                if (metric.Kind == MetricKind.WindowsCounter && scaleSetOs == GuestOs.Linux)
                {
                    problems.Add($"The rule metric '{name}' is a Windows performance counter, but '{c.ScaleSet.VMScaleSetName}' runs Linux: the Linux diagnostics extension never writes it. "
                        + $"Use {LinuxName(name, ext)} or the host metric 'Percentage CPU'.");
                }
                else if (metric.Kind == MetricKind.LinuxCounter && scaleSetOs == GuestOs.Windows)
                {
                    problems.Add($"The rule metric '{name}' is a Linux diagnostics counter, but '{c.ScaleSet.VMScaleSetName}' runs Windows: use '{MetricCatalog.CpuCounterFor(GuestOs.Windows)}' (WAD) or the host metric 'Percentage CPU'.");
                }
                else if (metric.IsTableCounter && ext == null && c.Input.Ama.AgentType != null)
                {
                    var ns = MetricCatalog.GuestNamespaceFor(scaleSetOs);
                    problems.Add($"The rule metric '{name}' has no metricNamespace: the scale set's {c.Input.Ama.AgentType} sends guest counters to '{ns}', and without it the service rejects the rule as UnsupportedMetric (AzureMonitorAgent: MetricNamespaceMissing).");
                }
                else if (metric.IsTableCounter && ext == null)
                {
                    problems.Add($"The rule metric '{name}' is a guest counter, but the scale set has no diagnostics extension to write it. Install the extension or use the host metric 'Percentage CPU'.");
                }
            }

            if (problems.Count > 0)
            {
                return c.SetsCondition(
                    c.Make(Check, GuideSteps.Wiring, FindingStatus.Fail, DiagnosisSeverity.Critical, problems[0], evidence.Concat(problems.Skip(1)),
                        "Change the rule's metricName to the agent's counterSpecifier.",
                        ConditionReasons.UnsupportedMetric),
                    DiagnosisCondition.ScalingActive,
                    ConditionStatus.False);
            }

            return c.Make(Check, GuideSteps.Wiring, FindingStatus.Pass, DiagnosisSeverity.Info, "Every rule's metric name is one this scale set's OS and agent can emit.", evidence);
        }

        public static Finding ThresholdGap(DiagnosisContext c)
        {
            const string Check = "ThresholdGap";
            var profile = c.Profile;
            if (profile == null || profile.Rules.Count == 0)
            {
                return c.Make(Check, GuideSteps.Gap, FindingStatus.Skipped, DiagnosisSeverity.Info, "No active profile with rules: there are no thresholds to compare.");
            }

            var evidence = new List<string>();
            var outs = profile.Rules.Where(r => r.ScaleDirection == ScaleDirection.Increase).ToList();
            var ins = profile.Rules.Where(r => r.ScaleDirection == ScaleDirection.Decrease).ToList();
            foreach (var inRule in ins)
            {
                foreach (var outRule in outs.Where(o => string.Equals(o.MetricName, inRule.MetricName, StringComparison.Ordinal)))
                {
                    evidence.Add($"'{inRule.MetricName}': out {ScaleRule.OperatorSymbol(outRule.MetricTrigger.ComparisonOperator)} {Num(outRule.MetricTrigger.Threshold)}, in {ScaleRule.OperatorSymbol(inRule.MetricTrigger.ComparisonOperator)} {Num(inRule.MetricTrigger.Threshold)}.");
                    if (Overlap(outRule.MetricTrigger, inRule.MetricTrigger))
                    {
                        return c.SetsCondition(c.Make(Check, GuideSteps.Gap, FindingStatus.Fail, DiagnosisSeverity.High,
                            // A first sentence short enough to be the headline, so the view says it once.
                            $"The thresholds leave no gap. On '{inRule.MetricName}' (out {ScaleRule.OperatorSymbol(outRule.MetricTrigger.ComparisonOperator)} {Num(outRule.MetricTrigger.Threshold)}, in {ScaleRule.OperatorSymbol(inRule.MetricTrigger.ComparisonOperator)} {Num(inRule.MetricTrigger.Threshold)}) "
                            + "every scale-in would trigger a scale-out, so scale-in is deferred and the set stays large.",
                            evidence, "Separate the thresholds by more than the per-instance change a scale-in causes (e.g. out > 70, in < 30).", ConditionReasons.FlappingSuppressed), DiagnosisCondition.ScalingLimited, ConditionStatus.True);
                    }
                }
            }

            var capacity = Math.Max(c.ScaleSet.Capacity, profile.Capacity.Minimum + 1);
            var flapping = FlappingEstimator.ProjectProfile(profile, capacity, c.Input.Options.Engine).Where(p => p.BoundaryFlaps).ToList();
            if (flapping.Count > 0)
            {
                var p = flapping[0];
                evidence.AddRange(flapping.Select(f => f.Reason));
                return c.SetsCondition(
                    c.Make(Check, GuideSteps.Gap, p.EveryScaleInFlaps ? FindingStatus.Fail : FindingStatus.Warn, DiagnosisSeverity.Medium,
                        p.Reason, evidence, "Widen the gap between the scale-in and scale-out thresholds so a scale-in does not project above the scale-out threshold.", ConditionReasons.FlappingSuppressed),
                    DiagnosisCondition.ScalingLimited,
                    ConditionStatus.True);
            }

            var unpaired = outs.Where(o => ins.Count > 0 && !ins.Any(i => string.Equals(i.MetricName, o.MetricName, StringComparison.Ordinal))).ToList();
            if (unpaired.Count > 0)
            {
                return c.Make(Check, GuideSteps.Gap, FindingStatus.Warn, DiagnosisSeverity.Low,
                    $"The scale-out rule on '{unpaired[0].MetricName}' has no scale-in rule on the same metric: scale-in on another metric can undo its scale-outs (flapping).",
                    evidence, "Pair every scale-out metric with a scale-in rule on the same metric.");
            }

            if (ins.Count == 0)
            {
                return c.Make(Check, GuideSteps.Gap, FindingStatus.Pass, DiagnosisSeverity.Info, "The profile has no scale-in rule, so it cannot flap (it never scales in on load either).", evidence);
            }

            return c.Make(Check, GuideSteps.Gap, FindingStatus.Pass, DiagnosisSeverity.Info,
                $"The scale-out and scale-in thresholds are far enough apart at {capacity} instances: a scale-in does not project above the scale-out threshold.", evidence);
        }

        /// <summary>A rule reads the scale set's own metrics (no metricResourceUri, or the setting's target or the scale set itself).</summary>
        internal static bool IsOwn(DiagnosisContext c, ScaleRule rule)
        {
            var uri = rule.MetricTrigger.MetricResourceUri;
            return string.IsNullOrEmpty(uri) || ResourceIds.AreEqual(uri, c.ScaleSet.ResourceId) || ResourceIds.AreEqual(uri, c.Setting?.TargetResourceUri);
        }

        private static string LinuxName(string windowsName, DiagnosticsConfiguration? ext)
        {
            var cpu = MetricCatalog.IsCpu(windowsName);
            if (ext != null && ext.Counters.Count > 0)
            {
                var match = ext.Counters.FirstOrDefault(x => cpu && MetricCatalog.IsCpu(x));
                if (match != null)
                {
                    return $"'{match}' (what this scale set's {ext.Kind} extension collects)";
                }
            }

            if (!cpu)
            {
                return "the LAD counter name";
            }

            return ext != null && ext.Kind.StartsWith("LAD 3", StringComparison.OrdinalIgnoreCase) ? "'/builtin/processor/percentprocessortime'" : "'\\Processor\\PercentProcessorTime'";
        }

        // For a high out-threshold and a low in-threshold: no value may satisfy both, and the boundaries must not touch.
        private static bool Overlap(MetricTrigger o, MetricTrigger i)
        {
            var outHigh = o.ComparisonOperator == ComparisonOperator.GreaterThan || o.ComparisonOperator == ComparisonOperator.GreaterThanOrEqual;
            var inLow = i.ComparisonOperator == ComparisonOperator.LessThan || i.ComparisonOperator == ComparisonOperator.LessThanOrEqual;
            return outHigh && inLow && i.Threshold >= o.Threshold;
        }
    }
}
