using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using VmssAutoscale.Errors;

namespace VmssAutoscale.Json
{
    /// <summary>
    /// PowerShell values (hashtables, PSCustomObjects from ConvertFrom-Json, arrays, scalars) as JSON.
    /// A hashtable can contain itself and a value can be nested past any stack, so the walk detects
    /// cycles and stops at the JSON parser's own depth: both are errors naming where, never a stack overflow.
    /// </summary>
    public static class PowerShellJson
    {
        public static JsonNode From(object? value, string name) =>
            Convert(value, name, 0, new HashSet<object>(ReferenceComparer.Instance));

        private static JsonNode Convert(object? value, string path, int depth, HashSet<object> open)
        {
            if (depth > JsonParser.MaxDepth)
            {
                throw new ModuleException(ErrorIds.InputTooDeep, ErrorCategory.InvalidData,
                    $"{JsonParser.Shorten(path)} is nested more than {JsonParser.MaxDepth} levels deep; a template value is never that deep. Pass a flatter value.", path);
            }

            var custom = value is PSObject ps && ps.BaseObject is PSCustomObject;
            var target = value is PSObject wrapped && !custom ? wrapped.BaseObject : value;
            switch (target)
            {
                case null:
                    return JsonNode.Null();
                case string s:
                    return JsonNode.From(s);
                case bool b:
                    return JsonNode.From(b);
                case int or long or short or byte or sbyte or uint or ushort:
                    return JsonNode.From(System.Convert.ToInt64(target, CultureInfo.InvariantCulture));
                case double or float or decimal:
                    return JsonNode.From(System.Convert.ToDouble(target, CultureInfo.InvariantCulture));
                // ISO 8601, as JSON writes times (ConvertFrom-Json turns such text into a DateTime); not the invariant culture's 12/24/2026.
                case DateTime time:
                    return JsonNode.From(time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture));
                case DateTimeOffset instant:
                    return JsonNode.From(instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
            }

            if (!(custom || target is IEnumerable))
            {
                return JsonNode.From(System.Convert.ToString(target, CultureInfo.InvariantCulture));
            }

            if (!open.Add(target))
            {
                throw new ModuleException(ErrorIds.InputCycle, ErrorCategory.InvalidData,
                    $"{JsonParser.Shorten(path)} contains itself, so it has no JSON form. Pass a value without a reference back to its own container.", path);
            }

            try
            {
                if (custom)
                {
                    var props = new List<KeyValuePair<string, JsonNode>>();
                    foreach (var p in ((PSObject)value!).Properties)
                    {
                        props.Add(new KeyValuePair<string, JsonNode>(p.Name, Convert(p.Value, JsonParser.Child(path, p.Name), depth + 1, open)));
                    }

                    return JsonNode.Object(props);
                }

                if (target is IDictionary d)
                {
                    var props = new List<KeyValuePair<string, JsonNode>>();
                    foreach (DictionaryEntry e in d)
                    {
                        var key = System.Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                        props.Add(new KeyValuePair<string, JsonNode>(key, Convert(e.Value, JsonParser.Child(path, key), depth + 1, open)));
                    }

                    return JsonNode.Object(props);
                }

                var items = new List<JsonNode>();
                foreach (var item in (IEnumerable)target!)
                {
                    items.Add(Convert(item, JsonParser.Index(path, items.Count), depth + 1, open));
                }

                return JsonNode.Array(items);
            }
            finally
            {
                open.Remove(target!);
            }
        }

        /// <summary>Identity, not equality: two equal hashtables side by side are not a cycle.</summary>
        private sealed class ReferenceComparer : IEqualityComparer<object>
        {
            public static readonly ReferenceComparer Instance = new ReferenceComparer();

            public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

            public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
