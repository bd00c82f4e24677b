using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Json;

namespace VmssAutoscale.Model
{
    /// <summary>Invalid autoscale JSON. The message starts with the JSON path of the offending value.</summary>
    public sealed class AutoscaleFormatException : FormatException
    {
        public AutoscaleFormatException(string path, string problem, int line = 0)
            : base($"{path}: {problem}")
        {
            JsonPath = path;
            Problem = problem;
            Line = line;
        }

        public string JsonPath { get; }

        public string Problem { get; }

        public int Line { get; }
    }

    /// <summary>
    /// Reads autoscale settings from every shape they are found in: a REST resource body of any
    /// api-version (2015-04-01 to 2025-09-01-preview), a list response (<c>value</c> array), a bare
    /// <c>properties</c> object, an evaluated ARM template resource, and the PascalCase
    /// <c>ActiveAutoscaleProfile</c> JSON carried by autoscale activity-log events.
    /// Enums are case-insensitive and numbers may be written as strings, as the service accepts.
    /// </summary>
    public static class AutoscaleSettingParser
    {
        public const string SettingResourceType = "Microsoft.Insights/autoscaleSettings";

        public static IReadOnlyList<AutoscaleSetting> ParseText(string text, string source)
        {
            JsonNode root;
            try
            {
                root = JsonParser.Parse(text);
            }
            catch (JsonParseException e)
            {
                throw new AutoscaleFormatException(e.Path, $"not valid JSON at line {e.Line}, column {e.Column}: {e.Problem}", e.Line);
            }

            return Parse(root, source);
        }

        /// <summary>Reads one or more settings from any supported document shape.</summary>
        public static IReadOnlyList<AutoscaleSetting> Parse(JsonNode root, string source)
        {
            if (root.Kind == JsonKind.String)
            {
                // The activity log carries ActiveAutoscaleProfile as a JSON string inside JSON.
                return ParseText(root.StringValue ?? string.Empty, source);
            }

            if (root.Kind == JsonKind.Array)
            {
                return root.Items.SelectMany(i => Parse(i, source)).ToList();
            }

            Expect(root, JsonKind.Object, "an autoscale setting, a list of settings or an autoscale profile");
            if (root["value"] is JsonNode list && list.Kind == JsonKind.Array)
            {
                return list.Items.Select(i => ParseResource(i, source)).ToList();
            }

            if (root["responses"] is JsonNode && root["parameters"] is JsonNode)
            {
                // A REST API example file: the response body of a GET/PUT, or the request body of a PUT.
                return ParseRestExample(root, source);
            }

            if (root["properties"]?["ActiveAutoscaleProfile"] is JsonNode activeInEvent)
            {
                return Parse(activeInEvent, source);
            }

            if (IsPascalProfile(root))
            {
                var profile = ParseProfile(root);
                return new[] { new AutoscaleSetting { Name = profile.Name, Profiles = new[] { profile }, Source = source } };
            }

            return new[] { ParseResource(root, source) };
        }

        private static IReadOnlyList<AutoscaleSetting> ParseRestExample(JsonNode example, string source)
        {
            foreach (var code in new[] { "200", "201" })
            {
                var body = example["responses"]?[code]?["body"];
                if (body != null && body.Kind == JsonKind.Object)
                {
                    return Parse(body, source);
                }
            }

            var request = example["parameters"]?["parameters"] ?? example["parameters"]?["autoscaleSettingResource"];
            if (request != null)
            {
                return Parse(request, source);
            }

            throw new AutoscaleFormatException(example.Path, "this REST example has no autoscale setting in a 200/201 response body or in its request parameters");
        }

        private static bool IsPascalProfile(JsonNode node) =>
            node["capacity"] != null && node["rules"] != null && node["properties"] == null;

