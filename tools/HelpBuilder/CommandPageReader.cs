using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HelpBuilder;

// Reads a PlatyPS (schema 2.0.0) cmdlet page into a CommandHelp and reports, with file and line,
// everything that would make its help incomplete or that PlatyPS itself would reject.
internal sealed class CommandPageReader
{
    private const string AllParameterSets = "__AllParameterSets";

    private static readonly string[] KnownSections =
        { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

    private static readonly string[] RequiredSections = { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS" };

    private static readonly string[] ParameterKeys =
    {
        "Type", "Parameter Sets", "Aliases", "Accepted values", "Required", "Position", "Default value",
        "Accept pipeline input", "Accept wildcard characters",
    };

    private readonly MarkdownOutline _page;
    private readonly Problems _problems;

    private CommandPageReader(MarkdownOutline page, Problems problems)
    {
        _page = page;
        _problems = problems;
    }

    /// <summary>Returns null when the page is too broken to describe a command at all.</summary>
    public static CommandHelp? Read(MarkdownOutline page, Problems problems) => new CommandPageReader(page, problems).Read();

    private CommandHelp? Read()
    {
        if (!_page.HasFrontMatter)
        {
            Error(1, "the page has no front matter; PlatyPS pages start with '---', 'external help file:', 'Module Name:', 'online version:', 'schema: 2.0.0', '---'.");
        }

        string externalHelpFile = RequireFrontMatter("external help file");
        RequireFrontMatter("Module Name");
        string schema = RequireFrontMatter("schema");
        if (schema.Length > 0 && schema != "2.0.0")
        {
            Error(1, $"front matter 'schema' is '{schema}'; only PlatyPS schema 2.0.0 is supported.");
        }

        if (externalHelpFile.Length > 0 && !externalHelpFile.EndsWith("-Help.xml", StringComparison.OrdinalIgnoreCase))
        {
            Error(1, $"front matter 'external help file' is '{externalHelpFile}'; it must name the MAML file, such as 'VmssAutoscale.dll-Help.xml'.");
        }

        _page.FrontMatter.TryGetValue("online version", out string? onlineVersion);

        if (_page.Root.Body.Count > 0)
        {
            Error(_page.Root.Body[0].Line + 1, "text before the '# Cmdlet-Name' heading; the page must start with the command name.");
        }

        if (_page.Root.Children.Count != 1)
        {
            Error(_page.Root.Children.Count == 0 ? 1 : _page.Root.Children[1].Line,
                "a cmdlet page needs exactly one level 1 heading, the command name ('# Verb-Noun').");
            if (_page.Root.Children.Count == 0)
            {
                return null;
            }
        }

        Section command = _page.Root.Children[0];
        string expectedName = Path.GetFileNameWithoutExtension(_page.File);
        if (!string.Equals(command.Title, expectedName, StringComparison.OrdinalIgnoreCase))
        {
            Error(command.Line, $"the page is named '{expectedName}.md' but documents '{command.Title}'; PlatyPS expects one '<Cmdlet>.md' per cmdlet.");
        }

        if (command.Body.Count > 0)
        {
            Error(command.Body[0].Line + 1, $"text between '# {command.Title}' and '## SYNOPSIS' is not part of any help section.");
        }

        Dictionary<string, Section> sections = IndexSections(command);

        return new CommandHelp(
            Name: command.Title,
            ExternalHelpFile: externalHelpFile,
            OnlineVersion: string.IsNullOrWhiteSpace(onlineVersion) ? null : onlineVersion.Trim(),
            Synopsis: Fitted(RequiredText(sections, "SYNOPSIS", command)),
            Description: Fitted(RequiredText(sections, "DESCRIPTION", command)),
            SyntaxSetNames: ReadSyntax(sections),
            Parameters: ReadParameters(sections),
            Inputs: ReadTypes(sections, "INPUTS"),
            Outputs: ReadTypes(sections, "OUTPUTS"),
            Notes: OptionalText(sections, "NOTES"),
            Examples: ReadExamples(sections),
            Links: ReadLinks(sections));
    }

    private Dictionary<string, Section> IndexSections(Section command)
    {
        var sections = new Dictionary<string, Section>(StringComparer.OrdinalIgnoreCase);
        foreach (Section section in command.Children)
        {
            string title = section.Title.Trim();
            if (!KnownSections.Contains(title, StringComparer.OrdinalIgnoreCase))
            {
                Error(section.Line, $"unknown section '## {title}'; a PlatyPS cmdlet page has only {string.Join(", ", KnownSections)}.");
            }
            else if (!sections.TryAdd(title, section))
            {
                Error(section.Line, $"section '## {title}' appears twice.");
            }
        }

        foreach (string required in RequiredSections.Where(r => !sections.ContainsKey(r)))
        {
            Error(command.Line, $"section '## {required}' is missing from '{command.Title}'.");
        }

        // The PlatyPS order is what its own tools write and what readers expect to scan.
        string[] present = command.Children.Select(s => s.Title.ToUpperInvariant()).Where(t => KnownSections.Contains(t)).ToArray();
        string[] expectedOrder = KnownSections.Where(present.Contains).ToArray();
        if (!present.SequenceEqual(expectedOrder))
        {
            Error(command.Line, $"sections must appear in the PlatyPS order: {string.Join(", ", expectedOrder)}.");
        }

        return sections;
    }

    private IReadOnlyList<string> RequiredText(Dictionary<string, Section> sections, string name, Section command)
    {
        if (!sections.ContainsKey(name))
        {
            return Array.Empty<string>();
        }

        IReadOnlyList<string> text = OptionalText(sections, name);
        if (text.All(string.IsNullOrWhiteSpace))
        {
            Error(sections[name].Line, $"section '## {name}' of '{command.Title}' is empty.");
        }

        return text;
    }

    private IReadOnlyList<string> OptionalText(Dictionary<string, Section> sections, string name)
    {
        if (!sections.TryGetValue(name, out Section? section))
        {
            return Array.Empty<string>();
        }

        RejectSubheadings(section);
        return Prose(section.Body, section.Line, $"section '## {name}'");
    }

    private void RejectSubheadings(Section section)
    {
        foreach (Section child in section.Children)
        {
            Error(child.Line, $"unexpected heading '{new string('#', child.Level)} {child.Title}' inside '## {section.Title}'.");
        }
    }

    /// <summary>Paragraphs of prose; a leftover PlatyPS placeholder is an error, not help text.</summary>
    /// <summary>
    /// Get-Help prints the synopsis, the description and an example's remarks 4 columns in and
    /// cuts a longer line at the console's edge, mid-word: wrapped at 76 they fit 80 columns.
    /// </summary>
    private static List<string> Fitted(IEnumerable<string> paragraphs) =>
        paragraphs.Select(p => MarkdownOutline.Wrap(p, HelpTextWidth)).ToList();

    private const int HelpTextWidth = 76;

    private List<string> Prose(IEnumerable<Block> blocks, int line, string where)
    {
        List<string> paragraphs = MarkdownOutline.Paragraphs(blocks);
        if (paragraphs.Any(MarkdownOutline.HasPlaceholder))
        {
            Error(line, $"{where} still contains a PlatyPS placeholder ('{{{{ ... }}}}'); write the real text.");
        }

        return paragraphs;
    }

    private IReadOnlyList<string> ReadSyntax(Dictionary<string, Section> sections)
    {
        if (!sections.TryGetValue("SYNTAX", out Section? syntax))
        {
            return Array.Empty<string>();
        }

        // The MAML syntax is rebuilt from the parameters' metadata, as PlatyPS does; the code
        // blocks here are for markdown readers. Their set names are kept to cross-check the
        // metadata and to order the syntax blocks as the author did.
        var names = new List<string>();
        if (syntax.Children.Count == 0)
        {
            if (!syntax.Body.Any(MarkdownOutline.IsCode))
            {
                Error(syntax.Line, "section '## SYNTAX' needs a code block with the command line, under a '### ParameterSetName' heading for each parameter set.");
            }

            return names;
        }

        foreach (Section set in syntax.Children)
        {
            if (set.Level != 3)
            {
                Error(set.Line, $"unexpected heading level in '## SYNTAX'; parameter sets are '### Name'.");
            }

            if (!set.Body.Any(MarkdownOutline.IsCode))
            {
                Error(set.Line, $"parameter set '### {set.Title}' in '## SYNTAX' has no code block with its command line.");
            }

        }

        names.AddRange(ReadSyntaxNames(syntax));
        return names;
    }

    private IReadOnlyList<ParameterHelp> ReadParameters(Dictionary<string, Section> sections)
    {
        var parameters = new List<ParameterHelp>();
        if (!sections.TryGetValue("PARAMETERS", out Section? section))
        {
            return parameters;
        }

        int problemsBefore = _problems.Items.Count;
        foreach (Section entry in section.Children)
        {
            if (entry.Title.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase))
            {
                // Get-Help describes the common parameters itself; PlatyPS keeps only a pointer here.
                continue;
            }

            if (!entry.Title.StartsWith('-') || entry.Title.Length < 2 || entry.Title.Contains(' '))
            {
                Error(entry.Line, $"'### {entry.Title}' in '## PARAMETERS' is not a parameter heading; write '### -Name'.");
                continue;
            }

            string name = entry.Title.Substring(1);
            if (parameters.Any(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                Error(entry.Line, $"parameter '-{name}' is documented twice.");
                continue;
            }

            RejectSubheadings(entry);
            List<string> description = Prose(entry.Body.Where(b => !MarkdownOutline.IsYaml(b)), entry.Line, $"parameter '-{name}'");
            if (description.All(string.IsNullOrWhiteSpace))
            {
                Error(entry.Line, $"parameter '-{name}' has no description.");
            }

            var usages = entry.Body.Where(MarkdownOutline.IsYaml)
                .Select(block => ReadUsage(name, (LeafBlock)block))
                .ToList();
            if (usages.Count == 0)
            {
                Error(entry.Line, $"parameter '-{name}' has no ```yaml block with its Type, Parameter Sets, Required, Position and pipeline input.");
                continue;
            }

            parameters.Add(new ParameterHelp(name, description, usages));
        }

        // With a parameter already rejected, its sets are unknown and the cross-check would only
        // repeat the same mistake in other words.
        if (_problems.Items.Count == problemsBefore)
        {
            CheckParameterSetsAgainstSyntax(sections, parameters);
        }

        return parameters;
    }

    private ParameterUsage ReadUsage(string parameter, LeafBlock yaml)
    {
        // These blocks are read as plain 'Key: value' lines, not with a YAML parser: PlatyPS writes
        // values unquoted, and ordinary ones such as '*' or '@{}' are not valid YAML scalars.
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int line = yaml.Line + 2;
        foreach (string text in MarkdownOutline.LinesOf(yaml))
        {
            int current = line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            int colon = text.IndexOf(':');
            string key = colon < 0 ? text.Trim() : text.Substring(0, colon).Trim();
            if (colon < 0 || !ParameterKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                Error(current, $"parameter '-{parameter}': '{text.Trim()}' is not one of the PlatyPS keys ({string.Join(", ", ParameterKeys)}).");
                continue;
            }

            if (!values.TryAdd(key, text.Substring(colon + 1).Trim()))
            {
                Error(current, $"parameter '-{parameter}': key '{key}' appears twice in one yaml block.");
            }
        }

        string Value(string key, string fallback) =>
            values.TryGetValue(key, out string? v) && v.Length > 0 ? v : fallback;

        bool Flag(string key)
        {
            string value = Value(key, "False");
            if (bool.TryParse(value, out bool flag))
            {
                return flag;
            }

            Error(yaml.Line + 1, $"parameter '-{parameter}': '{key}' is '{value}'; it must be True or False (use one yaml block per parameter set when it differs).");
            return false;
        }

        string type = Value("Type", string.Empty);
        if (type.Length == 0)
        {
            Error(yaml.Line + 1, $"parameter '-{parameter}': the yaml block has no 'Type'.");
        }

        string position = Value("Position", "Named");
        if (!position.Equals("Named", StringComparison.OrdinalIgnoreCase) && !int.TryParse(position, out _))
        {
            Error(yaml.Line + 1, $"parameter '-{parameter}': 'Position' is '{position}'; it must be Named or a number.");
        }

        if (new[] { "Type", "Default value", "Accepted values" }.Any(k => MarkdownOutline.HasPlaceholder(Value(k, string.Empty))))
        {
            Error(yaml.Line + 1, $"parameter '-{parameter}': the yaml block still contains a PlatyPS placeholder.");
        }

        string sets = Value("Parameter Sets", "(All)");
        return new ParameterUsage(
            Type: type,
            ParameterSets: sets.Equals("(All)", StringComparison.OrdinalIgnoreCase) ? Array.Empty<string>() : SplitList(sets),
            Aliases: SplitList(Value("Aliases", string.Empty)),
            AcceptedValues: SplitList(Value("Accepted values", string.Empty)),
            Required: Flag("Required"),
            Position: position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : position,
            DefaultValue: Value("Default value", "None"),
            PipelineInput: Value("Accept pipeline input", "False"),
            Globbing: Flag("Accept wildcard characters"));
    }

    private static IReadOnlyList<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private void CheckParameterSetsAgainstSyntax(Dictionary<string, Section> sections, List<ParameterHelp> parameters)
    {
        if (!sections.TryGetValue("SYNTAX", out Section? syntax) || syntax.Children.Count == 0)
        {
            return;
        }

        // A set named in SYNTAX but absent from every parameter (or the reverse) means one of the
        // two was not updated when the cmdlet changed; the MAML would then show a wrong syntax.
        var syntaxSets = new HashSet<string>(ReadSyntaxNames(syntax), StringComparer.OrdinalIgnoreCase);
        var parameterSets = new HashSet<string>(
            parameters.SelectMany(p => p.Usages).SelectMany(u => u.ParameterSets), StringComparer.OrdinalIgnoreCase);
        if (parameterSets.Count == 0)
        {
            parameterSets.Add(AllParameterSets);
        }

        foreach (string set in syntaxSets.Where(s => !parameterSets.Contains(s)))
        {
            Error(syntax.Line, $"parameter set '{set}' is in '## SYNTAX' but no parameter's 'Parameter Sets' names it.");
        }

        foreach (string set in parameterSets.Where(s => !syntaxSets.Contains(s)))
        {
            Error(syntax.Line, $"parameter set '{set}' is used in '## PARAMETERS' but has no '### {set}' entry in '## SYNTAX'.");
        }
    }

    // PlatyPS marks the default set as '### Name (Default)'; the set itself is called 'Name'.
    private static IEnumerable<string> ReadSyntaxNames(Section syntax) =>
        syntax.Children.Select(s => s.Title.Replace(" (Default)", string.Empty, StringComparison.OrdinalIgnoreCase).Trim());

    private IReadOnlyList<ExampleHelp> ReadExamples(Dictionary<string, Section> sections)
    {
        var examples = new List<ExampleHelp>();
        if (!sections.TryGetValue("EXAMPLES", out Section? section))
        {
            return examples;
        }

        if (section.Body.Count > 0)
        {
            Error(section.Body[0].Line + 1, "text in '## EXAMPLES' before the first '### Example 1: ...' heading belongs to no example.");
        }

        foreach (Section example in section.Children)
        {
            RejectSubheadings(example);
            // A fenced block tagged Output shows what the command prints: it belongs with the
            // remarks, so the example's code stays something a user can paste and run.
            string[] code = example.Body.OfType<CodeBlock>().Where(b => !MarkdownOutline.IsOutput(b)).Select(MarkdownOutline.CodeText).ToArray();
            if (code.Length == 0 || code.All(string.IsNullOrWhiteSpace))
            {
                Error(example.Line, $"example '### {example.Title}' has no ```powershell code block.");
            }

            if (MarkdownOutline.HasPlaceholder(example.Title) || code.Any(MarkdownOutline.HasPlaceholder))
            {
                Error(example.Line, $"example '### {example.Title}' still contains a PlatyPS placeholder.");
            }

            // MAML has one code element per example; several blocks become one, separated by a
            // blank line. Prose before the code cannot go above it (MAML's introduction element
            // prints on the same line as the code), so all prose becomes the remarks.
            // The output is shown as the console wrote it (the page shows a 76-column console, so
            // with Get-Help's indent it fits 80); the prose is wrapped to fit beside it.
            var remarks = new List<string>();
            foreach (Block block in example.Body.Where(b => b is not CodeBlock || MarkdownOutline.IsOutput(b)))
            {
                remarks.AddRange(MarkdownOutline.IsOutput(block)
                    ? new[] { MarkdownOutline.CodeText((LeafBlock)block) }
                    : Fitted(Prose(new[] { block }, example.Line, $"example '### {example.Title}'")));
            }

            examples.Add(new ExampleHelp(example.Title, string.Join("\n\n", code), remarks));
        }

        if (examples.Count < 2)
        {
            Error(section.Line, $"'## EXAMPLES' has {examples.Count} example(s); every cmdlet needs at least two ('### Example 1: ...' with a code block and remarks).");
        }

        return examples;
    }

    private IReadOnlyList<TypeHelp> ReadTypes(Dictionary<string, Section> sections, string name)
    {
        var types = new List<TypeHelp>();
        if (!sections.TryGetValue(name, out Section? section))
        {
            return types;
        }

        if (section.Body.Count > 0)
        {
            Error(section.Body[0].Line + 1, $"text in '## {name}' must be under a '### TypeName' heading.");
        }

        foreach (Section type in section.Children)
        {
            RejectSubheadings(type);
            types.Add(new TypeHelp(type.Title, Prose(type.Body, type.Line, $"'### {type.Title}' in '## {name}'")));
        }

        return types;
    }

    private IReadOnlyList<LinkHelp> ReadLinks(Dictionary<string, Section> sections)
    {
        var links = new List<LinkHelp>();
        if (!sections.TryGetValue("RELATED LINKS", out Section? section))
        {
            return links;
        }

        RejectSubheadings(section);
        foreach (Block block in section.Body)
        {
            LinkInline[] found = block is LeafBlock { Inline: { } inline }
                ? inline.Descendants<LinkInline>().Where(l => !l.IsImage).ToArray()
                : Array.Empty<LinkInline>();
            if (found.Length == 0)
            {
                Error(block.Line + 1, "'## RELATED LINKS' holds only markdown links, one per line: [Get-Thing](Get-Thing.md) or [Title](https://...).");
                continue;
            }

            foreach (LinkInline link in found)
            {
                // A relative link points at another page of these docs; in a console the name is
                // what helps (Get-Help <name>), so only absolute addresses are kept as URIs.
                string uri = MarkdownOutline.IsAbsoluteUri(link.Url) ? link.Url! : string.Empty;
                links.Add(new LinkHelp(MarkdownOutline.InlineText(link).Trim(), uri));
            }
        }

        return links;
    }

    private string RequireFrontMatter(string key)
    {
        if (!_page.FrontMatter.TryGetValue(key, out string? value) || value.Trim().Length == 0)
        {
            // A page without any front matter was already reported once; don't repeat it per key.
            if (_page.HasFrontMatter)
            {
                Error(1, $"front matter key '{key}' is missing or empty.");
            }

            return string.Empty;
        }

        return value.Trim();
    }

    private void Error(int line, string message) => _problems.Add(_page.File, line, message);
}
