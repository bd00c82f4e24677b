using System;
using System.Linq;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// The one rule that shortens a finding's summary to its headline: the line a person scans, next
    /// to the status, severity and check, within 79 columns (issue 24). The first sentence when it
    /// fits; otherwise that sentence up to its last clause boundary (": ", "; ", ", ", " (") that
    /// fits; otherwise whole words and an ellipsis. The whole summary stays on the object, and the
    /// view shows it under the headline for a Fail or Warn, so a headline never has to carry the
    /// numbers.
    /// </summary>
    public static class FindingHeadline
    {
        /// <summary>Columns left for the headline after "FAIL High     AverageAcrossInstances " in 79.</summary>
        public const int MaxLength = ConsoleText.Width - ConsoleText.HeadlineColumn;

        /// <summary>A clause shorter than this says too little to stand alone; words and an ellipsis read better.</summary>
        private const int ShortestClause = 16;

        private static readonly string[] ClauseBreaks = { ": ", "; ", ", ", " (", " - " };

        public static string Of(string? summary, int maxLength = MaxLength)
        {
            var first = ConsoleText.Sentences(ConsoleText.OneLine(summary)).FirstOrDefault() ?? string.Empty;
            if (first.Length <= maxLength)
            {
                return first;
            }

            var clause = ClauseBreaks
                .Select(b => first.LastIndexOf(b, maxLength - 1, StringComparison.Ordinal))
                .Where(i => i >= ShortestClause && OutsideParentheses(first, i))
                .DefaultIfEmpty(-1)
                .Max();
            if (clause > 0)
            {
                return first.Substring(0, clause);
            }

            var space = first.LastIndexOf(' ', maxLength - 1);
            var cut = space >= ShortestClause ? first.Substring(0, space) : first.Substring(0, maxLength - 1);
            return cut.TrimEnd(',', ';', ':') + "…";
        }

        /// <summary>True when <paramref name="headline"/> is the summary's whole first sentence, so the rest of the summary follows it without repeating it.</summary>
        /// <summary>A cut inside parentheses would leave one open ("The platform's limits (vCPU quota").</summary>
        private static bool OutsideParentheses(string text, int end)
        {
            var depth = 0;
            for (var i = 0; i < end; i++)
            {
                depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            }

            return depth <= 0;
        }

        public static bool IsFirstSentence(string headline, string? summary) =>
            string.Equals(headline, ConsoleText.Sentences(ConsoleText.OneLine(summary)).FirstOrDefault(), StringComparison.Ordinal);
    }
}
