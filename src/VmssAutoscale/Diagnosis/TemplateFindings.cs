using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Templates;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>Turns the template checks' findings into diagnosis findings, for -TemplatePath and for the deployed setting.</summary>
    public static class TemplateFindings
    {
        /// <summary>Every template finding as one Finding (Error: Fail, Warning: Warn, Information: Pass), check "Template.&lt;rule&gt;".</summary>
        public static IReadOnlyList<Finding> FromTemplate(string path, ScaleSetInfo? scaleSet, int? cores)
        {
            var analysis = TemplateAnalyzer.Analyze(TemplateReader.ReadFile(path), new TemplateAnalysisOptions { CoresPerInstance = cores });
            var findings = analysis.Findings.Select(f => Map(f, "Template." + f.RuleName, GuideSteps.Template, scaleSet)).ToList();
            if (findings.Count == 0)
            {
                findings.Add(new Finding
                {
                    Check = "Template",
                    Step = GuideSteps.Template,
                    Status = FindingStatus.Pass,
                    Summary = $"The template '{System.IO.Path.GetFileName(path)}' passes every template check ({analysis.Settings.Count} autoscale setting(s)).",
                    VMScaleSetName = scaleSet?.VMScaleSetName,
                    ResourceGroupName = scaleSet?.ResourceGroupName,
                    ResourceId = scaleSet?.ResourceId,
                });
            }

            return findings;
        }

        /// <summary>The template rules that apply to a deployed setting, summed up in one finding.</summary>
        public static Finding DeployedSetting(DiagnosisContext c)
        {
            const string Check = "SettingRules";
            if (c.Setting is not AutoscaleSetting setting)
            {
                return c.Make(Check, GuideSteps.Wiring, FindingStatus.Skipped, DiagnosisSeverity.Info, "No autoscale setting: there are no setting rules to check.");
            }

            var found = TemplateAnalyzer.AnalyzeSetting(setting, new TemplateAnalysisOptions { CoresPerInstance = c.ScaleSet.VCpusPerInstance, ScaleSetCapacityLimit = c.ScaleSet.MaximumCapacity })
                .OrderByDescending(f => FindingSeverity.Rank(f.Severity))
                .ToList();
            var evidence = found.Select(f => $"{f.Severity} {f.RuleName}: {f.Message}").ToList();
            var worst = found.FirstOrDefault(f => f.Severity != FindingSeverity.Information);
            if (worst == null)
            {
                return c.Make(Check, GuideSteps.Wiring, FindingStatus.Pass, DiagnosisSeverity.Info, $"The deployed setting '{setting.Name}' passes the setting rules of the template checks.", evidence);
            }

            // The rule's first sentence says what is wrong; the rest of its message (the worked numbers) is in the evidence,
            // beside the other rules' findings: the summary names the defect, the checks that replay the engine show its effect.
            var what = ConsoleText.Sentences(worst.Message).FirstOrDefault() ?? worst.Message;
            return c.Make(Check, GuideSteps.Wiring, worst.Severity == FindingSeverity.Error ? FindingStatus.Fail : FindingStatus.Warn,
                worst.Severity == FindingSeverity.Error ? DiagnosisSeverity.High : DiagnosisSeverity.Low,
                $"{worst.RuleName}: {what}", evidence, worst.Remediation);
        }

        private static Finding Map(TemplateFinding f, string check, string step, ScaleSetInfo? scaleSet) => new Finding
        {
            Check = check,
            Step = step,
            Status = f.Severity == FindingSeverity.Error ? FindingStatus.Fail : f.Severity == FindingSeverity.Warning ? FindingStatus.Warn : FindingStatus.Pass,
            Severity = f.Severity == FindingSeverity.Error ? DiagnosisSeverity.High : f.Severity == FindingSeverity.Warning ? DiagnosisSeverity.Low : DiagnosisSeverity.Info,
            Summary = f.Message,
            Evidence = new[] { $"{f.Source}{(f.Line > 0 ? ":" + f.Line : string.Empty)} {f.Path} ({f.ResourceType} {f.ResourceName})" },
            Remediation = f.Remediation,
            VMScaleSetName = scaleSet?.VMScaleSetName,
            ResourceGroupName = scaleSet?.ResourceGroupName,
            ResourceId = scaleSet?.ResourceId,
        };
    }
}
