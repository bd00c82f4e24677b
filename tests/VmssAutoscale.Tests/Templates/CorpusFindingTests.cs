using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using VmssAutoscale.Templates;

namespace VmssAutoscale.Tests.Templates
{
    /// <summary>
    /// What each public template should and should not be told: the Azure/azure-quickstart-templates
    /// versions named by folder and commit in each row (the optional corpus, TestFiles.CorpusRoot),
    /// whose defects were read from those commits. Analysed with their parameters file, except lansa@08e40199d whose file is not
    /// strict JSON. Each row is the exact set of rule names expected; everything else must be absent.
    /// </summary>
    public class CorpusFindingTests
    {
        public static IEnumerable<object[]> Expectations() => new[]
        {
            // 50/50 identical thresholds: the flapping article's example. The WAD Metrics resourceId uses the raw
            // vmssName while metricResourceUri uses toLower(vmssName): same resource, different case (Information).
            Row("201-vmss-automation-dsc__3c12b59ea__azuredeploy.json", "ThresholdsTooClose:Warning", "CounterNotCollected:Information"),
            Row("201-vmss-automation-dsc__86042b08a__azuredeploy.json"),
            Row("201-vmss-bottle-autoscale__945b2570b__azuredeploy.json"),
            Row("201-vmss-lapstack-autoscale__1be626f48__azuredeploy.json"),
            Row("201-vmss-lapstack-autoscale__4c3553e21__azuredeploy.json", "ThresholdsTooClose:Information"),
            Row("201-vmss-lapstack-autoscale__67fd64c40__azuredeploy.json", "ThresholdsTooClose:Information"),
            Row("201-vmss-lapstack-autoscale__ad1118451__azuredeploy.json"),
            Row("201-vmss-linux-customimage-autoscale__6ceb68cde__azuredeploy.json", "ThresholdsTooClose:Information"),
            Row("201-vmss-scale-existing__1157ae5c9__azuredeploy.json"),
            Row("201-vmss-scale-existing__1157ae5c9__prereq.azuredeploy.json"),
            Row("201-vmss-ubuntu-autoscale__361c9060b__azuredeploy.json"),
            Row("201-vmss-ubuntu-autoscale__7dfbe7e88__azuredeploy.json", "OneWayScaling:Warning"),
            Row("201-vmss-windows-autoscale__d387418e0__azuredeploy.json"),
            Row("201-vmss-windows-webapp-dsc-autoscale__52fbd40a0__azuredeploy.json"),
            Row("201-vmss-windows-webapp-dsc-autoscale__7d537c176__azuredeploy.json"),
            Row("301-drupal8-vmss-glusterfs-mysql__e5b7a32b7__azuredeploy.json", "ThresholdsTooClose:Information"),
            Row("lansa-vmss-windows-autoscale-sql-database__08e40199d__azuredeploy.json"),
            // listkeys(...) without .key1: the agent gets an object instead of a key.
            Row("lansa-vmss-windows-autoscale-sql-database__85773280f__azuredeploy.json", "DiagnosticsStorageMismatch:Error"),
            Row("monitor-autoscale-vmss-simplemetricbased__1157ae5c9__azuredeploy.json"),
            Row("vmss-bottle-autoscale__670c815a8__azuredeploy.json"),
            Row("vmss-scale-existing__07fc27a23__azuredeploy.json"),
            Row("vmss-ubuntu-autoscale__258e1a6ae__azuredeploy.json"),
            Row("vmss-windows-autoscale__1bd4e31a3__azuredeploy.json"),
        };

        private static object[] Row(string name, params string[] expected) => new object[] { name, expected };

        private static TemplateAnalysis Analyze(string name)
        {
            var parameters = CorpusTemplates.ParametersPath(name);
            if (parameters != null && parameters.Contains("__08e40199d__"))
            {
                parameters = null;
            }

            return TemplateAnalyzer.Analyze(TemplateReader.ReadFile(CorpusTemplates.TemplatePath(name), parameters));
        }

        [CorpusTheory]
        [MemberData(nameof(Expectations))]
        public void FindingsAreExactlyTheExpectedOnes(string name, string[] expected)
        {
            var analysis = Analyze(name);
            var actual = analysis.Findings.Select(f => $"{f.RuleName}:{f.Severity}").Distinct().OrderBy(x => x).ToArray();
            Assert.Equal(expected.OrderBy(x => x).ToArray(), actual);
            Assert.All(analysis.Findings, f => Assert.True(f.Line > 0, $"{f.RuleName} has no line"));
            Assert.DoesNotContain(analysis.Findings, f => f.RuleName == "GuestMetricWrongOs");
        }

        [CorpusFact]
        public void EveryCorpusTemplateIsCovered()
        {
            var listed = Expectations().Select(r => (string)r[0]).ToList();
            var onDisk = CorpusTemplates.All().Select(r => (string)r[0]).ToList();
            Assert.Equal(onDisk.OrderBy(x => x), listed.OrderBy(x => x));
        }

