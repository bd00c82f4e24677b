using System;
using System.Collections.Generic;
using System.Globalization;

namespace VmssAutoscale.Json
{
    public enum JsonKind
    {
        Null,
        Boolean,
        Number,
        String,
        Array,
        Object,
    }

    /// <summary>
    /// An immutable JSON value that remembers where it came from (line, column, JSON path).
    /// </summary>
    /// <remarks>
    /// We keep our own small DOM instead of System.Text.Json or Newtonsoft.Json for three reasons:
    /// this assembly loads into PowerShell's shared context, where Az.Accounts already brings its own
    /// copies of both (a version clash is the classic failure this module must avoid); template
    /// findings and parse errors must name the line of the offending value; and ARM templates allow
    /// comments. Property lookup is case-insensitive, as ARM and the autoscale REST API are.
    /// </remarks>
    public sealed class JsonNode
    {
        private static readonly IReadOnlyList<JsonNode> NoItems = new JsonNode[0];
        private static readonly IReadOnlyList<KeyValuePair<string, JsonNode>> NoProperties = new KeyValuePair<string, JsonNode>[0];

        private readonly Dictionary<string, JsonNode>? index;

        private JsonNode(JsonKind kind)
        {
            Kind = kind;
            Items = NoItems;
            Properties = NoProperties;
            Path = "$";
        }

        public JsonKind Kind { get; }

        /// <summary>1-based line of the value in its source text; 0 when built in code.</summary>
        public int Line { get; private set; }

        public int Column { get; private set; }

        /// <summary>The JSON path from the document root, e.g. <c>properties.profiles[0].rules[1]</c>.</summary>
        public string Path { get; private set; }

        public bool BooleanValue { get; private set; }

        public double NumberValue { get; private set; }

        /// <summary>The number exactly as written, so integers survive a round trip unchanged.</summary>
        public string? RawNumber { get; private set; }

        public string? StringValue { get; private set; }

        public IReadOnlyList<JsonNode> Items { get; private set; }

        public IReadOnlyList<KeyValuePair<string, JsonNode>> Properties { get; private set; }

        public bool IsNull => Kind == JsonKind.Null;

        public static JsonNode Null() => new JsonNode(JsonKind.Null);

        public static JsonNode From(bool value) => new JsonNode(JsonKind.Boolean) { BooleanValue = value };

        public static JsonNode From(string? value) =>
            value == null ? Null() : new JsonNode(JsonKind.String) { StringValue = value };

        public static JsonNode From(double value) => new JsonNode(JsonKind.Number)
        {
            NumberValue = value,
            RawNumber = value.ToString("R", CultureInfo.InvariantCulture),
        };

        public static JsonNode From(long value) => new JsonNode(JsonKind.Number)
        {
            NumberValue = value,
            RawNumber = value.ToString(CultureInfo.InvariantCulture),
        };

        public static JsonNode Array(IEnumerable<JsonNode> items) => new JsonNode(JsonKind.Array) { Items = new List<JsonNode>(items) };

        public static JsonNode Object(IEnumerable<KeyValuePair<string, JsonNode>> properties) => new JsonNode(JsonKind.Object, properties);

        private JsonNode(JsonKind kind, IEnumerable<KeyValuePair<string, JsonNode>> properties)
            : this(kind)
        {
            var list = new List<KeyValuePair<string, JsonNode>>();
            index = new Dictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in properties)
            {
                list.Add(p);
                if (!index.ContainsKey(p.Key))
                {
                    index.Add(p.Key, p.Value);
                }
            }

            Properties = list;
        }

        internal static JsonNode Parsed(JsonKind kind, int line, int column, string path) =>
            new JsonNode(kind) { Line = line, Column = column, Path = path };

        internal static JsonNode ParsedObject(List<KeyValuePair<string, JsonNode>> properties, int line, int column, string path) =>
            new JsonNode(JsonKind.Object, properties) { Line = line, Column = column, Path = path };

        internal JsonNode WithScalar(bool b, double n, string? raw, string? s)
        {
            BooleanValue = b;
            NumberValue = n;
            RawNumber = raw;
            StringValue = s;
            return this;
        }

        internal JsonNode WithItems(List<JsonNode> items)
        {
            Items = items;
            return this;
        }

        /// <summary>The property with this name (case-insensitive), or null when absent or not an object.</summary>
        public JsonNode? this[string name] => index != null && index.TryGetValue(name, out var v) ? v : null;

        public bool Has(string name) => index != null && index.ContainsKey(name);

        /// <summary>A short human name of the kind, for error messages.</summary>
        public string KindName => Kind switch
        {
            JsonKind.Null => "null",
            JsonKind.Boolean => "a boolean",
            JsonKind.Number => "a number",
            JsonKind.String => "a string",
            JsonKind.Array => "an array",
            _ => "an object",
        };

        /// <summary>Scalar text: strings as they are, numbers as written, booleans in lower case.</summary>
        public string? ScalarText => Kind switch
        {
            JsonKind.String => StringValue,
            JsonKind.Number => RawNumber,
            JsonKind.Boolean => BooleanValue ? "true" : "false",
            _ => null,
        };

        public override string ToString() => JsonWriter.Write(this, indented: false);
    }
}
