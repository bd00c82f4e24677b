using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Sources.Sampling;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// The guide's "is the agent emitting the data autoscale reads?" for the Azure Monitor Agent:
    /// agent, managed identity, data collection rule association, the counter in the rule, a
    /// destination autoscale can read (Azure Monitor Metrics, not Log Analytics alone), the rule's
    /// metricNamespace, and instances that are silent or late. One reason code per answer
    /// (AmaReason); the first problem on the path is the one reported, the others are evidence.
    /// </summary>
    public static class AmaChecks
    {
        public const string Check = "AzureMonitorAgent";

        /// <summary>True when every rule on the scale set's own metrics reads an AMA guest metric: this check, not the WAD/LAD one, speaks for their data.</summary>
        public static bool CoversAllRules(DiagnosisContext c)
        {
            var own = OwnRules(c);
            return own.Count > 0 && own.All(r => SamplePlanner.IsGuestNamespace(r.MetricTrigger.MetricNamespace));
        }

        public static Finding AzureMonitorAgent(DiagnosisContext c)
        {
            var ama = c.Input.Ama;
            var rules = OwnRules(c);
            var guestRules = rules.Where(r => SamplePlanner.IsGuestNamespace(r.MetricTrigger.MetricNamespace)).ToList();

            // A rule without the guest namespace on a counter only the agent writes: a counter path, or a counter its rules collect.
            var unqualified = ama.AgentType != null && c.Input.DiagnosticsConfiguration == null
                ? rules.Where(r => !SamplePlanner.IsGuestNamespace(r.MetricTrigger.MetricNamespace)
                    && (SamplePlanner.IsTableCounter(r.MetricName) || ama.CountersCollected.Any(counter => SameCounter(counter, r.MetricName)))).ToList()
                : new List<ScaleRule>();
            if (guestRules.Count == 0 && unqualified.Count == 0)
            {
                return c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Skipped, DiagnosisSeverity.Info,
                    ama.AgentType == null ? "No rule reads an Azure Monitor Agent guest metric, and the scale set runs no such agent." : $"The scale set runs {ama.AgentType}, but no rule reads one of its guest metrics.");
            }

            var evidence = new List<string>
            {
                $"Agent: {ama.AgentType ?? "none"}; managed identity: {ama.IdentityType ?? "none"}; data collection rules: {(ama.Rules.Count == 0 ? "none" : string.Join(", ", ama.Rules.Select(r => r["name"]?.StringValue)))}.",
                $"Counters sent to Azure Monitor Metrics: {(ama.CountersToMetrics.Count == 0 ? "none" : string.Join(", ", ama.CountersToMetrics))}.",
            };
            Finding Fail(string reason, string summary, string fix) =>
                c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Fail, DiagnosisSeverity.Critical, $"{reason}: {summary}", evidence, fix, reason);

            if (unqualified.Count > 0)
            {
                var ns = string.Equals(c.ScaleSet.OsType, "Windows", StringComparison.OrdinalIgnoreCase) ? SamplePlanner.WindowsGuestNamespace : SamplePlanner.LinuxGuestNamespace;
                return Fail(AmaReason.MetricNamespaceMissing,
                    $"the rule on '{unqualified[0].MetricName}' has no metricNamespace; guest counters of the Azure Monitor Agent live in '{ns}', and the service rejects the rule as UnsupportedMetric.",
                    $"Set the rule's metricNamespace to '{ns}'.");
            }

            if (ama.AgentType == null)
            {
                return Fail(AmaReason.NoAgent, $"the rules read '{guestRules[0].MetricName}' from {guestRules[0].MetricTrigger.MetricNamespace}, but the scale set runs no Azure Monitor Agent to send it.",
                    "Add the AzureMonitorWindowsAgent or AzureMonitorLinuxAgent extension (publisher Microsoft.Azure.Monitor) and a data collection rule that sends the counter to Azure Monitor Metrics.");
            }

            if (ama.IdentityType == null)
            {
                return Fail(AmaReason.AgentWithoutIdentity, $"{ama.AgentType} runs, but the scale set has no managed identity: the agent cannot authenticate to send data.",
                    "Enable a system-assigned (or assign a user-assigned) managed identity on the scale set, then update the instances.");
            }

            if (ama.Unavailable != null)
            {
                return c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Skipped, DiagnosisSeverity.Info, $"The data collection rules could not be read: {ama.Unavailable}.", evidence,
                    "Grant Reader (Microsoft.Insights/dataCollectionRules/read, dataCollectionRuleAssociations/read) to check the agent's configuration.");
            }

            if (ama.Rules.Count == 0)
            {
                return Fail(AmaReason.NoDataCollectionRule, $"{ama.AgentType} runs, but no data collection rule is associated with the scale set, so it collects nothing.",
                    "Associate a data collection rule (Microsoft.Insights/dataCollectionRuleAssociations on the scale set) that collects the counter and sends it to Azure Monitor Metrics.");
            }

            foreach (var rule in guestRules.Concat(unqualified))
            {
                if (!ama.CountersCollected.Any(counter => SameCounter(counter, rule.MetricName)))
                {
                    return Fail(AmaReason.CounterNotInDataCollectionRule, $"no associated data collection rule collects '{rule.MetricName}'.",
                        $"Add '{rule.MetricName}' to a performanceCounters data source of the data collection rule, or scale on a counter it collects.");
                }

                if (!ama.CountersToMetrics.Any(counter => SameCounter(counter, rule.MetricName)))
                {
                    return Fail(AmaReason.NoMetricsDestination, $"'{rule.MetricName}' is collected but sent only to Log Analytics; autoscale reads Azure Monitor Metrics.",
                        "Add an azureMonitorMetrics destination to the data collection rule and a dataFlow that sends the counter's stream (Microsoft-InsightsMetrics) to it.");
                }
            }

            // By metric name, not namespace: a bundle keeps the samples, and their names are the rules'.
            var names = new HashSet<string>(guestRules.Select(r => r.MetricName), StringComparer.OrdinalIgnoreCase);
            var mine = c.Input.Samples.Samples.Where(s => names.Contains(s.MetricName)).ToList();
            var newest = mine.GroupBy(s => s.Instance, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Max(s => s.Timestamp), StringComparer.OrdinalIgnoreCase);
            evidence.Add($"Instances with guest samples: {newest.Count} of {c.ScaleSet.Capacity}" + (newest.Count == 0 ? "." : ": " + string.Join(", ", newest.OrderBy(p => p.Key).Select(p => $"{p.Key} newest {DiagnosisContext.Time(p.Value)}")) + "."));
            if (c.Input.Samples.Unavailable == null && newest.Count < c.ScaleSet.Capacity)
            {
                return c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Warn, DiagnosisSeverity.High,
                    $"{AmaReason.SilentInstances}: {c.ScaleSet.Capacity - newest.Count} of {c.ScaleSet.Capacity} instances sent no guest metric in the period, although the configuration is right.", evidence,
                    "Check the agent's status on those instances (Get-VmssAutoscaleTarget) and that their managed identity can reach Azure Monitor.", AmaReason.SilentInstances);
            }

            var late = newest.Where(p => c.Input.Now - p.Value > c.Input.Options.SilentAfter).Select(p => p.Key).OrderBy(k => k, StringComparer.OrdinalIgnoreCase).ToList();
            if (late.Count > 0)
            {
                return c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Warn, DiagnosisSeverity.Medium,
                    $"{AmaReason.LaggingInstances}: {string.Join(", ", late)} sent nothing in the last {DiagnosisContext.Minutes(c.Input.Options.SilentAfter)}.", evidence,
                    "Check the agent on those instances; autoscale averages only the instances that report.", AmaReason.LaggingInstances);
            }

            return c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Pass, DiagnosisSeverity.Info,
                $"{ama.AgentType} with a managed identity sends the rules' counters to Azure Monitor Metrics, and every instance reports.", evidence, reason: AmaReason.Healthy);
        }

        private static List<ScaleRule> OwnRules(DiagnosisContext c) =>
            (c.Setting?.Profiles.SelectMany(p => p.Rules) ?? Enumerable.Empty<ScaleRule>())
                .Where(r => string.IsNullOrEmpty(r.MetricTrigger.MetricResourceUri) || ResourceIds.AreEqual(r.MetricTrigger.MetricResourceUri, c.ScaleSet.ResourceId) || ResourceIds.AreEqual(r.MetricTrigger.MetricResourceUri, c.Setting?.TargetResourceUri))
                .ToList();

        /// <summary>A rule's metric name and a DCR counter specifier name the same counter: equal ignoring case and a leading backslash (DCR specifiers are written with or without it).</summary>
        public static bool SameCounter(string counterSpecifier, string metricName) =>
            string.Equals(counterSpecifier.TrimStart('\\'), metricName.TrimStart('\\'), StringComparison.OrdinalIgnoreCase);
    }
}