        [CorpusFact]
        public void AutomationDscFlappingMessageNamesCapacityAndProjection()
        {
            var finding = Analyze("201-vmss-automation-dsc__3c12b59ea__azuredeploy.json").Findings.Single(f => f.RuleName == "ThresholdsTooClose");
            Assert.Contains("At 3 instances an average of 50", finding.Message);
            Assert.Contains("projects to 75 on 2 instances", finding.Message);
            Assert.Contains("scale in below 33.3", finding.Remediation);
        }

        [CorpusFact]
        public void BrokenLapstackCommitStillGetsItsAutoscaleChecked()
        {
            var analysis = Analyze("201-vmss-lapstack-autoscale__1be626f48__azuredeploy.json");
            Assert.Equal(133, Assert.Single(analysis.Errors).Line);
            Assert.Single(analysis.Settings);
        }

        public static IEnumerable<object[]> SettingCounts() => new[]
        {
            // template, settings, then "profiles/rules" per setting in template order
            Counts("201-vmss-automation-dsc__3c12b59ea__azuredeploy.json", "1/2"),
            Counts("201-vmss-automation-dsc__86042b08a__azuredeploy.json", "1/2"),
            Counts("201-vmss-bottle-autoscale__945b2570b__azuredeploy.json", "1/2"),
            Counts("201-vmss-lapstack-autoscale__1be626f48__azuredeploy.json", "1/2"),
            Counts("201-vmss-lapstack-autoscale__4c3553e21__azuredeploy.json", "1/2"),
            Counts("201-vmss-lapstack-autoscale__67fd64c40__azuredeploy.json", "1/2"),
            Counts("201-vmss-lapstack-autoscale__ad1118451__azuredeploy.json", "1/2"),
            Counts("201-vmss-linux-customimage-autoscale__6ceb68cde__azuredeploy.json", "1/2"),
            Counts("201-vmss-scale-existing__1157ae5c9__azuredeploy.json"),
            Counts("201-vmss-scale-existing__1157ae5c9__prereq.azuredeploy.json", "1/2"),
            Counts("201-vmss-ubuntu-autoscale__361c9060b__azuredeploy.json", "1/2"),
            Counts("201-vmss-ubuntu-autoscale__7dfbe7e88__azuredeploy.json", "1/1"),
            Counts("201-vmss-windows-autoscale__d387418e0__azuredeploy.json", "1/2"),
            Counts("201-vmss-windows-webapp-dsc-autoscale__52fbd40a0__azuredeploy.json", "1/2"),
            Counts("201-vmss-windows-webapp-dsc-autoscale__7d537c176__azuredeploy.json", "1/2"),
            Counts("301-drupal8-vmss-glusterfs-mysql__e5b7a32b7__azuredeploy.json", "1/2"),
            Counts("lansa-vmss-windows-autoscale-sql-database__08e40199d__azuredeploy.json", "1/2", "1/0"),
            Counts("lansa-vmss-windows-autoscale-sql-database__85773280f__azuredeploy.json", "1/0", "1/2"),
            Counts("monitor-autoscale-vmss-simplemetricbased__1157ae5c9__azuredeploy.json", "1/2"),
            Counts("vmss-bottle-autoscale__670c815a8__azuredeploy.json", "1/2"),
            Counts("vmss-scale-existing__07fc27a23__azuredeploy.json", "1/2"),
            Counts("vmss-ubuntu-autoscale__258e1a6ae__azuredeploy.json", "1/2"),
            Counts("vmss-windows-autoscale__1bd4e31a3__azuredeploy.json", "1/2"),
        };

        private static object[] Counts(string name, params string[] perSetting) => new object[] { name, perSetting };

        /// <summary>Get-VmssAutoscaleSetting -Path on a template: every autoscale resource parses after evaluation.</summary>
        [CorpusTheory]
        [MemberData(nameof(SettingCounts))]
        public void SettingDocumentReaderParsesEveryAutoscaleResource(string name, string[] perSetting)
        {
            var parameters = CorpusTemplates.ParametersPath(name);
            var text = System.IO.File.ReadAllText(CorpusTemplates.TemplatePath(name));
            IReadOnlyList<AutoscaleSetting> settings = parameters == null || parameters.Contains("__08e40199d__")
                ? SettingDocumentReader.Read(text, name)
                : SettingDocumentReader.ReadTemplate(VmssAutoscale.Json.JsonParser.Parse(text), name, VmssAutoscale.Json.JsonParser.Parse(System.IO.File.ReadAllText(parameters)), parameters);
            Assert.Equal(perSetting, settings.Select(s => $"{s.Profiles.Count}/{s.RuleCount}").ToArray());
            Assert.All(settings, s => Assert.All(s.Profiles, p => Assert.True(p.Capacity.Minimum <= p.Capacity.Maximum)));
        }
    }
}
