using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace VmssAutoscale.Json
{
    /// <summary>Writes a <see cref="JsonNode"/> as standard JSON (no comments), compact or indented.</summary>
    public static class JsonWriter
    {
        public static string Write(JsonNode node, bool indented = true)
        {
            var sb = new StringBuilder();
            WriteNode(sb, node, indented, 0);
            return sb.ToString();
        }

        /// <summary>
        /// Writes an array item by item as <see cref="Write"/> would write it at <paramref name="depth"/>,
        /// without holding the array or its text: a snapshot's millions of samples stream to the file.
        /// </summary>
        public static void WriteArray(TextWriter writer, IEnumerable<JsonNode> items, bool indented, int depth)
        {
            var sb = new StringBuilder();
            var any = false;
            foreach (var item in items)
            {
                sb.Clear();
                sb.Append(any ? "," : "[");
                NewLine(sb, indented, depth + 1);
                WriteNode(sb, item, indented, depth + 1);
                writer.Write(sb.ToString());
                any = true;
            }

            sb.Clear();
            if (any)
            {
                NewLine(sb, indented, depth);
                sb.Append(']');
            }
            else
            {
                sb.Append("[]");
            }

            writer.Write(sb.ToString());
        }

        public static string Quote(string value)
        {
            var sb = new StringBuilder(value.Length + 2);
            AppendString(sb, value);
            return sb.ToString();
        }

        private static void WriteNode(StringBuilder sb, JsonNode node, bool indented, int depth)
        {
            switch (node.Kind)
            {
                case JsonKind.Null:
                    sb.Append("null");
                    break;
                case JsonKind.Boolean:
                    sb.Append(node.BooleanValue ? "true" : "false");
                    break;
                case JsonKind.Number:
                    sb.Append(node.RawNumber ?? node.NumberValue.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case JsonKind.String:
                    AppendString(sb, node.StringValue ?? string.Empty);
                    break;
                case JsonKind.Array:
                    if (node.Items.Count == 0)
                    {
                        sb.Append("[]");
                        break;
                    }

                    sb.Append('[');
                    for (var i = 0; i < node.Items.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(',');
                        }

                        NewLine(sb, indented, depth + 1);
                        WriteNode(sb, node.Items[i], indented, depth + 1);
                    }

                    NewLine(sb, indented, depth);
                    sb.Append(']');
                    break;
                default:
                    if (node.Properties.Count == 0)
                    {
                        sb.Append("{}");
                        break;
                    }

                    sb.Append('{');
                    for (var i = 0; i < node.Properties.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(',');
                        }

                        NewLine(sb, indented, depth + 1);
                        AppendString(sb, node.Properties[i].Key);
                        sb.Append(indented ? ": " : ":");
                        WriteNode(sb, node.Properties[i].Value, indented, depth + 1);
                    }

                    NewLine(sb, indented, depth);
                    sb.Append('}');
                    break;
            }
        }

        private static void NewLine(StringBuilder sb, bool indented, int depth)
        {
            if (indented)
            {
                sb.Append('\n').Append(' ', depth * 2);
            }
        }

        private static void AppendString(StringBuilder sb, string value)
        {
            sb.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '<': sb.Append("\\u003c"); break; // safe to embed in HTML reports
                    case '>': sb.Append("\\u003e"); break;
                    case '&': sb.Append("\\u0026"); break;
                    default:
                        // C0 and C1 controls (U+0080-U+009F: U+009B is a one-character CSI) as escapes, so no
                        // terminal that shows an exported file runs them.
                        if (c < 0x20 || (c >= 0x80 && c <= 0x9F))
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }

                        break;
                }
            }

            sb.Append('"');
        }
    }
}
