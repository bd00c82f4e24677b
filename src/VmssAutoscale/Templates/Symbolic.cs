using System;
using System.Collections.Generic;
using System.Text;
using VmssAutoscale.Json;

namespace VmssAutoscale.Templates
{
    /// <summary>
    /// A value the template language can only know at deployment time (reference(), listKeys(),
    /// uniqueString(), a parameter with no value...). It is kept as the canonical text of the
    /// expression that produces it, so two identical symbolic expressions compare equal, and the
    /// checks can still look inside it (which account listKeys() names, what base64() encodes).
    /// </summary>
    public sealed class SymbolicCall
    {
        internal SymbolicCall(string text, string function, IReadOnlyList<JsonNode> args, IReadOnlyList<string> members, string? missingParameter)
        {
            Text = text;
            Function = function;
            Args = args;
            Members = members;
            MissingParameter = missingParameter;
        }

        /// <summary>Canonical expression text, e.g. listKeys('/subscriptions/.../storageAccounts/x', '2015-06-15').key1.</summary>
        public string Text { get; }

        public string Function { get; }

        /// <summary>The evaluated arguments (they may themselves contain symbolic parts).</summary>
        public IReadOnlyList<JsonNode> Args { get; }

        /// <summary>Property names and indexes applied to the call's result, e.g. ["key1"] or ["keys","0","value"].</summary>
        public IReadOnlyList<string> Members { get; }

        /// <summary>Set when this symbol is a declared parameter that was given no value.</summary>
        public string? MissingParameter { get; }
    }

    /// <summary>
    /// Symbolic values travel inside ordinary JSON strings between two markers that never occur in
    /// templates, so concat(), format() and resource IDs built around them keep working and compare
    /// as text. The table maps each marker text back to the call it stands for.
    /// </summary>
    public sealed class SymbolTable
    {
        public const char Open = '\u27EA';
        public const char Close = '\u27EB';

        private readonly Dictionary<string, SymbolicCall> calls = new Dictionary<string, SymbolicCall>(StringComparer.Ordinal);

        public static bool IsSymbolic(string? s) => s != null && s.IndexOf(Open) >= 0;

