using System.Linq;
using VmssAutoscale.Cmdlets.Completers;

namespace VmssAutoscale.Tests.Cmdlets
{
    public class CompletionTextTests
    {
        private static readonly string[] Names = { "vmss-web", "VMSS-Linux", "vmss-batch", "rg(legacy)", "it's", "vmss-web" };

        [Theory]
        [InlineData("", new[] { "'it''s'", "'rg(legacy)'", "vmss-batch", "VMSS-Linux", "vmss-web" })]
        [InlineData("vmss-l", new[] { "VMSS-Linux" })]
        [InlineData("*bat", new[] { "vmss-batch" })]
        [InlineData("v?ss-w", new[] { "vmss-web" })]
        [InlineData("rg(", new[] { "'rg(legacy)'" })]
        [InlineData("'rg", new[] { "'rg(legacy)'" })]
        [InlineData("\"vmss-w", new[] { "\"vmss-web\"" })]
        [InlineData("'it''", new[] { "'it''s'" })]
        [InlineData("nothing", new string[0])]
        public void Names_match_the_word_typed_with_wildcards_and_come_back_quoted_when_needed(string word, string[] expected) =>
            Assert.Equal(expected, CompletionText.Complete(Names, word, "x ").Select(r => r.CompletionText));

        [Fact]
        public void The_list_shows_the_bare_name_and_the_tooltip_says_what_it_is()
        {
            var r = Assert.Single(CompletionText.Complete(Names, "rg", "Resource group "));
            Assert.Equal("rg(legacy)", r.ListItemText);
            Assert.Equal("Resource group rg(legacy)", r.ToolTip);
        }

        [Theory]
        [InlineData("rg-[wx]*", "rg-web", true)]
        [InlineData("rg-[a-c]*", "rg-web", false)]
        [InlineData("rg`*", "rg*", true)]
        [InlineData("rg`*", "rg-web", false)]
        [InlineData("RG-W*", "rg-web", true)]
        [InlineData("a.b", "axb", false)]
        public void Wildcards_follow_PowerShell(string pattern, string name, bool matches) =>
            Assert.Equal(matches, CompletionText.Wildcard(pattern).IsMatch(name));

        [Theory]
        [InlineData("plain-name_1.2", null, "plain-name_1.2")]
        [InlineData("has space", null, "'has space'")]
        [InlineData("a$b", '"', "\"a`$b\"")]
        [InlineData("o'k", null, "'o''k'")]
        public void Quote_writes_what_the_parser_reads_back_as_one_argument(string name, char? quote, string expected) =>
            Assert.Equal(expected, CompletionText.Quote(name, quote));
    }
}
