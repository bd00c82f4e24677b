using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// The guide's last reads: each VM with its instance view (a Uniform scale set's
    /// virtualMachines list, a Flexible scale set's members through the resource group's
    /// virtualMachines list filtered on virtualMachineScaleSet/id), Resource Health's current
    /// availability status and the subscription's Service Health events. Our own bodies, in the
    /// shapes of Compute 2024-07-01 and Microsoft.ResourceHealth 2025-04-01.
    /// </summary>
    public sealed partial class FakeArmService
    {
        private readonly Dictionary<string, VmState> vmStates = new Dictionary<string, VmState>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonObject> availability = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        private readonly List<JsonObject> healthEvents = new List<JsonObject>();

        /// <summary>True when the VM at this index is seeded as not running, so Azure Monitor has no host metrics for it.</summary>
        public bool IsStopped(string scaleSetId, int index) =>
            vmStates.TryGetValue(scaleSetId + "|" + index.ToString(CultureInfo.InvariantCulture), out var s) && !string.Equals(s.PowerState, "running", StringComparison.OrdinalIgnoreCase);

        private FakeResponse? HealthRoute(FakeRequest request, string lower, string[] segments, string? rg)
        {
            if (lower.EndsWith("/providers/microsoft.resourcehealth/availabilitystatuses/current", StringComparison.Ordinal))
            {
                var resource = request.Uri.AbsolutePath.Substring(0, request.Uri.AbsolutePath.IndexOf("/providers/Microsoft.ResourceHealth", StringComparison.OrdinalIgnoreCase));
                return Json(200, AvailabilityBody(resource).ToJsonString());
            }

            if (lower.EndsWith("/providers/microsoft.resourcehealth/events", StringComparison.Ordinal) && rg == null)
            {
                var since = DateTime.TryParse(Query(request.Uri, "queryStartTime"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : DateTime.MinValue;
                return Page(request, healthEvents.Where(e => (DateTime.TryParse((string?)e["properties"]!["lastUpdateTime"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var u) ? u : DateTime.MaxValue) >= since));
            }

            if (rg != null && lower.EndsWith("/providers/microsoft.compute/virtualmachines", StringComparison.Ordinal))
            {
                var filter = System.Text.RegularExpressions.Regex.Match(Query(request.Uri, "$filter") ?? string.Empty, @"'virtualMachineScaleSet/id'\s+eq\s+'([^']+)'", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
                if (!filter.Success)
                {
                    return Error(400, "BadRequest", "The fake lists VMs of a resource group only with $filter='virtualMachineScaleSet/id' eq '<id>'.");
                }

                if (!string.Equals(Query(request.Uri, "$expand"), "instanceView", StringComparison.OrdinalIgnoreCase))
                {
                    return Error(400, "BadRequest", "The fake lists VMs with $expand=instanceView only.");
                }

                return scaleSets.TryGetValue(filter.Groups[1].Value, out var flex)
                    ? Page(request, Vms(filter.Groups[1].Value, flex, flexible: true))
                    : Page(request, Array.Empty<JsonObject>());
            }

            var vmssIndex = Array.FindIndex(segments, s => s.Equals("virtualMachineScaleSets", StringComparison.OrdinalIgnoreCase));
            if (rg != null && vmssIndex > 0 && segments.Length == vmssIndex + 3 && segments[vmssIndex + 2].Equals("virtualMachines", StringComparison.OrdinalIgnoreCase))
            {
                var id = ScaleSetId(rg, segments[vmssIndex + 1]);
                if (!scaleSets.TryGetValue(id, out var vmss))
                {
                    return Error(404, "ResourceNotFound", $"The Resource 'Microsoft.Compute/virtualMachineScaleSets/{segments[vmssIndex + 1]}' under resource group '{rg}' was not found.");
                }

                return Page(request, Vms(id, vmss, flexible: false));
            }

            return null;
        }

        private void SeedHealth(JsonObject root)
        {
            foreach (var v in Items(root, "vmStates"))
            {
                var id = ScaleSetId(Str(v, "resourceGroup"), Str(v, "scaleSet"));
                vmStates[id + "|" + ((int?)v["index"] ?? 0).ToString(CultureInfo.InvariantCulture)] = new VmState(
                    (string?)v["powerState"] ?? "running", (string?)v["extensionFailure"], (bool?)v["agentNotReady"] ?? false);
            }

            foreach (var f in Items(root, "flexibleScaleSets"))
            {
                var rg = Str(f, "resourceGroup");
                var name = Str(f, "name");
                AddScaleSet(rg, name, (string?)f["sku"] ?? "Standard_D2s_v3", (int?)f["capacity"] ?? 2, windows: false, diagnostics: false, extensionFailures: 0);
                scaleSets[ScaleSetId(rg, name)]["properties"]!["orchestrationMode"] = "Flexible";
            }

            foreach (var a in Items(root, "availability"))
            {
                availability[ScaleSetId(Str(a, "resourceGroup"), Str(a, "scaleSet"))] = new JsonObject
                {
                    ["availabilityState"] = Str(a, "state"),
                    ["summary"] = (string?)a["summary"],
                    ["reasonType"] = (string?)a["reasonType"],
                };
            }

            foreach (var e in Items(root, "serviceHealthEvents"))
            {
                healthEvents.Add(HealthEvent(Str(e, "trackingId"), Str(e, "eventType"), Str(e, "status"), Str(e, "title"), (string?)e["service"] ?? "Virtual Machine Scale Sets", (string?)e["region"] ?? "West Europe",
                    Now.AddHours(-((double?)e["startHoursAgo"] ?? 2)), e["mitigatedHoursAgo"] is JsonNode m ? Now.AddHours(-(double)m) : (DateTime?)null));
            }

            foreach (var n in Items(root, "notifications"))
            {
                var setting = settings[SettingId(Str(n, "resourceGroup"), Str(n, "setting"))];
                setting["properties"]!["notifications"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["operation"] = "Scale",
                        ["email"] = new JsonObject
                        {
                            ["sendToSubscriptionAdministrator"] = (bool?)n["admins"] ?? false,
                            ["sendToSubscriptionCoAdministrators"] = false,
                            ["customEmails"] = new JsonArray((n["emails"]?.AsArray() ?? new JsonArray()).Select(x => (JsonNode?)JsonValue.Create((string?)x)).ToArray()),
                        },
                        ["webhooks"] = n["webhook"] is JsonNode hook ? new JsonArray { new JsonObject { ["serviceUri"] = (string?)hook, ["properties"] = new JsonObject() } } : new JsonArray(),
                    },
                };
            }

            foreach (var a in Items(root, "autoscaleFailures"))
            {
                var rg = Str(a, "resourceGroup");
                var settingId = SettingId(rg, Str(a, "setting"));
                var operationName = (string?)a["kind"] == "Flapping" ? "Microsoft.Insights/AutoscaleSettings/Flapping/Action" : "Microsoft.Insights/AutoscaleSettings/Scaleup/Action";
                var ev = Event(settingId, operationName, "AutoscaleAction", "Autoscale", (string?)a["status"] ?? "Succeeded", Now.AddMinutes(-((double?)a["minutesAgo"] ?? 20)), Guid.NewGuid().ToString(), "Microsoft.Insights/autoscaleSettings",
                    Str(a, "description"), new JsonObject { ["ResourceName"] = ScaleSetId(rg, Str(a, "scaleSet")) });
                ev["level"] = (string?)a["level"] ?? "Informational";
                events.Add(ev);
            }
        }

        private JsonObject AvailabilityBody(string resourceId)
        {
            var seeded = availability.TryGetValue(resourceId, out var s) ? s : null;
            var state = (string?)seeded?["availabilityState"] ?? "Available";
            var properties = new JsonObject
            {
                ["availabilityState"] = state,
                ["title"] = state,
                ["summary"] = (string?)seeded?["summary"] ?? (state == "Available" ? "There aren't any known Azure platform problems affecting this virtual machine scale set." : "The scale set is affected by a platform problem."),
                ["reasonType"] = (string?)seeded?["reasonType"],
                ["occuredTime"] = Now.AddHours(-1).ToString("o", CultureInfo.InvariantCulture),
                ["reportedTime"] = Now.AddMinutes(-2).ToString("o", CultureInfo.InvariantCulture),
            };
            return new JsonObject
            {
                ["id"] = resourceId + "/providers/Microsoft.ResourceHealth/availabilityStatuses/current",
                ["name"] = "current",
                ["type"] = "Microsoft.ResourceHealth/AvailabilityStatuses",
                ["location"] = Location,
                ["properties"] = properties,
            };
        }

        private static JsonObject HealthEvent(string trackingId, string eventType, string status, string title, string service, string region, DateTime start, DateTime? mitigated) => new JsonObject
        {
            ["id"] = "/providers/Microsoft.ResourceHealth/events/" + trackingId,
            ["name"] = trackingId,
            ["type"] = "/providers/Microsoft.ResourceHealth/events",
            ["properties"] = new JsonObject
            {
                ["eventType"] = eventType,
                ["eventSource"] = "ServiceHealth",
                ["status"] = status,
                ["title"] = title,
                ["summary"] = $"Starting at {start:HH:mm} UTC, customers using {service} in {region} may experience failures.",
                ["level"] = "Warning",
                ["eventLevel"] = "Warning",
                ["impactStartTime"] = start.ToString("o", CultureInfo.InvariantCulture),
                ["impactMitigationTime"] = mitigated?.ToString("o", CultureInfo.InvariantCulture),
                ["lastUpdateTime"] = (mitigated ?? start.AddMinutes(30)).ToString("o", CultureInfo.InvariantCulture),
                ["impact"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["impactedService"] = service,
                        ["impactedRegions"] = new JsonArray { new JsonObject { ["impactedRegion"] = region, ["status"] = status, ["impactedSubscriptions"] = new JsonArray(Subscription) } },
                    },
                },
            },
        };

        /// <summary>
        /// One VM per unit of capacity. The aggregated instance view's failed-extension count marks
        /// the last VMs as failed, so both views of a scale set agree; seeded states override.
        /// </summary>
        private IEnumerable<JsonObject> Vms(string scaleSetId, JsonObject vmss, bool flexible)
        {
            var name = (string)vmss["name"]!;
            var capacity = (int)vmss["sku"]!["capacity"]!;
            var profile = vmss["properties"]!["virtualMachineProfile"]!;
            var prefix = (string?)profile["osProfile"]?["computerNamePrefix"] ?? name;
            var extensions = profile["extensionProfile"]?["extensions"]?.AsArray() ?? new JsonArray();
            var failedCount = (instanceViews.TryGetValue(scaleSetId, out var view) ? view["extensions"]?.AsArray() : null)?
                .SelectMany(e => e!["statusesSummary"]!.AsArray())
                .Where(s => ((string?)s!["code"] ?? string.Empty).Contains("failed", StringComparison.OrdinalIgnoreCase))
                .Select(s => (int)s!["count"]!)
                .DefaultIfEmpty(0)
                .Max() ?? 0;
            for (var i = 0; i < capacity; i++)
            {
                var seeded = vmStates.TryGetValue(scaleSetId + "|" + i.ToString(CultureInfo.InvariantCulture), out var s) ? s : null;
                var power = seeded?.PowerState ?? "running";
                var extensionFailure = seeded?.ExtensionFailure ?? (i >= capacity - failedCount ? "Enable failed: the extension could not reach its storage account." : null);
                var running = string.Equals(power, "running", StringComparison.OrdinalIgnoreCase);
                var vmName = flexible ? $"{name}_vm{i}" : $"{name}_{i}";
                var computerName = prefix + i.ToString("000000", CultureInfo.InvariantCulture);
                var extensionViews = new JsonArray();
                foreach (var e in extensions)
                {
                    var p = e!["properties"]!;
                    var failed = extensionFailure != null && running;
                    extensionViews.Add(new JsonObject
                    {
                        ["name"] = (string?)e["name"],
                        ["type"] = $"{(string?)p["publisher"]}.{(string?)p["type"]}",
                        ["typeHandlerVersion"] = (string?)p["typeHandlerVersion"],
                        ["statuses"] = new JsonArray
                        {
                            new JsonObject
                            {
                                ["code"] = failed ? "ProvisioningState/failed/1" : "ProvisioningState/succeeded",
                                ["level"] = failed ? "Error" : "Info",
                                ["displayStatus"] = failed ? "Provisioning failed" : "Provisioning succeeded",
                                ["message"] = failed ? extensionFailure : "Enable succeeded",
                            },
                        },
                    });
                }

                var agentReady = running && !(seeded?.AgentNotReady ?? false);
                var instanceView = new JsonObject
                {
                    ["platformUpdateDomain"] = i % 5,
                    ["platformFaultDomain"] = i % 3,
                    ["computerName"] = running ? computerName : null,
                    ["vmAgent"] = new JsonObject
                    {
                        ["vmAgentVersion"] = running ? "2.11.1.4" : "Unknown",
                        ["statuses"] = new JsonArray
                        {
                            new JsonObject
                            {
                                ["code"] = agentReady ? "ProvisioningState/succeeded" : "ProvisioningState/Unavailable",
                                ["level"] = agentReady ? "Info" : "Warning",
                                ["displayStatus"] = agentReady ? "Ready" : "Not Ready",
                                ["message"] = agentReady ? "Guest Agent is running" : "VM status blob is found but not yet populated.",
                            },
                        },
                    },
                    ["extensions"] = extensionViews,
                    ["statuses"] = new JsonArray
                    {
                        new JsonObject { ["code"] = "ProvisioningState/succeeded", ["level"] = "Info", ["displayStatus"] = "Provisioning succeeded" },
                        new JsonObject { ["code"] = "PowerState/" + power, ["level"] = "Info", ["displayStatus"] = "VM " + power },
                    },
                };
                var body = new JsonObject
                {
                    ["name"] = vmName,
                    ["id"] = flexible ? $"/subscriptions/{Subscription}/resourceGroups/{RgOf(vmss)}/providers/Microsoft.Compute/virtualMachines/{vmName}" : $"{scaleSetId}/virtualMachines/{i}",
                    ["type"] = flexible ? "Microsoft.Compute/virtualMachines" : "Microsoft.Compute/virtualMachineScaleSets/virtualMachines",
                    ["location"] = Location,
                    ["properties"] = new JsonObject
                    {
                        ["latestModelApplied"] = true,
                        ["provisioningState"] = "Succeeded",
                        ["osProfile"] = new JsonObject { ["computerName"] = computerName, ["adminUsername"] = "azureuser" },
                        ["instanceView"] = instanceView,
                    },
                };
                if (flexible)
                {
                    body["properties"]!["virtualMachineScaleSet"] = new JsonObject { ["id"] = scaleSetId };
                }
                else
                {
                    body["instanceId"] = i.ToString(CultureInfo.InvariantCulture);
                }

                yield return body;
            }
        }

        private sealed class VmState
        {
            public VmState(string powerState, string? extensionFailure, bool agentNotReady)
            {
                PowerState = powerState;
                ExtensionFailure = extensionFailure;
                AgentNotReady = agentNotReady;
            }

            public string PowerState { get; }

            public string? ExtensionFailure { get; }

            public bool AgentNotReady { get; }
        }
    }
}
