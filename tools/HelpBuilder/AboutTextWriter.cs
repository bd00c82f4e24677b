using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace HelpBuilder;

// Writes an about topic in the classic about_*.help.txt layout that Get-Help prints as is:
// upper-case section titles at the margin, text indented four spaces and wrapped at 80 columns.
internal static class AboutTextWriter
{
    private const int Width = 80;
    private const string Indent = "    ";

    public static string Write(AboutTopic topic)
    {
        var text = new StringBuilder();
        text.Append("TOPIC\n").Append(Indent).Append(topic.Name).Append('\n');

        foreach (AboutSection section in topic.Sections)
        {
            text.Append('\n');
            if (section.Heading.Length > 0)
            {
                // Level 2 headings are the topic's sections (SHORT DESCRIPTION, LONG DESCRIPTION,
                // ...), which Get-Help looks for in upper case; deeper ones are sub-headings.
                text.Append(section.Level <= 2 ? section.Heading.ToUpperInvariant() : Indent + section.Heading).Append('\n');
            }

            AboutBlock? previous = null;
            foreach (AboutBlock block in section.Blocks)
            {
                // Blocks are separated by a blank line, except the items of one list.
                if (previous is not null && !(previous.Kind == AboutBlockKind.ListItem && block.Kind == AboutBlockKind.ListItem))
                {
                    text.Append('\n');
                }

                previous = block;
                switch (block.Kind)
                {
                    case AboutBlockKind.Code:
                        foreach (string line in block.Text.Split('\n'))
                        {
                            text.Append((Indent + Indent + line).TrimEnd()).Append('\n');
                        }

                        break;
                    case AboutBlockKind.ListItem:
                        AppendWrapped(text, block.Text, Indent + block.Marker + " ", Indent + new string(' ', block.Marker.Length + 1));
                        break;
                    default:
                        AppendWrapped(text, block.Text, Indent, Indent);
                        break;
                }
            }
        }

        return text.ToString();
    }

    private static void AppendWrapped(StringBuilder text, string paragraph, string firstPrefix, string nextPrefix)
    {
        foreach (string hardLine in paragraph.Split('\n'))
        {
            var line = new StringBuilder(firstPrefix);
            bool lineHasWord = false;
            foreach (string word in hardLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                // A word longer than the line (a URL) gets a line of its own rather than being cut.
                if (lineHasWord && line.Length + 1 + word.Length > Width)
                {
                    text.Append(line).Append('\n');
                    line.Clear().Append(nextPrefix);
                    lineHasWord = false;
                }

                if (lineHasWord)
                {
                    line.Append(' ');
                }

                line.Append(word);
                lineHasWord = true;
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
            firstPrefix = nextPrefix;
        }
    }
}
