using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// GET {autoscaleSetting}/providers/Microsoft.Insights/metrics: the setting's platform metrics
    /// (the portal's run history) in the 2023-10-01 Metrics_List response shape. The engine of an
    /// enabled setting "runs" every minute: ObservedMetricValue is the average of the target's host
    /// metric over its VMs and the five minutes before (the rules' PT5M window, from the same
    /// numbers the host-metrics endpoint serves, so a replay from those agrees), MetricThreshold is each rule's threshold, ObservedCapacity the
    /// capacity, ScaleActionsInitiated marks the seeded autoscale events. A disabled setting never
    /// runs: its series are there with empty grains. The dimension values are the fake's own
    /// (MetricTriggerSource: the metric name; MetricTriggerRule: "metric operator threshold"):
    /// the public reference names the dimensions, not their values.
    /// </summary>
    public sealed partial class FakeArmService
    {
        private static readonly string[] RunHistoryMetrics = { "ObservedMetricValue", "MetricThreshold", "ObservedCapacity", "ScaleActionsInitiated" };

        private FakeResponse? RunHistoryRoute(FakeRequest request, string lower, string[] segments, string? rg)
        {
            var index = Array.FindIndex(segments, s => s.Equals("autoscalesettings", StringComparison.OrdinalIgnoreCase));
            if (rg == null || index < 0 || segments.Length != index + 5 || !lower.EndsWith("/providers/microsoft.insights/metrics", StringComparison.Ordinal))
            {
                return null;
            }

            if (!settings.TryGetValue(SettingId(rg, segments[index + 1]), out var setting))
            {
                return Error(404, "ResourceNotFound", $"The autoscale setting '{segments[index + 1]}' was not found.");
            }

            var names = (Query(request.Uri, "metricnames") ?? string.Empty).Split(',').Where(n => n.Length > 0).ToList();
            var unknown = names.FirstOrDefault(n => !RunHistoryMetrics.Contains(n, StringComparer.OrdinalIgnoreCase));
            if (names.Count == 0 || unknown != null)
            {
                return Error(400, "BadRequest", $"Failed to find metric configuration for provider: Microsoft.Insights, resource Type: autoscalesettings, metric: {unknown}, Valid metrics: {string.Join(",", RunHistoryMetrics)}");
            }

            var ns = Query(request.Uri, "metricnamespace");
            if (ns != null && !ns.Equals("Microsoft.Insights/autoscalesettings", StringComparison.OrdinalIgnoreCase))
            {
                return Error(400, "BadRequest", $"Metric namespace '{ns}' does not exist for resource type Microsoft.Insights/autoscalesettings.");
            }

            if (!TryMinutes(request, out var start, out var end, out var minutes, out var bad))
            {
                return bad!;
            }

            var filter = (Query(request.Uri, "$filter") ?? string.Empty).Replace(" ", string.Empty);
            bool Split(string dimension) => filter.IndexOf(dimension + "eq'*'", StringComparison.OrdinalIgnoreCase) >= 0;
            var properties = setting["properties"]!;
            var enabled = (bool?)properties["enabled"] ?? true;
            var target = (string)properties["targetResourceUri"]!;
            var vmss = scaleSets.FirstOrDefault(p => p.Key.Equals(target, StringComparison.OrdinalIgnoreCase)).Value;
            var rules = properties["profiles"]![0]!["rules"]!.AsArray().Select(r => r!["metricTrigger"]!).ToList();
            var actions = events
                .Where(e => ((string?)e["resourceId"])?.Equals((string?)setting["id"], StringComparison.OrdinalIgnoreCase) == true && (string?)e["status"]!["value"] == "Started")
                .Select(e => (Minute: Truncate(DateTime.Parse((string)e["eventTimestamp"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)),
                              Direction: ((string)e["operationName"]!["value"]!).Contains("Scaleup", StringComparison.OrdinalIgnoreCase) ? "Increase" : "Decrease"))
                .ToList();

            JsonObject Point(DateTime minute, string aggregation, double? value)
            {
                var point = new JsonObject { ["timeStamp"] = minute.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) };
                if (enabled && value != null)
                {
                    point[aggregation] = value.Value;
                }

                return point;
            }

            JsonObject Series(string? dimension, string? dimensionValue, Func<DateTime, double?> value, string aggregation = "average") => new JsonObject
            {
                ["metadatavalues"] = dimension == null ? new JsonArray() : new JsonArray
                {
                    // The service lower-cases dimension names in metadatavalues.
                    new JsonObject { ["name"] = new JsonObject { ["value"] = dimension.ToLowerInvariant(), ["localizedValue"] = dimension.ToLowerInvariant() }, ["value"] = dimensionValue },
                },
                ["data"] = new JsonArray(minutes.Select(m => (JsonNode)Point(m, aggregation, value(m))).ToArray()),
            };

            // What the engine computes for the rules' window (PT5M, Average): the mean of every VM's
            // value over the five minutes before the run, empty grains left out.
            double? Observed(DateTime minute, string? metricResource)
            {
                if (metricResource != null && metricResource.EndsWith("/queueServices/default", StringComparison.OrdinalIgnoreCase))
                {
                    return Enumerable.Range(1, 5).Select(back => QueueLength(metricResource, minute.AddMinutes(-back))).Average();
                }

                if (vmss == null)
                {
                    return null;
                }

                var name = (string)vmss["name"]!;
                var capacity = (int)vmss["sku"]!["capacity"]!;
                var values = Enumerable.Range(1, 5).Select(back => minute.AddMinutes(-back))
                    .SelectMany(m => Enumerable.Range(0, capacity).Where(i => !IsEmptyGrain(i, m)).Select(i => MetricValue(target, i, $"{name}_{i}", m)))
                    .ToList();
                return values.Count == 0 ? null : values.Average();
            }

            var value = new JsonArray();
            foreach (var metric in names)
            {
                var series = new JsonArray();
                switch (metric.ToLowerInvariant())
                {
                    case "observedmetricvalue":
                        foreach (var source in rules.GroupBy(r => (string)r["metricName"]!, StringComparer.OrdinalIgnoreCase))
                        {
                            var metricResource = (string?)source.First()["metricResourceUri"];
                            series.Add(Series(Split("MetricTriggerSource") ? "MetricTriggerSource" : null, source.Key, m => Observed(m, metricResource)));
                        }

                        break;
                    case "metricthreshold":
                        foreach (var rule in rules)
                        {
                            var threshold = (double)rule["threshold"]!;
                            var label = string.Format(CultureInfo.InvariantCulture, "{0} {1} {2}", (string)rule["metricName"]!, (string)rule["operator"]!, threshold);
                            series.Add(Series(Split("MetricTriggerRule") ? "MetricTriggerRule" : null, label, _ => threshold));
                        }

                        break;
                    case "observedcapacity":
                        series.Add(Series(null, null, _ => vmss == null ? null : (double?)(int)vmss["sku"]!["capacity"]!));
                        break;
                    default:
                        foreach (var direction in new[] { "Increase", "Decrease" })
                        {
                            series.Add(Series(Split("ScaleDirection") ? "ScaleDirection" : null, direction, m => actions.Count(a => a.Minute == m && a.Direction == direction), "total"));
                        }

                        break;
                }

                var canonical = RunHistoryMetrics.First(n => n.Equals(metric, StringComparison.OrdinalIgnoreCase));
                value.Add(new JsonObject
                {
                    ["id"] = $"{setting["id"]}/providers/Microsoft.Insights/metrics/{canonical}",
                    ["type"] = "Microsoft.Insights/metrics",
                    ["name"] = new JsonObject { ["value"] = canonical, ["localizedValue"] = canonical },
                    ["displayDescription"] = $"{canonical} of the autoscale setting.",
                    ["unit"] = "Count",
                    ["timeseries"] = series,
                    ["errorCode"] = "Success",
                });
            }

            return Json(200, new JsonObject
            {
                ["cost"] = minutes.Count * names.Count,
                ["timespan"] = $"{start:yyyy-MM-ddTHH:mm:ssZ}/{end:yyyy-MM-ddTHH:mm:ssZ}",
                ["interval"] = "PT1M",
                ["value"] = value,
                ["namespace"] = "Microsoft.Insights/autoscalesettings",
                ["resourceregion"] = Location,
            }.ToJsonString());
        }

        private static DateTime Truncate(DateTime t) => new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc);
    }
}
