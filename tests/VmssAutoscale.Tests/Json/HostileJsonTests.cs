using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Json;

namespace VmssAutoscale.Tests.Json
{
    public class HostileJsonTests
    {
        [Fact]
        public void A_duplicate_property_keeps_the_last_value_as_ARM_does_and_says_so()
        {
            var warnings = new List<string>();
            var node = JsonParser.Parse("{\n\"a\": 1,\n\"b\": 2,\n\"A\": 3\n}", warnings);
            Assert.Equal(3, node["a"]!.NumberValue);
            Assert.Equal(2, node.Properties.Count);
            var warning = Assert.Single(warnings);
            Assert.StartsWith("line 4, A:", warning);
        }

        [Fact]
        public void Thousands_of_duplicates_cost_linear_time()
        {
            var text = "{" + string.Join(",", Enumerable.Range(0, 200_000).Select(i => $"\"k{i % 1000}\":{i}")) + "}";
            var node = JsonParser.Parse(text);
            Assert.Equal(1000, node.Properties.Count);
            Assert.Equal(199_999, node["k999"]!.NumberValue);
        }

        [Theory]
        [InlineData("1e999")]
        [InlineData("-1e400")]
        [InlineData("123456789012345678901234567890e300")]
        public void A_number_too_large_for_a_double_is_a_parse_error(string number)
        {
            var e = Assert.Throws<JsonParseException>(() => JsonParser.Parse("{\"n\": " + number + "}"));
            Assert.Contains("too large", e.Problem);
            Assert.Equal("n", e.Path);
        }
    
        [Theory]
        [InlineData("PT\u0ed85M")]
        [InlineData("P\u0663D")]
        [InlineData("PT99999999999999999999999999999999999999H")]
        public void A_duration_with_foreign_digits_or_too_many_is_not_a_duration(string text) =>
            Assert.False(VmssAutoscale.Model.IsoDuration.TryParse(text, out _));
    }
}
