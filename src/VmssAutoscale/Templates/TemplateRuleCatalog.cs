using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Templates
{
    /// <summary>One template rule: its stable name, the most severe finding it reports, whether it runs on a setting alone, and one line saying what it finds.</summary>
    public sealed class TemplateRule
    {
        public TemplateRule(string ruleName, string severity, bool settingOnly, string summary)
        {
            RuleName = ruleName;
            Severity = severity;
            SettingOnly = settingOnly;
            Summary = summary;
        }

        public string RuleName { get; }

        /// <summary>The most severe finding the rule reports; some findings of the same rule are milder (see the rule's section in about_VmssAutoscale_TemplateRules).</summary>
        public string Severity { get; }

        /// <summary>True when the rule also runs on settings piped from Get-VmssAutoscaleSetting, with no template.</summary>
        public bool SettingOnly { get; }

        public string Summary { get; }

        /// <summary>
        /// Where the rule is explained, as a command that works where the module is installed: the
        /// about topic the module ships and the rule's section in it (a .md link pointed at a file
        /// the installed module does not have).
        /// </summary>
        public string HelpLink => $"Get-Help {TemplateRuleCatalog.HelpTopic} (section {RuleName})";

        public override string ToString() => RuleName;
    }

    /// <summary>
    /// Every rule Test-VmssAutoscaleTemplate can report, one entry per rule (the way PSScriptAnalyzer
    /// lists its rules). A check can only report a registered rule (FindingSink refuses any other),
    /// the rule-pair tests take their list from here, and the documentation tests require a section
    /// per entry in about_VmssAutoscale_TemplateRules and a line in Test-VmssAutoscaleTemplate's page,
    /// so a rule cannot ship untested or undocumented. To add a rule: add one line here, a
    /// &lt;Rule&gt;.bad.json / &lt;Rule&gt;.good.json pair in tests/fixtures/templates, and its section.
    /// </summary>
    public static class TemplateRuleCatalog
    {
        /// <summary>The about topic the module ships with a section per rule.</summary>
        public const string HelpTopic = "about_VmssAutoscale_TemplateRules";

        public static IReadOnlyList<TemplateRule> Rules { get; } = new[]
        {
            new TemplateRule("AutoscaleTargetNotFound", FindingSeverity.Error, false, "targetResourceUri names no scale set the template deploys."),
            new TemplateRule("MetricResourceMismatch", FindingSeverity.Warning, true, "A rule reads its metric from a resource other than the target scale set."),
            new TemplateRule("GuestMetricWrongOs", FindingSeverity.Error, false, "A Windows counter on a Linux scale set, or a Linux counter on a Windows one."),
            new TemplateRule("UnknownMetricName", FindingSeverity.Error, true, "The metric is neither a scale set host metric nor a counter the diagnostics extension collects."),
            new TemplateRule("DiagnosticsExtensionMissing", FindingSeverity.Error, false, "A rule uses a guest counter but the scale set has no diagnostics extension."),
            new TemplateRule("DiagnosticsStorageMismatch", FindingSeverity.Error, false, "The diagnostics extension's storage account, key and SAS do not name one account."),
            new TemplateRule("CounterNotCollected", FindingSeverity.Error, false, "The extension does not collect the rule's counter, or does not write it for the rule's resource."),
            new TemplateRule("ThresholdsTooClose", FindingSeverity.Warning, true, "The scale-in and scale-out thresholds are so close that the flapping estimate defers scale-in."),
            new TemplateRule("CapacityInvalid", FindingSeverity.Error, true, "Minimum, maximum and default capacities are inconsistent or out of range."),
            new TemplateRule("InitialCapacityOutsideRange", FindingSeverity.Warning, false, "The scale set's initial capacity lies outside the default profile's range."),
            new TemplateRule("RuleDurationOutOfRange", FindingSeverity.Error, true, "timeGrain, timeWindow or cooldown outside what the service accepts."),
            new TemplateRule("OneWayScaling", FindingSeverity.Warning, true, "A profile scales only out or only in."),
            new TemplateRule("DirectionContradictsOperator", FindingSeverity.Warning, true, "A rule scales out when the metric falls, or in when it rises."),
            new TemplateRule("AutoscaleDisabled", FindingSeverity.Warning, true, "The setting has enabled = false."),
            new TemplateRule("MissingDependsOn", FindingSeverity.Error, false, "The setting does not depend on the scale set it targets."),
            new TemplateRule("UnreachableThreshold", FindingSeverity.Error, true, "A threshold the metric can never reach."),
            new TemplateRule("TooManyProfilesOrRules", FindingSeverity.Error, true, "More than 20 profiles, or more than 10 rules in a profile."),
            new TemplateRule("SecretInTemplate", FindingSeverity.Error, false, "A literal key, SAS token or password in the template."),
            new TemplateRule("PredictiveNeedsCpuRule", FindingSeverity.Warning, true, "Predictive autoscale is on but no scale-out rule uses Percentage CPU with Average."),
            new TemplateRule("GuestMetricWithoutAgent", FindingSeverity.Error, false, "A rule reads an Azure Monitor Agent guest metric namespace but the scale set runs no Azure Monitor Agent."),
            new TemplateRule("AgentWithoutIdentity", FindingSeverity.Error, false, "The scale set runs the Azure Monitor Agent for a rule's guest metric but has no managed identity."),
            new TemplateRule("GuestMetricNamespaceMissing", FindingSeverity.Error, false, "A rule on a guest counter of an Azure Monitor Agent scale set has no metricNamespace."),
            new TemplateRule("CounterNotSentToMetrics", FindingSeverity.Error, false, "No data collection rule the template associates with the scale set sends the rule's counter to Azure Monitor Metrics."),
            new TemplateRule("FixedDateTooLong", FindingSeverity.Error, true, "A fixedDate profile runs longer than 365 days."),
            new TemplateRule("ScaleActionValueBelowOne", FindingSeverity.Error, true, "A rule's scaleAction value is below 1."),
            new TemplateRule("MultipleDefaultProfiles", FindingSeverity.Error, true, "More than one profile has neither fixedDate nor recurrence."),
        };

        private static readonly Dictionary<string, TemplateRule> ByName = Rules.ToDictionary(r => r.RuleName, StringComparer.Ordinal);

        /// <summary>The registered rule; throws for a name no entry registers (a check that reports an unregistered rule is a bug).</summary>
        public static TemplateRule Get(string ruleName) =>
            ByName.TryGetValue(ruleName, out var rule)
                ? rule
                : throw new InvalidOperationException($"Template rule '{ruleName}' is not registered in TemplateRuleCatalog.");
    }
}
