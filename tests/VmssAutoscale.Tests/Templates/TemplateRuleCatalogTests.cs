using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using VmssAutoscale.Model;
using VmssAutoscale.Templates;

namespace VmssAutoscale.Tests.Templates
{
    /// <summary>The rule catalog, its documentation and the findings agree: no rule ships undocumented, unregistered or with a stale list.</summary>
    public class TemplateRuleCatalogTests
    {
        private static string Doc(string name) => File.ReadAllText(Path.Combine(TestFiles.RepoRoot, "docs", name));

        [Fact]
        public void The_about_topic_has_one_section_per_registered_rule_and_no_other()
        {
            var sections = Regex.Matches(Doc("about_VmssAutoscale_TemplateRules.md"), @"^## ([A-Za-z]+)\s*$", RegexOptions.Multiline)
                .Cast<Match>().Select(m => m.Groups[1].Value)
                .Where(s => s != "SEE" && s.Any(char.IsLower))
                .ToList();
            Assert.Equal(TemplateRuleCatalog.Rules.Select(r => r.RuleName).OrderBy(n => n), sections.OrderBy(n => n));
        }

        [Fact]
        public void Every_rule_with_its_summary_is_listed_on_the_cmdlet_page_and_setting_only_rules_are_named_as_such()
        {
            var page = Doc("Test-VmssAutoscaleTemplate.md");
            foreach (var rule in TemplateRuleCatalog.Rules)
            {
                Assert.Contains($"- {rule.RuleName} ({rule.Severity}): {rule.Summary}", page);
            }

            var settingOnly = Regex.Match(page, @"runs the checks that need only the setting:(.*?)\. The rules", RegexOptions.Singleline).Groups[1].Value;
            var named = Regex.Matches(settingOnly, @"[A-Z][A-Za-z]+").Cast<Match>().Select(m => m.Value).ToList();
            Assert.Equal(TemplateRuleCatalog.Rules.Where(r => r.SettingOnly).Select(r => r.RuleName).OrderBy(n => n), named.OrderBy(n => n));
        }

        [Fact]
        public void A_setting_only_rule_in_the_catalog_really_runs_on_a_setting_alone()
        {
            // The rule pair's bad template, analysed as a bare setting, still reports each setting-only rule.
            foreach (var rule in TemplateRuleCatalog.Rules.Where(r => r.SettingOnly))
            {
                var template = TemplateReader.ReadFile(TestFiles.Fixture("templates", rule.RuleName + ".bad.json"));
                var setting = TemplateAnalyzer.Analyze(template).Settings.Single();
                Assert.Contains(TemplateAnalyzer.AnalyzeSetting(setting), f => f.RuleName == rule.RuleName);
            }
        }

        [Fact]
        public void Every_rules_help_link_names_an_about_topic_the_module_ships_and_a_section_it_has()
        {
            // The module ships docs/about_*.md as about_*.help.txt; its headings are the sections.
            var docs = System.IO.Path.Combine(TestFiles.RepoRoot, "docs", TemplateRuleCatalog.HelpTopic + ".md");
            var headings = System.IO.File.ReadAllLines(docs).Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l.Substring(3).Trim()).ToList();
            foreach (var rule in TemplateRuleCatalog.Rules)
            {
                Assert.DoesNotContain(".md", rule.HelpLink, StringComparison.Ordinal);
                Assert.Contains(rule.RuleName, headings);
            }
        }

        [Fact]
        public void Findings_carry_the_rules_help_link_and_an_unregistered_rule_is_refused()
        {
            var finding = RulePairTests.Analyze("AutoscaleDisabled.bad.json").Findings.First(f => f.RuleName == "AutoscaleDisabled");
            Assert.Equal("Get-Help about_VmssAutoscale_TemplateRules (section AutoscaleDisabled)", finding.HelpLink);
            Assert.Throws<System.InvalidOperationException>(() => TemplateRuleCatalog.Get("NoSuchRule"));
        }

        // Azure/azure-linux-extensions@073b405c, Diagnostic/Utils/LadDiagnosticUtil.py: a ladCfg counter
        // {class: Processor, counterSpecifier: PercentProcessorTime} is \Processor\PercentProcessorTime in the metrics table.
        [Theory]
        [InlineData("PercentProcessorTime", "Processor", @"\Processor\PercentProcessorTime")]
        [InlineData("PercentProcessorTime", "scx_processorstatisticalinformation", @"\Processor\PercentProcessorTime")]
        [InlineData("PercentUsedMemory", "memory", @"\Memory\PercentUsedMemory")]
        [InlineData("ReadBytesPerSecond", "PhysicalDisk", @"\PhysicalDisk\ReadBytesPerSecond")]
        [InlineData(@"\Processor\PercentProcessorTime", "Processor", @"\Processor\PercentProcessorTime")]
        [InlineData("/builtin/processor/percentprocessortime", "processor", "/builtin/processor/percentprocessortime")]
        [InlineData("PercentProcessorTime", null, "PercentProcessorTime")]
        public void Lad23_counter_names_are_the_metrics_table_names(string specifier, string? cls, string expected)
        {
            Assert.Equal(expected, Lad23CounterNames.MetricsTableName(specifier, cls));
        }

        // Issue 10 item 5: a correct LAD 2.3 configuration in the ladCfg class form is collected, and no
        // finding suggests the bare OMI property name, which would break the working rule.
        [Fact]
        public void A_correct_lad23_ladcfg_configuration_gets_no_CounterNotCollected()
        {
            var analysis = RulePairTests.Analyze("lad23-ladcfg-class-counters.json");
            Assert.Empty(analysis.Errors);
            Assert.DoesNotContain(analysis.Findings, f => f.RuleName == "CounterNotCollected" || f.RuleName == "UnknownMetricName" || f.RuleName == "GuestMetricWrongOs");
            Assert.DoesNotContain(analysis.Findings, f => Regex.IsMatch(f.Message + f.Remediation, @"'PercentProcessorTime'"));
        }
    }
}
