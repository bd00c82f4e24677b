using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// The fake seeded from a support bundle (a snapshot.json that Export-VmssAutoscaleReport wrote):
    /// it then answers every ARM read the module makes for the bundle's scale sets with the bodies the
    /// bundle recorded, so that a live run through the module's real ARM code path (api-versions,
    /// paging, the Resource Graph settings lookup, the parsers) reads what the bundle holds. Answered:
    /// the scale set model and list, its instance view (400 OperationNotAllowed for a Flexible scale set,
    /// as Azure answers), the region's VM sizes, the VMs with their instance views (the scale set's
    /// virtualMachines list for Uniform, the resource group's virtualMachines filtered on
    /// 'virtualMachineScaleSet/id' for Flexible), the activity log (filtered by resourceUri and time),
    /// the autoscale settings (list, GET, and the Resource Graph query of SettingLookup and the fleet),
    /// Resource Health, Service Health, the settings' run history (serviceMetrics), the data collection
    /// rules and associations, quota, resource SKUs, locks and subnet usage, and the Azure Monitor
    /// metrics of the bundle's samples that Azure Monitor gave (source "AzureMonitor": host, guest and
    /// other resources' metrics; samples read from the diagnostics storage tables are not served, the
    /// fake serves no tables). A read whose section the bundle does not hold (a bundle exported before
    /// the module made that read) gets 404 NotInBundle, which names the section.
    /// </summary>
    /// <remarks>
    /// Only requests for the bundle's subscriptions are answered here; everything else (the fake's own
    /// subscription, control endpoints, faults, latency) behaves as without a bundle. Seed in process with
    /// <see cref="FromBundle"/> or <see cref="SeedBundle"/>, or over the loopback server with a POST of the
    /// snapshot.json text to /_fake/seed-bundle.
    /// </remarks>
    public sealed partial class FakeArmService
    {
        private const string HostNamespace = "Microsoft.Compute/virtualMachineScaleSets";

        // A recorded body goes back as it was written: System.Text.Json's default encoder would turn '+' and '>' into \u002B and \u003E.
        private static readonly System.Text.Json.JsonSerializerOptions Verbatim = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private JsonObject? bundle;

        /// <summary>A fake whose clock is the bundle's collectedAt, seeded with the bundle (the snapshot.json text).</summary>
        public static FakeArmService FromBundle(IEnumerable<string> acceptedTokens, string snapshotJson)
        {
            var root = ParseBundle(snapshotJson);
            var collectedAt = DateTime.Parse((string?)root["collectedAt"] ?? throw new ArgumentException("The bundle has no collectedAt."), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            var service = new FakeArmService(acceptedTokens, now: collectedAt);
            service.SeedBundle(root);
            return service;
        }

        /// <summary>Answers the bundle's reads from now on (a second bundle replaces the first).</summary>
        public void SeedBundle(string snapshotJson) => SeedBundle(ParseBundle(snapshotJson));

        private void SeedBundle(JsonObject root)
        {
            lock (gate)
            {
                bundle = root;
            }
        }

        private static JsonObject ParseBundle(string snapshotJson) =>
            JsonNode.Parse(snapshotJson) is JsonObject root && root["scaleSets"] is JsonArray
                ? root
                : throw new ArgumentException("A bundle is a snapshot.json object with a scaleSets array.");

        private FakeResponse? BundleControl(FakeRequest request, string path)
        {
            if (!path.Equals("/_fake/seed-bundle", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            try
            {
                bundle = ParseBundle(request.Body);
            }
            catch (Exception e) when (e is ArgumentException || e is System.Text.Json.JsonException)
            {
                return Error(400, "BadRequest", e.Message);
            }

            return new FakeResponse { Status = 204 };
        }

        private IEnumerable<JsonObject> BundleScaleSets => (bundle?["scaleSets"] as JsonArray ?? new JsonArray()).OfType<JsonObject>();

        private IEnumerable<JsonObject> BundleSettings => (bundle?["autoscaleSettings"] as JsonArray ?? new JsonArray()).OfType<JsonObject>();

        private bool InBundle(string? subscription) =>
            subscription != null && BundleScaleSets.Any(s => string.Equals(Segment((string?)s["resourceId"], 1), subscription, StringComparison.OrdinalIgnoreCase));

        private JsonObject? BundleSet(string resourceId) =>
            BundleScaleSets.FirstOrDefault(s => SameId((string?)s["resourceId"], resourceId));

        private FakeResponse? BundleRoute(FakeRequest request, string path)
        {
            if (bundle == null)
            {
                return null;
            }

            if (path.Equals("/providers/Microsoft.ResourceGraph/resources", StringComparison.OrdinalIgnoreCase) && request.Method.Equals("POST", StringComparison.OrdinalIgnoreCase))
            {
                return BundleResourceGraph(request);
            }

            var segments = path.Trim('/').Split('/');
            if (segments.Length < 2 || !segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) || !InBundle(segments[1]))
            {
                return null;
            }

            if (!request.Method.Equals("GET", StringComparison.OrdinalIgnoreCase))
            {
                return Error(405, "MethodNotAllowed", "A fake seeded from a bundle answers reads only: a bundle can be read, not changed.");
            }

            var lower = path.ToLowerInvariant();
            var rg = segments.Length > 3 && segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) ? segments[3] : null;
            return BundleMonitorRoute(request, path, lower, rg)
                ?? BundlePlatformRoute(request, path, lower, rg)
                ?? BundleComputeRoute(request, path, lower, segments, rg)
                ?? Error(404, "NotInBundle", $"The fake seeded from a bundle has no answer for '{path}'.");
        }

        // Microsoft.Insights and Microsoft.ResourceHealth: activity log, settings, metrics, data collection, health.
        private FakeResponse? BundleMonitorRoute(FakeRequest request, string path, string lower, string? rg)
        {
            if (lower.EndsWith("/providers/microsoft.insights/eventtypes/management/values", StringComparison.Ordinal))
            {
                return BundleActivityLog(request);
            }

            if (lower.EndsWith("/providers/microsoft.insights/autoscalesettings", StringComparison.Ordinal))
            {
                return Page(request, BundleSettings.Where(s => rg == null || string.Equals(Segment((string?)s["id"], 3), rg, StringComparison.OrdinalIgnoreCase)));
            }

            if (lower.Contains("/providers/microsoft.insights/autoscalesettings/") && !lower.Contains("/providers/microsoft.insights/metrics"))
            {
                return BundleSettings.FirstOrDefault(s => SameId((string?)s["id"], path)) is JsonObject setting
                    ? Recorded(setting)
                    : Error(404, "ResourceNotFound", $"The autoscale setting '{path.Split('/').Last()}' was not found.");
            }

            if (lower.EndsWith("/providers/microsoft.insights/metrics", StringComparison.Ordinal))
            {
                var resource = path.Substring(0, lower.LastIndexOf("/providers/microsoft.insights/metrics", StringComparison.Ordinal));
                var recorded = BundleScaleSets.SelectMany(s => (s["serviceMetrics"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
                    .FirstOrDefault(m => SameId((string?)m["settingId"], resource));
                if (recorded != null)
                {
                    return Recorded(recorded["body"]!);
                }

                return resource.IndexOf("/providers/microsoft.insights/autoscalesettings/", StringComparison.OrdinalIgnoreCase) >= 0
                    ? NotRecorded("serviceMetrics", resource)
                    : BundleMetrics(request, resource);
            }

            if (lower.EndsWith("/providers/microsoft.insights/datacollectionruleassociations", StringComparison.Ordinal))
            {
                var resource = path.Substring(0, lower.LastIndexOf("/providers/microsoft.insights/datacollectionruleassociations", StringComparison.Ordinal));
                var set = BundleSet(resource);
                if (set == null)
                {
                    return null;
                }

                // No section: the export found no agent to ask about, so Azure had no association to give.
                return Page(request, (set["dataCollection"]?["associations"] as JsonArray ?? new JsonArray()).OfType<JsonObject>());
            }

            if (lower.Contains("/providers/microsoft.insights/datacollectionrules/"))
            {
                return BundleScaleSets.SelectMany(s => (s["dataCollection"]?["rules"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
                    .FirstOrDefault(r => SameId((string?)r["id"], path)) is JsonObject rule
                    ? Recorded(rule)
                    : NotRecorded("dataCollection.rules", path);
            }

            if (lower.EndsWith("/providers/microsoft.resourcehealth/availabilitystatuses/current", StringComparison.Ordinal))
            {
                var resource = path.Substring(0, lower.LastIndexOf("/providers/microsoft.resourcehealth/", StringComparison.Ordinal));
                return BundleSet(resource) is JsonObject set
                    ? set["availabilityStatus"] is JsonObject status ? Recorded(status) : NotRecorded("availabilityStatus", resource)
                    : null;
            }

            if (rg == null && lower.EndsWith("/providers/microsoft.resourcehealth/events", StringComparison.Ordinal))
            {
                var recorded = BundleScaleSets.Where(s => s["serviceHealthEvents"] is JsonArray).ToList();
                return recorded.Count == 0
                    ? NotRecorded("serviceHealthEvents", path)
                    : Page(request, recorded.SelectMany(s => ((JsonArray)s["serviceHealthEvents"]!).OfType<JsonObject>())
                        .GroupBy(e => (string?)e["name"] ?? e.ToJsonString(), StringComparer.OrdinalIgnoreCase)
                        .Select(g => g.First()));
            }

            return null;
        }

        // Quota, resource SKUs, locks and subnet usage: the declared platform reads.
        private FakeResponse? BundlePlatformRoute(FakeRequest request, string path, string lower, string? rg)
        {
            if (rg == null && lower.Contains("/providers/microsoft.compute/locations/") && lower.EndsWith("/usages", StringComparison.Ordinal))
            {
                var location = path.Split('/')[path.Split('/').Length - 2];
                return RecordedList(request, BundleScaleSets.Where(s => string.Equals((string?)s["model"]?["location"], location, StringComparison.OrdinalIgnoreCase)), "computeUsages", path);
            }

            if (rg == null && lower.EndsWith("/providers/microsoft.compute/skus", StringComparison.Ordinal))
            {
                return RecordedList(request, BundleScaleSets, "resourceSkus", path);
            }

            if (lower.EndsWith("/providers/microsoft.authorization/locks", StringComparison.Ordinal))
            {
                // As ARM lists them at a scope: the locks at it, above it (inherited) and below it.
                var scope = path.Substring(0, lower.LastIndexOf("/providers/microsoft.authorization/locks", StringComparison.Ordinal));
                var sets = BundleScaleSets.Where(s => s["locks"] != null || s["resourceGroupLocks"] != null || s["subscriptionLocks"] != null).ToList();
                if (sets.Count == 0)
                {
                    return NotRecorded("locks", scope);
                }

                return Page(request, sets.SelectMany(s => new[] { "locks", "resourceGroupLocks", "subscriptionLocks" }.SelectMany(k => (s[k] as JsonArray ?? new JsonArray()).OfType<JsonObject>()))
                    .Where(l => LockScope((string?)l["id"]) is string at && (Within(at, scope) || Within(scope, at)))
                    .GroupBy(l => ((string?)l["id"] ?? string.Empty).ToLowerInvariant())
                    .Select(g => g.First()));
            }

            var vnetAt = lower.IndexOf("/providers/microsoft.network/virtualnetworks/", StringComparison.Ordinal);
            if (vnetAt > 0 && lower.EndsWith("/usages", StringComparison.Ordinal))
            {
                var vnet = path.Substring(0, path.Length - "/usages".Length);
                return RecordedList(
                    request,
                    BundleScaleSets.Where(s => ScaleSetSubnets(s).Any(subnet => Within(subnet, vnet))),
                    "subnetUsage",
                    path);
            }

            return null;
        }

        // Microsoft.Compute: scale sets, instance views, VMs, sizes.
        private FakeResponse? BundleComputeRoute(FakeRequest request, string path, string lower, string[] segments, string? rg)
        {
            if (lower.Contains("/providers/microsoft.compute/locations/") && lower.EndsWith("/vmsizes", StringComparison.Ordinal))
            {
                var location = segments[segments.Length - 2];
                return Page(request, BundleScaleSets
                    .Where(s => string.Equals((string?)s["model"]?["location"], location, StringComparison.OrdinalIgnoreCase))
                    .SelectMany(s => (s["vmSizes"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
                    .GroupBy(z => ((string?)z["name"] ?? string.Empty).ToLowerInvariant())
                    .Select(g => g.First()));
            }

            if (lower.EndsWith("/providers/microsoft.compute/virtualmachinescalesets", StringComparison.Ordinal))
            {
                return Page(request, BundleScaleSets
                    .Where(s => rg == null || string.Equals(Segment((string?)s["resourceId"], 3), rg, StringComparison.OrdinalIgnoreCase))
                    .Select(s => s["model"] as JsonObject)
                    .Where(m => m != null)
                    .Select(m => m!));
            }

            if (rg != null && lower.EndsWith("/providers/microsoft.compute/virtualmachines", StringComparison.Ordinal))
            {
                // A Flexible scale set's VMs are the resource group's VMs whose virtualMachineScaleSet is it.
                var filter = Regex.Match(Query(request.Uri, "$filter") ?? string.Empty, @"'virtualMachineScaleSet/id'\s+eq\s+'((?:[^']|'')+)'", RegexOptions.IgnoreCase);
                if (!filter.Success || !string.Equals(Query(request.Uri, "$expand"), "instanceView", StringComparison.OrdinalIgnoreCase))
                {
                    return Error(400, "BadRequest", "The fake lists a resource group's VMs only with $filter='virtualMachineScaleSet/id' eq '<id>' and $expand=instanceView.");
                }

                var set = BundleSet(filter.Groups[1].Value.Replace("''", "'"));
                return set == null || !IsFlexibleSet(set) ? Page(request, Array.Empty<JsonObject>()) : BundleVms(request, set);
            }

            var vmssIndex = Array.FindIndex(segments, s => s.Equals("virtualMachineScaleSets", StringComparison.OrdinalIgnoreCase));
            if (rg == null || vmssIndex < 0 || segments.Length < vmssIndex + 2)
            {
                return null;
            }

            var id = "/" + string.Join("/", segments.Take(vmssIndex + 2));
            var scaleSet = BundleSet(id);
            if (scaleSet == null)
            {
                return Error(404, "ResourceNotFound", $"The Resource 'Microsoft.Compute/virtualMachineScaleSets/{segments[vmssIndex + 1]}' under resource group '{rg}' was not found.");
            }

            if (segments.Length == vmssIndex + 2)
            {
                return Recorded(scaleSet["model"]!);
            }

            if (segments.Length == vmssIndex + 3)
            {
                var operation = segments[vmssIndex + 2];
                var isView = operation.Equals("instanceView", StringComparison.OrdinalIgnoreCase);
                var isVms = operation.Equals("virtualMachines", StringComparison.OrdinalIgnoreCase);
                if ((isView || isVms) && IsFlexibleSet(scaleSet))
                {
                    return Error(400, "OperationNotAllowed", $"Operation 'VirtualMachineScaleSets.{(isView ? "instanceView" : "virtualMachines")}.GET' is not allowed on Virtual Machine Scale Set '{segments[vmssIndex + 1]}'.");
                }

                if (isView)
                {
                    return scaleSet["instanceView"] is JsonObject view ? Recorded(view) : NotRecorded("instanceView", id);
                }

                if (isVms)
                {
                    return BundleVms(request, scaleSet);
                }
            }

            return null;
        }

        private FakeResponse BundleVms(FakeRequest request, JsonObject set) =>
            set["virtualMachines"] is JsonArray vms
                ? Page(request, vms.OfType<JsonObject>())
                : NotRecorded("virtualMachines", (string?)set["resourceId"] ?? string.Empty);

        private FakeResponse BundleActivityLog(FakeRequest request)
        {
            var filter = Query(request.Uri, "$filter") ?? string.Empty;
            var ge = Regex.Match(filter, @"eventTimestamp ge '([^']+)'");
            var le = Regex.Match(filter, @"eventTimestamp le '([^']+)'");
            var uri = Regex.Match(filter, @"resourceUri eq '((?:[^']|'')+)'");
            if (!ge.Success || !uri.Success)
            {
                return Error(400, "BadRequest", "The fake seeded from a bundle answers $filter=eventTimestamp ge '<time>' [and eventTimestamp le '<time>'] and resourceUri eq '<id>'.");
            }

            var from = DateTime.Parse(ge.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            var to = le.Success ? DateTime.Parse(le.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal) : DateTime.MaxValue;
            var resource = uri.Groups[1].Value.Replace("''", "'");
            return Page(request, BundleScaleSets
                .SelectMany(s => (s["activityLog"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
                .Where(e => SameId((string?)e["resourceId"], resource)
                    && (!DateTime.TryParse((string?)e["eventTimestamp"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var t) || (t >= from && t <= to)))
                .GroupBy(e => (string?)e["eventDataId"] ?? e.ToJsonString())
                .Select(g => g.First()));
        }

        /// <summary>
        /// Azure Monitor's Metrics - List answer (2023-10-01 shape) from the bundle's samples that Azure
        /// Monitor gave, for one resource and namespace: one series per VM when the request splits by
        /// VMName, one for the resource otherwise; every minute of the timespan is a point, with the
        /// recorded values where a sample exists and no average where none does, as the service answers.
        /// </summary>
        private FakeResponse BundleMetrics(FakeRequest request, string resource)
        {
            if (!TryMinutes(request, out var start, out var end, out var minutes, out var bad))
            {
                return bad!;
            }

            var ns = Query(request.Uri, "metricnamespace") ?? HostNamespace;
            var names = (Query(request.Uri, "metricnames") ?? string.Empty).Split(',').Where(n => n.Length > 0).Select(n => n.Replace("%2", ",")).ToList();
            var split = (Query(request.Uri, "$filter") ?? string.Empty).IndexOf("VMName", StringComparison.OrdinalIgnoreCase) >= 0;
            var samples = BundleScaleSets.SelectMany(set => (set["samples"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Select(s => (Set: set, Sample: s)))
                .Where(x => string.Equals((string?)x.Sample["source"], "AzureMonitor", StringComparison.OrdinalIgnoreCase)
                    && SameId(string.IsNullOrEmpty((string?)x.Sample["resourceId"]) ? (string?)x.Set["resourceId"] : (string?)x.Sample["resourceId"], resource)
                    && string.Equals(string.IsNullOrEmpty((string?)x.Sample["namespace"]) ? HostNamespace : (string?)x.Sample["namespace"], ns, StringComparison.OrdinalIgnoreCase))
                .Select(x => x.Sample)
                .ToList();
            var value = new JsonArray();
            foreach (var name in names)
            {
                var mine = samples.Where(s => string.Equals((string?)s["metricName"], name, StringComparison.OrdinalIgnoreCase)
                    && DateTime.Parse((string)s["timestamp"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal) is var t && t >= start && t < end).ToList();
                var series = new JsonArray();
                foreach (var group in mine.GroupBy(s => split ? (string?)s["instance"] ?? string.Empty : string.Empty, StringComparer.Ordinal))
                {
                    var points = group.ToDictionary(s => DateTime.Parse((string)s["timestamp"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), s => s);
                    var data = new JsonArray();
                    foreach (var at in minutes.Union(points.Keys).OrderBy(m => m))
                    {
                        var point = new JsonObject { ["timeStamp"] = at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) };
                        if (points.TryGetValue(at, out var s))
                        {
                            point["average"] = s["value"]?.DeepClone();
                            foreach (var (from, to) in new[] { ("minimum", "minimum"), ("maximum", "maximum"), ("count", "count") })
                            {
                                if (s[from] != null)
                                {
                                    point[to] = s[from]!.DeepClone();
                                }
                            }
                        }

                        data.Add(point);
                    }

                    series.Add(new JsonObject
                    {
                        ["metadatavalues"] = split
                            ? new JsonArray { new JsonObject { ["name"] = new JsonObject { ["value"] = "vmname", ["localizedValue"] = "vmname" }, ["value"] = group.Key } }
                            : new JsonArray(),
                        ["data"] = data,
                    });
                }

                var canonical = (string?)mine.FirstOrDefault()?["metricName"] ?? name;
                value.Add(new JsonObject
                {
                    ["id"] = $"{resource}/providers/Microsoft.Insights/metrics/{canonical}",
                    ["type"] = "Microsoft.Insights/metrics",
                    ["name"] = new JsonObject { ["value"] = canonical, ["localizedValue"] = canonical },
                    ["unit"] = "Unspecified",
                    ["timeseries"] = series,
                    ["errorCode"] = "Success",
                });
            }

            var region = (string?)BundleScaleSets.FirstOrDefault()?["model"]?["location"] ?? Location;
            return Json(200, new JsonObject
            {
                ["cost"] = minutes.Count * Math.Max(1, names.Count),
                ["timespan"] = $"{start:yyyy-MM-ddTHH:mm:ssZ}/{end:yyyy-MM-ddTHH:mm:ssZ}",
                ["interval"] = "PT1M",
                ["value"] = value,
                ["namespace"] = ns,
                ["resourceregion"] = region,
            }.ToJsonString());
        }

        /// <summary>The module's two Resource Graph queries (SettingLookup's and the fleet's) over the bundle's settings and scale sets.</summary>
        private FakeResponse? BundleResourceGraph(FakeRequest request)
        {
            JsonObject? body;
            try
            {
                body = JsonNode.Parse(request.Body) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }

            var subscriptions = (body?["subscriptions"] as JsonArray ?? new JsonArray()).Select(n => (string?)n).Where(InBundle).ToList();
            var query = (string?)body?["query"];
            if (subscriptions.Count == 0 || query == null)
            {
                return null;
            }

            bool Asked(string? id) => subscriptions.Contains(Segment(id, 1), StringComparer.OrdinalIgnoreCase);
            List<JsonObject> rows;
            if (query.StartsWith(SettingQueryMarker, StringComparison.Ordinal) && SettingQueryTarget(query) is string target)
            {
                rows = BundleSettings
                    .Where(s => Asked((string?)s["id"]) && string.Equals((string?)s["properties"]?["targetResourceUri"], target, StringComparison.OrdinalIgnoreCase))
                    .Select(s => (string)s["id"]!)
                    .OrderBy(id => id, StringComparer.Ordinal)
                    .Select(id => new JsonObject { ["id"] = id })
                    .ToList();
            }
            else if (query.StartsWith(FleetQueryMarker, StringComparison.Ordinal))
            {
                rows = BundleScaleSets.Where(s => Asked((string?)s["resourceId"]))
                    .Select(s => (Set: s, Ids: BundleSettings.Where(b => SameId((string?)b["properties"]?["targetResourceUri"], (string?)s["resourceId"])).Select(b => (string)b["id"]!).ToList()))
                    .Where(x => x.Ids.Count > 0)
                    .OrderBy(x => (string?)x.Set["resourceId"], StringComparer.Ordinal)
                    .Select(x =>
                    {
                        var id = (string)x.Set["resourceId"]!;
                        return new JsonObject
                        {
                            ["id"] = id,
                            ["name"] = id.Split('/').Last(),
                            ["resourceGroup"] = Segment(id, 3)!.ToLowerInvariant(),
                            ["subscriptionId"] = Segment(id, 1),
                            ["location"] = (string?)x.Set["model"]?["location"],
                            ["settingIds"] = new JsonArray(x.Ids.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
                        };
                    })
                    .ToList();
            }
            else
            {
                return null;
            }

            return Json(200, new JsonObject
            {
                ["totalRecords"] = rows.Count,
                ["count"] = rows.Count,
                ["resultTruncated"] = "false",
                ["facets"] = new JsonArray(),
                ["data"] = new JsonArray(rows.Select(r => (JsonNode)r).ToArray()),
            }.ToJsonString());
        }

        /// <summary>A list section of the scale sets given; 404 NotInBundle when none of them recorded it.</summary>
        private FakeResponse RecordedList(FakeRequest request, IEnumerable<JsonObject> sets, string section, string path)
        {
            var recorded = sets.Where(s => s[section] is JsonArray).ToList();
            return recorded.Count == 0
                ? NotRecorded(section, path)
                : Page(request, recorded.SelectMany(s => ((JsonArray)s[section]!).OfType<JsonObject>()).GroupBy(i => i.ToJsonString()).Select(g => g.First()));
        }

        private static FakeResponse Recorded(JsonNode body) => Json(200, body.ToJsonString(Verbatim));

        private static FakeResponse NotRecorded(string section, string what) =>
            Error(404, "NotInBundle", $"The bundle the fake was seeded from does not record '{section}' for '{what}' (it was exported before the module read it).");

        private static bool IsFlexibleSet(JsonObject set) =>
            string.Equals((string?)set["model"]?["properties"]?["orchestrationMode"], "Flexible", StringComparison.OrdinalIgnoreCase);

        // The subnets the scale set's network profile names (ipConfigurations' subnet.id).
        private static IEnumerable<string> ScaleSetSubnets(JsonObject set) =>
            (set["model"]?["properties"]?["virtualMachineProfile"]?["networkProfile"]?["networkInterfaceConfigurations"] as JsonArray ?? new JsonArray())
                .SelectMany(n => n?["properties"]?["ipConfigurations"] as JsonArray ?? new JsonArray())
                .Select(c => (string?)c?["properties"]?["subnet"]?["id"])
                .Where(id => id != null)
                .Select(id => id!);

        private static string? LockScope(string? lockId)
        {
            var at = lockId?.IndexOf("/providers/Microsoft.Authorization/locks/", StringComparison.OrdinalIgnoreCase) ?? -1;
            return at > 0 ? lockId!.Substring(0, at) : at == 0 ? string.Empty : null;
        }

        // Whether resource id "inner" is "outer" or lies below it.
        private static bool Within(string inner, string outer)
        {
            var a = inner.TrimEnd('/');
            var b = outer.TrimEnd('/');
            return a.Equals(b, StringComparison.OrdinalIgnoreCase) || a.StartsWith(b + "/", StringComparison.OrdinalIgnoreCase);
        }

        private static bool SameId(string? a, string? b) =>
            a != null && b != null && a.TrimEnd('/').Equals(b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

        private static string? Segment(string? id, int index)
        {
            var parts = id?.Trim('/').Split('/');
            return parts != null && parts.Length > index ? parts[index] : null;
        }
    }
}