        /// <summary>A resource body (with <c>properties</c>) or a bare properties object.</summary>
        public static AutoscaleSetting ParseResource(JsonNode node, string source)
        {
            Expect(node, JsonKind.Object, "an autoscale setting object");
            var type = node["type"]?.StringValue;
            if (type != null && !type.Equals(SettingResourceType, StringComparison.OrdinalIgnoreCase))
            {
                throw new AutoscaleFormatException(Path(node["type"]!), $"'{type}' is not an autoscale setting; expected type '{SettingResourceType}'", node["type"]!.Line);
            }

            var props = node["properties"] ?? node;
            Expect(props, JsonKind.Object, "an object");
            var profilesNode = props["profiles"];
            if (profilesNode == null)
            {
                throw new AutoscaleFormatException(Path(props), "has no 'profiles'; an autoscale setting needs at least one profile", props.Line);
            }

            Expect(profilesNode, JsonKind.Array, "an array of profiles");
            var profiles = profilesNode.Items.Select(ParseProfile).ToList();

            var name = OptionalString(props, "name") ?? OptionalString(node, "name") ?? string.Empty;
            return new AutoscaleSetting
            {
                Name = name,
                Id = OptionalString(node, "id"),
                Location = OptionalString(node, "location"),
                Tags = ParseTags(node["tags"]),
                Enabled = OptionalBool(props, "enabled") ?? true,
                TargetResourceUri = OptionalString(props, "targetResourceUri"),
                TargetResourceLocation = OptionalString(props, "targetResourceLocation"),
                Profiles = profiles,
                Notifications = props["notifications"] is JsonNode n && n.Kind == JsonKind.Array
                    ? n.Items.Select(ParseNotification).ToList()
                    : new List<AutoscaleNotification>(),
                PredictiveAutoscalePolicy = props["predictiveAutoscalePolicy"] is JsonNode p && p.Kind == JsonKind.Object ? ParsePredictive(p) : null,
                Source = source,
            };
        }

        public static AutoscaleProfile ParseProfile(JsonNode node)
        {
            Expect(node, JsonKind.Object, "a profile object");
            var name = RequiredString(node, "name");
            var capacityNode = Required(node, "capacity");
            Expect(capacityNode, JsonKind.Object, "an object with minimum, maximum and default");
            var capacity = new ScaleCapacity
            {
                Minimum = RequiredInt(capacityNode, "minimum"),
                Maximum = RequiredInt(capacityNode, "maximum"),
                Default = RequiredInt(capacityNode, "default"),
            };

            var rulesNode = Required(node, "rules");
            Expect(rulesNode, JsonKind.Array, "an array of rules");
            var fixedDate = node["fixedDate"] is JsonNode f && !f.IsNull ? ParseFixedDate(f) : null;
            var recurrence = node["recurrence"] is JsonNode r && !r.IsNull ? ParseRecurrence(r) : null;
            if (fixedDate != null && recurrence != null)
            {
                throw new AutoscaleFormatException(Path(node), "has both 'fixedDate' and 'recurrence'; a profile may have only one of them", node.Line);
            }

            return new AutoscaleProfile
            {
                Name = name,
                Capacity = capacity,
                Rules = rulesNode.Items.Select(ParseRule).ToList(),
                FixedDate = fixedDate,
                Recurrence = recurrence,
                AutoCreatedFor = AutoCreatedFor(name),
            };
        }

        /// <summary>The "for" of a portal-generated {"name":"Auto created default scale condition","for":"x"} name.</summary>
        private static string? AutoCreatedFor(string profileName)
        {
            var trimmed = profileName.Trim();
            if (!trimmed.StartsWith("{", StringComparison.Ordinal))
            {
                return null;
            }

            try
            {
                var parsed = JsonParser.Parse(trimmed);
                return parsed["for"]?.StringValue;
            }
            catch (JsonParseException)
            {
                return null;
            }
        }

        private static FixedDateWindow ParseFixedDate(JsonNode node)
        {
            Expect(node, JsonKind.Object, "an object with timeZone, start and end");
            var (start, startOffset) = RequiredDateTime(node, "start");
            var (end, endOffset) = RequiredDateTime(node, "end");
            return new FixedDateWindow
            {
                TimeZone = OptionalString(node, "timeZone") ?? "UTC",
                Start = start,
                StartOffsetSpan = startOffset,
                End = end,
                EndOffsetSpan = endOffset,
            };
        }

