using System;
using System.Collections.Generic;
using System.Linq;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HelpBuilder;

// Validates the PlatyPS module page (docs/<Module>.md). It is not converted: Get-Help has no use
// for it. It is checked because it is the table of contents users and Update-Help tooling read,
// and it silently goes stale when a cmdlet is added or renamed.
internal static class ModulePageReader
{
    private static readonly string[] RequiredKeys = { "Module Name", "Module Guid", "Download Help Link", "Help Version", "Locale" };

    public static bool IsModulePage(MarkdownOutline page) => page.FrontMatter.ContainsKey("Module Guid");

    /// <summary>Returns the cmdlet names the page lists, in order.</summary>
    public static IReadOnlyList<string> Read(MarkdownOutline page, IReadOnlyCollection<string> cmdletPages, Problems problems)
    {
        void Error(int line, string message) => problems.Add(page.File, line, message);

        foreach (string key in RequiredKeys)
        {
            // 'Download Help Link' may stay empty until help is published for Update-Help.
            bool mayBeEmpty = key == "Download Help Link";
            if (!page.FrontMatter.TryGetValue(key, out string? value) || (!mayBeEmpty && value.Trim().Length == 0))
            {
                Error(1, $"module page front matter key '{key}' is missing or empty.");
            }
        }

        if (page.FrontMatter.TryGetValue("Module Guid", out string? guid) && !Guid.TryParse(guid, out _))
        {
            Error(1, $"module page 'Module Guid' is '{guid}', which is not a GUID.");
        }

        page.FrontMatter.TryGetValue("Module Name", out string? moduleName);
        moduleName = moduleName?.Trim() ?? string.Empty;

        if (page.Root.Children.Count != 1 || !page.Root.Children[0].Title.Equals($"{moduleName} Module", StringComparison.OrdinalIgnoreCase))
        {
            Error(page.Root.Children.Count > 0 ? page.Root.Children[0].Line : 1, $"the module page needs one level 1 heading '# {moduleName} Module'.");
            return Array.Empty<string>();
        }

        Section module = page.Root.Children[0];
        Section? description = module.Children.FirstOrDefault(s => s.Title.Equals("Description", StringComparison.OrdinalIgnoreCase));
        if (description is null)
        {
            Error(module.Line, "the module page has no '## Description' section.");
        }
        else
        {
            CheckText(description.Body, description.Line, "'## Description'", Error);
        }

        string cmdletsTitle = $"{moduleName} Cmdlets";
        Section? cmdlets = module.Children.FirstOrDefault(s => s.Title.Equals(cmdletsTitle, StringComparison.OrdinalIgnoreCase));
        if (cmdlets is null)
        {
            Error(module.Line, $"the module page has no '## {cmdletsTitle}' section.");
            return Array.Empty<string>();
        }

        var listed = new List<string>();
        foreach (Section entry in cmdlets.Children)
        {
            // PlatyPS writes each entry as '### [Get-Thing](Get-Thing.md)' followed by one line.
            LinkInline? link = entry.Level == 3 ? entry.Heading?.Inline?.Descendants<LinkInline>().FirstOrDefault() : null;
            string name = entry.Title.Trim();
            if (link is null || !string.Equals(link.Url, $"{name}.md", StringComparison.OrdinalIgnoreCase))
            {
                Error(entry.Line, $"cmdlet entry '{new string('#', entry.Level)} {name}' must be '### [{name}]({name}.md)'.");
            }

            if (!cmdletPages.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                // A warning, not an error: while the module grows, the page lists the planned
                // cmdlets before they exist. The Pester help test checks the other direction
                // against the built module (every exported cmdlet has a page and is listed).
                problems.Warn(page.File, entry.Line, $"the module page lists '{name}' but there is no cmdlet page '{name}.md' yet.");
            }

            CheckText(entry.Body, entry.Line, $"the description of '{name}'", Error);
            listed.Add(name);
        }

        foreach (string missing in cmdletPages.Where(p => !listed.Contains(p, StringComparer.OrdinalIgnoreCase)))
        {
            Error(cmdlets.Line, $"cmdlet page '{missing}.md' is not listed in '## {cmdletsTitle}'; add '### [{missing}]({missing}.md)' and a one-line description.");
        }

        return listed;
    }

    private static void CheckText(IEnumerable<Block> blocks, int line, string where, Action<int, string> error)
    {
        List<string> text = MarkdownOutline.Paragraphs(blocks);
        if (text.All(string.IsNullOrWhiteSpace))
        {
            error(line, $"{where} on the module page is empty.");
        }
        else if (text.Any(MarkdownOutline.HasPlaceholder))
        {
            error(line, $"{where} on the module page still contains a PlatyPS placeholder.");
        }
    }
}
