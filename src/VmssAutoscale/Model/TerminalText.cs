using System.Text;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// The one place that makes text from data safe for a terminal. Names, messages and server
    /// errors come from bundles and services the user does not control; an escape sequence in a
    /// scale set name would otherwise recolour, retitle or rewrite the user's console when a view,
    /// a warning, an error or the report shows it. Control characters (C0, DEL, C1, which include
    /// ESC and CSI) and bidirectional overrides are dropped; tabs and line breaks become spaces so
    /// that one value cannot pose as several lines of output.
    /// </summary>
    public static class TerminalText
    {
        public static string Clean(string text) => Clean(text, keepLineBreaks: false);

        /// <summary>As <see cref="Clean(string)"/>, but keeps line breaks (multi-line messages the module wrote itself).</summary>
        public static string Clean(string text, bool keepLineBreaks)
        {
            if (text == null || IsClean(text, keepLineBreaks))
            {
                return text!;
            }

            var sb = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (c == '\n' && keepLineBreaks)
                {
                    sb.Append(c);
                }
                else if (c == '\t' || c == '\n' || c == '\r')
                {
                    sb.Append(' ');
                }
                else if (!IsUnsafe(c))
                {
                    sb.Append(c);
                }
            }

            return sb.ToString();
        }

        /// <summary>Null stays null, for optional fields.</summary>
        public static string? CleanOrNull(string? text) => text == null ? null : Clean(text);

        private static bool IsClean(string text, bool keepLineBreaks)
        {
            foreach (var c in text)
            {
                if (IsUnsafe(c) || c == '\t' || c == '\r' || (c == '\n' && !keepLineBreaks))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsUnsafe(char c) =>
            c < ' ' || (c >= '\u007f' && c <= '\u009f') || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