        private static ProfileRecurrence ParseRecurrence(JsonNode node)
        {
            Expect(node, JsonKind.Object, "an object with frequency and schedule");
            var frequency = node["frequency"] is JsonNode fq ? ParseEnum<RecurrenceFrequency>(fq).ToName() : nameof(RecurrenceFrequency.Week);
            var schedule = Required(node, "schedule");
            Expect(schedule, JsonKind.Object, "an object with timeZone, days, hours and minutes");
            var days = new List<DayOfWeek>();
            if (schedule["days"] is JsonNode daysNode)
            {
                Expect(daysNode, JsonKind.Array, "an array of day names");
                foreach (var d in daysNode.Items)
                {
                    days.Add(ParseDay(d));
                }
            }

            return new ProfileRecurrence
            {
                Frequency = frequency,
                TimeZone = OptionalString(schedule, "timeZone") ?? "UTC",
                Days = days,
                Hours = IntList(schedule, "hours", 0, 23),
                Minutes = IntList(schedule, "minutes", 0, 59),
            };
        }

        /// <summary>
        /// Day names are the documented form. The 2025-09-01-preview example writes "1"; we read a
        /// number as .NET's DayOfWeek (0 = Sunday, 1 = Monday), the only numbering the service's
        /// own day enum order (Sunday first) suggests.
        /// </summary>
        private static DayOfWeek ParseDay(JsonNode d)
        {
            var text = d.ScalarText;
            if (text != null && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 && n <= 6)
            {
                return (DayOfWeek)n;
            }

            if (text != null && Enum.TryParse<DayOfWeek>(text.Trim(), true, out var day) && !int.TryParse(text, out _))
            {
                return day;
            }

            throw new AutoscaleFormatException(Path(d), $"'{text ?? d.KindName}' is not a day of the week; use Sunday to Saturday", d.Line);
        }

        private static ScaleRule ParseRule(JsonNode node)
        {
            Expect(node, JsonKind.Object, "a rule object with metricTrigger and scaleAction");
            var trigger = Required(node, "metricTrigger");
            Expect(trigger, JsonKind.Object, "an object");
            var action = Required(node, "scaleAction");
            Expect(action, JsonKind.Object, "an object");

            // The activity log's PascalCase profile says Name/Namespace/Resource where REST says metricName/...
            var metricName = OptionalString(trigger, "metricName") ?? OptionalString(trigger, "name");
            if (string.IsNullOrWhiteSpace(metricName))
            {
                throw new AutoscaleFormatException(Path(trigger), "has no 'metricName'", trigger.Line);
            }

            var dimensions = new List<MetricDimension>();
            if (trigger["dimensions"] is JsonNode dims && !dims.IsNull)
            {
                Expect(dims, JsonKind.Array, "an array of dimension filters");
                dimensions.AddRange(dims.Items.Select(ParseDimension));
            }

            var value = action["value"] is JsonNode v && !v.IsNull ? IntValue(v) : 1;
            if (value < 0)
            {
                throw new AutoscaleFormatException(Path(action["value"]!), $"'{value}' must not be negative", action["value"]!.Line);
            }

            return new ScaleRule
            {
                MetricTrigger = new MetricTrigger
                {
                    MetricName = metricName!,
                    MetricNamespace = OptionalString(trigger, "metricNamespace") ?? OptionalString(trigger, "namespace"),
                    MetricResourceUri = OptionalString(trigger, "metricResourceUri") ?? OptionalString(trigger, "resource"),
                    MetricResourceLocation = OptionalString(trigger, "metricResourceLocation") ?? OptionalString(trigger, "resourceLocation"),
                    TimeGrainSpan = RequiredDuration(trigger, "timeGrain"),
                    MetricStatistic = ParseStatistic(Required(trigger, "statistic")),
                    TimeWindowSpan = RequiredDuration(trigger, "timeWindow"),
                    TimeAggregationType = trigger["timeAggregation"] is JsonNode ta ? ParseEnum<TimeAggregationType>(ta) : TimeAggregationType.Average,
                    ComparisonOperator = ParseEnum<ComparisonOperator>(Required(trigger, "operator")),
                    Threshold = DoubleValue(Required(trigger, "threshold")),
                    Dimensions = dimensions,
                    DividePerInstance = OptionalBool(trigger, "dividePerInstance") ?? false,
                },
                ScaleAction = new ScaleAction
                {
                    ScaleDirection = ParseEnum<ScaleDirection>(Required(action, "direction")),
                    ScaleType = ParseEnum<ScaleType>(Required(action, "type")),
                    Value = value,
                    CooldownSpan = RequiredDuration(action, "cooldown"),
                },
            };
        }

