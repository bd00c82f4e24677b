using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using static VmssAutoscale.Json.JsonValues;

namespace VmssAutoscale.Sources.Sampling
{
    /// <summary>
    /// The autoscale setting's platform metrics (namespace Microsoft.Insights/autoscalesettings, one
    /// point a minute): ObservedMetricValue split by MetricTriggerSource, MetricThreshold split by
    /// MetricTriggerRule, ObservedCapacity, ScaleActionsInitiated split by ScaleDirection. Source:
    /// "Supported metrics with Azure Monitor", section Microsoft.Insights/AutoscaleSettings
    /// (learn.microsoft.com/azure/azure-monitor/reference/supported-metrics, read 2026-11-29).
    /// One GET reads all four for a setting; this class builds its query and turns the response
    /// into one record per minute and rule.
    /// </summary>
    public static class AutoscaleSettingMetrics
    {
        /// <summary>The Metrics REST API version, the same the host metrics use.</summary>
        public const string ApiVersion = "2023-10-01";

        public const string Namespace = "Microsoft.Insights/autoscalesettings";

        public const string ObservedMetricValue = "ObservedMetricValue";

        public const string MetricThreshold = "MetricThreshold";

        public const string ObservedCapacity = "ObservedCapacity";

        public const string ScaleActionsInitiated = "ScaleActionsInitiated";

        /// <summary>The metrics keep 93 days; a longer look back returns nothing, so it is refused up front.</summary>
        public static readonly TimeSpan Retention = TimeSpan.FromDays(93);

        public static readonly IReadOnlyList<string> MetricNames = new[] { ObservedMetricValue, MetricThreshold, ObservedCapacity, ScaleActionsInitiated };

        /// <summary>
        /// The request path for one setting. Every dimension is split with "eq '*'" in one filter:
        /// the service applies a dimension filter only to the metrics that have that dimension.
        /// ScaleActionsInitiated is a Total, the others an Average; asking both for all four keeps it one request.
        /// </summary>
        public static string PathFor(string settingId, DateTime startUtc, DateTime endUtc) =>
            settingId.TrimEnd('/')
            + "/providers/Microsoft.Insights/metrics?api-version=" + ApiVersion
            + "&metricnamespace=" + Uri.EscapeDataString(Namespace)
            + "&metricnames=" + string.Join(",", MetricNames)
            + "&timespan=" + Uri.EscapeDataString(Iso(startUtc) + "/" + Iso(endUtc))
            + "&interval=PT1M"
            + "&aggregation=" + Uri.EscapeDataString("Average,Total")
            + "&$filter=" + Uri.EscapeDataString("MetricTriggerSource eq '*' and MetricTriggerRule eq '*' and ScaleDirection eq '*'")
            + "&top=1000";