        public static bool IsSymbolic(JsonNode? node)
        {
            if (node == null)
            {
                return false;
            }

            switch (node.Kind)
            {
                case JsonKind.String:
                    return IsSymbolic(node.StringValue);
                case JsonKind.Array:
                    foreach (var i in node.Items)
                    {
                        if (IsSymbolic(i))
                        {
                            return true;
                        }
                    }

                    return false;
                case JsonKind.Object:
                    foreach (var p in node.Properties)
                    {
                        if (IsSymbolic(p.Value))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        internal string Add(string text, string function, IReadOnlyList<JsonNode> args, IReadOnlyList<string> members, string? missingParameter = null)
        {
            if (!calls.ContainsKey(text))
            {
                calls.Add(text, new SymbolicCall(text, function, args, members, missingParameter));
            }

            return Open + text + Close;
        }

        /// <summary>The call when the whole string is exactly one symbolic value; null otherwise.</summary>
        public SymbolicCall? AsSingle(string? s)
        {
            if (s == null || s.Length < 2 || s[0] != Open || s[s.Length - 1] != Close || MatchingClose(s, 0) != s.Length - 1)
            {
                return null;
            }

            return calls.TryGetValue(s.Substring(1, s.Length - 2), out var call) ? call : null;
        }

        /// <summary>The top-level symbolic calls inside a string, in order.</summary>
        public IEnumerable<SymbolicCall> Within(string? s)
        {
            if (s == null)
            {
                yield break;
            }

            var i = s.IndexOf(Open);
            while (i >= 0)
            {
                var end = MatchingClose(s, i);
                if (end < 0)
                {
                    yield break;
                }

                if (calls.TryGetValue(s.Substring(i + 1, end - i - 1), out var call))
                {
                    yield return call;
                }

                i = s.IndexOf(Open, end + 1);
            }
        }

        /// <summary>The first parameter with no value that this string depends on, if any.</summary>
        public string? MissingParameterIn(string? s)
        {
            foreach (var call in Within(s))
            {
                if (call.MissingParameter != null)
                {
                    return call.MissingParameter;
                }

                foreach (var a in call.Args)
                {
                    if (a.Kind == JsonKind.String && MissingParameterIn(a.StringValue) is string p)
                    {
                        return p;
                    }
                }
            }

            return null;
        }

        /// <summary>Splits on a separator that is not inside a symbolic part (their expression text may contain '/').</summary>
        public static IReadOnlyList<string> SplitOutside(string s, char separator)
        {
            var parts = new List<string>();
            var depth = 0;
            var start = 0;
            for (var i = 0; i < s.Length; i++)
            {
                if (s[i] == Open)
                {
                    depth++;
                }
                else if (s[i] == Close)
                {
                    depth--;
                }
                else if (s[i] == separator && depth == 0)
                {
                    parts.Add(s.Substring(start, i - start));
                    start = i + 1;
                }
            }

            parts.Add(s.Substring(start));
            return parts;
        }

        /// <summary>The last '/'-separated segment of a resource ID, ignoring '/' inside symbolic parts.</summary>
        public static string LastSegment(string id)
        {
            var parts = SplitOutside(id.TrimEnd('/'), '/');
            return parts[parts.Count - 1];
        }

        internal static int MatchingClose(string s, int open)
        {
            var depth = 0;
            for (var i = open; i < s.Length; i++)
            {
                if (s[i] == Open)
                {
                    depth++;
                }
                else if (s[i] == Close && --depth == 0)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Readable text for messages: each symbolic part is shown as the ARM expression "[...]".</summary>
        public static string Display(string? s)
        {
            if (s == null)
            {
                return string.Empty;
            }

            if (!IsSymbolic(s))
            {
                return s;
            }

            var sb = new StringBuilder(s.Length);
            var depth = 0;
            foreach (var c in s)
            {
                if (c == Open)
                {
                    if (depth++ == 0)
                    {
                        sb.Append('[');
                    }
                }
                else if (c == Close)
                {
                    if (--depth == 0)
                    {
                        sb.Append(']');
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }

            return sb.ToString();
        }

        /// <summary>
        /// A form of a resource ID for comparison: ARM compares IDs case-insensitively, so a
        /// toLower()/toUpper() wrapped around a symbolic name does not change which resource it names.
        /// </summary>
        public static string IdKey(string s)
        {
            var t = s.TrimEnd('/');
            foreach (var wrapper in new[] { "toLower(", "toUpper(" })
            {
                var marker = Open + wrapper;
                var i = t.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
                while (i >= 0)
                {
                    var end = MatchingClose(t, i);
                    if (end < 0 || t[end - 1] != ')')
                    {
                        break;
                    }

                    t = t.Substring(0, i + 1) + t.Substring(i + marker.Length, end - 1 - (i + marker.Length)) + t.Substring(end);
                    i = t.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
                }
            }

            return t.ToUpperInvariant();
        }

        /// <summary>
        /// Canonical expression text of a value, used to name symbolic results: a string that is one
        /// symbolic value is written as its expression, a mixed string as concat(...), so the text is
        /// itself a valid ARM expression.
        /// </summary>
        public static string Canon(JsonNode node)
        {
            switch (node.Kind)
            {
                case JsonKind.String:
                    return CanonString(node.StringValue ?? string.Empty);
                case JsonKind.Number:
                    return node.RawNumber ?? node.NumberValue.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                case JsonKind.Boolean:
                    return node.BooleanValue ? "true()" : "false()";
                case JsonKind.Null:
                    return "null()";
                case JsonKind.Array:
                    return "createArray(" + string.Join(", ", System.Linq.Enumerable.Select(node.Items, Canon)) + ")";
                default:
                    return "createObject(" + string.Join(", ", System.Linq.Enumerable.Select(node.Properties, p => Quote(p.Key) + ", " + Canon(p.Value))) + ")";
            }
        }

        private static string CanonString(string s)
        {
            if (!IsSymbolic(s))
            {
                return Quote(s);
            }

            var parts = new List<string>();
            var pos = 0;
            while (pos < s.Length)
            {
                var open = s.IndexOf(Open, pos);
                if (open < 0)
                {
                    parts.Add(Quote(s.Substring(pos)));
                    break;
                }

                if (open > pos)
                {
                    parts.Add(Quote(s.Substring(pos, open - pos)));
                }

                var close = MatchingClose(s, open);
                if (close < 0)
                {
                    parts.Add(Quote(s.Substring(open)));
                    break;
                }

                parts.Add(s.Substring(open + 1, close - open - 1));
                pos = close + 1;
            }

            return parts.Count == 1 ? parts[0] : "concat(" + string.Join(", ", parts) + ")";
        }

        private static string Quote(string s) => "'" + s.Replace("'", "''") + "'";
    }
}