        /// <summary>The swagger spells Min and Max; people (and some tools) write Minimum and Maximum.</summary>
        private static MetricStatistic ParseStatistic(JsonNode node)
        {
            var text = node.StringValue;
            if (text != null && text.Equals("Minimum", StringComparison.OrdinalIgnoreCase))
            {
                return MetricStatistic.Min;
            }

            if (text != null && text.Equals("Maximum", StringComparison.OrdinalIgnoreCase))
            {
                return MetricStatistic.Max;
            }

            return ParseEnum<MetricStatistic>(node);
        }

        private static MetricDimension ParseDimension(JsonNode node)
        {
            Expect(node, JsonKind.Object, "a dimension filter object");
            var values = Required(node, "values");
            Expect(values, JsonKind.Array, "an array of values");
            return new MetricDimension
            {
                DimensionName = RequiredString(node, "dimensionName"),
                DimensionOperator = ParseEnum<DimensionOperator>(Required(node, "operator")),
                Values = values.Items.Select(i => i.ScalarText ?? string.Empty).ToList(),
            };
        }

        private static AutoscaleNotification ParseNotification(JsonNode node)
        {
            var email = node["email"];
            var webhooks = new List<string>();
            if (node["webhooks"] is JsonNode hooks && hooks.Kind == JsonKind.Array)
            {
                foreach (var h in hooks.Items)
                {
                    var uri = h["serviceUri"]?.StringValue;
                    if (!string.IsNullOrEmpty(uri))
                    {
                        // No query string, and no user information or path secret (hooks.slack.com/services/T/B/secret).
                        var q = uri!.IndexOf('?');
                        webhooks.Add(Reports.SecretRedactor.RedactUrl(q < 0 ? uri : uri.Substring(0, q)));
                    }
                }
            }

            return new AutoscaleNotification
            {
                Operation = OptionalString(node, "operation") ?? "Scale",
                SendToSubscriptionAdministrator = email != null && (OptionalBool(email, "sendToSubscriptionAdministrator") ?? false),
                SendToSubscriptionCoAdministrators = email != null && (OptionalBool(email, "sendToSubscriptionCoAdministrators") ?? false),
                CustomEmails = email?["customEmails"] is JsonNode ce && ce.Kind == JsonKind.Array
                    ? ce.Items.Select(i => TerminalText.Clean(i.StringValue ?? string.Empty)).ToList()
                    : new List<string>(),
                Webhooks = webhooks,
            };
        }

        private static PredictiveAutoscalePolicy ParsePredictive(JsonNode node) => new PredictiveAutoscalePolicy
        {
            PredictiveScaleMode = node["scaleMode"] is JsonNode m ? ParseEnum<PredictiveScaleMode>(m) : PredictiveScaleMode.Disabled,
            ScaleLookAheadTimeSpan = node["scaleLookAheadTime"] is JsonNode l && !l.IsNull ? ParseDuration(l) : (TimeSpan?)null,
        };

        private static IReadOnlyDictionary<string, string> ParseTags(JsonNode? node)
        {
            var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (node != null && node.Kind == JsonKind.Object)
            {
                foreach (var p in node.Properties)
                {
                    // Free text from whoever tagged the resource: cleaned for the terminal where it is read.
                    tags[TerminalText.Clean(p.Key)] = TerminalText.Clean(p.Value.ScalarText ?? string.Empty);
                }
            }

            return tags;
        }

        // ---- small typed readers; each error names the JSON path ----
        private static string Path(JsonNode node) => node.Path;

        private static void Expect(JsonNode node, JsonKind kind, string what)
        {
            if (node.Kind != kind)
            {
                throw new AutoscaleFormatException(Path(node), $"expected {what} but found {Describe(node)}", node.Line);
            }
        }

        private static string Describe(JsonNode node) => node.Kind switch
        {
            JsonKind.String => $"the string '{node.StringValue}'",
            JsonKind.Number => $"the number {node.RawNumber}",
            _ => node.KindName,
        };

        private static JsonNode Required(JsonNode parent, string name)
        {
            var node = parent[name];
            if (node == null || node.IsNull)
            {
                throw new AutoscaleFormatException(JsonParser.Child(Path(parent), name), "is required but missing", parent.Line);
            }

            return node;
        }

