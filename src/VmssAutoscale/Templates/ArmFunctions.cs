using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using VmssAutoscale.Json;

namespace VmssAutoscale.Templates
{
    /// <summary>The template functions: enough of the ARM function library for real autoscale templates.</summary>
    public sealed partial class TemplateEvaluator
    {
        /// <summary>Functions whose result only exists at deployment time; they evaluate to symbolic values.</summary>
        private static readonly HashSet<string> DeploymentTimeFunctions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "reference", "uniqueString", "newGuid", "utcNow", "guid", "providers", "pickZones", "managementGroup",
            "dateTimeAdd", "dateTimeFromEpoch", "dateTimeToEpoch", "listAccountSas", "listServiceSas", "resourceInfo", "existingResource",
        };

        private JsonNode Call(CallExpression call, JsonNode site)
        {
            var name = call.Name.StartsWith("sys.", StringComparison.OrdinalIgnoreCase) ? call.Name.Substring(4) : call.Name;
            if (name.Equals("if", StringComparison.OrdinalIgnoreCase))
            {
                // if() evaluates only the branch it takes, so the other may refer to things that do not exist.
                ArgCount(call, site, 3, 3);
                var condition = EvalExpression(call.Args[0], site);
                if (condition.Kind != JsonKind.Boolean)
                {
                    throw NeedsConcrete(condition, site, "the condition of if()", "true or false");
                }

                return EvalExpression(call.Args[condition.BooleanValue ? 1 : 2], site);
            }

            var args = new List<JsonNode>(call.Args.Count);
            foreach (var a in call.Args)
            {
                args.Add(EvalExpression(a, site));
            }

            if (DeploymentTimeFunctions.Contains(name) || name.StartsWith("list", StringComparison.OrdinalIgnoreCase))
            {
                return Symbolic(name, args, site);
            }

            switch (name.ToLowerInvariant())
            {
                case "parameters":
                    ArgCount(call, site, 1, 1);
                    return ParameterValue(Text(args[0], site, "the parameter name"), site);
                case "variables":
                    ArgCount(call, site, 1, 1);
                    return Variable(Text(args[0], site, "the variable name"), site);
                case "concat":
                    if (args.Count > 0 && args.All(a => a.Kind == JsonKind.Array))
                    {
                        return JsonNode.Array(args.SelectMany(a => a.Items));
                    }

                    var parts = args.Select(a => ScalarOrJson(a, site)).ToList();
                    budget.String(parts.Sum(p => (long)p.Length), site, "concat()");
                    return Str(string.Concat(parts), site);
                case "format":
                    ArgCount(call, site, 1, int.MaxValue);
                    return Format(args, site);
                case "string":
                    ArgCount(call, site, 1, 1);
                    return Str(args[0].Kind == JsonKind.Boolean ? (args[0].BooleanValue ? "True" : "False") : ScalarOrJson(args[0], site), site);
                case "int":
                    ArgCount(call, site, 1, 1);
                    if (IsSym(args[0]))
                    {
                        return Symbolic(name, args, site);
                    }

                    return JsonNode.From(ToInteger(args[0], site, "int()"));
                case "float":
                    ArgCount(call, site, 1, 1);
                    return IsSym(args[0]) ? Symbolic(name, args, site) : JsonNode.From(ToDouble(args[0], site, "float()"));
                case "bool":
                    ArgCount(call, site, 1, 1);
                    return IsSym(args[0]) ? Symbolic(name, args, site) : JsonNode.From(ToBool(args[0], site, "bool()"));
                case "json":
                    ArgCount(call, site, 1, 1);
                    if (IsSym(args[0]))
                    {
                        return Symbolic(name, args, site);
                    }

                    try
                    {
                        return JsonParser.Parse(Text(args[0], site, "json()"));
                    }
                    catch (JsonParseException e)
                    {
                        throw new TemplateEvaluationException($"json() was given text that is not JSON: {e.Problem} (column {e.Column})", site.Path, site.Line);
                    }

                case "tolower":
                case "toupper":
                    ArgCount(call, site, 1, 1);
                    return Str(ChangeCase(Text(args[0], site, name + "()"), name.Equals("toLower", StringComparison.OrdinalIgnoreCase)), site);
                case "trim":
                    ArgCount(call, site, 1, 1);
                    return IsSym(args[0]) ? Symbolic(name, args, site) : Str(Text(args[0], site, "trim()").Trim(), site);
                case "replace":
                    ArgCount(call, site, 3, 3);
                    if (args.Any(IsSym))
                    {
                        return Symbolic(name, args, site);
                    }

                    var oldText = Text(args[1], site, "replace()");
                    var inText = Text(args[0], site, "replace()");
                    if (oldText.Length == 0)
                    {
                        return Str(inText, site);
                    }

                    var newText = Text(args[2], site, "replace()");
                    budget.String(inText.Length + (Occurrences(inText, oldText) * (long)(newText.Length - oldText.Length)), site, "replace()");
                    return Str(inText.Replace(oldText, newText), site);
                case "split":
                    ArgCount(call, site, 2, 2);
                    if (args.Any(IsSym))
                    {
                        return Symbolic(name, args, site);
                    }

                    var separators = args[1].Kind == JsonKind.Array ? args[1].Items.Select(i => Text(i, site, "split()")).ToArray() : new[] { Text(args[1], site, "split()") };
                    return JsonNode.Array(Text(args[0], site, "split()").Split(separators, StringSplitOptions.None).Select(JsonNode.From));
                case "substring":
                    ArgCount(call, site, 2, 3);
                    return Substring(args, site);
                case "startswith":
                case "endswith":
                    ArgCount(call, site, 2, 2);
                    if (args.Any(IsSym))
                    {
                        return Symbolic(name, args, site);
                    }

                    return JsonNode.From(name.Equals("startsWith", StringComparison.OrdinalIgnoreCase)
                        ? Text(args[0], site, name).StartsWith(Text(args[1], site, name), StringComparison.OrdinalIgnoreCase)
                        : Text(args[0], site, name).EndsWith(Text(args[1], site, name), StringComparison.OrdinalIgnoreCase));
                case "indexof":
                case "lastindexof":
                    ArgCount(call, site, 2, 2);
                    if (args.Any(IsSym))
                    {
                        return Symbolic(name, args, site);
                    }

                    return JsonNode.From((long)(name.Equals("indexOf", StringComparison.OrdinalIgnoreCase)
                        ? Text(args[0], site, name).IndexOf(Text(args[1], site, name), StringComparison.OrdinalIgnoreCase)
                        : Text(args[0], site, name).LastIndexOf(Text(args[1], site, name), StringComparison.OrdinalIgnoreCase)));
                case "padleft":
                    ArgCount(call, site, 2, 3);
                    if (args.Any(IsSym))
                    {
                        return Symbolic(name, args, site);
                    }

                    var pad = args.Count > 2 ? Text(args[2], site, "padLeft()") : " ";
                    var width = ToInteger(args[1], site, "padLeft()");
                    budget.String(width, site, "padLeft()");
                    return Str(ScalarOrJson(args[0], site).PadLeft((int)Math.Max(0, width), pad.Length > 0 ? pad[0] : ' '), site);
                case "length":
                    ArgCount(call, site, 1, 1);
                    return args[0].Kind switch
                    {
                        JsonKind.Array => JsonNode.From((long)args[0].Items.Count),
                        JsonKind.Object => JsonNode.From((long)args[0].Properties.Count),
                        _ when IsSym(args[0]) => Symbolic(name, args, site),
                        _ => JsonNode.From((long)Text(args[0], site, "length()").Length),
                    };
                case "empty":
                    ArgCount(call, site, 1, 1);
                    return args[0].Kind switch
                    {
                        JsonKind.Null => JsonNode.From(true),
                        JsonKind.Array => JsonNode.From(args[0].Items.Count == 0),
                        JsonKind.Object => JsonNode.From(args[0].Properties.Count == 0),
                        _ when IsSym(args[0]) => Symbolic(name, args, site),
                        _ => JsonNode.From(string.IsNullOrEmpty(ScalarOrJson(args[0], site))),
                    };
                case "contains":
                    ArgCount(call, site, 2, 2);
                    return Contains(args, site, name);
                case "first":
                case "last":
                    ArgCount(call, site, 1, 1);
                    return FirstOrLast(args[0], name.Equals("first", StringComparison.OrdinalIgnoreCase), site, name);
                case "take":
                case "skip":
                    ArgCount(call, site, 2, 2);
                    return TakeOrSkip(args, name.Equals("take", StringComparison.OrdinalIgnoreCase), site, name);
                case "createarray":
                case "array":
                    if (name.Equals("array", StringComparison.OrdinalIgnoreCase) && args.Count == 1 && args[0].Kind == JsonKind.Array)
                    {
                        return args[0];
                    }

                    return JsonNode.Array(args);
                case "createobject":
                    if (args.Count % 2 != 0)
                    {
                        throw new TemplateEvaluationException("createObject() takes name/value pairs, so it needs an even number of arguments", site.Path, site.Line);
                    }

                    var pairs = new List<KeyValuePair<string, JsonNode>>();
                    for (var i = 0; i < args.Count; i += 2)
                    {
                        pairs.Add(new KeyValuePair<string, JsonNode>(Text(args[i], site, "a createObject() property name"), args[i + 1]));
                    }

                    return JsonNode.Object(pairs);
                case "union":
                    return Union(args, site);
                case "coalesce":
                    return args.FirstOrDefault(a => !a.IsNull) ?? JsonNode.Null();
                case "null":
                    return JsonNode.Null();
                case "true":
                    return JsonNode.From(true);
                case "false":
                    return JsonNode.From(false);
                case "equals":
                    ArgCount(call, site, 2, 2);
                    if (DeepEquals(args[0], args[1]))
                    {
                        return JsonNode.From(true);
                    }

                    return args.Any(a => SymbolTable.IsSymbolic(a)) ? Symbolic(name, args, site) : JsonNode.From(false);
                case "not":
                    ArgCount(call, site, 1, 1);
                    return IsSym(args[0]) ? Symbolic(name, args, site) : JsonNode.From(!ToBool(args[0], site, "not()"));
                case "and":
                case "or":
                    ArgCount(call, site, 2, int.MaxValue);
                    return Logic(args, name.Equals("and", StringComparison.OrdinalIgnoreCase), site, name);
                case "greater":
                case "greaterorequals":
                case "less":
                case "lessorequals":
                    ArgCount(call, site, 2, 2);
                    return Compare(args, name.ToLowerInvariant(), site);
                case "add":
                case "sub":
                case "mul":
                case "div":
                case "mod":
                    ArgCount(call, site, 2, 2);
                    return Arithmetic(args, name.ToLowerInvariant(), site);
                case "min":
                case "max":
                    var numbers = args.Count == 1 && args[0].Kind == JsonKind.Array ? args[0].Items.ToList() : args;
                    if (numbers.Count == 0)
                    {
                        throw new TemplateEvaluationException($"{name}() needs at least one number", site.Path, site.Line);
                    }

                    if (numbers.Any(IsSym))
                    {
                        return Symbolic(name, args, site);
                    }

                    var values = numbers.Select(n => ToInteger(n, site, name + "()")).ToList();
                    return JsonNode.From(name.Equals("min", StringComparison.OrdinalIgnoreCase) ? values.Min() : values.Max());
                case "range":
                    ArgCount(call, site, 2, 2);
                    var start = ToInteger(args[0], site, "range()");
                    var count = ToInteger(args[1], site, "range()");
                    if (count < 0 || count > 10000)
                    {
                        throw new TemplateEvaluationException($"range() count {count} must be between 0 and 10000", site.Path, site.Line);
                    }

                    return JsonNode.Array(Enumerable.Range(0, (int)count).Select(i => JsonNode.From(start + i)));
                case "base64":
                    ArgCount(call, site, 1, 1);
                    if (IsSym(args[0]))
                    {
                        return Symbolic(name, args, site);
                    }

                    return Str(Convert.ToBase64String(Encoding.UTF8.GetBytes(Text(args[0], site, "base64()"))), site);
                case "base64tostring":
                case "base64tojson":
                    ArgCount(call, site, 1, 1);
                    return FromBase64(args[0], name.Equals("base64ToJson", StringComparison.OrdinalIgnoreCase), site, name);
                case "uri":
                    ArgCount(call, site, 2, 2);
                    return Uri(args, site);
                case "uricomponent":
                    ArgCount(call, site, 1, 1);
                    return IsSym(args[0]) ? Symbolic(name, args, site) : Str(System.Uri.EscapeDataString(Text(args[0], site, name)), site);
                case "uricomponenttostring":
                    ArgCount(call, site, 1, 1);
                    return IsSym(args[0]) ? Symbolic(name, args, site) : Str(System.Uri.UnescapeDataString(Text(args[0], site, name)), site);
                case "datauri":
                    ArgCount(call, site, 1, 1);
                    return IsSym(args[0]) ? Symbolic(name, args, site) : Str("data:text/plain;charset=utf8;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(ScalarOrJson(args[0], site))), site);
                case "resourceid":
                    return ResourceIdFunction(args, site, subscriptionScope: false);
                case "subscriptionresourceid":
                    return ResourceIdFunction(args, site, subscriptionScope: true);
                case "tenantresourceid":
                    ArgCount(call, site, 2, int.MaxValue);
                    return Str("/providers/" + Text(args[0], site, name).Trim('/') + "/" + string.Join("/", args.Skip(1).Select(a => ScalarOrJson(a, site))), site);
                case "extensionresourceid":
                    ArgCount(call, site, 3, int.MaxValue);
                    return Str(Text(args[0], site, name).TrimEnd('/') + "/providers/" + InterleaveTypeAndNames(Text(args[1], site, name), args.Skip(2).Select(a => ScalarOrJson(a, site)).ToList()), site);
                case "resourcegroup":
                    return JsonNode.Object(new[]
                    {
                        Prop("id", JsonNode.From(deployment.ResourceGroupId)),
                        Prop("name", JsonNode.From(deployment.ResourceGroupName)),
                        Prop("type", JsonNode.From("Microsoft.Resources/resourceGroups")),
                        Prop("location", JsonNode.From(deployment.Location)),
                        Prop("properties", JsonNode.Object(new[] { Prop("provisioningState", JsonNode.From("Succeeded")) })),
                    });
                case "subscription":
                    return JsonNode.Object(new[]
                    {
                        Prop("id", JsonNode.From("/subscriptions/" + deployment.SubscriptionId)),
                        Prop("subscriptionId", JsonNode.From(deployment.SubscriptionId)),
                        Prop("tenantId", JsonNode.From(deployment.TenantId)),
                        Prop("displayName", JsonNode.From("subscription")),
                    });
                case "tenant":
                    return JsonNode.Object(new[] { Prop("tenantId", JsonNode.From(deployment.TenantId)), Prop("countryCode", JsonNode.From("US")) });
                case "deployment":
                    return JsonNode.Object(new[]
                    {
                        Prop("name", JsonNode.From(deployment.DeploymentName)),
                        Prop("properties", JsonNode.Object(new[]
                        {
                            Prop("templateLink", JsonNode.Object(new[]
                            {
                                Prop("uri", JsonNode.From(symbols.Add("deployment().properties.templateLink.uri", "deployment", new JsonNode[0], new[] { "properties", "templateLink", "uri" }))),
                            })),
                        })),
                    });
                case "environment":
                    return AzureCloud();
                case "copyindex":
                    ArgCount(call, site, 0, 2);
                    return CopyIndexFunction(args, site);
                default:
                    throw new TemplateEvaluationException($"unknown function '{call.Name}' in the expression; check its spelling against the ARM template function reference", site.Path, site.Line);
            }
        }

        private static KeyValuePair<string, JsonNode> Prop(string name, JsonNode value) => new KeyValuePair<string, JsonNode>(name, value);

        private static void ArgCount(CallExpression call, JsonNode site, int min, int max)
        {
            if (call.Args.Count < min || call.Args.Count > max)
            {
                var expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
                throw new TemplateEvaluationException($"{call.Name}() takes {expected} argument(s) but was given {call.Args.Count}", site.Path, site.Line);
            }
        }

        private static bool IsSym(JsonNode node) => node.Kind == JsonKind.String && SymbolTable.IsSymbolic(node.StringValue);

        private JsonNode Symbolic(string function, IReadOnlyList<JsonNode> args, JsonNode site) =>
            Str(symbols.Add(function + "(" + string.Join(", ", args.Select(SymbolTable.Canon)) + ")", function, args, new string[0]), site);

        private static string Text(JsonNode node, JsonNode site, string what)
        {
            if (node.Kind == JsonKind.String)
            {
                return node.StringValue ?? string.Empty;
            }

            if (node.Kind == JsonKind.Number || node.Kind == JsonKind.Boolean)
            {
                return node.ScalarText ?? string.Empty;
            }

            throw new TemplateEvaluationException($"{what} expects a string but was given {Describe(node)}", site.Path, site.Line);
        }

        private string ScalarOrJson(JsonNode node, JsonNode site)
        {
            switch (node.Kind)
            {
                case JsonKind.String:
                    return node.StringValue ?? string.Empty;
                case JsonKind.Number:
                    return node.RawNumber ?? string.Empty;
                case JsonKind.Boolean:
                    return node.BooleanValue ? "True" : "False";
                case JsonKind.Null:
                    return string.Empty;
                default:
                    // Measured before it is written: an array that holds itself twice per level is small in memory but not as text.
                    budget.Value(node, site, "writing a value as text");
                    return JsonWriter.Write(node, indented: false);
            }
        }

        private static long Occurrences(string text, string part)
        {
            var count = 0L;
            for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }

        private long ToInteger(JsonNode node, JsonNode site, string what) => RequireInteger(node, site, what);

        private double ToDouble(JsonNode node, JsonNode site, string what)
        {
            if (node.Kind == JsonKind.Number)
            {
                return node.NumberValue;
            }

            if (node.Kind == JsonKind.String && double.TryParse(node.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                return d;
            }

            throw NeedsConcrete(node, site, what, "a number");
        }

        private bool ToBool(JsonNode node, JsonNode site, string what)
        {
            if (node.Kind == JsonKind.Boolean)
            {
                return node.BooleanValue;
            }

            if (node.Kind == JsonKind.String && bool.TryParse(node.StringValue, out var b))
            {
                return b;
            }

            if (node.Kind == JsonKind.Number)
            {
                return node.NumberValue != 0;
            }

            throw NeedsConcrete(node, site, what, "true or false");
        }

        /// <summary>Case changes apply to the literal text; each symbolic part is wrapped, e.g. toLower(parameters('name')).</summary>
        private string ChangeCase(string s, bool lower)
        {
            if (!SymbolTable.IsSymbolic(s))
            {
                return lower ? s.ToLowerInvariant() : s.ToUpperInvariant();
            }

            var sb = new StringBuilder();
            var pos = 0;
            while (pos < s.Length)
            {
                var open = s.IndexOf(SymbolTable.Open, pos);
                var close = open < 0 ? -1 : SymbolTable.MatchingClose(s, open);
                if (open < 0 || close < 0)
                {
                    var rest = s.Substring(pos);
                    sb.Append(lower ? rest.ToLowerInvariant() : rest.ToUpperInvariant());
                    break;
                }

                var literal = s.Substring(pos, open - pos);
                sb.Append(lower ? literal.ToLowerInvariant() : literal.ToUpperInvariant());
                var inner = s.Substring(open, close - open + 1);
                var call = symbols.AsSingle(inner);
                var innerText = inner.Substring(1, inner.Length - 2);
                sb.Append(symbols.Add((lower ? "toLower(" : "toUpper(") + innerText + ")", lower ? "toLower" : "toUpper", new[] { JsonNode.From(inner) }, new string[0], call?.MissingParameter));
                pos = close + 1;
            }

            return sb.ToString();
        }

        private JsonNode Format(IReadOnlyList<JsonNode> args, JsonNode site)
        {
            var format = Text(args[0], site, "format()");
            if (SymbolTable.IsSymbolic(format))
            {
                return Symbolic("format", args, site);
            }

            var sb = new StringBuilder();
            for (var i = 0; i < format.Length; i++)
            {
                var c = format[i];
                if (c == '{' && i + 1 < format.Length && format[i + 1] == '{')
                {
                    sb.Append('{');
                    i++;
                }
                else if (c == '}' && i + 1 < format.Length && format[i + 1] == '}')
                {
                    sb.Append('}');
                    i++;
                }
                else if (c == '{')
                {
                    var end = format.IndexOf('}', i);
                    if (end < 0)
                    {
                        throw new TemplateEvaluationException($"format() string '{format}' has a '{{' with no matching '}}'", site.Path, site.Line);
                    }

                    var spec = format.Substring(i + 1, end - i - 1);
                    var colon = spec.IndexOf(':');
                    var indexText = colon < 0 ? spec : spec.Substring(0, colon);
                    if (!int.TryParse(indexText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) || index < 0 || index + 1 >= args.Count)
                    {
                        throw new TemplateEvaluationException($"format() placeholder {{{spec}}} does not name one of the {args.Count - 1} value(s) given", site.Path, site.Line);
                    }

                    var value = args[index + 1];
                    if (colon >= 0 && value.Kind == JsonKind.Number)
                    {
                        sb.Append(value.NumberValue.ToString(spec.Substring(colon + 1), CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(ScalarOrJson(value, site));
                    }

                    i = end;
                }
                else
                {
                    sb.Append(c);
                }
            }

            return Str(sb.ToString(), site);
        }

        /// <summary>substring() of text whose symbolic part lies beyond the range is still known, e.g. the first 9 characters of concat(name, uniqueString(...)).</summary>
        private JsonNode Substring(IReadOnlyList<JsonNode> args, JsonNode site)
        {
            var s = Text(args[0], site, "substring()");
            var start = (int)ToInteger(args[1], site, "substring()");
            var firstSymbol = s.IndexOf(SymbolTable.Open);
            if (args.Count < 3)
            {
                if (firstSymbol >= 0)
                {
                    return Symbolic("substring", args, site);
                }

                if (start < 0 || start > s.Length)
                {
                    throw new TemplateEvaluationException($"substring() start {start} is outside the text, which has {s.Length} characters", site.Path, site.Line);
                }

                return Str(s.Substring(start), site);
            }

            var length = (int)ToInteger(args[2], site, "substring()");
            if (firstSymbol >= 0 && start + length > firstSymbol)
            {
                return Symbolic("substring", args, site);
            }

            if (start < 0 || length < 0 || start + length > s.Length)
            {
                throw new TemplateEvaluationException($"substring() range {start}..{start + length} is outside the text '{SymbolTable.Display(s)}', which has {s.Length} characters", site.Path, site.Line);
            }

            return Str(s.Substring(start, length), site);
        }

        private JsonNode Contains(IReadOnlyList<JsonNode> args, JsonNode site, string name)
        {
            var container = args[0];
            switch (container.Kind)
            {
                case JsonKind.Array:
                    if (container.Items.Any(i => DeepEquals(i, args[1])))
                    {
                        return JsonNode.From(true);
                    }

                    return container.Items.Any(i => SymbolTable.IsSymbolic(i)) || IsSym(args[1]) ? Symbolic(name, args, site) : JsonNode.From(false);
                case JsonKind.Object:
                    return JsonNode.From(container.Has(Text(args[1], site, "contains()")));
                default:
                    if (IsSym(container) || IsSym(args[1]))
                    {
                        return Symbolic(name, args, site);
                    }

                    return JsonNode.From(Text(container, site, "contains()").IndexOf(Text(args[1], site, "contains()"), StringComparison.Ordinal) >= 0);
            }
        }

        private JsonNode FirstOrLast(JsonNode value, bool first, JsonNode site, string name)
        {
            if (value.Kind == JsonKind.Array)
            {
                return value.Items.Count == 0 ? JsonNode.Null() : value.Items[first ? 0 : value.Items.Count - 1];
            }

            if (IsSym(value))
            {
                return Symbolic(name, new[] { value }, site);
            }

            var s = Text(value, site, name + "()");
            return s.Length == 0 ? Str(string.Empty, site) : Str(first ? s.Substring(0, 1) : s.Substring(s.Length - 1), site);
        }

        private JsonNode TakeOrSkip(IReadOnlyList<JsonNode> args, bool take, JsonNode site, string name)
        {
            var n = (int)Math.Max(0, ToInteger(args[1], site, name + "()"));
            if (args[0].Kind == JsonKind.Array)
            {
                var items = args[0].Items;
                return JsonNode.Array(take ? items.Take(n) : items.Skip(n));
            }

            if (IsSym(args[0]))
            {
                return Symbolic(name, args, site);
            }

            var s = Text(args[0], site, name + "()");
            n = Math.Min(n, s.Length);
            return Str(take ? s.Substring(0, n) : s.Substring(n), site);
        }

        private JsonNode Union(IReadOnlyList<JsonNode> args, JsonNode site)
        {
            if (args.Count == 0)
            {
                throw new TemplateEvaluationException("union() needs at least one argument", site.Path, site.Line);
            }

            if (args.All(a => a.Kind == JsonKind.Array))
            {
                var result = new List<JsonNode>();
                foreach (var item in args.SelectMany(a => a.Items))
                {
                    if (!result.Any(r => DeepEquals(r, item)))
                    {
                        result.Add(item);
                    }
                }

                return JsonNode.Array(result);
            }

            if (args.All(a => a.Kind == JsonKind.Object))
            {
                var merged = new List<KeyValuePair<string, JsonNode>>();
                foreach (var p in args.SelectMany(a => a.Properties))
                {
                    merged.RemoveAll(m => m.Key.Equals(p.Key, StringComparison.OrdinalIgnoreCase));
                    merged.Add(p);
                }

                return JsonNode.Object(merged);
            }

            throw new TemplateEvaluationException("union() takes either all arrays or all objects", site.Path, site.Line);
        }

        internal static bool DeepEquals(JsonNode a, JsonNode b)
        {
            if (a.Kind != b.Kind)
            {
                return a.Kind != JsonKind.Array && a.Kind != JsonKind.Object && b.Kind != JsonKind.Array && b.Kind != JsonKind.Object
                    && (a.Kind == JsonKind.Number || b.Kind == JsonKind.Number) && a.ScalarText == b.ScalarText;
            }

            switch (a.Kind)
            {
                case JsonKind.Null:
                    return true;
                case JsonKind.Boolean:
                    return a.BooleanValue == b.BooleanValue;
                case JsonKind.Number:
                    return a.NumberValue.Equals(b.NumberValue);
                case JsonKind.String:
                    return string.Equals(a.StringValue, b.StringValue, StringComparison.Ordinal);
                case JsonKind.Array:
                    return a.Items.Count == b.Items.Count && a.Items.Zip(b.Items, DeepEquals).All(x => x);
                default:
                    return a.Properties.Count == b.Properties.Count && a.Properties.All(p => b[p.Key] is JsonNode other && DeepEquals(p.Value, other));
            }
        }

        private JsonNode Logic(IReadOnlyList<JsonNode> args, bool isAnd, JsonNode site, string name)
        {
            var unknown = false;
            foreach (var a in args)
            {
                if (IsSym(a))
                {
                    unknown = true;
                    continue;
                }

                var b = ToBool(a, site, name + "()");
                if (isAnd && !b)
                {
                    return JsonNode.From(false);
                }

                if (!isAnd && b)
                {
                    return JsonNode.From(true);
                }
            }

            return unknown ? Symbolic(name, args, site) : JsonNode.From(isAnd);
        }

        private JsonNode Compare(IReadOnlyList<JsonNode> args, string op, JsonNode site)
        {
            if (args.Any(IsSym))
            {
                return Symbolic(op, args, site);
            }

            int c;
            if (args[0].Kind == JsonKind.String && args[1].Kind == JsonKind.String)
            {
                c = string.CompareOrdinal(args[0].StringValue, args[1].StringValue);
            }
            else
            {
                c = ToDouble(args[0], site, op + "()").CompareTo(ToDouble(args[1], site, op + "()"));
            }

            return JsonNode.From(op switch
            {
                "greater" => c > 0,
                "greaterorequals" => c >= 0,
                "less" => c < 0,
                _ => c <= 0,
            });
        }

        private JsonNode Arithmetic(IReadOnlyList<JsonNode> args, string op, JsonNode site)
        {
            if (args.Any(IsSym))
            {
                return Symbolic(op, args, site);
            }

            var a = ToInteger(args[0], site, op + "()");
            var b = ToInteger(args[1], site, op + "()");
            if ((op == "div" || op == "mod") && b == 0)
            {
                throw new TemplateEvaluationException($"{op}() divides by zero", site.Path, site.Line);
            }

            return JsonNode.From(op switch
            {
                "add" => a + b,
                "sub" => a - b,
                "mul" => a * b,
                "div" => a / b,
                _ => a % b,
            });
        }

        private JsonNode FromBase64(JsonNode value, bool asJson, JsonNode site, string name)
        {
            string text;
            if (IsSym(value))
            {
                // base64ToString(base64(x)) is x even when x is only partly known.
                var call = symbols.AsSingle(value.StringValue);
                if (call == null || !call.Function.Equals("base64", StringComparison.OrdinalIgnoreCase) || call.Members.Count > 0)
                {
                    return Symbolic(name, new[] { value }, site);
                }

                text = ScalarOrJson(call.Args[0], site);
            }
            else
            {
                try
                {
                    text = Encoding.UTF8.GetString(Convert.FromBase64String(Text(value, site, name + "()")));
                }
                catch (FormatException)
                {
                    throw new TemplateEvaluationException($"{name}() was given text that is not base64", site.Path, site.Line);
                }
            }

            if (!asJson)
            {
                return Str(text, site);
            }

            try
            {
                return JsonParser.Parse(text);
            }
            catch (JsonParseException e)
            {
                throw new TemplateEvaluationException($"base64ToJson() decoded text that is not JSON: {e.Problem}", site.Path, site.Line);
            }
        }

        private JsonNode Uri(IReadOnlyList<JsonNode> args, JsonNode site)
        {
            var baseUri = Text(args[0], site, "uri()");
            var relative = Text(args[1], site, "uri()");
            if (SymbolTable.IsSymbolic(baseUri) || SymbolTable.IsSymbolic(relative))
            {
                return Symbolic("uri", args, site);
            }

            if (!System.Uri.TryCreate(baseUri, UriKind.Absolute, out var b) || !System.Uri.TryCreate(b, relative, out var combined))
            {
                throw new TemplateEvaluationException($"uri() cannot combine '{baseUri}' and '{relative}'; the base must be an absolute URI", site.Path, site.Line);
            }

            return Str(combined.ToString(), site);
        }

        /// <summary>resourceId([subscriptionId], [resourceGroupName], resourceType, name1, name2...).</summary>
        private JsonNode ResourceIdFunction(IReadOnlyList<JsonNode> args, JsonNode site, bool subscriptionScope)
        {
            var texts = args.Select(a => Text(a, site, "resourceId()")).ToList();
            var typeIndex = texts.FindIndex(t => t.IndexOf('/') >= 0 && t.IndexOf('.') >= 0 && !SymbolTable.IsSymbolic(t));
            if (typeIndex < 0 || typeIndex > (subscriptionScope ? 1 : 2))
            {
                throw new TemplateEvaluationException("resourceId() needs a resource type such as 'Microsoft.Compute/virtualMachineScaleSets' before the names", site.Path, site.Line);
            }

            var type = texts[typeIndex].Trim('/');
            var names = texts.Skip(typeIndex + 1).ToList();
            var typeSegments = type.Split('/').Length - 1;
            if (names.Count != typeSegments)
            {
                throw new TemplateEvaluationException($"resourceId() for type '{type}' needs {typeSegments} name(s) but was given {names.Count}", site.Path, site.Line);
            }

            string? subscription = null;
            string? group = null;
            if (subscriptionScope)
            {
                subscription = typeIndex == 1 ? texts[0] : null;
                return Str($"/subscriptions/{subscription ?? deployment.SubscriptionId}/providers/" + InterleaveTypeAndNames(type, names), site);
            }

            if (typeIndex == 2)
            {
                subscription = texts[0];
                group = texts[1];
            }
            else if (typeIndex == 1)
            {
                group = texts[0];
            }

            return Str(ResourceId(type, names, subscription, group), site);
        }

        private static string InterleaveTypeAndNames(string type, IReadOnlyList<string> names)
        {
            var parts = type.Trim('/').Split('/');
            var sb = new StringBuilder(parts[0]);
            for (var i = 1; i < parts.Length; i++)
            {
                sb.Append('/').Append(parts[i]);
                if (i - 1 < names.Count)
                {
                    sb.Append('/').Append(names[i - 1]);
                }
            }

            return sb.ToString();
        }

        private JsonNode CopyIndexFunction(IReadOnlyList<JsonNode> args, JsonNode site)
        {
            string? loop = null;
            long offset = 0;
            foreach (var a in args)
            {
                if (a.Kind == JsonKind.String && !long.TryParse(a.StringValue, out _))
                {
                    loop = a.StringValue;
                }
                else
                {
                    offset = ToInteger(a, site, "copyIndex()");
                }
            }

            if (loop != null)
            {
                if (!copyIndexes.TryGetValue(loop, out var named))
                {
                    throw new TemplateEvaluationException($"copyIndex('{loop}') is used outside the copy loop '{loop}'", site.Path, site.Line);
                }

                return JsonNode.From(named + offset);
            }

            if (copyStack.Count == 0)
            {
                throw new TemplateEvaluationException("copyIndex() is used outside a copy loop", site.Path, site.Line);
            }

            return JsonNode.From(copyIndexes[copyStack[copyStack.Count - 1]] + offset);
        }

        /// <summary>environment() for the public Azure cloud; other clouds differ only in the suffixes.</summary>
        private static JsonNode AzureCloud() => JsonNode.Object(new[]
        {
            Prop("name", JsonNode.From("AzureCloud")),
            Prop("gallery", JsonNode.From("https://gallery.azure.com/")),
            Prop("graph", JsonNode.From("https://graph.windows.net/")),
            Prop("portal", JsonNode.From("https://portal.azure.com")),
            Prop("resourceManager", JsonNode.From("https://management.azure.com/")),
            Prop("authentication", JsonNode.Object(new[]
            {
                Prop("loginEndpoint", JsonNode.From("https://login.microsoftonline.com/")),
                Prop("audiences", JsonNode.Array(new[] { JsonNode.From("https://management.core.windows.net/"), JsonNode.From("https://management.azure.com/") })),
            })),
            Prop("suffixes", JsonNode.Object(new[]
            {
                Prop("storage", JsonNode.From("core.windows.net")),
                Prop("sqlServerHostname", JsonNode.From(".database.windows.net")),
                Prop("keyvaultDns", JsonNode.From(".vault.azure.net")),
                Prop("acrLoginServer", JsonNode.From(".azurecr.io")),
            })),
        });
    }
}
