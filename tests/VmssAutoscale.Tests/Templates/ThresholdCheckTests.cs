using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Templates;

namespace VmssAutoscale.Tests.Templates
{
    /// <summary>ThresholdsTooClose against the worked numbers of the flapping page (learn.microsoft.com
    /// "Autoscale flapping").</summary>
    public class ThresholdCheckTests
    {
        private static AutoscaleSetting Setting(double outThreshold, double inThreshold, int min, int max,
            ComparisonOperator outOp = ComparisonOperator.GreaterThan, ComparisonOperator inOp = ComparisonOperator.LessThan, string metric = "Percentage CPU")
        {
            ScaleRule Rule(ComparisonOperator op, double t, ScaleDirection d) => new ScaleRule
            {
                MetricTrigger = new MetricTrigger { MetricName = metric, ComparisonOperator = op, Threshold = t },
                ScaleAction = new ScaleAction { ScaleDirection = d, Value = 1 },
            };

            return new AutoscaleSetting
            {
                Name = "s",
                TargetResourceUri = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/v",
                Profiles = new[]
                {
                    new AutoscaleProfile
                    {
                        Name = "p",
                        Capacity = new ScaleCapacity { Minimum = min, Maximum = max, Default = min },
                        Rules = new[] { Rule(outOp, outThreshold, ScaleDirection.Increase), Rule(inOp, inThreshold, ScaleDirection.Decrease) },
                    },
                },
            };
        }

        private static TemplateFinding? Flapping(AutoscaleSetting s) =>
            TemplateAnalyzer.AnalyzeSetting(s).SingleOrDefault(f => f.RuleName == "ThresholdsTooClose");

        [Fact]
        public void IdenticalThresholdsAreAWarning()
        {
            var f = Flapping(Setting(50, 50, 1, 10))!;
            Assert.Equal(FindingSeverity.Warning, f.Severity);
            Assert.Contains("At 2 instances an average of 50", f.Message);
            Assert.Contains("projects to 100 on 1 instances", f.Message);
        }

        [Fact]
        public void ThreadCountExampleAt3InstancesIsAWarning()
        {
            // BP22: out >= 600, in <= 600, 3 instances at 575 -> 862.5 on 2: deferred.
            var f = Flapping(Setting(600, 600, 3, 3 + 5, ComparisonOperator.GreaterThanOrEqual, ComparisonOperator.LessThanOrEqual, @"\Process(_Total)\Thread Count"))!;
            Assert.Equal(FindingSeverity.Warning, f.Severity);
            Assert.Contains("At 4 instances an average of 600", f.Message);
        }

        [Fact]
        public void TenPointGapIsInformation() => Assert.Equal(FindingSeverity.Information, Flapping(Setting(60, 50, 1, 10))!.Severity);

        [Fact]
        public void FlappingArticleMarginIsClean() => Assert.Null(Flapping(Setting(50, 30, 1, 10)));

        [Fact]
        public void WideMarginIsClean() => Assert.Null(Flapping(Setting(60, 30, 1, 10)));

        [Fact]
        public void RestExampleRulePairCanNeverScaleIn()
        {
            // The REST examples' MySetting: Increase when > 10, Decrease when > 15 (both GreaterThan).
            var f = Flapping(Setting(10, 15, 1, 10, ComparisonOperator.GreaterThan, ComparisonOperator.GreaterThan))!;
            Assert.Equal(FindingSeverity.Warning, f.Severity);
            Assert.Contains("no value lets it scale in", f.Message);
        }

        [Fact]
        public void DeployedSettingRunsTheSettingOnlyChecks()
        {
            var s = Setting(50, 50, 5, 3);
            var rules = TemplateAnalyzer.AnalyzeSetting(s).Select(f => f.RuleName).Distinct().ToList();
            Assert.Contains("CapacityInvalid", rules);
            Assert.All(TemplateAnalyzer.AnalyzeSetting(s), f => Assert.Equal(0, f.Line));
        }
    }
}
