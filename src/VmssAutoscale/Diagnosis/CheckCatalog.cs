using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>One Debug-VmssAutoscale check: its stable name, the guide step it answers, the inputs it reads, where it is documented, and how it runs.</summary>
    public sealed class DiagnosisCheck
    {
        public DiagnosisCheck(string name, string step, IReadOnlyList<string> reads, Func<DiagnosisContext, Finding> run)
        {
            Name = name;
            Step = step;
            Reads = reads;
            Run = run;
        }

        /// <summary>The Finding.Check value, stable for scripts.</summary>
        public string Name { get; }

        /// <summary>The troubleshooting guide's question (GuideSteps), Finding.Step.</summary>
        public string Step { get; }

        /// <summary>The DiagnosisInput members the check reads (Settings, Samples, Events, Ama, ...).</summary>
        public IReadOnlyList<string> Reads { get; }

        /// <summary>Where the check is explained: its section of about_VmssAutoscale_Checks (Get-Help about_VmssAutoscale_Checks).</summary>
        public string HelpLink => "about_VmssAutoscale_Checks.md#" + Name.ToLowerInvariant();

        public Func<DiagnosisContext, Finding> Run { get; }

        public override string ToString() => Name;
    }

    /// <summary>
    /// Every check Debug-VmssAutoscale runs, in the guide's order, one entry per check (the way
    /// TemplateRuleCatalog lists the template rules). Diagnoser runs exactly this list; the catalog
    /// tests require a section per entry in about_VmssAutoscale_Checks and a test that names the
    /// check, and refuse a finding whose Check no entry registers. To add a check: one line here,
    /// its function (which sets the conditions it decides with DiagnosisContext.SetCondition), its
    /// section, and its test.
    /// </summary>
    public static class CheckCatalog
    {
        public static IReadOnlyList<DiagnosisCheck> Checks { get; } = new[]
        {
            new DiagnosisCheck("AutoscaleSetting", GuideSteps.Rules, new[] { "Settings", "Now" }, RuleChecks.AutoscaleSetting),
            new DiagnosisCheck("MetricName", GuideSteps.Wiring, new[] { "Settings", "ScaleSet", "DiagnosticsConfiguration", "Ama" }, RuleChecks.MetricNames),
            new DiagnosisCheck("SettingRules", GuideSteps.Wiring, new[] { "Settings" }, TemplateFindings.DeployedSetting),
            new DiagnosisCheck("DiagnosticsData", GuideSteps.Diagnostics, new[] { "Samples", "DiagnosticsConfiguration", "Guide" }, c => InstanceChecks.DiagnosticsData(c, LoadChecks.DiagnosticsData(c))),
            new DiagnosisCheck(AmaChecks.Check, GuideSteps.Diagnostics, new[] { "Ama", "Settings", "Samples" }, AmaChecks.AzureMonitorAgent),
            new DiagnosisCheck("CoresVersusThreshold", GuideSteps.Cores, new[] { "Settings", "ScaleSet", "Samples" }, LoadChecks.Cores),
            new DiagnosisCheck("AverageAcrossInstances", GuideSteps.Average, new[] { "Settings", "Samples", "Events" }, LoadChecks.AverageAcrossInstances),
            new DiagnosisCheck(ServiceAgreementChecks.Check, GuideSteps.Average, new[] { "RunHistory", "Samples" }, ServiceAgreementChecks.ServiceAgreement),
            new DiagnosisCheck("ScaleEvents", GuideSteps.Events, new[] { "Events", "Guide" }, HistoryChecks.ScaleEvents),
            new DiagnosisCheck(CapacityWriterChecks.Check, GuideSteps.Events, new[] { "Events" }, CapacityWriterChecks.CapacityWriters),
            new DiagnosisCheck("ThresholdGap", GuideSteps.Gap, new[] { "Settings", "ScaleSet" }, RuleChecks.ThresholdGap),
            new DiagnosisCheck("ScaleSetState", GuideSteps.State, new[] { "ScaleSet", "Guide" }, c => InstanceChecks.ScaleSetState(c, HistoryChecks.ScaleSetState(c))),
            new DiagnosisCheck(HeadroomChecks.Check, GuideSteps.State, new[] { "ScaleSetJson", "Reads" }, HeadroomChecks.Headroom),
            new DiagnosisCheck("Notifications", GuideSteps.Notifications, new[] { "Settings", "ActivityLog" }, NotificationChecks.Notifications),
            new DiagnosisCheck("AzureStatus", GuideSteps.AzureStatus, new[] { "Guide" }, AzureStatusChecks.AzureStatus),
        };

        private static readonly Dictionary<string, DiagnosisCheck> ByName = Checks.ToDictionary(c => c.Name, StringComparer.Ordinal);

        /// <summary>The registered check; throws for a name no entry registers.</summary>
        public static DiagnosisCheck Get(string name) =>
            ByName.TryGetValue(name, out var check)
                ? check
                : throw new InvalidOperationException($"Check '{name}' is not registered in CheckCatalog.");

        /// <summary>Runs every check in the guide's order (CheckCatalogTests hold each finding to its entry's name and step).</summary>
        public static IReadOnlyList<Finding> RunAll(DiagnosisContext c) => Checks.Select(check => check.Run(c)).ToList();
    }
}
