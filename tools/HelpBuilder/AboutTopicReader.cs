using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Markdig.Syntax;

namespace HelpBuilder;

// Reads a conceptual topic (docs/about_*.md, the PowerShell-Docs layout: '# about_Name',
// '## Short description', '## Long description', further '##'/'###' sections).
internal static class AboutTopicReader
{
    public static bool IsAboutPage(string path) => Path.GetFileName(path).StartsWith("about_", StringComparison.OrdinalIgnoreCase);

    public static AboutTopic? Read(MarkdownOutline page, Problems problems)
    {
        void Error(int line, string message) => problems.Add(page.File, line, message);

        string name = Path.GetFileNameWithoutExtension(page.File);
        if (page.Root.Children.Count != 1 || !page.Root.Children[0].Title.Equals(name, StringComparison.OrdinalIgnoreCase))
        {
            Error(page.Root.Children.Count > 0 ? page.Root.Children[0].Line : 1, $"an about topic needs one level 1 heading, '# {name}', matching its file name.");
            return null;
        }

        Section topic = page.Root.Children[0];
        var sections = new List<AboutSection>();
        if (topic.Body.Count > 0)
        {
            sections.Add(new AboutSection(string.Empty, 1, Blocks(topic.Body)));
        }

        AddSections(topic.Children, sections);

        // Get-Help takes an about topic's synopsis (shown by 'Get-Help about_*') from the text
        // under SHORT DESCRIPTION, so the section is required, not just customary.
        AboutSection? shortDescription = sections.FirstOrDefault(s => s.Heading.Equals("Short description", StringComparison.OrdinalIgnoreCase));
        if (shortDescription is null || shortDescription.Blocks.Count == 0)
        {
            Error(topic.Line, $"'{name}' needs a non-empty '## Short description' section; Get-Help shows it as the topic's synopsis.");
        }

        if (sections.SelectMany(s => s.Blocks).Any(b => b.Kind != AboutBlockKind.Code && MarkdownOutline.HasPlaceholder(b.Text)))
        {
            Error(topic.Line, $"'{name}' still contains a PlatyPS placeholder ('{{{{ ... }}}}').");
        }

        return new AboutTopic(topic.Title, sections);
    }

    private static void AddSections(IEnumerable<Section> children, List<AboutSection> sections)
    {
        foreach (Section section in children)
        {
            sections.Add(new AboutSection(section.Title, section.Level, Blocks(section.Body)));
            AddSections(section.Children, sections);
        }
    }

    private static List<AboutBlock> Blocks(IEnumerable<Block> blocks)
    {
        var result = new List<AboutBlock>();
        foreach (Block block in blocks)
        {
            switch (block)
            {
                case CodeBlock code:
                    result.Add(new AboutBlock(AboutBlockKind.Code, MarkdownOutline.CodeText(code)));
                    break;
                case ListBlock list:
                    result.AddRange(MarkdownOutline.ListItems(list).Select(item => new AboutBlock(AboutBlockKind.ListItem, item.Text, item.Marker)));
                    break;
                default:
                    result.AddRange(MarkdownOutline.Paragraphs(new[] { block }).Select(p => new AboutBlock(AboutBlockKind.Paragraph, p)));
                    break;
            }
        }

        return result;
    }
}
