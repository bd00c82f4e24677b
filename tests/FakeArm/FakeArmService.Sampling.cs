using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// The sampling subsystem's endpoints beyond the scale set's host metrics: the metrics of
    /// another resource a rule reads (a storage account's queue service, QueueMessageCount in
    /// Microsoft.Storage/storageAccounts/queueServices, in the 2023-10-01 Metrics_List shape, one
    /// series for the resource), and the run history of autoscale settings. /_fake/seed-sampling
    /// sets a queue's level: { "queues": [ { "resourceId": "...", "level": 250 } ] }.
    /// </summary>
    public sealed partial class FakeArmService
    {
        public const string QueueNamespace = "Microsoft.Storage/storageAccounts/queueServices";

        private readonly Dictionary<string, double> queueLevels = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);

        public static string QueueServiceId(string rg, string account) => StorageAccountId(rg, account) + "/queueServices/default";

        /// <summary>The queue length the fake reports at a minute: its level plus (minute mod 3); 250 when not seeded.</summary>
        public double QueueLength(string queueServiceId, DateTime minute) =>
            (queueLevels.TryGetValue(queueServiceId, out var level) ? level : 250) + (minute.Minute % 3);

        private FakeResponse? SamplingRoute(FakeRequest request, string lower, string[] segments, string? rg)
        {
            if (rg != null && AutoscaleLogsRoute(request, lower, rg) is FakeResponse logs)
            {
                return logs;
            }

            if (RunHistoryRoute(request, lower, segments, rg) is FakeResponse history)
            {
                return history;
            }

            if (AmaRoute(request, lower, segments, rg) is FakeResponse ama)
            {
                return ama;
            }

            if (lower.EndsWith("/queueservices/default/providers/microsoft.insights/metrics", StringComparison.Ordinal) && rg != null)
            {
                return QueueMetrics(request, string.Join("/", segments.Take(segments.Length - 3)));
            }

            return null;
        }

        private FakeResponse? SamplingControl(FakeRequest request, string path)
        {
            if (!path.Equals("/_fake/seed-sampling", StringComparison.OrdinalIgnoreCase))
            {
                return AutoscaleLogsControl(request, path);
            }

            var root = JsonNode.Parse(request.Body)?.AsObject() ?? new JsonObject();
            foreach (var q in Items(root, "queues"))
            {
                queueLevels[Str(q, "resourceId").TrimEnd('/')] = (double)q["level"]!;
            }

            SeedAma(root);

            return new FakeResponse { Status = 204 };
        }

        /// <summary>
        /// The query every fake metrics endpoint shares: timespan=start/end (required) and
        /// interval=PT1M (the only grain served); the minutes it covers, or the service's 400.
        /// </summary>
        private static bool TryMinutes(FakeRequest request, out DateTime start, out DateTime end, out List<DateTime> minutes, out FakeResponse? error)
        {
            minutes = new List<DateTime>();
            error = null;
            end = default;
            var timespan = (Query(request.Uri, "timespan") ?? string.Empty).Split('/');
            if (timespan.Length != 2
                || !DateTime.TryParse(timespan[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out start)
                || !DateTime.TryParse(timespan[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out end))
            {
                start = default;
                error = Error(400, "BadRequest", "timespan=<start>/<end> is required.");
                return false;
            }

            if (!(Query(request.Uri, "interval") ?? "PT1M").Equals("PT1M", StringComparison.OrdinalIgnoreCase))
            {
                error = Error(400, "BadRequest", "The fake serves interval=PT1M only.");
                return false;
            }

            for (var m = Truncate(start); m < end; m = m.AddMinutes(1))
            {
                minutes.Add(m);
            }

            return true;
        }

        private FakeResponse QueueMetrics(FakeRequest request, string queueServicePath)
        {
            var id = "/" + queueServicePath;
            var account = StorageAccountId(id.Split('/')[4], id.Split('/')[8]);
            if (!storageAccounts.ContainsKey(account))
            {
                return Error(404, "ResourceNotFound", $"The Resource 'Microsoft.Storage/storageAccounts/{id.Split('/')[8]}' was not found.");
            }

            var ns = Query(request.Uri, "metricnamespace");
            if (ns != null && !ns.Equals(QueueNamespace, StringComparison.OrdinalIgnoreCase))
            {
                return Error(400, "BadRequest", $"Metric namespace '{ns}' does not exist for resource type {QueueNamespace}.");
            }

            var names = (Query(request.Uri, "metricnames") ?? string.Empty).Split(',').Where(n => n.Length > 0).ToList();
            var unknown = names.FirstOrDefault(n => !n.Equals("QueueMessageCount", StringComparison.OrdinalIgnoreCase));
            if (names.Count == 0 || unknown != null)
            {
                return Error(400, "BadRequest", $"Failed to find metric configuration for provider: Microsoft.Storage, resource Type: storageAccounts/queueServices, metric: {unknown}, Valid metrics: QueueMessageCount,QueueCount,QueueCapacity");
            }

            if (!TryMinutes(request, out var start, out var end, out var minutes, out var bad))
            {
                return bad!;
            }

            var data = new JsonArray();
            foreach (var m in minutes)
            {
                var value = QueueLength(id, m);
                data.Add(new JsonObject { ["timeStamp"] = m.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), ["average"] = value, ["minimum"] = value, ["maximum"] = value, ["count"] = 1.0 });
            }

            return Json(200, new JsonObject
            {
                ["cost"] = data.Count,
                ["timespan"] = $"{start:yyyy-MM-ddTHH:mm:ssZ}/{end:yyyy-MM-ddTHH:mm:ssZ}",
                ["interval"] = "PT1M",
                ["value"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["id"] = $"{id}/providers/Microsoft.Insights/metrics/QueueMessageCount",
                        ["type"] = "Microsoft.Insights/metrics",
                        ["name"] = new JsonObject { ["value"] = "QueueMessageCount", ["localizedValue"] = "Queue Message Count" },
                        ["displayDescription"] = "The number of unexpired queue messages in the storage account.",
                        ["unit"] = "Count",
                        ["timeseries"] = new JsonArray { new JsonObject { ["metadatavalues"] = new JsonArray(), ["data"] = data } },
                        ["errorCode"] = "Success",
                    },
                },
                ["namespace"] = QueueNamespace,
                ["resourceregion"] = Location,
            }.ToJsonString());
        }
    }
}