        private static string RequiredString(JsonNode parent, string name)
        {
            var node = Required(parent, name);

            // Names and metric names reach views and messages: no escape sequence from a file survives.
            return TerminalText.CleanOrNull(node.ScalarText) ?? throw new AutoscaleFormatException(Path(node), $"expected a string but found {Describe(node)}", node.Line);
        }

        private static string? OptionalString(JsonNode parent, string name)
        {
            var node = parent[name];
            if (node == null || node.IsNull)
            {
                return null;
            }

            return TerminalText.CleanOrNull(node.ScalarText) ?? throw new AutoscaleFormatException(Path(node), $"expected a string but found {Describe(node)}", node.Line);
        }

        private static bool? OptionalBool(JsonNode parent, string name)
        {
            var node = parent[name];
            if (node == null || node.IsNull)
            {
                return null;
            }

            if (node.Kind == JsonKind.Boolean)
            {
                return node.BooleanValue;
            }

            if (node.Kind == JsonKind.String && bool.TryParse(node.StringValue, out var b))
            {
                return b;
            }

            throw new AutoscaleFormatException(Path(node), $"expected true or false but found {Describe(node)}", node.Line);
        }

        private static int RequiredInt(JsonNode parent, string name) => IntValue(Required(parent, name));

        private static int IntValue(JsonNode node)
        {
            var text = node.Kind == JsonKind.Number || node.Kind == JsonKind.String ? node.ScalarText?.Trim() : null;
            if (text != null && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
            {
                return i;
            }

            if (text != null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
            {
                return (int)d;
            }

            throw new AutoscaleFormatException(Path(node), $"expected a whole number but found {Describe(node)}", node.Line);
        }

        private static double DoubleValue(JsonNode node)
        {
            var text = node.Kind == JsonKind.Number || node.Kind == JsonKind.String ? node.ScalarText?.Trim() : null;
            if (text != null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsNaN(d) && !double.IsInfinity(d))
            {
                return d;
            }

            throw new AutoscaleFormatException(Path(node), $"expected a number but found {Describe(node)}", node.Line);
        }

        private static List<int> IntList(JsonNode parent, string name, int min, int max)
        {
            var list = new List<int>();
            var node = parent[name];
            if (node == null || node.IsNull)
            {
                return list;
            }

            Expect(node, JsonKind.Array, "an array of whole numbers");
            foreach (var item in node.Items)
            {
                var i = IntValue(item);
                if (i < min || i > max)
                {
                    throw new AutoscaleFormatException(Path(item), $"{i} is outside {min} to {max}", item.Line);
                }

                list.Add(i);
            }

            return list;
        }

        private static TimeSpan RequiredDuration(JsonNode parent, string name) => ParseDuration(Required(parent, name));

        private static TimeSpan ParseDuration(JsonNode node)
        {
            var text = node.StringValue;
            if (text != null && IsoDuration.TryParse(text, out var span))
            {
                return span;
            }

            // The activity log's PascalCase profile writes .NET TimeSpan text ("00:05:00").
            if (text != null && text.Contains(":") && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out span))
            {
                return span;
            }

            throw new AutoscaleFormatException(Path(node), $"'{node.ScalarText ?? node.KindName}' is not an ISO 8601 duration (for example PT5M or PT1H)", node.Line);
        }

        private static (DateTime Value, TimeSpan? Offset) RequiredDateTime(JsonNode parent, string name)
        {
            var node = Required(parent, name);
            var text = node.StringValue?.Trim();
            if (text != null)
            {
                var hasOffset = text.EndsWith("Z", StringComparison.OrdinalIgnoreCase) ||
                                System.Text.RegularExpressions.Regex.IsMatch(text, @"T.*[+-]\d\d:?\d\d$");
                if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
                {
                    return (dto.DateTime, dto.Offset);
                }

                if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
                {
                    return (DateTime.SpecifyKind(dt, DateTimeKind.Unspecified), null);
                }
            }

            throw new AutoscaleFormatException(Path(node), $"'{node.ScalarText ?? node.KindName}' is not an ISO 8601 date and time", node.Line);
        }

        private static T ParseEnum<T>(JsonNode node)
            where T : struct, Enum =>
            EnumNames.Match<T>(node.StringValue)
            ?? throw new AutoscaleFormatException(Path(node), $"'{node.ScalarText ?? node.KindName}' is not a valid value; expected one of {string.Join(", ", EnumNames.All<T>())}", node.Line);

    }
}
