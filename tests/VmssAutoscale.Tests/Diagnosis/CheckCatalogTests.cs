using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using Xunit;

namespace VmssAutoscale.Tests.Diagnosis
{
    /// <summary>The check catalog drives Debug the way TemplateRuleCatalog drives the template rules: no check without docs or a test.</summary>
    public class CheckCatalogTests
    {
        [Fact]
        public void Every_check_has_its_section_in_about_VmssAutoscale_Checks()
        {
            var text = File.ReadAllText(Path.Combine(TestFiles.RepoRoot, "docs", "about_VmssAutoscale_Checks.md"));
            var sections = Regex.Matches(text, @"^### (\w+)\s*$", RegexOptions.Multiline).Cast<Match>().Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(CheckCatalog.Checks.Select(c => c.Name), sections);
        }

        [Fact]
        public void Every_check_is_named_by_a_test_besides_this_one()
        {
            var tests = Directory.GetFiles(Path.Combine(TestFiles.RepoRoot, "tests"), "*.*", SearchOption.AllDirectories)
                .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".ps1", StringComparison.Ordinal)) && !f.EndsWith(nameof(CheckCatalogTests) + ".cs", StringComparison.Ordinal)
                    && f.IndexOf(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) < 0)
                .Select(File.ReadAllText)
                .ToList();
            foreach (var check in CheckCatalog.Checks)
            {
                Assert.True(tests.Any(t => t.Contains("\"" + check.Name + "\"") || t.Contains("'" + check.Name + "'") || t.Contains(check.Name + "Checks.")), $"No test names check {check.Name}.");
            }
        }

        [Fact]
        public void Every_finding_of_every_example_comes_from_its_catalog_entry()
        {
            foreach (var dir in TestFiles.ExampleBundles())
            {
                var findings = ExamplesTests.Diagnose(SnapshotSerializer.Read(dir)).Diagnosis.Findings;
                Assert.Equal(CheckCatalog.Checks.Select(c => c.Name), findings.Select(f => f.Check));
                Assert.All(findings, f => Assert.Equal(CheckCatalog.Get(f.Check).Step, f.Step));
            }
        }

        [Fact]
        public void Every_condition_has_a_precedence_and_the_names_are_unique()
        {
            Assert.Equal(CheckCatalog.Checks.Count, CheckCatalog.Checks.Select(c => c.Name).Distinct().Count());
            Assert.Equal(new[] { DiagnosisCondition.AbleToScale, DiagnosisCondition.ScalingActive, DiagnosisCondition.ScalingLimited }, ConditionReasons.Precedence.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Throws<InvalidOperationException>(() => CheckCatalog.Get("NoSuchCheck"));
        }

        [Fact]
        public void The_engine_decision_is_computed_once_per_diagnosis()
        {
            var input = ExamplesTests.Diagnose(ExampleScenarios.ByName("one-hot-instance").Snapshot).Context.Input;
            var c = new DiagnosisContext(input);
            Assert.Same(c.Decision, c.Decision);
        }
    }
}