        /// <summary>
        /// Turns a metrics response into records, one per minute and rule. A threshold series is
        /// paired with the observed-value series of the same rule by RunHistoryPairing; minutes
        /// where autoscale did not run (no point of any series) give no record.
        /// </summary>
        /// <param name="setting">The setting, when known: its rules pair series whose dimension values do not name each other.</param>
        public static IReadOnlyList<RunHistoryRecord> Read(string body, string settingId, AutoscaleSetting? setting, string scaleSetId)
        {
            var root = JsonParser.Parse(body);
            var observed = new Dictionary<string, SortedDictionary<DateTime, double>>(StringComparer.OrdinalIgnoreCase);
            var thresholds = new Dictionary<string, SortedDictionary<DateTime, double>>(StringComparer.OrdinalIgnoreCase);
            var capacity = new SortedDictionary<DateTime, double>();
            var actions = new SortedDictionary<DateTime, Dictionary<string, double>>();
            foreach (var metric in root["value"]?.Items ?? Array.Empty<JsonNode>())
            {
                var name = Text(metric["name"]?["value"]) ?? string.Empty;
                var code = Text(metric["errorCode"]);
                if (code != null && !code.Equals("Success", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ModuleException(ErrorIds.MetricUnavailable, System.Management.Automation.ErrorCategory.InvalidResult,
                        $"Azure Monitor could not return the autoscale metric '{name}' of '{ResourceIds.LastSegment(settingId)}': {code} {Text(metric["errorMessage"])}".TrimEnd(), settingId);
                }

                foreach (var series in metric["timeseries"]?.Items ?? Array.Empty<JsonNode>())
                {
                    var dimensions = (series["metadatavalues"]?.Items ?? Array.Empty<JsonNode>())
                        .Select(m => (Name: Text(m["name"]?["value"]) ?? string.Empty, Value: Text(m["value"]) ?? string.Empty))
                        .ToList();
                    string Dimension(string dimension) => dimensions.FirstOrDefault(d => d.Name.Equals(dimension, StringComparison.OrdinalIgnoreCase)).Value ?? string.Empty;
                    var useTotal = name.Equals(ScaleActionsInitiated, StringComparison.OrdinalIgnoreCase);
                    foreach (var (time, value) in Points(series, useTotal))
                    {
                        if (name.Equals(ObservedMetricValue, StringComparison.OrdinalIgnoreCase))
                        {
                            Series(observed, Dimension("MetricTriggerSource"))[time] = value;
                        }
                        else if (name.Equals(MetricThreshold, StringComparison.OrdinalIgnoreCase))
                        {
                            Series(thresholds, Dimension("MetricTriggerRule"))[time] = value;
                        }
                        else if (name.Equals(ObservedCapacity, StringComparison.OrdinalIgnoreCase))
                        {
                            capacity[time] = value;
                        }
                        else if (useTotal && value > 0)
                        {
                            if (!actions.TryGetValue(time, out var byDirection))
                            {
                                actions[time] = byDirection = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
                            }

                            var direction = Dimension("ScaleDirection");
                            byDirection[direction] = (byDirection.TryGetValue(direction, out var v) ? v : 0) + value;
                        }
                    }
                }
            }

            var pairs = RunHistoryPairing.Pair(thresholds, observed, setting);
            var minutes = new SortedSet<DateTime>(observed.Values.SelectMany(s => s.Keys)
                .Concat(thresholds.Values.SelectMany(s => s.Keys))
                .Concat(capacity.Keys)
                .Concat(actions.Keys));
            var settingName = setting?.Name ?? ResourceIds.LastSegment(settingId) ?? settingId;
            var scaleSetName = ResourceIds.LastSegment(scaleSetId) ?? string.Empty;
            var resourceGroup = ResourceIds.ResourceGroup(scaleSetId) ?? string.Empty;
            var records = new List<RunHistoryRecord>();
            foreach (var minute in minutes)
            {
                double? cap = capacity.TryGetValue(minute, out var c) ? c : (double?)null;
                actions.TryGetValue(minute, out var act);
                var rows = new List<(string? Source, string? Rule)>();
                foreach (var (rule, source) in pairs)
                {
                    var hasRule = rule != null && thresholds[rule].ContainsKey(minute);
                    var hasSource = source != null && observed[source].ContainsKey(minute);
                    if (hasRule || hasSource)
                    {
                        rows.Add((source, rule));
                    }
                }

                if (rows.Count == 0)
                {
                    // Capacity or actions alone: the engine ran but reported no rule (e.g. no rule in the active profile).
                    rows.Add((null, null));
                }

                foreach (var (source, rule) in rows)
                {
                    records.Add(new RunHistoryRecord
                    {
                        Time = minute,
                        SettingName = settingName,
                        SettingId = settingId,
                        ResourceGroupName = resourceGroup,
                        VMScaleSetName = scaleSetName,
                        ResourceId = scaleSetId,
                        MetricTriggerSource = source,
                        MetricTriggerRule = rule,
                        ObservedMetricValue = source != null && observed[source].TryGetValue(minute, out var o) ? o : (double?)null,
                        MetricThreshold = rule != null && thresholds[rule].TryGetValue(minute, out var t) ? t : (double?)null,
                        ObservedCapacity = cap,
                        ScaleActionsInitiated = act?.Values.Sum(),
                        ScaleDirection = act == null ? null : string.Join(",", act.Keys.Where(k => k.Length > 0).OrderBy(k => k, StringComparer.OrdinalIgnoreCase)),
                    });
                }
            }

            return records;
        }

        private static SortedDictionary<DateTime, double> Series(Dictionary<string, SortedDictionary<DateTime, double>> all, string key)
        {
            if (!all.TryGetValue(key, out var s))
            {
                all[key] = s = new SortedDictionary<DateTime, double>();
            }

            return s;
        }

        /// <summary>The minute's value: its Average (its Total for a count); empty grains carry neither and are skipped.</summary>
        private static IEnumerable<(DateTime Time, double Value)> Points(JsonNode series, bool useTotal)
        {
            foreach (var point in series["data"]?.Items ?? Array.Empty<JsonNode>())
            {
                var n = point[useTotal ? "total" : "average"];
                if (n == null || n.Kind != JsonKind.Number
                    || !DateTime.TryParse(Text(point["timeStamp"]), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
                {
                    continue;
                }

                yield return (DateTime.SpecifyKind(time, DateTimeKind.Utc), n.NumberValue);
            }
        }

        /// <summary>UTC, to the second, as the Monitor and Log Analytics APIs take time ranges.</summary>
        internal static string Iso(DateTime t) =>
            DateTime.SpecifyKind(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        // Dimension values (MetricTriggerSource, MetricTriggerRule) carry the rules' metric names as the service echoes them: cleaned for the terminal here, where they enter the records.
        private static string? Text(JsonNode? n) => n == null || n.IsNull ? null : TerminalText.CleanOrNull(n.ScalarText);
    }
}
