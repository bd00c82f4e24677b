using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// The parts of the fake that reach beyond Compute and autoscale: Azure Monitor host metrics
    /// per VM (the 2023-10-01 GetMetric response shape), storage accounts with listKeys (so the
    /// diagnostics-table discovery can be driven end to end against Azurite), and /_fake/seed,
    /// which adds scale sets, settings, storage accounts and metric levels at run time because a
    /// table endpoint (Azurite's port) is only known once the test has started it.
    /// </summary>
    public sealed partial class FakeArmService
    {
        /// <summary>The scale-set host metrics the fake knows; any other name gets the service's 400.</summary>
        public static readonly IReadOnlyDictionary<string, string> HostMetricUnits = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Percentage CPU"] = "Percent",
            ["Available Memory Bytes"] = "Bytes",
            ["Network In Total"] = "Bytes",
            ["Network Out Total"] = "Bytes",
        };

        private readonly Dictionary<string, StorageAccount> storageAccounts = new Dictionary<string, StorageAccount>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Dictionary<string, double>> metricLevels = new Dictionary<string, Dictionary<string, double>>(StringComparer.OrdinalIgnoreCase);

        public static string StorageAccountId(string rg, string name) =>
            $"/subscriptions/{Subscription}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{name}";

        /// <summary>
        /// The value the fake reports for a VM at a minute: its level plus (minute mod 3), so every
        /// point is distinguishable. Without a seeded level, VM i sits at 15 + 25 i (capped at 95).
        /// </summary>
        public double MetricValue(string scaleSetId, int instanceIndex, string vmName, DateTime minute)
        {
            var level = metricLevels.TryGetValue(scaleSetId, out var levels) && levels.TryGetValue(vmName, out var l) ? l : Math.Min(95, 15 + (25 * instanceIndex));
            return level + (minute.Minute % 3);
        }

        /// <summary>
        /// The hole every fake metric series has: instance 1 reports no data in minutes ending in 5,
        /// as Azure Monitor does for an empty grain (the point is there, with count 0 and no average).
        /// </summary>
        public static bool IsEmptyGrain(int instanceIndex, DateTime minute) => instanceIndex == 1 && minute.Minute % 10 == 5;

        private FakeResponse Seed(string body)
        {
            var root = JsonNode.Parse(body)?.AsObject() ?? new JsonObject();
            foreach (var a in Items(root, "storageAccounts"))
            {
                var rg = Str(a, "resourceGroup");
                var name = Str(a, "name");
                storageAccounts[StorageAccountId(rg, name)] = new StorageAccount(rg, name, Str(a, "tableEndpoint"), Str(a, "key"));
            }

            foreach (var v in Items(root, "scaleSets"))
            {
                AddScaleSet(Str(v, "resourceGroup"), Str(v, "name"), (string?)v["sku"] ?? "Standard_D2s_v3", (int?)v["capacity"] ?? 2, (bool?)v["windows"] ?? true,
                    diagnostics: v["extensionSettings"] != null, extensionFailures: 0, extensionSettings: v["extensionSettings"]?.DeepClone().AsObject());
            }

            foreach (var s in Items(root, "settings"))
            {
                var rg = Str(s, "resourceGroup");
                // scaleSetResourceGroup: a setting kept in another resource group than the scale set it targets.
                AddSetting(rg, Str(s, "name"), ScaleSetId((string?)s["scaleSetResourceGroup"] ?? rg, Str(s, "scaleSet")), (int?)s["minimum"] ?? 1, (int?)s["maximum"] ?? 5, (int?)s["default"] ?? 2, (bool?)s["enabled"] ?? true,
                    (string?)s["metricName"] ?? "Percentage CPU", (string?)s["metricNamespace"] ?? "microsoft.compute/virtualmachinescalesets",
                    (string?)s["metricResourceUri"], (double?)s["scaleOut"] ?? 60, (double?)s["scaleIn"] ?? 30);
            }

            foreach (var m in Items(root, "metricLevels"))
            {
                var id = ScaleSetId(Str(m, "resourceGroup"), Str(m, "scaleSet"));
                metricLevels[id] = (m["levels"]?.AsObject() ?? new JsonObject()).ToDictionary(p => p.Key, p => (double)p.Value!, StringComparer.OrdinalIgnoreCase);
            }

            SeedHealth(root);
            SeedActivityLog(root);
            SeedPlatform(root);

            return new FakeResponse { Status = 204 };
        }

        private FakeResponse? StorageRoute(FakeRequest request, string lower, string[] segments, string? rg)
        {
            if (lower.EndsWith("/providers/microsoft.storage/storageaccounts", StringComparison.Ordinal))
            {
                return Page(request, storageAccounts.Values.Where(a => rg == null || a.ResourceGroup.Equals(rg, StringComparison.OrdinalIgnoreCase)).OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => a.Body()));
            }

            var index = Array.FindIndex(segments, s => s.Equals("storageAccounts", StringComparison.OrdinalIgnoreCase));
            if (rg == null || index < 0 || segments.Length <= index + 1)
            {
                return null;
            }

            if (!storageAccounts.TryGetValue(StorageAccountId(rg, segments[index + 1]), out var account))
            {
                return Error(404, "ResourceNotFound", $"The Resource 'Microsoft.Storage/storageAccounts/{segments[index + 1]}' under resource group '{rg}' was not found.");
            }

            var method = request.Method.ToUpperInvariant();
            if (segments.Length == index + 2 && method == "GET")
            {
                return Json(200, account.Body().ToJsonString());
            }

            if (segments.Length == index + 3 && segments[index + 2].Equals("listKeys", StringComparison.OrdinalIgnoreCase) && method == "POST")
            {
                // The 2023-01-01 StorageAccountListKeys example: two keys; the module takes the first.
                return Json(200, new JsonObject
                {
                    ["keys"] = new JsonArray
                    {
                        new JsonObject { ["keyName"] = "key1", ["value"] = account.Key, ["permissions"] = "FULL", ["creationTime"] = Now.AddDays(-30).ToString("o", CultureInfo.InvariantCulture) },
                        new JsonObject { ["keyName"] = "key2", ["value"] = "c2Vjb25kLWtleS1vZi10aGUtZmFrZS1hY2NvdW50LW5ldmVyLXVzZWQ=", ["permissions"] = "FULL", ["creationTime"] = Now.AddDays(-30).ToString("o", CultureInfo.InvariantCulture) },
                    },
                }.ToJsonString());
            }

            return Error(405, "MethodNotAllowed", "The fake serves GET on a storage account and POST on its listKeys.");
        }

        /// <summary>
        /// GET {scaleSet}/providers/Microsoft.Insights/metrics with the query the real service
        /// takes: metricnames (comma-separated, %2 for a comma inside a name), timespan, interval
        /// (PT1M only), aggregation, $filter (VMName eq '*' splits one series per VM, anything else
        /// gives one series for the scale set), top (default 10 series, as the service does).
        /// </summary>
        private FakeResponse Metrics(FakeRequest request, string id, JsonObject vmss)
        {
            var names = (Query(request.Uri, "metricnames") ?? string.Empty).Split(',').Where(n => n.Length > 0).Select(n => n.Replace("%2", ",")).ToList();
            var timespan = (Query(request.Uri, "timespan") ?? string.Empty).Split('/');
            var interval = Query(request.Uri, "interval") ?? "PT1M";
            if (names.Count == 0 || timespan.Length != 2
                || !DateTime.TryParse(timespan[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var start)
                || !DateTime.TryParse(timespan[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var end))
            {
                return Error(400, "BadRequest", "metricnames and timespan=<start>/<end> are required.");
            }

            if (!interval.Equals("PT1M", StringComparison.OrdinalIgnoreCase))
            {
                return Error(400, "BadRequest", "The fake serves interval=PT1M only.");
            }

            var unknown = names.FirstOrDefault(n => !HostMetricUnits.ContainsKey(n));
            if (unknown != null)
            {
                return Error(400, "BadRequest", $"Failed to find metric configuration for provider: Microsoft.Compute, resource Type: virtualMachineScaleSets, metric: {unknown}, Valid metrics: {string.Join(",", HostMetricUnits.Keys)}");
            }

            var aggregations = new HashSet<string>((Query(request.Uri, "aggregation") ?? "average").Split(',').Select(a => a.Trim().ToLowerInvariant()));
            var perVm = (Query(request.Uri, "$filter") ?? string.Empty).Replace(" ", string.Empty).Equals("VMNameeq'*'", StringComparison.OrdinalIgnoreCase);
            var top = int.TryParse(Query(request.Uri, "top"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : 10;
            var name = (string)vmss["name"]!;
            var capacity = (int)vmss["sku"]!["capacity"]!;
            var vms = Enumerable.Range(0, capacity).Select(i => (Index: i, Name: $"{name}_{i}")).ToList();
            var minutes = new List<DateTime>();
            for (var m = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, DateTimeKind.Utc); m < end; m = m.AddMinutes(1))
            {
                minutes.Add(m);
            }

            JsonObject Point(DateTime minute, IReadOnlyList<(int Index, string Name)> over)
            {
                var point = new JsonObject { ["timeStamp"] = minute.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) };
                var values = over.Where(v => !IsEmptyGrain(v.Index, minute) && !IsStopped(id, v.Index)).Select(v => MetricValue(id, v.Index, v.Name, minute)).ToList();
                if (values.Count > 0)
                {
                    // Four 15-second readings per minute, spread 5 either side of the minute's level.
                    if (aggregations.Contains("average"))
                    {
                        point["average"] = values.Average();
                    }

                    if (aggregations.Contains("minimum"))
                    {
                        point["minimum"] = values.Min() - 5;
                    }

                    if (aggregations.Contains("maximum"))
                    {
                        point["maximum"] = values.Max() + 5;
                    }
                }

                if (aggregations.Contains("count"))
                {
                    point["count"] = 4.0 * values.Count;
                }

                return point;
            }

            var value = new JsonArray();
            foreach (var metric in names)
            {
                var series = new JsonArray();
                if (perVm)
                {
                    foreach (var vm in vms.Take(top))
                    {
                        series.Add(new JsonObject
                        {
                            // The service lower-cases the dimension name in metadatavalues.
                            ["metadatavalues"] = new JsonArray { new JsonObject { ["name"] = new JsonObject { ["value"] = "vmname", ["localizedValue"] = "vmname" }, ["value"] = vm.Name } },
                            ["data"] = new JsonArray(minutes.Select(m => (JsonNode)Point(m, new[] { vm })).ToArray()),
                        });
                    }
                }
                else
                {
                    series.Add(new JsonObject { ["metadatavalues"] = new JsonArray(), ["data"] = new JsonArray(minutes.Select(m => (JsonNode)Point(m, vms)).ToArray()) });
                }

                value.Add(new JsonObject
                {
                    ["id"] = $"{id}/providers/Microsoft.Insights/metrics/{metric}",
                    ["type"] = "Microsoft.Insights/metrics",
                    ["name"] = new JsonObject { ["value"] = metric, ["localizedValue"] = metric },
                    ["displayDescription"] = $"{metric} of the scale set's virtual machines.",
                    ["unit"] = HostMetricUnits[metric],
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
                ["namespace"] = "microsoft.compute/virtualmachinescalesets",
                ["resourceregion"] = Location,
            }.ToJsonString());
        }

        private static IEnumerable<JsonObject> Items(JsonObject root, string name) => (root[name]?.AsArray() ?? new JsonArray()).Select(n => n!.AsObject());

        private static string Str(JsonObject o, string name) => (string?)o[name] ?? throw new ArgumentException($"/_fake/seed: '{name}' is required.");

        private sealed class StorageAccount
        {
            public StorageAccount(string resourceGroup, string name, string tableEndpoint, string key)
            {
                ResourceGroup = resourceGroup;
                Name = name;
                TableEndpoint = tableEndpoint;
                Key = key;
            }

            public string ResourceGroup { get; }

            public string Name { get; }

            public string TableEndpoint { get; }

            public string Key { get; }

            // The 2023-01-01 StorageAccountGetProperties shape, reduced to what a reader looks at; never the key.
            public JsonObject Body() => new JsonObject
            {
                ["id"] = StorageAccountId(ResourceGroup, Name),
                ["name"] = Name,
                ["type"] = "Microsoft.Storage/storageAccounts",
                ["location"] = Location,
                ["kind"] = "StorageV2",
                ["sku"] = new JsonObject { ["name"] = "Standard_LRS", ["tier"] = "Standard" },
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded",
                    ["primaryEndpoints"] = new JsonObject
                    {
                        ["blob"] = $"https://{Name}.blob.core.windows.net/",
                        ["queue"] = $"https://{Name}.queue.core.windows.net/",
                        ["table"] = TableEndpoint,
                        ["file"] = $"https://{Name}.file.core.windows.net/",
                    },
                    ["allowSharedKeyAccess"] = true,
                },
            };
        }
    }
}
