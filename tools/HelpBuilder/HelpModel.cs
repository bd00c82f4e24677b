using System;
using System.Collections.Generic;

namespace HelpBuilder;

// The help content of one cmdlet, as read from its markdown page and as written to MAML.
// Text is kept as a list of paragraphs because MAML stores prose as maml:para elements.
internal sealed record CommandHelp(
    string Name,
    string ExternalHelpFile,
    string? OnlineVersion,
    IReadOnlyList<string> Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<string> SyntaxSetNames,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<LinkHelp> Links)
{
    public string Verb => Name.Split('-', 2)[0];
    public string Noun => Name.Contains('-', StringComparison.Ordinal) ? Name.Split('-', 2)[1] : string.Empty;
}

internal sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, IReadOnlyList<ParameterUsage> Usages);

// One ```yaml block of a parameter. PlatyPS writes several blocks when a parameter behaves
// differently per parameter set (for example mandatory in one set, optional in another).
internal sealed record ParameterUsage(
    string Type,
    IReadOnlyList<string> ParameterSets,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    bool Required,
    string Position,
    string DefaultValue,
    string PipelineInput,
    bool Globbing)
{
    // An empty list is PlatyPS's "(All)": the parameter belongs to every parameter set.
    public bool InAllSets => ParameterSets.Count == 0;

    public bool IsSwitch
    {
        get
        {
            string shortName = Type.Substring(Type.LastIndexOf('.') + 1);
            return shortName.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase)
                || shortName.Equals("Switch", StringComparison.OrdinalIgnoreCase);
        }
    }

    public bool IsPositional => !Position.Equals("Named", StringComparison.OrdinalIgnoreCase);
}

internal sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);

internal sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

internal sealed record LinkHelp(string Text, string Uri);

// A conceptual help topic (docs/about_*.md).
internal sealed record AboutTopic(string Name, IReadOnlyList<AboutSection> Sections);

internal sealed record AboutSection(string Heading, int Level, IReadOnlyList<AboutBlock> Blocks);

internal enum AboutBlockKind { Paragraph, ListItem, Code }

internal sealed record AboutBlock(AboutBlockKind Kind, string Text, string Marker = "");
