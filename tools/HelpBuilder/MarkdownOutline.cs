using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HelpBuilder;

// A heading and what follows it up to the next heading of the same or a higher level.
// PlatyPS pages are defined by their heading structure (# command, ## SECTION, ### item), so the
// readers work on this tree rather than on Markdig's flat list of blocks.
internal sealed class Section
{
    public Section(string title, int level, int line, HeadingBlock? heading = null)
    {
        Title = title;
        Level = level;
        Line = line;
        Heading = heading;
    }

    public string Title { get; }

    public int Level { get; }

    /// <summary>1-based line of the heading, for error messages.</summary>
    public int Line { get; }

    /// <summary>The heading's markdown, for the rare reader that needs more than its text (a link).</summary>
    public HeadingBlock? Heading { get; }

    public List<Block> Body { get; } = new();
    public List<Section> Children { get; } = new();
}

// A markdown file split into its front matter and its heading tree.
internal sealed class MarkdownOutline
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    // PlatyPS placeholders read '{{ Fill in the Synopsis }}': a space after the braces. Requiring
    // it keeps format strings in example code, such as '{{0}}' -f $x, from being flagged.
    private static readonly Regex Placeholder = new(@"\{\{\s[^{}]*\}\}", RegexOptions.Compiled);

    private MarkdownOutline(string file, Dictionary<string, string> frontMatter, bool hasFrontMatter, Section root)
    {
        File = file;
        FrontMatter = frontMatter;
        HasFrontMatter = hasFrontMatter;
        Root = root;
    }

    /// <summary>The path used in error messages.</summary>
    public string File { get; }

    /// <summary>Front matter keys (case-insensitive) to their scalar values; an empty value is "".</summary>
    public IReadOnlyDictionary<string, string> FrontMatter { get; }

    public bool HasFrontMatter { get; }

    /// <summary>Level 0; its children are the level 1 headings.</summary>
    public Section Root { get; }

    public static MarkdownOutline Parse(string file, string markdown, Problems problems)
    {
        MarkdownDocument document = Markdown.Parse(markdown, Pipeline);
        var root = new Section(string.Empty, 0, 1);
        var open = new Stack<Section>();
        open.Push(root);
        var frontMatter = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        bool hasFrontMatter = false;

        foreach (Block block in document)
        {
            switch (block)
            {
                case YamlFrontMatterBlock yaml:
                    hasFrontMatter = true;
                    ReadFrontMatter(file, yaml, frontMatter, problems);
                    break;
                case HeadingBlock heading:
                    while (open.Peek().Level >= heading.Level)
                    {
                        open.Pop();
                    }

                    var section = new Section(InlineText(heading.Inline).Trim(), heading.Level, heading.Line + 1, heading);
                    open.Peek().Children.Add(section);
                    open.Push(section);
                    break;
                case LinkReferenceDefinitionGroup:
                    // Reference-style link definitions are resolved by Markdig into the links
                    // that use them; they carry no text of their own.
                    break;
                default:
                    open.Peek().Body.Add(block);
                    break;
            }
        }

        return new MarkdownOutline(file, frontMatter, hasFrontMatter, root);
    }

    private static void ReadFrontMatter(string file, YamlFrontMatterBlock block, Dictionary<string, string> values, Problems problems)
    {
        // The block's lines include the --- fences; YAML wants only what is between them.
        string[] lines = LinesOf(block).ToArray();
        string yaml = string.Join("\n", lines.Where(l => l.Trim() != "---"));
        int line = block.Line + 1;
        try
        {
            var stream = new YamlStream();
            stream.Load(new System.IO.StringReader(yaml));
            if (stream.Documents.Count == 0)
            {
                return;
            }

            if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                problems.Add(file, line, "the front matter must be a list of 'key: value' lines.");
                return;
            }

            foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Children)
            {
                string key = entry.Key is YamlScalarNode k ? k.Value ?? string.Empty : entry.Key.ToString();
                if (entry.Value is YamlScalarNode scalar)
                {
                    values[key] = scalar.Value ?? string.Empty;
                }
                else
                {
                    problems.Add(file, line + (int)entry.Key.Start.Line, $"front matter key '{key}' must have a single text value.");
                }
            }
        }
        catch (YamlException e)
        {
            // A PlatyPS placeholder such as "{{ Update Download Link }}" is the usual cause:
            // YAML reads the braces as a mapping. Say so, because the parser's own message won't.
            string hint = Placeholder.IsMatch(yaml) ? " (it still contains a {{ placeholder }})" : string.Empty;
            problems.Add(file, line + (int)e.Start.Line, $"the front matter is not valid YAML{hint}: {e.Message}");
        }
    }

    public static bool HasPlaceholder(string text) => Placeholder.IsMatch(text);

    public static IEnumerable<string> LinesOf(LeafBlock block)
    {
        for (int i = 0; i < block.Lines.Count; i++)
        {
            yield return block.Lines.Lines[i].Slice.ToString();
        }
    }

    public static string CodeText(LeafBlock block) => string.Join("\n", LinesOf(block)).TrimEnd();

    public static bool IsCode(Block block) => block is CodeBlock;

    public static bool IsOutput(Block block) =>
        block is FencedCodeBlock fenced && string.Equals(fenced.Info, "output", StringComparison.OrdinalIgnoreCase);

    public static bool IsYaml(Block block) =>
        block is FencedCodeBlock fenced && string.Equals(fenced.Info, "yaml", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The prose of a sequence of blocks as MAML paragraphs. Get-Help puts a blank line between
    /// paragraphs but prints line breaks inside one as they are, so a markdown paragraph is one
    /// paragraph, and a whole list or code block is one paragraph of lines (code indented to
    /// still read as code).
    /// </summary>
    public static List<string> Paragraphs(IEnumerable<Block> blocks)
    {
        var paragraphs = new List<string>();
        foreach (Block block in blocks)
        {
            string? text = BlockText(block);
            if (text is not null)
            {
                paragraphs.Add(text);
            }
        }

        return paragraphs;
    }

    /// <summary>
    /// A paragraph with each line longer than <paramref name="width"/> broken between words, its
    /// continuation indented under the text of a list item. Lines indented 4 or more (code) and
    /// words longer than the width (a URL) are left whole.
    /// </summary>
    public static string Wrap(string paragraph, int width)
    {
        var lines = new List<string>();
        foreach (string line in paragraph.Split('\n'))
        {
            if (line.Length <= width || line.StartsWith("    ", StringComparison.Ordinal))
            {
                lines.Add(line);
                continue;
            }

            Match lead = Regex.Match(line, @"^(\s*)((?:[-*]|\d+\.)\s+)?");
            string hang = new string(' ', lead.Length);
            var current = new StringBuilder(line.Substring(0, lead.Length));
            bool empty = true;
            foreach (string word in line.Substring(lead.Length).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!empty && current.Length + 1 + word.Length > width)
                {
                    lines.Add(current.ToString());
                    current = new StringBuilder(hang);
                    empty = true;
                }

                current.Append(empty ? string.Empty : " ").Append(word);
                empty = false;
            }

            lines.Add(current.ToString());
        }

        return string.Join("\n", lines);
    }

    private static string? BlockText(Block block)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                return InlineText(paragraph.Inline).Trim();
            case HeadingBlock heading:
                // Only reached inside list items or quotes; the outline owns top-level headings.
                return InlineText(heading.Inline).Trim();
            case CodeBlock code:
                return string.Join("\n", LinesOf(code).Select(l => ("    " + l).TrimEnd())).TrimEnd();
            case ListBlock list:
                return string.Join("\n", ListItems(list).Select(item =>
                    item.Marker + " " + item.Text.Replace("\n", "\n" + new string(' ', item.Marker.Length + 1), StringComparison.Ordinal)));
            case QuoteBlock quote:
                return string.Join("\n", Paragraphs(quote));
            default:
                // HTML blocks (typically <!-- comments -->) and thematic breaks carry no help text.
                return null;
        }
    }

    /// <summary>Each item of a list with its marker ("-" or "3."), its blocks joined by line breaks.</summary>
    public static IEnumerable<(string Marker, string Text)> ListItems(ListBlock list)
    {
        int number = int.TryParse(list.OrderedStart, out int start) ? start : 1;
        foreach (ListItemBlock item in list.OfType<ListItemBlock>())
        {
            yield return (list.IsOrdered ? $"{number++}." : "-", string.Join("\n", Paragraphs(item)));
        }
    }

    /// <summary>Plain text of inline markdown, keeping `code` marks as PowerShell's own help does.</summary>
    public static string InlineText(ContainerInline? container)
    {
        var text = new StringBuilder();
        AppendInlines(container, text);
        return text.ToString();
    }

    private static void AppendInlines(ContainerInline? container, StringBuilder text)
    {
        if (container is null)
        {
            return;
        }

        foreach (Inline inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    // Help text is what users type: a backslash before punctuation is kept, not read as a
                    // markdown escape ('\Processor(_Total)\% Processor Time' lost its second one).
                    if (literal.IsFirstCharacterEscaped)
                    {
                        text.Append('\\');
                    }

                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append('`').Append(code.Content).Append('`');
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case LinkInline link when link.IsImage:
                    break;
                case LinkInline link:
                    string linkText = InlineText(link);
                    text.Append(linkText);
                    // An absolute address is worth printing in a console; a relative one points
                    // into the docs folder that does not ship with the module.
                    if (IsAbsoluteUri(link.Url) && !string.Equals(linkText, link.Url, StringComparison.Ordinal))
                    {
                        text.Append(" (").Append(link.Url).Append(')');
                    }

                    break;
                case LineBreakInline lineBreak:
                    // Soft-wrapped lines are joined: Get-Help wraps paragraphs to the console
                    // width itself, so the author's line breaks would only make ragged text.
                    text.Append(lineBreak.IsHard ? "\n" : " ");
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;
                case HtmlInline:
                    break;
                case ContainerInline nested:
                    AppendInlines(nested, text);
                    break;
                default:
                    text.Append(inline.ToString());
                    break;
            }
        }
    }

    public static bool IsAbsoluteUri(string? uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps);
}
