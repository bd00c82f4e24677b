using System.Collections.Generic;
using System.Linq;
using System.Text;
using VmssAutoscale.Json;
using VmssAutoscale.Templates;

namespace VmssAutoscale.Tests.Templates
{
    /// <summary>
    /// Small templates that describe endless work: each must end in an error naming where, never a
    /// stack overflow, never gigabytes. Before the limits these crashed the test host or ran out of memory.
    /// </summary>
    public class HostileTemplateTests
    {
        private const string Head = "{\"$schema\":\"x\",\"contentVersion\":\"1.0.0.0\",";

        /// <summary>All the errors a template gives, whether it stops at once or goes on past them.</summary>
        internal static IReadOnlyList<TemplateEvaluationException> Errors(string text)
        {
            try
            {
                return TemplateReader.Read(text, "hostile.json").Errors;
            }
            catch (TemplateEvaluationException e)
            {
                return new[] { e };
            }
        }

        private static string WithVariables(IEnumerable<KeyValuePair<string, string>> variables, string resources = "[]")
        {
            var sb = new StringBuilder(Head).Append("\"variables\":{");
            sb.Append(string.Join(",", variables.Select(v => JsonWriter.Quote(v.Key) + ":" + v.Value)));
            return sb.Append("},\"resources\":").Append(resources).Append('}').ToString();
        }

        private static string Nested(string open, string inner, string close, int levels) =>
            new StringBuilder().Insert(0, open, levels).Append(inner).Insert(open.Length * levels + inner.Length, close, levels).ToString();

        [Theory]
        [InlineData("concat(", ")")]
        [InlineData("add(1,", ")")]
        [InlineData("if(true(),", ",0)")]
        [InlineData("createArray(", ")")]
        [InlineData("json(string(", "))")]
        public void DeeplyNestedCallsOfEveryArityAreAnErrorNamingTheVariable(string open, string close)
        {
            var expression = "[" + Nested(open, "1", close, 5000) + "]";
            var e = Assert.Single(Errors(WithVariables(new[] { new KeyValuePair<string, string>("deep", JsonWriter.Quote(expression)) })));
            Assert.Equal("variables.deep", e.JsonPath);
            Assert.Contains("levels deep", e.Problem);
        }

        [Theory]
        [InlineData("[0]")]
        [InlineData(".a")]
        public void LongAccessorChainsAreAnError(string accessor)
        {
            var expression = "[createObject('a', createArray(1))" + string.Concat(Enumerable.Repeat(accessor, 20000)) + "]";
            var e = Assert.Single(Errors(WithVariables(new[] { new KeyValuePair<string, string>("deep", JsonWriter.Quote(expression)) })));
            Assert.Contains("levels deep", e.Problem);
        }

        [Fact]
        public void AChainOfThousandsOfVariablesIsAnError()
        {
            var chain = Enumerable.Range(0, 5000).Select(i => new KeyValuePair<string, string>("v" + i, JsonWriter.Quote(i == 4999 ? "end" : $"[variables('v{i + 1}')]")));
            var errors = Errors(WithVariables(chain));
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.Contains("levels deep", e.Problem));
        }

        [Fact]
        public void AChainOfThousandsOfParameterDefaultsIsAnError()
        {
            var sb = new StringBuilder(Head).Append("\"parameters\":{");
            sb.Append(string.Join(",", Enumerable.Range(0, 5000).Select(i =>
                $"\"p{i}\":{{\"type\":\"string\",\"defaultValue\":{JsonWriter.Quote(i == 4999 ? "end" : $"[parameters('p{i + 1}')]")}}}")));
            sb.Append("},\"resources\":[]}");
            Assert.Contains(Errors(sb.ToString()), e => e.Problem.Contains("levels deep"));
        }

