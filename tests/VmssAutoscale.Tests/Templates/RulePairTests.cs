using System.Collections.Generic;
using System.IO;
using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Templates;

namespace VmssAutoscale.Tests.Templates
{
    /// <summary>Each RuleName has a template that triggers it and a near-identical one (the clean base) that does not.</summary>
    public class RulePairTests
    {
        /// <summary>Every registered rule: the catalog in src drives the pairs, so a new rule without a pair fails here.</summary>
        public static readonly string[] Rules = TemplateRuleCatalog.Rules.Select(r => r.RuleName).ToArray();

        public static IEnumerable<object[]> RuleNames() => Rules.Select(r => new object[] { r });

        internal static TemplateAnalysis Analyze(string file, TemplateAnalysisOptions? options = null) =>
            TemplateAnalyzer.Analyze(TemplateReader.ReadFile(TestFiles.Fixture("templates", file)), options);

        [Theory]
        [MemberData(nameof(RuleNames))]
        public void BadTemplateTriggersTheRuleWithALocation(string rule)
        {
            var analysis = Analyze(rule + ".bad.json");
            Assert.Empty(analysis.Errors);
            var finding = Assert.Single(analysis.Findings.Where(f => f.RuleName == rule).Take(1));
            Assert.True(finding.Line > 0, $"{rule} has no line");
            Assert.False(string.IsNullOrEmpty(finding.Path));
            Assert.False(string.IsNullOrWhiteSpace(finding.Remediation));
            Assert.EndsWith(rule + ".bad.json", finding.Source);
        }

        [Theory]
        [MemberData(nameof(RuleNames))]
        public void NearIdenticalGoodTemplateDoesNotTriggerIt(string rule)
        {
            var analysis = Analyze(rule + ".good.json");
            Assert.Empty(analysis.Errors);
            Assert.DoesNotContain(analysis.Findings, f => f.RuleName == rule);
        }

        [Theory]
        [InlineData("clean-linux.json")]
        [InlineData("clean-windows-wad.json")]
        [InlineData("clean-windows-ama.json")]
        public void CleanTemplatesYieldNoFindings(string file)
        {
            var analysis = Analyze(file);
            Assert.Empty(analysis.Errors);
            Assert.Empty(analysis.Findings);
            Assert.Single(analysis.Settings);
        }

        [Fact]
        public void EveryDocumentedRuleHasAPairOnDisk()
        {
            foreach (var rule in Rules)
            {
                Assert.True(File.Exists(TestFiles.Fixture("templates", rule + ".bad.json")), rule);
                Assert.True(File.Exists(TestFiles.Fixture("templates", rule + ".good.json")), rule);
            }

            var doc = File.ReadAllText(Path.Combine(TestFiles.RepoRoot, "docs", "about_VmssAutoscale_TemplateRules.md"));
            Assert.All(Rules, r => Assert.Contains("## " + r, doc));
        }

        [Fact]
        public void SecretIsNeverPrinted()
        {
            const string Secret = "Sup3r-S3cret-Passw0rd!";
            Assert.Contains(Secret, File.ReadAllText(TestFiles.Fixture("templates", "SecretInTemplate.bad.json")));
            var finding = Analyze("SecretInTemplate.bad.json").Findings.Single(f => f.RuleName == "SecretInTemplate");
            foreach (var text in new[] { finding.Message, finding.Remediation, finding.Path ?? string.Empty, finding.ResourceName ?? string.Empty, finding.ToString() })
            {
                Assert.DoesNotContain(Secret, text);
                Assert.DoesNotContain("S3cret", text);
            }
        }

        [Fact]
        public void StorageKeysAndSasTokensAreFoundInVariablesWithoutPrintingThem()
        {
            var key = new string('A', 40) + new string('b', 46) + "==";
            var sas = "https://x.blob.core.windows.net/c?sv=2019-02-02&se=2099-01-01&sig=abcdEFGHijklMNOPqrst%2Buvw%3D";
            var json = "{ \"$schema\": \"x\", \"variables\": { \"k\": \"" + key + "\", \"u\": \"" + sas + "\", \"fine\": \"hello\" }, \"resources\": [] }";
            var findings = TemplateAnalyzer.Analyze(TemplateReader.Read(json, null)).Findings.Where(f => f.RuleName == "SecretInTemplate").ToList();
            Assert.Equal(2, findings.Count);
            Assert.Contains(findings, f => f.Message.Contains("storage account key"));
            Assert.Contains(findings, f => f.Message.Contains("SAS token"));
            Assert.All(findings, f => Assert.DoesNotContain("bbbbbbbb", f.Message));
            Assert.All(findings, f => Assert.DoesNotContain("abcdEFGH", f.Message));
        }

        [Fact]
        public void UnknownMetricNameSuggestsTheClosestHostMetric()
        {
            var finding = Analyze("UnknownMetricName.bad.json").Findings.First(f => f.RuleName == "UnknownMetricName");
            Assert.Contains("'Percentage CPU'", finding.Message);
        }

        [Fact]
        public void UnreachableThresholdUsesTheDescribedLoadAndTheVmSize()
        {
            // Standard_D2s_v3 has 2 vCPUs: a single busy core averages at most 50%, below the > 60 scale-out threshold.
            var loaded = Analyze("clean-linux.json", new TemplateAnalysisOptions { LoadedCoresPerInstance = 1 }).Findings;
            var finding = Assert.Single(loaded, f => f.RuleName == "UnreachableThreshold");
            Assert.Equal(FindingSeverity.Warning, finding.Severity);
            Assert.Contains("at most 50%", finding.Message);
            Assert.Empty(Analyze("clean-linux.json", new TemplateAnalysisOptions { LoadedCoresPerInstance = 2 }).Findings);
            Assert.Single(Analyze("clean-linux.json", new TemplateAnalysisOptions { LoadedCoresPerInstance = 2, CoresPerInstance = 8 }).Findings);
        }

        [Fact]
        public void GuestMetricWrongOsNamesTheRightCounter()
        {
            var finding = Analyze("GuestMetricWrongOs.bad.json").Findings.First(f => f.RuleName == "GuestMetricWrongOs");
            Assert.Contains(@"\Processor(_Total)\% Processor Time", finding.Remediation);
            Assert.Equal(FindingSeverity.Error, finding.Severity);
        }
    }
}
