using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// What the platform allows a scale set: the region's vCPU quotas (Compute usages, 2024-07-01),
    /// the resource SKUs with their family, vCPUs and restrictions (Compute skus, 2021-07-01), management
    /// locks (Microsoft.Authorization 2020-05-01) and a virtual network's subnet usage (Microsoft.Network
    /// 2024-05-01: VirtualNetworks_ListUsage). Also answers as Azure does on a Flexible scale set: its
    /// instanceView and virtualMachines calls get 400 OperationNotAllowed. Our own bodies, in the
    /// shapes of the public REST specs.
    /// </summary>
    /// <remarks>
    /// Quota usage is computed from the scale sets the fake holds (capacity × vCPUs of each size, by
    /// family) plus what a test seeds as used by other VMs, so a capacity change moves it as Azure's would.
    /// Lists of locks answer as ARM does: at a resource, its own and its resource group's; at a resource
    /// group, every lock in it; at a subscription, every lock.
    /// </remarks>
    public sealed partial class FakeArmService
    {
        public const string SkusApiVersion = "2021-07-01";

        private static readonly (string Name, string Family, int VCpus)[] SkuFamilies =
        {
            ("Standard_A1", "standardA0_A7Family", 1), ("Standard_D2s_v3", "standardDSv3Family", 2), ("Standard_D4s_v3", "standardDSv3Family", 4), ("Standard_F8s_v2", "standardFSv2Family", 8),
        };

        private readonly Dictionary<string, (long Limit, long OtherUsed)> quotas = new Dictionary<string, (long, long)>(StringComparer.OrdinalIgnoreCase);
        private readonly List<JsonObject> skuRestrictions = new List<JsonObject>();
        private readonly List<(string Scope, JsonObject Body)> locks = new List<(string, JsonObject)>();
        private readonly Dictionary<string, (long Limit, long Used)> subnets = new Dictionary<string, (long, long)>(StringComparer.OrdinalIgnoreCase);

        public static string SubnetId(string rg, string vnet, string subnet) =>
            $"/subscriptions/{Subscription}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}";

        private FakeResponse? PlatformRoute(FakeRequest request, string lower, string[] segments, string? rg)
        {
            var vmssIndex = Array.FindIndex(segments, s => s.Equals("virtualMachineScaleSets", StringComparison.OrdinalIgnoreCase));
            if (rg != null && vmssIndex > 0 && segments.Length == vmssIndex + 3 && request.Method.Equals("GET", StringComparison.OrdinalIgnoreCase)
                && scaleSets.TryGetValue(ScaleSetId(rg, segments[vmssIndex + 1]), out var vmss)
                && string.Equals((string?)vmss["properties"]?["orchestrationMode"], "Flexible", StringComparison.OrdinalIgnoreCase))
            {
                var operation = segments[vmssIndex + 2].Equals("instanceView", StringComparison.OrdinalIgnoreCase) ? "instanceView"
                    : segments[vmssIndex + 2].Equals("virtualMachines", StringComparison.OrdinalIgnoreCase) ? "virtualMachines" : null;
                if (operation != null)
                {
                    return Error(400, "OperationNotAllowed", $"Operation 'VirtualMachineScaleSets.{operation}.GET' is not allowed on Virtual Machine Scale Set '{segments[vmssIndex + 1]}'.");
                }
            }

            if (rg == null && lower.Contains("/providers/microsoft.compute/locations/") && lower.EndsWith("/usages", StringComparison.Ordinal))
            {
                return Page(request, Usages());
            }

            if (rg == null && lower.EndsWith("/providers/microsoft.compute/skus", StringComparison.Ordinal))
            {
                return Page(request, Skus(Query(request.Uri, "$filter")));
            }

            if (lower.EndsWith("/providers/microsoft.authorization/locks", StringComparison.Ordinal))
            {
                var scope = request.Uri.AbsolutePath.Substring(0, request.Uri.AbsolutePath.Length - "/providers/Microsoft.Authorization/locks".Length);
                return Page(request, LocksAt(scope));
            }

            var vnetIndex = Array.FindIndex(segments, s => s.Equals("virtualNetworks", StringComparison.OrdinalIgnoreCase));
            if (rg != null && vnetIndex > 0 && segments.Length == vnetIndex + 3 && segments[vnetIndex + 2].Equals("usages", StringComparison.OrdinalIgnoreCase))
            {
                var prefix = $"/subscriptions/{Subscription}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{segments[vnetIndex + 1]}/subnets/";
                var mine = subnets.Where(s => s.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
                return mine.Count == 0
                    ? Error(404, "ResourceNotFound", $"The Resource 'Microsoft.Network/virtualNetworks/{segments[vnetIndex + 1]}' under resource group '{rg}' was not found.")
                    : Page(request, mine.Select(s => new JsonObject
                    {
                        ["currentValue"] = s.Value.Used,
                        ["id"] = s.Key,
                        ["limit"] = s.Value.Limit,
                        ["name"] = new JsonObject { ["localizedValue"] = "Subnet size and usage", ["value"] = "SubnetSpace" },
                        ["unit"] = "Count",
                    }));
            }

            return null;
        }

        private IEnumerable<JsonObject> Usages()
        {
            long UsedBy(Func<(string Name, string Family, int VCpus), bool> counts, bool spot) => scaleSets.Values
                .Where(v => string.Equals((string?)v["properties"]?["virtualMachineProfile"]?["priority"], "Spot", StringComparison.OrdinalIgnoreCase) == spot)
                .Sum(v =>
                {
                    var size = SkuFamilies.FirstOrDefault(s => string.Equals(s.Name, (string?)v["sku"]?["name"], StringComparison.OrdinalIgnoreCase));
                    return size.Name != null && counts(size) ? (long)size.VCpus * ((int?)v["sku"]?["capacity"] ?? 0) : 0L;
                });

            JsonObject Usage(string name, string localized, long used, long defaultLimit)
            {
                var seeded = quotas.TryGetValue(name, out var q) ? q : (defaultLimit, 0L);
                return new JsonObject
                {
                    ["limit"] = seeded.Item1,
                    ["unit"] = "Count",
                    ["currentValue"] = used + seeded.Item2,
                    ["name"] = new JsonObject { ["value"] = name, ["localizedValue"] = localized },
                };
            }

            // Generous defaults, so that only a test that seeds a quota meets it.
            yield return Usage("availabilitySets", "Availability Sets", 0, 2500);
            yield return Usage("cores", "Total Regional vCPUs", UsedBy(_ => true, spot: false), 100000);
            foreach (var family in SkuFamilies.Select(s => s.Family).Distinct(StringComparer.Ordinal))
            {
                yield return Usage(family, $"{family} vCPUs", UsedBy(s => s.Family == family, spot: false), 100000);
            }

            yield return Usage("lowPriorityCores", "Total Regional Low-priority vCPUs", UsedBy(_ => true, spot: true), 100000);
        }

        private IEnumerable<JsonObject> Skus(string? filter)
        {
            foreach (var s in SkuFamilies)
            {
                var restrictions = new JsonArray(skuRestrictions.Where(r => string.Equals((string?)r["sku"], s.Name, StringComparison.OrdinalIgnoreCase)).Select(r =>
                {
                    var zones = r["zones"]?.AsArray().Select(z => (string?)z).ToArray() ?? Array.Empty<string?>();
                    var type = zones.Length > 0 ? "Zone" : "Location";
                    var info = new JsonObject { ["locations"] = new JsonArray(JsonValue.Create(Location)) };
                    if (zones.Length > 0)
                    {
                        info["zones"] = new JsonArray(zones.Select(z => (JsonNode?)JsonValue.Create(z)).ToArray());
                    }

                    return (JsonNode)new JsonObject
                    {
                        ["type"] = type,
                        ["values"] = new JsonArray(JsonValue.Create(Location)),
                        ["restrictionInfo"] = info,
                        ["reasonCode"] = (string?)r["reasonCode"] ?? "NotAvailableForSubscription",
                    };
                }).ToArray());
                yield return new JsonObject
                {
                    ["resourceType"] = "virtualMachines",
                    ["name"] = s.Name,
                    ["tier"] = "Standard",
                    ["size"] = s.Name.Substring("Standard_".Length),
                    ["family"] = s.Family,
                    ["locations"] = new JsonArray(JsonValue.Create(Location)),
                    ["locationInfo"] = new JsonArray(new JsonObject { ["location"] = Location, ["zones"] = new JsonArray("1", "2", "3") }),
                    ["capabilities"] = new JsonArray(
                        new JsonObject { ["name"] = "vCPUs", ["value"] = s.VCpus.ToString(CultureInfo.InvariantCulture) },
                        new JsonObject { ["name"] = "LowPriorityCapable", ["value"] = "True" }),
                    ["restrictions"] = restrictions,
                };
            }

            // An unrelated resource type, as the real list holds many: the reader must skip it.
            if (filter == null || filter.IndexOf(Location, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                yield return new JsonObject { ["resourceType"] = "disks", ["name"] = "Premium_LRS", ["tier"] = "Premium", ["locations"] = new JsonArray(JsonValue.Create(Location)), ["restrictions"] = new JsonArray() };
            }
        }

        private IEnumerable<JsonObject> LocksAt(string scope)
        {
            var depth = scope.Trim('/').Split('/').Length;
            foreach (var (lockScope, body) in locks)
            {
                var applies = depth <= 4
                    ? string.Equals(lockScope, scope, StringComparison.OrdinalIgnoreCase) || lockScope.StartsWith(scope + "/", StringComparison.OrdinalIgnoreCase)
                    : string.Equals(lockScope, scope, StringComparison.OrdinalIgnoreCase)
                        || string.Equals(lockScope, string.Join("/", scope.Split('/').Take(5)), StringComparison.OrdinalIgnoreCase);
                if (applies)
                {
                    yield return body;
                }
            }
        }

        private void SeedPlatform(JsonObject root)
        {
            foreach (var q in Items(root, "quotas"))
            {
                quotas[Str(q, "name")] = ((long?)q["limit"] ?? 100000, (long?)q["otherUsed"] ?? 0);
            }

            foreach (var r in Items(root, "skuRestrictions"))
            {
                skuRestrictions.Add(r.DeepClone().AsObject());
            }

            foreach (var l in Items(root, "locks"))
            {
                var rg = (string?)l["resourceGroup"];
                var set = (string?)l["scaleSet"];
                var scope = set != null && rg != null ? ScaleSetId(rg, set) : rg != null ? $"/subscriptions/{Subscription}/resourceGroups/{rg}" : $"/subscriptions/{Subscription}";
                var name = Str(l, "name");
                locks.Add((scope, new JsonObject
                {
                    ["id"] = $"{scope}/providers/Microsoft.Authorization/locks/{name}",
                    ["type"] = "Microsoft.Authorization/locks",
                    ["name"] = name,
                    ["properties"] = new JsonObject { ["level"] = (string?)l["level"] ?? "CanNotDelete", ["notes"] = (string?)l["notes"] },
                }));
            }

            foreach (var s in Items(root, "subnets"))
            {
                subnets[SubnetId(Str(s, "resourceGroup"), Str(s, "vnet"), Str(s, "name"))] = ((long?)s["limit"] ?? 251, (long?)s["used"] ?? 0);
            }

            // The shape of a scale set beyond what AddScaleSet writes: zones, Spot, fault domains, subnet, image, placement group, mode.
            foreach (var p in Items(root, "platformScaleSets"))
            {
                var rg = Str(p, "resourceGroup");
                var name = Str(p, "name");
                var id = ScaleSetId(rg, name);
                if (!scaleSets.TryGetValue(id, out var vmss))
                {
                    AddScaleSet(rg, name, (string?)p["sku"] ?? "Standard_D2s_v3", (int?)p["capacity"] ?? 2, windows: false, diagnostics: false, extensionFailures: 0);
                    vmss = scaleSets[id];
                }

                var props = vmss["properties"]!.AsObject();
                var profile = props["virtualMachineProfile"]!.AsObject();
                if ((bool?)p["flexible"] == true)
                {
                    props["orchestrationMode"] = "Flexible";
                    props.Remove("singlePlacementGroup");
                    props.Remove("overprovision");
                    props["platformFaultDomainCount"] = (int?)p["faultDomains"] ?? 1;
                }

                if (p["singlePlacementGroup"] is JsonNode spg)
                {
                    props["singlePlacementGroup"] = (bool)spg;
                }

                if ((bool?)p["spot"] == true)
                {
                    profile["priority"] = "Spot";
                    profile["evictionPolicy"] = "Delete";
                }

                if (p["zones"] is JsonArray zones)
                {
                    vmss["zones"] = zones.DeepClone();
                }

                if ((string?)p["image"] is string image)
                {
                    profile["storageProfile"]!["imageReference"] = new JsonObject { ["id"] = image };
                }

                if ((string?)p["subnet"] is string subnet)
                {
                    var parts = subnet.Split('/');
                    profile["networkProfile"] = new JsonObject
                    {
                        ["networkInterfaceConfigurations"] = new JsonArray(new JsonObject
                        {
                            ["name"] = name + "-nic",
                            ["properties"] = new JsonObject
                            {
                                ["primary"] = true,
                                ["ipConfigurations"] = new JsonArray(new JsonObject
                                {
                                    ["name"] = name + "-ip",
                                    ["properties"] = new JsonObject { ["subnet"] = new JsonObject { ["id"] = SubnetId(rg, parts[0], parts[1]) } },
                                }),
                            },
                        }),
                    };
                }
            }

            // A setting's scale-out step (AddSetting writes ChangeCount 1).
            foreach (var st in Items(root, "settingSteps"))
            {
                var setting = settings[SettingId(Str(st, "resourceGroup"), Str(st, "setting"))];
                foreach (var rule in setting["properties"]!["profiles"]![0]!["rules"]!.AsArray())
                {
                    if ((string?)rule!["scaleAction"]!["direction"] == "Increase")
                    {
                        rule["scaleAction"]!["value"] = ((int?)st["value"] ?? 1).ToString(CultureInfo.InvariantCulture);
                    }
                }
            }

            // A scale set write that failed, Started then Failed, with the error in properties.statusMessage as the activity log writes it.
            foreach (var f in Items(root, "failedWrites"))
            {
                var scaleSetId = ScaleSetId(Str(f, "resourceGroup"), Str(f, "scaleSet"));
                var operationId = Guid.NewGuid().ToString();
                var at = Now.AddMinutes(-((double?)f["minutesAgo"] ?? 30));
                var error = new JsonObject { ["code"] = Str(f, "code"), ["message"] = Str(f, "message") };
                if ((string?)f["detailCode"] is string detail)
                {
                    error["details"] = new JsonArray(new JsonObject { ["code"] = detail, ["message"] = (string?)f["detailMessage"] ?? string.Empty });
                }

                var caller = (string?)f["caller"] ?? "Microsoft.Insights/autoscaleSettings";
                var capacity = (int?)f["capacity"] ?? 3;
                events.Add(Event(scaleSetId, "Microsoft.Compute/virtualMachineScaleSets/write", "BeginRequest", "Administrative", "Started", at, operationId, caller, string.Empty,
                    new JsonObject { ["requestbody"] = $"{{\"sku\":{{\"capacity\":{capacity.ToString(CultureInfo.InvariantCulture)}}}}}" }));
                var failed = Event(scaleSetId, "Microsoft.Compute/virtualMachineScaleSets/write", "EndRequest", "Administrative", "Failed", at.AddSeconds(20), operationId, caller, string.Empty,
                    new JsonObject { ["statusCode"] = (string?)f["statusCode"] ?? "Conflict", ["statusMessage"] = new JsonObject { ["status"] = "Failed", ["error"] = error }.ToJsonString() });
                failed["level"] = "Error";
                events.Add(failed);
            }

            // Autoscale's own actions, Started then Succeeded or Failed, with the counts (the shape SeedEvents writes).
            foreach (var a in Items(root, "autoscaleActions"))
            {
                var rg = Str(a, "resourceGroup");
                var scaleSetId = ScaleSetId(rg, Str(a, "scaleSet"));
                var from = (int?)a["from"] ?? 2;
                var to = (int?)a["to"] ?? 3;
                var op = to >= from ? "Scaleup" : "Scaledown";
                var operationId = Guid.NewGuid().ToString();
                var at = Now.AddMinutes(-((double?)a["minutesAgo"] ?? 30));
                foreach (var (status, offset) in new[] { ("Started", TimeSpan.Zero), ((string?)a["status"] ?? "Succeeded", TimeSpan.FromSeconds(75)) })
                {
                    events.Add(Event(SettingId(rg, Str(a, "setting")), $"Microsoft.Insights/AutoscaleSettings/{op}/Action", "AutoscaleAction", "Autoscale", status, at + offset, operationId, "Microsoft.Insights/autoscaleSettings",
                        $"The autoscale engine attempting to {(op == "Scaleup" ? "scale up" : "scale down")} resource '{scaleSetId}' from {from} instances count to {to} instances count.",
                        new JsonObject { ["ResourceName"] = scaleSetId, ["OldInstancesCount"] = from.ToString(CultureInfo.InvariantCulture), ["NewInstancesCount"] = to.ToString(CultureInfo.InvariantCulture) }));
                }
            }

            // Capacity writes by a caller other than autoscale (a pipeline), each Started then Succeeded, setting the scale set's capacity.
            foreach (var w in Items(root, "capacityWrites"))
            {
                var scaleSetId = ScaleSetId(Str(w, "resourceGroup"), Str(w, "scaleSet"));
                var capacity = (int?)w["capacity"] ?? 2;
                foreach (var minutesAgo in w["minutesAgo"]?.AsArray().Select(m => (double)m!) ?? new[] { 60.0 })
                {
                    var operationId = Guid.NewGuid().ToString();
                    var at = Now.AddMinutes(-minutesAgo);
                    events.Add(Event(scaleSetId, "Microsoft.Compute/virtualMachineScaleSets/write", "BeginRequest", "Administrative", "Started", at, operationId, Str(w, "caller"), string.Empty,
                        new JsonObject { ["requestbody"] = $"{{\"location\":\"{Location}\",\"sku\":{{\"name\":\"Standard_D2s_v3\",\"tier\":\"Standard\",\"capacity\":{capacity.ToString(CultureInfo.InvariantCulture)}}}}}" }));
                    events.Add(Event(scaleSetId, "Microsoft.Compute/virtualMachineScaleSets/write", "EndRequest", "Administrative", "Succeeded", at.AddSeconds(45), operationId, Str(w, "caller"), string.Empty,
                        new JsonObject { ["statusCode"] = "OK" }));
                }
            }
        }
    }
}
