using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.RegularExpressions;

namespace VmssAutoscale.Cmdlets.Completers
{
    /// <summary>
    /// The text side of tab completion, with no Azure in it: which names match the word typed
    /// (wildcards honoured, case-insensitive, as PowerShell's own completers do) and how a name
    /// must be written so the parser reads it back as one argument.
    /// </summary>
    internal static class CompletionText
    {
        // Characters that end or change a bare argument in PowerShell's parser.
        private static readonly char[] NeedsQuotes = " \t'\"`$(){}[];,&|@#<>".ToCharArray();

        /// <summary>The completions for a word: what to insert, what to list, and a tooltip; sorted, without duplicates.</summary>
        public static IReadOnlyList<(string CompletionText, string ListItemText, string ToolTip)> Complete(IEnumerable<string> names, string? wordToComplete, string toolTipPrefix)
        {
            var (word, quote) = Unquote(wordToComplete ?? string.Empty);
            var pattern = Wildcard(word + "*");
            return names
                .Where(n => pattern.IsMatch(n))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .Select(n => (Quote(n, quote), n, toolTipPrefix + n))
                .ToList();
        }

        public static IEnumerable<CompletionResult> Results(IEnumerable<string> names, string? wordToComplete, string toolTipPrefix) =>
            Complete(names, wordToComplete, toolTipPrefix).Select(c => new CompletionResult(c.CompletionText, c.ListItemText, CompletionResultType.ParameterValue, c.ToolTip));

        public static bool HasWildcard(string text) => text.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

        /// <summary>
        /// PowerShell's wildcard language (*, ?, [set], backtick escapes) as a case-insensitive
        /// regex. Written here rather than with WildcardPattern so the matching is testable
        /// outside a PowerShell host and behaves the same in 5.1 and 7.
        /// </summary>
        public static Regex Wildcard(string pattern)
        {
            var b = new StringBuilder("^");
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                switch (c)
                {
                    case '`' when i + 1 < pattern.Length:
                        b.Append(Regex.Escape(pattern[++i].ToString()));
                        break;
                    case '*':
                        b.Append(".*");
                        break;
                    case '?':
                        b.Append('.');
                        break;
                    case '[':
                        var close = pattern.IndexOf(']', i + 1);
                        if (close < 0)
                        {
                            b.Append(@"\[");
                            break;
                        }

                        var set = pattern.Substring(i + 1, close - i - 1);
                        b.Append('[').Append(set.Replace(@"\", @"\\").Replace("^", @"\^")).Append(']');
                        i = close;
                        break;
                    default:
                        b.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }

            return new Regex(b.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }

        /// <summary>The word without the quote the user opened, and that quote (null if none).</summary>
        public static (string Word, char? Quote) Unquote(string word)
        {
            if (word.Length > 0 && (word[0] == '\'' || word[0] == '"'))
            {
                var q = word[0];
                var inner = word.Substring(1);
                if (inner.Length > 0 && inner[inner.Length - 1] == q)
                {
                    inner = inner.Substring(0, inner.Length - 1);
                }

                return (q == '\'' ? inner.Replace("''", "'") : inner, q);
            }

            return (word, null);
        }

        /// <summary>
        /// A name as it must be typed: bare when it can be, otherwise in the quotes the user
        /// opened, else single quotes (nothing inside them is expanded; a ' is doubled).
        /// </summary>
        public static string Quote(string name, char? quote = null)
        {
            if (quote == null && name.IndexOfAny(NeedsQuotes) < 0)
            {
                return name;
            }

            return quote == '"'
                ? "\"" + name.Replace("`", "``").Replace("\"", "`\"").Replace("$", "`$") + "\""
                : "'" + name.Replace("'", "''") + "'";
        }
    }
}
