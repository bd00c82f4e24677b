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
            return own.Count > 0 && own.All(r => MetricCatalog.IsGuestNamespace(r.MetricTrigger.MetricNamespace));
        }

        public static Finding AzureMonitorAgent(DiagnosisContext c)
        {
            var ama = c.Input.Ama;
            var rules = OwnRules(c);
            var guestRules = rules.Where(r => MetricCatalog.IsGuestNamespace(r.MetricTrigger.MetricNamespace)).ToList();

            // A rule without the guest namespace on a counter only the agent writes: a counter path, a Linux guest metric name, or a counter its rules collect.
            var unqualified = ama.AgentType != null && c.Input.DiagnosticsConfiguration == null
                ? rules.Where(r => !MetricCatalog.IsGuestNamespace(r.MetricTrigger.MetricNamespace)
                    && (MetricCatalog.Classify(r.MetricName).Kind != MetricKind.HostMetric && MetricCatalog.Classify(r.MetricName).Kind != MetricKind.Custom
                        || ama.CountersCollected.Any(counter => MetricCatalog.SameAgentCounter(counter, r.MetricName)))).ToList()
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
            // Every break on the agent's path leaves the rule without data; a rule without metricNamespace is one the service rejects.
            Finding Fail(string reason, string summary, string fix)
            {
                var finding = c.Make(Check, GuideSteps.Diagnostics, FindingStatus.Fail, DiagnosisSeverity.Critical, $"{reason}: {summary}", evidence, fix, reason);
                c.SetCondition(DiagnosisCondition.ScalingActive, ConditionStatus.False, reason == AmaReason.MetricNamespaceMissing ? ConditionReasons.UnsupportedMetric : ConditionReasons.MetricUnavailable, finding.Summary);
                return finding;
            }

            if (unqualified.Count > 0)
            {
                var named = MetricCatalog.Classify(unqualified[0].MetricName);
                var ns = MetricCatalog.GuestNamespaceFor(named.Kind == MetricKind.AgentGuestMetric ? named.Os : MetricCatalog.OsOf(c.ScaleSet.OsType) == GuestOs.Windows ? GuestOs.Windows : GuestOs.Linux);
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
                // Collected first, then sent to Metrics: a counter the rule collects for Log Analytics only is NoMetricsDestination, whatever its name in the metrics namespace.
                var counter = MetricCatalog.DcrCounterFor(rule.MetricName);
                var also = string.Equals(counter, rule.MetricName.Trim(), StringComparison.Ordinal) ? string.Empty : $" (the data collection rule's name for '{rule.MetricName}')";
                if (!ama.CountersCollected.Any(collected => MetricCatalog.SameAgentCounter(collected, rule.MetricName)))
                {
                    return Fail(AmaReason.CounterNotInDataCollectionRule, $"no associated data collection rule collects '{rule.MetricName}'{(also.Length == 0 ? string.Empty : $" (as '{counter}')")}.",
                        $"Add '{counter}'{also} to a performanceCounters data source of the data collection rule that flows to an azureMonitorMetrics destination, or scale on a counter it collects.");
                }

                if (!ama.CountersToMetrics.Any(sent => MetricCatalog.SameAgentCounter(sent, rule.MetricName)))
                {
                    var collectedAs = ama.CountersCollected.First(collected => MetricCatalog.SameAgentCounter(collected, rule.MetricName));
                    return Fail(AmaReason.NoMetricsDestination, $"'{rule.MetricName}' is collected ('{collectedAs}') but sent only to Log Analytics; autoscale reads Azure Monitor Metrics.",
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
    }
}
