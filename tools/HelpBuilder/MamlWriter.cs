using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace HelpBuilder;

// Writes commands as the MAML that Get-Help reads for binary cmdlets (<Assembly>.dll-Help.xml),
// in the element shape and order of the files Microsoft ships and PlatyPS generates.
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

    // Microsoft's help centres each example title in a 64-column rule of dashes; Get-Help prints
    // the title as is, and the rule is what separates examples in the console.
    private const int ExampleTitleWidth = 64;

    public static void Write(string path, IEnumerable<CommandHelp> commands)
    {
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.Select(CommandElement)));

        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            // A BOM lets Windows PowerShell 5.1 read non-ASCII text without guessing.
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
        };
        using XmlWriter writer = XmlWriter.Create(path, settings);
        document.Save(writer);
    }

    private static XElement CommandElement(CommandHelp command) =>
        new(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", command.Name),
                new XElement(Command + "verb", command.Verb),
                new XElement(Command + "noun", command.Noun),
                Description(command.Synopsis)),
            Description(command.Description),
            new XElement(Command + "syntax", SyntaxItems(command)),
            new XElement(Command + "parameters",
                command.Parameters.Select(p => ParameterElement(p, p.Usages[0], inSyntax: false))),
            TypeList(Command + "inputTypes", Command + "inputType", command.Inputs),
            TypeList(Command + "returnValues", Command + "returnValue", command.Outputs),
            command.Notes.Count == 0 ? null : new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(command.Notes))),
            new XElement(Command + "examples", command.Examples.Select(ExampleElement)),
            new XElement(Maml + "relatedLinks", RelatedLinks(command)));

    private static IEnumerable<XElement> SyntaxItems(CommandHelp command)
    {
        foreach (IReadOnlyList<(ParameterHelp Parameter, ParameterUsage Usage)> set in ParameterSets(command))
        {
            yield return new XElement(Command + "syntaxItem",
                new XElement(Maml + "name", command.Name),
                set.Select(entry => ParameterElement(entry.Parameter, entry.Usage, inSyntax: true)));
        }
    }

    /// <summary>
    /// The parameters of each parameter set, rebuilt from the parameters' metadata as PlatyPS does
    /// (the SYNTAX code blocks are for markdown readers). Sets come in the SYNTAX section's order.
    /// </summary>
    private static IEnumerable<IReadOnlyList<(ParameterHelp, ParameterUsage)>> ParameterSets(CommandHelp command)
    {
        List<string> setNames = command.SyntaxSetNames
            .Concat(command.Parameters.SelectMany(p => p.Usages).SelectMany(u => u.ParameterSets))
            .Where(name => !name.Equals("__AllParameterSets", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(name => command.Parameters.Any(p => p.Usages.Any(u => u.ParameterSets.Contains(name, StringComparer.OrdinalIgnoreCase))))
            .ToList();

        if (setNames.Count == 0)
        {
            // One implicit set: every parameter, with its first (normally only) metadata block.
            yield return InSyntaxOrder(command.Parameters.Select(p => (p, p.Usages[0])));
            yield break;
        }

        foreach (string setName in setNames)
        {
            var members = new List<(ParameterHelp, ParameterUsage)>();
            foreach (ParameterHelp parameter in command.Parameters)
            {
                ParameterUsage? usage =
                    parameter.Usages.FirstOrDefault(u => u.ParameterSets.Contains(setName, StringComparer.OrdinalIgnoreCase))
                    ?? parameter.Usages.FirstOrDefault(u => u.InAllSets);
                if (usage is not null)
                {
                    members.Add((parameter, usage));
                }
            }

            yield return InSyntaxOrder(members);
        }
    }

    // Positional parameters in position order, then mandatory ones, then the rest: the order
    // PowerShell itself uses when it prints a syntax line, so the help reads like Get-Command -Syntax.
    private static IReadOnlyList<(ParameterHelp, ParameterUsage)> InSyntaxOrder(IEnumerable<(ParameterHelp, ParameterUsage)> members) =>
        members
            .Select((entry, index) => (entry, index))
            .OrderBy(x => x.entry.Item2.IsPositional ? 0 : x.entry.Item2.Required ? 1 : 2)
            .ThenBy(x => x.entry.Item2.IsPositional ? int.Parse(x.entry.Item2.Position) : 0)
            .ThenBy(x => x.index)
            .Select(x => x.entry)
            .ToList();

    private static XElement ParameterElement(ParameterHelp parameter, ParameterUsage usage, bool inSyntax)
    {
        var element = new XElement(Command + "parameter",
            new XAttribute("required", usage.Required ? "true" : "false"),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", usage.Globbing ? "true" : "false"),
            new XAttribute("pipelineInput", usage.PipelineInput),
            new XAttribute("position", usage.Position),
            new XAttribute("aliases", usage.Aliases.Count == 0 ? "none" : string.Join(", ", usage.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Description));

        if (inSyntax && usage.AcceptedValues.Count > 0)
        {
            // Get-Help prints these as {A | B | C} in the syntax line.
            element.Add(new XElement(Command + "parameterValueGroup",
                usage.AcceptedValues.Select(v => new XElement(Command + "parameterValue",
                    new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))));
        }

        // A switch takes no value, so it has no <Type> placeholder; Get-Help would otherwise
        // print '-Force <SwitchParameter>' as if a value were expected.
        if (!usage.IsSwitch)
        {
            element.Add(new XElement(Command + "parameterValue",
                new XAttribute("required", "true"), new XAttribute("variableLength", "false"), usage.Type));
        }

        element.Add(
            new XElement(Dev + "type", new XElement(Maml + "name", usage.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", usage.DefaultValue));
        return element;
    }

    private static XElement? TypeList(XName list, XName item, IReadOnlyList<TypeHelp> types) =>
        types.Count == 0
            ? null
            : new XElement(list, types.Select(t =>
                new XElement(item,
                    new XElement(Dev + "type", new XElement(Maml + "name", t.TypeName)),
                    Description(t.Description))));

    private static XElement ExampleElement(ExampleHelp example)
    {
        int dashes = Math.Max(2, (ExampleTitleWidth - example.Title.Length - 2) / 2);
        string rule = new('-', dashes);
        return new XElement(Command + "example",
            new XElement(Maml + "title", $"{rule} {example.Title} {rule}"),
            new XElement(Dev + "code", example.Code),
            // The trailing empty paragraph is the blank line before the next example's title.
            new XElement(Dev + "remarks", example.Remarks.Append(string.Empty).Select(p => new XElement(Maml + "para", p))));
    }

    private static IEnumerable<XElement> RelatedLinks(CommandHelp command)
    {
        // Get-Help -Online opens the URI of the first link, so the online version goes first.
        if (command.OnlineVersion is not null)
        {
            yield return Link("Online Version:", command.OnlineVersion);
        }

        foreach (LinkHelp link in command.Links)
        {
            yield return Link(link.Text, link.Uri);
        }
    }

    private static XElement Link(string text, string uri) =>
        new(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));

    private static XElement Description(IReadOnlyList<string> paragraphs) => new(Maml + "description", Paragraphs(paragraphs));

    // An element with no paragraph at all prints oddly in some Get-Help views; one empty
    // paragraph is what Microsoft's own files carry for empty text.
    private static IEnumerable<XElement> Paragraphs(IReadOnlyList<string> paragraphs) =>
        paragraphs.Count == 0
            ? new[] { new XElement(Maml + "para", string.Empty) }
            : paragraphs.Select(p => new XElement(Maml + "para", p));
}