        [Theory]
        [InlineData("[", "]")]
        [InlineData("{\"a\":", "}")]
        public void DeeplyNestedJsonIsAnErrorWithItsLine(string open, string close)
        {
            var text = Head + "\"variables\":{\"deep\":" + Nested(open, "1", close, 100000) + "},\"resources\":[]}";
            var e = Assert.Single(Errors(text));
            Assert.Contains("levels deep", e.Message);
            Assert.Equal(1, e.Line);
        }

        [Fact]
        public void CopyCountAbove800IsAnErrorNamingTheLoop()
        {
            var text = Head + "\"resources\":[{\"type\":\"Microsoft.Network/publicIPAddresses\",\"apiVersion\":\"2023-04-01\",\"name\":\"[concat('ip', copyIndex())]\",\"copy\":{\"name\":\"ips\",\"count\":801}}]}";
            var e = Assert.Single(Errors(text));
            Assert.Contains("copy loop 'ips' has count 801", e.Problem);
            Assert.Equal("resources[0].copy.count", e.JsonPath);
        }

        [Fact]
        public void CopyCount800IsAccepted()
        {
            var text = Head + "\"resources\":[{\"type\":\"Microsoft.Network/publicIPAddresses\",\"apiVersion\":\"2023-04-01\",\"name\":\"[concat('ip', copyIndex())]\",\"copy\":{\"name\":\"ips\",\"count\":800}}]}";
            Assert.Equal(800, TemplateReader.Read(text, "t.json").Resources.Count);
        }

        [Fact]
        public void NestedReplaceIsRefusedBeforeTheStringIsBuilt()
        {
            // Each variable replaces every character of the previous one with the previous one: 10^(2^n) characters.
            var vars = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("v0", "\"aaaaaaaaaa\"") };
            vars.AddRange(Enumerable.Range(1, 12).Select(i => new KeyValuePair<string, string>("v" + i, JsonWriter.Quote($"[replace(variables('v{i - 1}'), 'a', variables('v{i - 1}'))]"))));
            var errors = Errors(WithVariables(vars));
            Assert.Contains(errors, e => e.Problem.Contains("replace() would build a string of"));
        }

        [Fact]
        public void AValueThatHoldsItselfTwicePerLevelIsRefusedAsText()
        {
            var vars = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("v0", "[\"x\"]") };
            vars.AddRange(Enumerable.Range(1, 60).Select(i => new KeyValuePair<string, string>("v" + i, JsonWriter.Quote($"[createArray(variables('v{i - 1}'), variables('v{i - 1}'))]"))));
            vars.Add(new KeyValuePair<string, string>("text", JsonWriter.Quote("[string(variables('v60'))]")));
            var errors = Errors(WithVariables(vars));
            Assert.Contains(errors, e => e.Problem.Contains("builds a value of more than"));
        }

        [Fact]
        public void CopyLoopsInsideCopyLoopsRunOutOfBudget()
        {
            // 800 resources, each with 800 x 800 property values: far past the step budget.
            var inner = "{\"name\":\"b\",\"count\":800,\"input\":\"[copyIndex('b')]\"}";
            var middle = "{\"name\":\"a\",\"count\":800,\"input\":{\"copy\":[" + inner + "]}}";
            var text = Head + "\"resources\":[{\"type\":\"Microsoft.Network/publicIPAddresses\",\"apiVersion\":\"2023-04-01\",\"name\":\"[concat('ip', copyIndex())]\",\"copy\":{\"name\":\"ips\",\"count\":800},\"properties\":{\"copy\":[" + middle + "]}}]}";
            var e = Assert.Single(Errors(text));
            Assert.Contains("evaluation steps", e.Problem);
        }

        [Fact]
        public void PadLeftToAHugeWidthIsRefused()
        {
            var e = Assert.Single(Errors(WithVariables(new[] { new KeyValuePair<string, string>("p", "\"[padLeft('x', 2000000000)]\"") })));
            Assert.Contains("padLeft() would build a string", e.Problem);
        }
    }
}
