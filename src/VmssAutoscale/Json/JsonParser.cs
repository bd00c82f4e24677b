using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VmssAutoscale.Json
{
    /// <summary>Raised for text that is not JSON; carries the location so callers can say where.</summary>
    public sealed class JsonParseException : FormatException
    {
        public JsonParseException(string problem, int line, int column, string path)
            : base($"line {line}, column {column} ({path}): {problem}")
        {
            Problem = problem;
            Line = line;
            Column = column;
            Path = path;
        }

        public string Problem { get; }

        public int Line { get; }

        public int Column { get; }

        public string Path { get; }
    }

    /// <summary>
    /// A strict JSON reader that also accepts the comments ARM templates allow (// and /* */)
    /// and records the line, column and path of every value.
    /// </summary>
    public sealed class JsonParser
    {
        /// <summary>Values nested deeper than this are refused: the parser (and every walk after it) is recursive.</summary>
        public const int MaxDepth = 256;
        private readonly string text;
        private readonly ICollection<string>? warnings;
        private int pos;
        private int line = 1;
        private int lineStart;

        private JsonParser(string text, ICollection<string>? warnings)
        {
            this.text = text;
            this.warnings = warnings;
        }

        public static JsonNode Parse(string text) => Parse(text, null);

        /// <summary>
        /// Parses, adding to <paramref name="warnings"/> what the text does that ARM accepts but a
        /// reader should know: a property given twice in one object (the last one wins, as in ARM).
        /// </summary>
        public static JsonNode Parse(string text, ICollection<string>? warnings)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            var parser = new JsonParser(text, warnings);
            parser.SkipBom();
            parser.SkipTrivia();
            if (parser.pos >= text.Length)
            {
                throw new JsonParseException("the document is empty; expected a JSON value", 1, 1, "$");
            }

            var root = parser.ParseValue("$", 0);
            parser.SkipTrivia();
            if (parser.pos < text.Length)
            {
                parser.Fail($"unexpected '{text[parser.pos]}' after the end of the JSON value", "$");
            }

            return root;
        }

        /// <summary>Appends a property name to a path, quoting names that are not plain identifiers.</summary>
        public static string Child(string path, string name)
        {
            var plain = name.Length > 0;
            foreach (var c in name)
            {
                if (!(char.IsLetterOrDigit(c) || c == '_' || c == '$' || c == '-'))
                {
                    plain = false;
                    break;
                }
            }

            var prefix = path == "$" ? string.Empty : path;
            if (plain)
            {
                return prefix.Length == 0 ? name : prefix + "." + name;
            }

            return (prefix.Length == 0 ? "$" : prefix) + "['" + name.Replace("'", "\\'") + "']";
        }

        /// <summary>A path short enough for a message: the start and the end of a deep one.</summary>
        public static string Shorten(string path) =>
            path.Length <= 120 ? path : path.Substring(0, 50) + " ... " + path.Substring(path.Length - 50);

        public static string Index(string path, int i) => (path == "$" ? "$" : path) + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";

        private int Column => pos - lineStart + 1;

        private void SkipBom()
        {
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                pos = 1;
                lineStart = 1;
            }
        }

        private void Fail(string problem, string path) => throw new JsonParseException(problem, line, Column, path);

        private void SkipTrivia()
        {
            while (pos < text.Length)
            {
                var c = text[pos];
                if (c == '\n')
                {
                    pos++;
                    line++;
                    lineStart = pos;
                }
                else if (c == ' ' || c == '\t' || c == '\r')
                {
                    pos++;
                }
                else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '/')
                {
                    while (pos < text.Length && text[pos] != '\n')
                    {
                        pos++;
                    }
                }
                else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '*')
                {
                    var startLine = line;
                    var startCol = Column;
                    pos += 2;
                    while (true)
                    {
                        if (pos + 1 >= text.Length)
                        {
                            throw new JsonParseException("unterminated /* comment", startLine, startCol, "$");
                        }

                        if (text[pos] == '*' && text[pos + 1] == '/')
                        {
                            pos += 2;
                            break;
                        }

                        if (text[pos] == '\n')
                        {
                            line++;
                            lineStart = pos + 1;
                        }

                        pos++;
                    }
                }
                else
                {
                    break;
                }
            }
        }

        private JsonNode ParseValue(string path, int depth)
        {
            if (depth > MaxDepth)
            {
                Fail($"the document is nested more than {MaxDepth} levels deep", Shorten(path));
            }

            if (pos >= text.Length)
            {
                Fail("the document ends where a value was expected (is the JSON truncated?)", path);
            }

            var startLine = line;
            var startCol = Column;
            var c = text[pos];
            switch (c)
            {
                case '{':
                    return ParseObject(path, depth, startLine, startCol);
                case '[':
                    return ParseArray(path, depth, startLine, startCol);
                case '"':
                    return JsonNode.Parsed(JsonKind.String, startLine, startCol, path).WithScalar(false, 0, null, ParseString(path));
                case 't':
                    ExpectWord("true", path);
                    return JsonNode.Parsed(JsonKind.Boolean, startLine, startCol, path).WithScalar(true, 0, null, null);
                case 'f':
                    ExpectWord("false", path);
                    return JsonNode.Parsed(JsonKind.Boolean, startLine, startCol, path).WithScalar(false, 0, null, null);
                case 'n':
                    ExpectWord("null", path);
                    return JsonNode.Parsed(JsonKind.Null, startLine, startCol, path);
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        var raw = ParseNumberText(path);

                        // .NET Framework throws on 1e999 where .NET gives infinity: both are refused the same way.
                        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsInfinity(value))
                        {
                            Fail($"the number {(raw.Length > 40 ? raw.Substring(0, 40) + "..." : raw)} is too large", path);
                        }

                        return JsonNode.Parsed(JsonKind.Number, startLine, startCol, path).WithScalar(false, value, raw, null);
                    }

                    Fail($"unexpected '{c}' where a value was expected", path);
                    return null!;
            }
        }

        private void ExpectWord(string word, string path)
        {
            if (string.CompareOrdinal(text, pos, word, 0, word.Length) != 0)
            {
                Fail($"unexpected text where a value was expected (did you mean {word}?)", path);
            }

            pos += word.Length;
        }

        private string ParseNumberText(string path)
        {
            var start = pos;
            if (text[pos] == '-')
            {
                pos++;
            }

            var digits = 0;
            while (pos < text.Length && char.IsDigit(text[pos]))
            {
                pos++;
                digits++;
            }

            if (digits == 0)
            {
                Fail("a number needs digits", path);
            }

            if (pos < text.Length && text[pos] == '.')
            {
                pos++;
                var frac = 0;
                while (pos < text.Length && char.IsDigit(text[pos]))
                {
                    pos++;
                    frac++;
                }

                if (frac == 0)
                {
                    Fail("a number needs digits after the decimal point", path);
                }
            }

            if (pos < text.Length && (text[pos] == 'e' || text[pos] == 'E'))
            {
                pos++;
                if (pos < text.Length && (text[pos] == '+' || text[pos] == '-'))
                {
                    pos++;
                }

                var exp = 0;
                while (pos < text.Length && char.IsDigit(text[pos]))
                {
                    pos++;
                    exp++;
                }

                if (exp == 0)
                {
                    Fail("a number needs digits in its exponent", path);
                }
            }

            return text.Substring(start, pos - start);
        }

        private string ParseString(string path)
        {
            pos++; // opening quote
            StringBuilder? sb = null;
            var runStart = pos;
            while (true)
            {
                if (pos >= text.Length)
                {
                    Fail("the document ends inside a string (is the JSON truncated?)", path);
                }

                var c = text[pos];
                if (c == '"')
                {
                    string result;
                    if (sb == null)
                    {
                        result = text.Substring(runStart, pos - runStart);
                    }
                    else
                    {
                        sb.Append(text, runStart, pos - runStart);
                        result = sb.ToString();
                    }

                    pos++;
                    return result;
                }

                if (c == '\n')
                {
                    Fail("a string may not contain a line break", path);
                }

                if (c != '\\')
                {
                    pos++;
                    continue;
                }

                sb ??= new StringBuilder();
                sb.Append(text, runStart, pos - runStart);
                pos++;
                if (pos >= text.Length)
                {
                    Fail("the document ends inside a string escape", path);
                }

                var e = text[pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (pos + 4 > text.Length ||
                            !int.TryParse(text.Substring(pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                        {
                            Fail("\\u must be followed by four hexadecimal digits", path);
                            code = 0;
                        }

                        sb.Append((char)code);
                        pos += 4;
                        break;
                    default:
                        pos--;
                        Fail($"'\\{e}' is not a valid escape in a JSON string", path);
                        break;
                }

                runStart = pos;
            }
        }

        private JsonNode ParseArray(string path, int depth, int startLine, int startCol)
        {
            pos++;
            var items = new List<JsonNode>();
            SkipTrivia();
            if (pos < text.Length && text[pos] == ']')
            {
                pos++;
                return JsonNode.Parsed(JsonKind.Array, startLine, startCol, path).WithItems(items);
            }

            while (true)
            {
                SkipTrivia();
                items.Add(ParseValue(Index(path, items.Count), depth + 1));
                SkipTrivia();
                if (pos >= text.Length)
                {
                    Fail("the document ends inside an array (is the JSON truncated?)", path);
                }

                if (text[pos] == ',')
                {
                    pos++;
                    continue;
                }

                if (text[pos] == ']')
                {
                    pos++;
                    return JsonNode.Parsed(JsonKind.Array, startLine, startCol, path).WithItems(items);
                }

                Fail($"expected ',' or ']' in an array but found '{text[pos]}'", path);
            }
        }

        private JsonNode ParseObject(string path, int depth, int startLine, int startCol)
        {
            pos++;
            var props = new List<KeyValuePair<string, JsonNode>>();
            var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            SkipTrivia();
            if (pos < text.Length && text[pos] == '}')
            {
                pos++;
                return JsonNode.ParsedObject(props, startLine, startCol, path);
            }

            while (true)
            {
                SkipTrivia();
                if (pos >= text.Length)
                {
                    Fail("the document ends inside an object (is the JSON truncated?)", path);
                }

                if (text[pos] != '"')
                {
                    Fail($"expected a property name in double quotes but found '{text[pos]}'", path);
                }

                var nameLine = line;
                var name = ParseString(path);
                SkipTrivia();
                if (pos >= text.Length || text[pos] != ':')
                {
                    Fail($"expected ':' after property name '{name}'", path);
                }

                pos++;
                SkipTrivia();
                var value = ParseValue(Child(path, name), depth + 1);

                // ARM reads property names without regard to case and keeps the last of duplicates.
                if (positions.TryGetValue(name, out var earlier))
                {
                    props[earlier] = new KeyValuePair<string, JsonNode>(name, value);
                    warnings?.Add($"line {nameLine}, {Shorten(Child(path, name))}: the property '{name}' is given more than once in the same object; the last one is used, as in ARM.");
                }
                else
                {
                    positions[name] = props.Count;
                    props.Add(new KeyValuePair<string, JsonNode>(name, value));
                }
                SkipTrivia();
                if (pos >= text.Length)
                {
                    Fail("the document ends inside an object (is the JSON truncated?)", path);
                }

                if (text[pos] == ',')
                {
                    pos++;
                    continue;
                }

                if (text[pos] == '}')
                {
                    pos++;
                    return JsonNode.ParsedObject(props, startLine, startCol, path);
                }

                Fail($"expected ',' or '}}' in an object but found '{text[pos]}'", path);
            }
        }
    }
}
