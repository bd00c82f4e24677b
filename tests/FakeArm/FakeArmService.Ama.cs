using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// The Azure Monitor Agent path: scale sets with the AzureMonitorLinuxAgent/WindowsAgent
    /// extension and a managed identity, data collection rules (2022-06-01 shape: dataSources.
    /// performanceCounters, destinations.azureMonitorMetrics / logAnalytics, dataFlows) and their
    /// associations on the scale set, and the guest metrics those rules send to Azure Monitor
    /// Metrics (azure.vm.windows/linux.guestmetrics, one series per VM). Seeded through
    /// /_fake/seed-sampling: { "amaScaleSets": [ { resourceGroup, name, windows, identity,
    /// associate, counters: [...], destinations: ["azureMonitorMetrics", "logAnalytics"], silent: [0] } ] }.
    /// </summary>
    public sealed partial class FakeArmService
    {
        private readonly Dictionary<string, JsonObject> dataCollectionRules = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<JsonObject>> associations = new Dictionary<string, List<JsonObject>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, HashSet<int>> silentInstances = new Dictionary<string, HashSet<int>>(StringComparer.OrdinalIgnoreCase);

        public static string DataCollectionRuleId(string rg, string name) =>
            $"/subscriptions/{Subscription}/resourceGroups/{rg}/providers/Microsoft.Insights/dataCollectionRules/{name}";

        private void SeedAma(JsonObject root)
        {
            foreach (var v in Items(root, "amaScaleSets"))
            {
                var rg = Str(v, "resourceGroup");
                var name = Str(v, "name");
                var windows = (bool?)v["windows"] ?? false;
                AddScaleSet(rg, name, (string?)v["sku"] ?? "Standard_D2s_v3", (int?)v["capacity"] ?? 2, windows, diagnostics: false, extensionFailures: 0);
                var id = ScaleSetId(rg, name);
                var vmss = scaleSets[id];
                var agent = windows ? "AzureMonitorWindowsAgent" : "AzureMonitorLinuxAgent";
                vmss["properties"]!["virtualMachineProfile"]!["extensionProfile"]!["extensions"]!.AsArray().Add(new JsonObject
                {
                    ["name"] = agent,
                    ["properties"] = new JsonObject { ["publisher"] = "Microsoft.Azure.Monitor", ["type"] = agent, ["typeHandlerVersion"] = "1.0", ["autoUpgradeMinorVersion"] = true, ["enableAutomaticUpgrade"] = true },
                });
                if ((bool?)v["identity"] ?? true)
                {
                    vmss["identity"] = new JsonObject { ["type"] = "SystemAssigned", ["principalId"] = Guid.NewGuid().ToString(), ["tenantId"] = Tenant };
                }

                silentInstances[id] = new HashSet<int>((v["silent"]?.AsArray() ?? new JsonArray()).Select(n => (int)n!));
                associations[id] = new List<JsonObject>();
                if (!((bool?)v["associate"] ?? true))
                {
                    continue;
                }

                var ruleId = DataCollectionRuleId(rg, "dcr-" + name);
                var targets = (v["destinations"]?.AsArray() ?? new JsonArray { "azureMonitorMetrics" }).Select(n => (string)n!).ToList();
                var destinations = new JsonObject();
                var flowTo = new JsonArray();
                if (targets.Contains("azureMonitorMetrics"))
                {
                    destinations["azureMonitorMetrics"] = new JsonObject { ["name"] = "azureMonitorMetrics-default" };
                    flowTo.Add("azureMonitorMetrics-default");
                }

                if (targets.Contains("logAnalytics"))
                {
                    destinations["logAnalytics"] = new JsonArray { new JsonObject { ["name"] = "la-workspace", ["workspaceResourceId"] = $"/subscriptions/{Subscription}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/law-{name}" } };
                    flowTo.Add("la-workspace");
                }

                dataCollectionRules[ruleId] = new JsonObject
                {
                    ["id"] = ruleId,
                    ["name"] = "dcr-" + name,
                    ["type"] = "Microsoft.Insights/dataCollectionRules",
                    ["location"] = Location,
                    ["properties"] = new JsonObject
                    {
                        ["dataSources"] = new JsonObject
                        {
                            ["performanceCounters"] = new JsonArray
                            {
                                new JsonObject
                                {
                                    ["name"] = "perfCounters",
                                    ["streams"] = new JsonArray { "Microsoft-InsightsMetrics" },
                                    ["samplingFrequencyInSeconds"] = 60,
                                    ["counterSpecifiers"] = new JsonArray((v["counters"]?.AsArray() ?? new JsonArray()).Select(n => (JsonNode)(string)n!).ToArray()),
                                },
                            },
                        },
                        ["destinations"] = destinations,
                        ["dataFlows"] = new JsonArray { new JsonObject { ["streams"] = new JsonArray { "Microsoft-InsightsMetrics" }, ["destinations"] = flowTo } },
                        ["provisioningState"] = "Succeeded",
                    },
                };
                associations[id].Add(new JsonObject
                {
                    ["id"] = $"{id}/providers/Microsoft.Insights/dataCollectionRuleAssociations/assoc-{name}",
                    ["name"] = "assoc-" + name,
                    ["type"] = "Microsoft.Insights/dataCollectionRuleAssociations",
                    ["properties"] = new JsonObject { ["dataCollectionRuleId"] = ruleId, ["provisioningState"] = "Succeeded" },
                });
            }
        }

        private FakeResponse? AmaRoute(FakeRequest request, string lower, string[] segments, string? rg)
        {
            var vmssIndex = Array.FindIndex(segments, s => s.Equals("virtualMachineScaleSets", StringComparison.OrdinalIgnoreCase));
            var id = rg != null && vmssIndex > 0 && segments.Length > vmssIndex + 1 ? ScaleSetId(rg, segments[vmssIndex + 1]) : null;
            if (id != null && lower.EndsWith("/providers/microsoft.insights/datacollectionruleassociations", StringComparison.Ordinal))
            {
                return scaleSets.ContainsKey(id)
                    ? Page(request, associations.TryGetValue(id, out var list) ? list : new List<JsonObject>())
                    : Error(404, "ResourceNotFound", $"The Resource 'Microsoft.Compute/virtualMachineScaleSets/{segments[vmssIndex + 1]}' under resource group '{rg}' was not found.");
            }

            if (id != null && lower.EndsWith("/providers/microsoft.insights/metrics", StringComparison.Ordinal)
                && (Query(request.Uri, "metricnamespace") ?? string.Empty).StartsWith("azure.vm.", StringComparison.OrdinalIgnoreCase))
            {
                return GuestMetrics(request, id);
            }

            var ruleIndex = Array.FindIndex(segments, s => s.Equals("dataCollectionRules", StringComparison.OrdinalIgnoreCase));
            if (rg != null && ruleIndex > 0 && segments.Length == ruleIndex + 2)
            {
                return dataCollectionRules.TryGetValue(DataCollectionRuleId(rg, segments[ruleIndex + 1]), out var rule)
                    ? Json(200, rule.ToJsonString())
                    : Error(404, "ResourceNotFound", $"The data collection rule '{segments[ruleIndex + 1]}' was not found.");
            }

            return null;
        }

        /// <summary>
        /// Guest counters in Azure Monitor Metrics: present only when an associated rule sends the
        /// counter to the azureMonitorMetrics destination; otherwise the metric comes back with no
        /// series, as the service answers for a custom metric nobody writes.
        /// </summary>
        private FakeResponse GuestMetrics(FakeRequest request, string id)
        {
            if (!scaleSets.TryGetValue(id, out var vmss))
            {
                return Error(404, "ResourceNotFound", "No such scale set.");
            }

            if (!TryMinutes(request, out var start, out var end, out var minutes, out var bad))
            {
                return bad!;
            }

            var ns = Query(request.Uri, "metricnamespace")!;
            var names = (Query(request.Uri, "metricnames") ?? string.Empty).Split(',').Where(n => n.Length > 0).Select(n => n.Replace("%2", ",")).ToList();
            var sent = (associations.TryGetValue(id, out var list) ? list : new List<JsonObject>())
                .Select(a => dataCollectionRules.TryGetValue((string)a["properties"]!["dataCollectionRuleId"]!, out var r) ? r : null)
                .Where(r => r?["properties"]?["destinations"]?["azureMonitorMetrics"] != null)
                .SelectMany(r => r!["properties"]!["dataSources"]!["performanceCounters"]!.AsArray().SelectMany(p => p!["counterSpecifiers"]!.AsArray().Select(c => ((string)c!).TrimStart('\\'))))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            var name = (string)vmss["name"]!;
            var capacity = (int)vmss["sku"]!["capacity"]!;
            var silent = silentInstances.TryGetValue(id, out var s) ? s : new HashSet<int>();
            var value = new JsonArray();
            foreach (var metric in names)
            {
                var series = new JsonArray();
                if (sent.Contains(metric.TrimStart('\\')))
                {
                    foreach (var i in Enumerable.Range(0, capacity).Where(i => !silent.Contains(i)))
                    {
                        var vm = $"{name}_{i}";
                        series.Add(new JsonObject
                        {
                            ["metadatavalues"] = new JsonArray { new JsonObject { ["name"] = new JsonObject { ["value"] = "vmname", ["localizedValue"] = "vmname" }, ["value"] = vm } },
                            ["data"] = new JsonArray(minutes.Select(m => (JsonNode)new JsonObject { ["timeStamp"] = m.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), ["average"] = MetricValue(id, i, vm, m), ["count"] = 1.0 }).ToArray()),
                        });
                    }
                }

                value.Add(new JsonObject
                {
                    ["id"] = $"{id}/providers/Microsoft.Insights/metrics/{metric}",
                    ["type"] = "Microsoft.Insights/metrics",
                    ["name"] = new JsonObject { ["value"] = metric, ["localizedValue"] = metric },
                    ["unit"] = "Unspecified",
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
                ["namespace"] = ns,
                ["resourceregion"] = Location,
            }.ToJsonString());
        }
    }
}
