using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Sources.Sampling;

namespace VmssAutoscale.Templates
{
    /// <summary>
    /// The Azure Monitor Agent wiring in a template, the same path Debug-VmssAutoscale's
    /// AzureMonitorAgent check follows live: a rule on a guest metric namespace needs the agent
    /// extension, the agent needs a managed identity, the counter needs a metricNamespace, and a
    /// data collection rule the template associates with the scale set must send the counter to
    /// Azure Monitor Metrics (autoscale cannot read Log Analytics). Shapes: Microsoft.Insights
    /// 2022-06-01 dataCollectionRules and dataCollectionRuleAssociations (an extension resource whose
    /// scope is the scale set), Azure/azure-rest-api-specs specification/monitor/resource-manager/
    /// Microsoft.Insights/stable/2022-06-01/dataCollectionRules_API.json.
    /// </summary>
    internal static class AgentChecks
    {
        public static void Run(SettingUnderTest s, ScaleSetView? target, EvaluatedTemplate template, FindingSink sink)
        {
            if (target == null)
            {
                return;
            }

            var identityReported = false;
            for (var p = 0; p < s.Setting.Profiles.Count; p++)
            {
                var profile = s.Setting.Profiles[p];
                for (var r = 0; r < profile.Rules.Count; r++)
                {
                    var rule = profile.Rules[r];
                    var metricUri = rule.MetricTrigger.MetricResourceUri;
                    if (!string.IsNullOrEmpty(metricUri) && SymbolTable.IdKey(metricUri!) != SymbolTable.IdKey(target.Resource.Id))
                    {
                        continue;
                    }

                    var label = $"Rule {r + 1} of profile '{profile.Name}'";
                    var trigger = s.RuleNode(p, r)?["metricTrigger"];
                    if (!MetricCatalog.IsGuestNamespace(rule.MetricTrigger.MetricNamespace))
                    {
                        // A counter path without a namespace on a scale set that only runs the agent: the service looks in the host metrics.
                        var metric = MetricCatalog.Classify(rule.MetricName);
                        if (target.AgentExtension != null && target.Diagnostics.Count == 0 && (metric.IsTableCounter || metric.Kind == MetricKind.AgentGuestMetric))
                        {
                            var ns = MetricCatalog.GuestNamespaceFor(metric.Kind == MetricKind.AgentGuestMetric ? metric.Os : target.Os);
                            sink.Add("GuestMetricNamespaceMissing", FindingSeverity.Error,
                                $"{label} reads the guest counter '{rule.MetricName}' without a metricNamespace; scale set '{SymbolTable.Display(target.Name)}' sends it through the Azure Monitor Agent to '{ns}', and the service rejects the rule as UnsupportedMetric.",
                                $"Set the rule's metricNamespace to '{ns}'.", s, trigger?["metricNamespace"] ?? trigger?["metricName"]);
                        }

                        continue;
                    }

                    if (target.AgentExtension == null)
                    {
                        sink.Add("GuestMetricWithoutAgent", FindingSeverity.Error,
                            $"{label} reads '{rule.MetricName}' from {rule.MetricTrigger.MetricNamespace}, but scale set '{SymbolTable.Display(target.Name)}' runs no Azure Monitor Agent (AzureMonitorWindowsAgent or AzureMonitorLinuxAgent), so nothing sends that metric.",
                            "Add the Azure Monitor Agent extension (publisher Microsoft.Azure.Monitor) and a data collection rule that sends the counter to Azure Monitor Metrics.", s, trigger?["metricNamespace"]);
                        continue;
                    }

                    if (target.IdentityType == null)
                    {
                        if (!identityReported)
                        {
                            identityReported = true;
                            sink.Add("AgentWithoutIdentity", FindingSeverity.Error,
                                $"Scale set '{SymbolTable.Display(target.Name)}' runs the Azure Monitor Agent for {label.ToLowerInvariant()}'s '{rule.MetricName}', but has no managed identity: the agent cannot authenticate to send data.",
                                "Add \"identity\": { \"type\": \"SystemAssigned\" } (or a user-assigned identity) to the scale set.", target.Name, target.Resource.Type, target.Resource.Source);
                        }

                        continue;
                    }

                    CheckDataCollection(label, rule, trigger, target, template, s, sink);
                }
            }
        }

        /// <summary>Judged only when the template deploys the associated data collection rules; rules deployed elsewhere are checked live.</summary>
        private static void CheckDataCollection(string label, ScaleRule rule, JsonNode? trigger, ScaleSetView target, EvaluatedTemplate template, SettingUnderTest s, FindingSink sink)
        {
            var ruleIds = template.Resources
                .Where(r => r.IsType("Microsoft.Insights/dataCollectionRuleAssociations") && Scopes(r, target))
                .Select(r => r.Node["properties"]?["dataCollectionRuleId"]?.StringValue)
                .Where(id => !string.IsNullOrEmpty(id))
                .Select(id => SymbolTable.IdKey(id!))
                .ToList();
            var rules = template.Resources
                .Where(r => r.IsType("Microsoft.Insights/dataCollectionRules") && ruleIds.Contains(SymbolTable.IdKey(r.Id)))
                .Select(r => r.Node)
                .ToList();
            if (rules.Count == 0)
            {
                return;
            }

            var config = new AmaConfiguration { Rules = rules };
            var names = string.Join(", ", rules.Select(r => SymbolTable.Display(r["name"]?.StringValue ?? "?")));
            if (!config.CountersCollected.Any(c => MetricCatalog.SameAgentCounter(c, rule.MetricName)))
            {
                sink.Add("CounterNotSentToMetrics", FindingSeverity.Error,
                    $"{label} reads '{rule.MetricName}', but no data collection rule associated with scale set '{SymbolTable.Display(target.Name)}' ({names}) collects it, so the guest metric has no data.",
                    $"Add '{MetricCatalog.DcrCounterFor(rule.MetricName)}' to the counterSpecifiers of a performanceCounters data source that flows to an azureMonitorMetrics destination.", s, trigger?["metricName"]);
            }
            else if (!config.CountersToMetrics.Any(c => MetricCatalog.SameAgentCounter(c, rule.MetricName)))
            {
                sink.Add("CounterNotSentToMetrics", FindingSeverity.Error,
                    $"{label} reads '{rule.MetricName}', which data collection rule {names} collects but sends only to Log Analytics; autoscale reads Azure Monitor Metrics, so the rule has no data.",
                    "Add an azureMonitorMetrics destination and a dataFlow that sends the counter's stream (Microsoft-InsightsMetrics) to it.", s, trigger?["metricName"]);
            }
        }

        /// <summary>The association's scope is the scale set: its resource ID, or the relative Microsoft.Compute/virtualMachineScaleSets/name form.</summary>
        private static bool Scopes(TemplateResource association, ScaleSetView target)
        {
            var scope = association.Node["scope"]?.StringValue;
            if (string.IsNullOrEmpty(scope))
            {
                return false;
            }

            return SymbolTable.IdKey(scope!) == SymbolTable.IdKey(target.Resource.Id)
                || scope!.TrimEnd('/').EndsWith("virtualMachineScaleSets/" + target.Name, StringComparison.OrdinalIgnoreCase);
        }
    }
}
