using VmssAutoscale.Json;

namespace VmssAutoscale.Tests.Json
{
    public class JsonParserTests
    {
        [Fact]
        public void Records_line_column_and_path_of_nested_values()
        {
            var root = JsonParser.Parse("{\n  \"a\": [\n    1,\n    { \"b c\": \"x\" }\n  ]\n}");
            var inner = root["a"]!.Items[1]["b c"]!;
            Assert.Equal("x", inner.StringValue);
            Assert.Equal(4, inner.Line);
            Assert.Equal("a[1]['b c']", inner.Path);
        }

        [Fact]
        public void Property_lookup_ignores_case_as_arm_does()
        {
            var root = JsonParser.Parse("{\"TargetResourceUri\":\"x\"}");
            Assert.Equal("x", root["targetResourceUri"]!.StringValue);
        }

        [Fact]
        public void Accepts_the_comments_arm_templates_allow()
        {
            var root = JsonParser.Parse("// top\n{ /* inline */ \"a\": 1 // tail\n}");
            Assert.Equal(1, root["a"]!.NumberValue);
        }

        [Theory]
        [InlineData("", "empty")]
        [InlineData("{\"a\": ", "truncated")]
        [InlineData("{\"a\": 1,}", "property name")]
        [InlineData("[1 2]", "expected ',' or ']'")]
        [InlineData("{\"a\": tru}", "did you mean true")]
        [InlineData("{\"a\": \"x\\q\"}", "not a valid escape")]
        [InlineData("{\"a\": 1} x", "after the end")]
        public void Rejects_invalid_text_with_a_located_message(string text, string expected)
        {
            var e = Assert.Throws<JsonParseException>(() => JsonParser.Parse(text));
            Assert.Contains(expected, e.Message);
            Assert.True(e.Line >= 1);
        }

        [Fact]
        public void Round_trips_through_the_writer()
        {
            const string text = "{\"n\":12,\"f\":1.5,\"s\":\"a\\\"b\\n\",\"t\":true,\"z\":null,\"l\":[1,{}],\"e\":[]}";
            var written = JsonWriter.Write(JsonParser.Parse(text), indented: false);
            Assert.Equal(text, written);
        }

        [Fact]
        public void Writer_escapes_markup_so_json_can_sit_inside_html()
        {
            Assert.Equal("\"\\u003c/script\\u003e\"", JsonWriter.Quote("</script>"));
        }
    }
}
