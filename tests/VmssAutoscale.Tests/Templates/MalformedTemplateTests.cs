using VmssAutoscale.Templates;

namespace VmssAutoscale.Tests.Templates
{
    /// <summary>Malformed templates give one clear error naming the line and JSON path.</summary>
    public class MalformedTemplateTests
    {
        private static TemplateEvaluationException ErrorOf(string file)
        {
            try
            {
                var analysis = TemplateAnalyzer.Analyze(TemplateReader.ReadFile(TestFiles.Fixture("templates", file)));
                return Assert.Single(analysis.Errors);
            }
            catch (TemplateEvaluationException e)
            {
                return e;
            }
        }

        [Theory]
        [InlineData("malformed-invalid-json.json", 5, "resources[0]", "not valid JSON")]
        [InlineData("malformed-unknown-function.json", 8, "resources[0].name", "unknown function 'toLowr'")]
        [InlineData("malformed-circular-variables.json", 5, "variables.a", "circular variable references: a -> b -> c -> a")]
        [InlineData("malformed-missing-parameter.json", 19, "resources[0].properties.profiles[0].capacity.minimum", "parameter 'minimumInstances', which has no value")]
        public void ErrorNamesTheLocation(string file, int line, string path, string problem)
        {
            var e = ErrorOf(file);
            Assert.Equal(line, e.Line);
            Assert.Equal(path, e.JsonPath);
            Assert.Contains(problem, e.Message);
            Assert.EndsWith(file, e.File);
            Assert.Contains($"line {line}", e.Message);
        }

        [Fact]
        public void MissingParameterValueIsFineWhereASymbolicValueWillDo()
        {
            // adminPassword has no value: it only flows into osProfile, so the analysis proceeds.
            var analysis = RulePairTests.Analyze("clean-linux.json");
            Assert.Empty(analysis.Errors);
        }

        [Fact]
        public void MissingParameterValueGivenAsOverrideIsAccepted()
        {
            var template = TemplateReader.ReadFile(TestFiles.Fixture("templates", "malformed-missing-parameter.json"), null,
                new System.Collections.Generic.Dictionary<string, VmssAutoscale.Json.JsonNode> { ["minimumInstances"] = VmssAutoscale.Json.JsonNode.From(1L) });
            var analysis = TemplateAnalyzer.Analyze(template);
            Assert.Empty(analysis.Errors);
            Assert.Equal(1, Assert.Single(analysis.Settings).Profiles[0].Capacity.Minimum);
        }

        [Fact]
        public void ParameterFileEntryWithoutValueNamesTheFileAndLine()
        {
            var e = Assert.Throws<TemplateEvaluationException>(() => TemplateReader.Read(
                "{\"$schema\":\"x\",\"parameters\":{\"n\":{\"type\":\"int\"}},\"resources\":[]}", "t.json",
                "{\n\"$schema\":\"p\",\n\"parameters\":{\n\"n\":{\"valu\":3}}}", "p.json"));
            Assert.Equal("p.json", e.File);
            Assert.Equal(4, e.Line);
            Assert.Contains("parameter 'n' has no value", e.Message);
        }

        [Fact]
        public void UnknownParameterInTheParameterFileIsReported()
        {
            var e = Assert.Throws<TemplateEvaluationException>(() => TemplateReader.Read(
                "{\"$schema\":\"x\",\"resources\":[]}", "t.json", "{\"$schema\":\"p\",\"parameters\":{\"typo\":{\"value\":3}}}", "p.json"));
            Assert.Contains("declares no such parameter", e.Message);
        }
    }
}
