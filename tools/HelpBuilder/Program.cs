using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace HelpBuilder;

// Converts the module's PlatyPS-format markdown into the help files PowerShell reads:
//   dotnet run --project tools/HelpBuilder -c Release -- <docsDir> <moduleOutDir>
// writes <moduleOutDir>/en-US/<external help file> (MAML, one per 'external help file' named in
// the cmdlet pages, normally VmssAutoscale.dll-Help.xml) and <moduleOutDir>/en-US/about_*.help.txt.
// Exit codes: 0 help written (warnings, if any, printed as file:line: warning: ...); 1 the docs
// have errors (each printed as file:line: error: ..., nothing written); 2 wrong arguments;
// 3 the output could not be written.
internal static class Program
{
    private const string Culture = "en-US";

    private static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: HelpBuilder <docsDir> <moduleOutDir>");
            Console.Error.WriteLine("  reads PlatyPS-format markdown from <docsDir> and writes MAML and about_*.help.txt to <moduleOutDir>/en-US.");
            return 2;
        }

        string docsDir = args[0];
        string moduleOutDir = args[1];
        if (!Directory.Exists(docsDir))
        {
            Console.Error.WriteLine($"{docsDir}: error: the docs folder does not exist.");
            return 2;
        }

        var problems = new Problems();
        Docs docs = ReadDocs(docsDir, problems);

        // Files were read in order; within a file, report top to bottom as an editor would.
        foreach (Problem problem in problems.Items.Select((p, i) => (p, i)).OrderBy(x => x.p.File, StringComparer.Ordinal).ThenBy(x => x.p.Line).ThenBy(x => x.i).Select(x => x.p))
        {
            Console.Error.WriteLine(problem);
        }

        if (problems.Any)
        {
            Console.Error.WriteLine($"HelpBuilder: {problems.ErrorCount} error(s) in {docsDir}; no help was written.");
            return 1;
        }

        try
        {
            string helpDir = Path.Combine(moduleOutDir, Culture);
            Directory.CreateDirectory(helpDir);
            foreach (IGrouping<string, CommandHelp> file in docs.Commands.GroupBy(c => c.ExternalHelpFile, StringComparer.OrdinalIgnoreCase))
            {
                string path = Path.Combine(helpDir, file.Key);
                MamlWriter.Write(path, file);
                Console.WriteLine($"HelpBuilder: wrote {path} ({file.Count()} cmdlet(s))");
            }

            foreach (AboutTopic topic in docs.AboutTopics)
            {
                string path = Path.Combine(helpDir, topic.Name + ".help.txt");
                File.WriteAllText(path, AboutTextWriter.Write(topic), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
                Console.WriteLine($"HelpBuilder: wrote {path}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{moduleOutDir}: error: could not write the help files: {e.Message}");
            return 3;
        }

        return 0;
    }

    private sealed record Docs(IReadOnlyList<CommandHelp> Commands, IReadOnlyList<AboutTopic> AboutTopics);

    private static Docs ReadDocs(string docsDir, Problems problems)
    {
        var commands = new List<CommandHelp>();
        var aboutTopics = new List<AboutTopic>();
        var modulePages = new List<MarkdownOutline>();
        var cmdletPages = new List<MarkdownOutline>();

        // Ordinal order keeps the output identical from run to run and machine to machine.
        foreach (string path in Directory.EnumerateFiles(docsDir, "*.md").OrderBy(p => p, StringComparer.Ordinal))
        {
            MarkdownOutline page = MarkdownOutline.Parse(path, File.ReadAllText(path), problems);
            if (AboutTopicReader.IsAboutPage(path))
            {
                if (AboutTopicReader.Read(page, problems) is { } topic)
                {
                    aboutTopics.Add(topic);
                }
            }
            else if (ModulePageReader.IsModulePage(page))
            {
                modulePages.Add(page);
            }
            else
            {
                cmdletPages.Add(page);
                if (CommandPageReader.Read(page, problems) is { } command)
                {
                    commands.Add(command);
                }
            }
        }

        if (cmdletPages.Count == 0)
        {
            problems.Add(docsDir, 0, "no cmdlet pages found; every cmdlet needs a PlatyPS page '<Cmdlet>.md'.");
        }

        if (modulePages.Count != 1)
        {
            string found = modulePages.Count == 0 ? "none" : string.Join(", ", modulePages.Select(p => Path.GetFileName(p.File)));
            problems.Add(docsDir, 0, $"expected exactly one module page (front matter with 'Module Guid'), found {found}.");
        }
        else
        {
            MarkdownOutline modulePage = modulePages[0];
            ModulePageReader.Read(modulePage, cmdletPages.Select(p => Path.GetFileNameWithoutExtension(p.File)).ToList(), problems);

            // Update-Help and PlatyPS pair cmdlet pages with their module by this name.
            modulePage.FrontMatter.TryGetValue("Module Name", out string? moduleName);
            foreach (MarkdownOutline page in cmdletPages)
            {
                if (page.FrontMatter.TryGetValue("Module Name", out string? pageModule)
                    && pageModule.Length > 0 && moduleName is not null && !pageModule.Equals(moduleName, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(page.File, 1, $"front matter 'Module Name' is '{pageModule}' but the module page '{Path.GetFileName(modulePage.File)}' says '{moduleName}'.");
                }
            }
        }

        return new Docs(commands, aboutTopics);
    }
}
