using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// Reads one activity-log EventData body (REST shape: Activity Log - List, EventData). Every
    /// string leaves here cleaned for the terminal (TerminalText): callers, descriptions, statuses
    /// and the properties (status messages, request bodies) are text a caller or a server wrote.
    /// </summary>
    public static class ActivityLogReader
    {
        public static ActivityLogRecord Read(string json)
        {
            var e = JsonParser.Parse(json);
            var properties = (e["properties"]?.Properties ?? Array.Empty<KeyValuePair<string, JsonNode>>())
                .Where(p => p.Value.Kind != JsonKind.Null)
                .GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => TerminalText.Clean(g.Key), g => TerminalText.Clean(g.First().Value.ScalarText ?? g.First().Value.ToString()), StringComparer.OrdinalIgnoreCase);
            properties.TryGetValue("ResourceName", out var target);
            return new ActivityLogRecord
            {
                EventTimestamp = Time(e["eventTimestamp"]) ?? DateTime.MinValue,
                OperationName = Value(e["operationName"]) ?? string.Empty,
                EventName = Value(e["eventName"]),
                Category = Value(e["category"]),
                Status = Value(e["status"]) ?? string.Empty,
                SubStatus = Value(e["subStatus"]),
                Level = JsonValues.Text(e["level"]),
                OperationId = JsonValues.Text(e["operationId"]),
                CorrelationId = JsonValues.Text(e["correlationId"]),
                EventDataId = JsonValues.Text(e["eventDataId"]),
                Caller = JsonValues.Text(e["caller"]),
                ResourceId = JsonValues.Text(e["resourceId"]),
                Description = JsonValues.Text(e["description"]) is string d && d.Length > 0 ? d : properties.TryGetValue("Description", out var pd) ? pd : null,
                TargetResourceId = target != null && target.StartsWith("/", StringComparison.Ordinal) ? target : null,
                OldInstancesCount = Int(properties, "OldInstancesCount"),
                NewInstancesCount = Int(properties, "NewInstancesCount"),
                Properties = properties,
            };
        }

        // Most EventData fields are {value, localizedValue}; some exports flatten them to strings.
        private static string? Value(JsonNode? n) =>
            n == null || n.IsNull ? null : n.Kind == JsonKind.Object ? JsonValues.Text(n["value"]) : JsonValues.Text(n);

        private static DateTime? Time(JsonNode? n) =>
            JsonValues.Text(n) is string s && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTime?)null;

        private static int? Int(IDictionary<string, string> p, string key) =>
            p.TryGetValue(key, out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;
    }
}
