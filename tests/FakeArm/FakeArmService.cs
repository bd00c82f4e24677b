using System;
using System.Threading;
using System.Threading.Tasks;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VmssAutoscale.FakeArm
{
    public sealed class FakeRequest
    {
        public string Method { get; init; } = "GET";

        public Uri Uri { get; init; } = new Uri("https://fake.arm.test/");

        public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public string Body { get; init; } = string.Empty;
    }

    public sealed class FakeResponse
    {
        public int Status { get; init; } = 200;

        public Dictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public string Body { get; init; } = string.Empty;
    }

    /// <summary>One request as the fake saw it. Holds whether it was authorized, never the token.</summary>
    public sealed class FakeRequestLog
    {
        public string Method { get; init; } = string.Empty;

        public string Path { get; init; } = string.Empty;

        public int Status { get; init; }

        public bool Authorized { get; init; }

        /// <summary>When the request reached the fake (after its injected latency), in milliseconds since the fake started.</summary>
        public double AtMs { get; init; }

        /// <summary>The latency injected before it, so a reader can place the request in time: it was sent at AtMs − LatencyMs.</summary>
        public int LatencyMs { get; init; }
    }

    /// <summary>A scripted failure: the next Count requests whose path contains Match get this answer.</summary>
    public sealed class FakeFault
    {
        public string Match { get; set; } = string.Empty;

        public string? Method { get; set; }

        public int Status { get; set; } = 500;

        public int Count { get; set; } = 1;

        public Dictionary<string, string> Headers { get; set; } = new Dictionary<string, string>();

        public string? Body { get; set; }
    }

    public sealed class FakeConfig
    {
        /// <summary>Polls of an async operation that answer InProgress before it ends.</summary>
        public int LroPolls { get; set; } = 2;

        /// <summary>Succeeded or Failed: how capacity changes end.</summary>
        public string LroResult { get; set; } = "Succeeded";

        /// <summary>retry-after-ms sent with Retry-After on async-operation answers (tests stay fast).</summary>
        public int PollRetryAfterMs { get; set; } = 20;

        /// <summary>Items per page of every list.</summary>
        public int PageSize { get; set; } = 2;

        /// <summary>Lists whose path contains this return the same nextLink forever.</summary>
        public string? RepeatNextLink { get; set; }

        /// <summary>Rows per Resource Graph page at most, whatever $top asks (the service's own cap is 1000).</summary>
        public int ResourceGraphPageSize { get; set; } = 1000;

        /// <summary>Milliseconds every ARM request waits before it is answered, as the network and ARM would add (control requests excepted).</summary>
        public int LatencyMs { get; set; }

        /// <summary>ARM requests whose path and query contain this text are never answered (a server that hangs); null answers all.</summary>
        public string? HangMatch { get; set; }
    }

    /// <summary>
    /// The fake ARM: an in-memory subscription with scale sets, instance views, VM sizes,
    /// autoscale settings and activity-log records, answering the REST calls the module makes,
    /// with paging, long-running operations, scripted faults and bearer-token checks.
    /// </summary>
    public sealed partial class FakeArmService
    {
        public const string Subscription = "11111111-2222-3333-4444-555555555555";
        public const string Tenant = "99999999-8888-7777-6666-555555555555";
        public const string Location = "westeurope";

        private readonly object gate = new object();
        private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly HashSet<string> tokens;
        private readonly Dictionary<string, JsonObject> scaleSets = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonObject> instanceViews = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonObject> settings = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        private readonly List<JsonObject> events = new List<JsonObject>();
        private readonly Dictionary<string, Operation> operations = new Dictionary<string, Operation>(StringComparer.OrdinalIgnoreCase);
        private readonly List<FakeFault> faults = new List<FakeFault>();
        private readonly List<FakeRequestLog> log = new List<FakeRequestLog>();

        public FakeArmService(IEnumerable<string> acceptedTokens, int fleet = 0, DateTime? now = null)
        {
            tokens = new HashSet<string>(acceptedTokens, StringComparer.Ordinal);
            Now = now ?? DateTime.UtcNow;
            Seed();
            for (var i = 1; i <= fleet; i++)
            {
                var name = "vmss-" + i.ToString("0000", CultureInfo.InvariantCulture);
                AddScaleSet("rg-fleet", name, "Standard_D2s_v3", 2 + (i % 3), windows: i % 2 == 0, diagnostics: true, extensionFailures: 0);
                AddSetting("rg-fleet", "autoscale-" + name, ScaleSetId("rg-fleet", name), 2, 6, 2, enabled: true);
            }
        }

        public DateTime Now { get; }

        public FakeConfig Config { get; private set; } = new FakeConfig();

        public static string ScaleSetId(string rg, string name) =>
            $"/subscriptions/{Subscription}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachineScaleSets/{name}";

        public static string SettingId(string rg, string name) =>
            $"/subscriptions/{Subscription}/resourceGroups/{rg}/providers/microsoft.insights/autoscalesettings/{name}";

        public IReadOnlyList<FakeRequestLog> Requests
        {
            get
            {
                lock (gate)
                {
                    return log.ToList();
                }
            }
        }

        public void ClearLog()
        {
            lock (gate)
            {
                log.Clear();
            }
        }

        public void AddFault(FakeFault fault)
        {
            lock (gate)
            {
                faults.Add(fault);
            }
        }

        public void Configure(FakeConfig config)
        {
            lock (gate)
            {
                Config = config;
            }
        }

        /// <summary>Waits the configured latency before an ARM request; the servers call it before <see cref="Handle"/>, outside the lock, so requests wait concurrently.</summary>
        public Task DelayAsync(FakeRequest request, CancellationToken cancellationToken)
        {
            int latency;
            string? hang;
            lock (gate)
            {
                latency = Config.LatencyMs;
                hang = Config.HangMatch;
            }

            if (!string.IsNullOrEmpty(hang) && request.Uri.PathAndQuery.IndexOf(hang, StringComparison.OrdinalIgnoreCase) >= 0
                && !request.Uri.AbsolutePath.StartsWith("/_fake/", StringComparison.OrdinalIgnoreCase))
            {
                // Until the client gives up or the fake stops: the connection stays open, no byte comes back.
                return Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return latency > 0 && !request.Uri.AbsolutePath.StartsWith("/_fake/", StringComparison.OrdinalIgnoreCase)
                ? Task.Delay(latency, cancellationToken)
                : Task.CompletedTask;
        }

        public FakeResponse Handle(FakeRequest request)
        {
            lock (gate)
            {
                var path = request.Uri.AbsolutePath;
                if (path.StartsWith("/_fake/", StringComparison.OrdinalIgnoreCase))
                {
                    return Control(request, path);
                }

                var authorized = request.Headers.TryGetValue("Authorization", out var auth)
                    && auth.StartsWith("Bearer ", StringComparison.Ordinal) && tokens.Contains(auth.Substring(7));
                FakeResponse response;
                if (!authorized)
                {
                    response = Error(401, "InvalidAuthenticationToken", "The access token is invalid.");
                }
                else if (ApiVersionError(request) is FakeResponse badVersion)
                {
                    response = badVersion;
                }
                else if (TakeFault(request) is FakeFault f)
                {
                    response = new FakeResponse { Status = f.Status, Headers = new Dictionary<string, string>(f.Headers, StringComparer.OrdinalIgnoreCase), Body = f.Body ?? ErrorBody(f.Status == 429 ? "TooManyRequests" : f.Status == 403 ? "AuthorizationFailed" : "InternalServerError", $"Scripted HTTP {f.Status}.") };
                }
                else
                {
                    response = HostileRoute(request) ?? BundleRoute(request, path) ?? Route(request, path);
                }

                log.Add(new FakeRequestLog { Method = request.Method, Path = request.Uri.PathAndQuery, Status = response.Status, Authorized = authorized, AtMs = clock.Elapsed.TotalMilliseconds, LatencyMs = Config.LatencyMs });
                return response;
            }
        }

        private FakeFault? TakeFault(FakeRequest request)
        {
            var f = faults.FirstOrDefault(x => request.Uri.PathAndQuery.IndexOf(x.Match, StringComparison.OrdinalIgnoreCase) >= 0
                && (x.Method == null || x.Method.Equals(request.Method, StringComparison.OrdinalIgnoreCase)));
            if (f == null)
            {
                return null;
            }

            if (--f.Count <= 0)
            {
                faults.Remove(f);
            }

            return f;
        }

        private FakeResponse Control(FakeRequest request, string path)
        {
            switch (path.ToLowerInvariant())
            {
                case "/_fake/requests":
                    return Json(200, JsonSerializer.Serialize(log, Options));
                case "/_fake/reset-log":
                    log.Clear();
                    return new FakeResponse { Status = 204 };
                case "/_fake/faults":
                    foreach (var f in JsonSerializer.Deserialize<List<FakeFault>>(request.Body, Options) ?? new List<FakeFault>())
                    {
                        faults.Add(f);
                    }

                    return new FakeResponse { Status = 204 };
                case "/_fake/config":
                    Config = JsonSerializer.Deserialize<FakeConfig>(request.Body, Options) ?? new FakeConfig();
                    return new FakeResponse { Status = 204 };
                case "/_fake/seed":
                    return Seed(request.Body);
                case "/_fake/scalesets":
                    return Json(200, new JsonArray(scaleSets.Values.Select(v => (JsonNode)v.DeepClone()).ToArray()).ToJsonString());
                default:
                    return SamplingControl(request, path) ?? HostileControl(request, path) ?? BundleControl(request, path) ?? Error(404, "NotFound", "Unknown control endpoint.");
            }
        }

        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

        private FakeResponse Route(FakeRequest request, string path)
        {
            var segments = path.Trim('/').Split('/');
            var method = request.Method.ToUpperInvariant();
            if (path.Equals("/providers/Microsoft.ResourceGraph/resources", StringComparison.OrdinalIgnoreCase))
            {
                return method == "POST" ? ResourceGraph(request) : Error(405, "MethodNotAllowed", "Resource Graph queries are POST requests.");
            }

            if (segments.Length == 1 && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase))
            {
                return Page(request, new[] { new JsonObject { ["id"] = "/subscriptions/" + Subscription, ["subscriptionId"] = Subscription, ["tenantId"] = Tenant, ["displayName"] = "Fake subscription", ["state"] = "Enabled" } });
            }

            if (segments.Length < 2 || !segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase))
            {
                return Error(404, "InvalidResourceType", "No such route.");
            }

            if (!segments[1].Equals(Subscription, StringComparison.OrdinalIgnoreCase))
            {
                return Error(404, "SubscriptionNotFound", $"The subscription '{segments[1]}' could not be found.");
            }

            var lower = path.ToLowerInvariant();
            if (lower.EndsWith("/providers/microsoft.insights/eventtypes/management/values", StringComparison.Ordinal))
            {
                return ActivityLog(request);
            }

            if (lower.Contains("/providers/microsoft.compute/locations/") && lower.EndsWith("/vmsizes", StringComparison.Ordinal))
            {
                return Page(request, VmSizes());
            }

            if (lower.Contains("/providers/microsoft.compute/locations/") && lower.Contains("/operations/"))
            {
                return PollOperation(request, segments[segments.Length - 1]);
            }

            var rg = segments.Length > 3 && segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) ? segments[3] : null;
            if (PlatformRoute(request, lower, segments, rg) is FakeResponse platform)
            {
                return platform;
            }

            if (lower.EndsWith("/providers/microsoft.compute/virtualmachinescalesets", StringComparison.Ordinal))
            {
                return Page(request, scaleSets.Values.Where(v => rg == null || RgOf(v).Equals(rg, StringComparison.OrdinalIgnoreCase)).OrderBy(v => (string?)v["name"], StringComparer.Ordinal));
            }

            if (lower.EndsWith("/providers/microsoft.insights/autoscalesettings", StringComparison.Ordinal))
            {
                return Page(request, settings.Values.Where(v => rg == null || RgOf(v).Equals(rg, StringComparison.OrdinalIgnoreCase)).OrderBy(v => (string?)v["name"], StringComparer.Ordinal));
            }

            if (HealthRoute(request, lower, segments, rg) is FakeResponse health)
            {
                return health;
            }

            if (SamplingRoute(request, lower, segments, rg) is FakeResponse sampled)
            {
                return sampled;
            }

            if (StorageRoute(request, lower, segments, rg) is FakeResponse storage)
            {
                return storage;
            }

            var vmssIndex = Array.FindIndex(segments, s => s.Equals("virtualMachineScaleSets", StringComparison.OrdinalIgnoreCase));
            if (rg != null && vmssIndex > 0 && segments.Length > vmssIndex + 1)
            {
                var id = ScaleSetId(rg, segments[vmssIndex + 1]);
                if (!scaleSets.TryGetValue(id, out var vmss))
                {
                    return Error(404, "ResourceNotFound", $"The Resource 'Microsoft.Compute/virtualMachineScaleSets/{segments[vmssIndex + 1]}' under resource group '{rg}' was not found.");
                }

                if (segments.Length == vmssIndex + 3 && segments[vmssIndex + 2].Equals("instanceView", StringComparison.OrdinalIgnoreCase))
                {
                    return Json(200, instanceViews[id].ToJsonString());
                }

                if (segments.Length == vmssIndex + 2 && method == "GET")
                {
                    return Json(200, vmss.ToJsonString());
                }

                if (segments.Length == vmssIndex + 5 && method == "GET" && lower.EndsWith("/providers/microsoft.insights/metrics", StringComparison.Ordinal))
                {
                    return Metrics(request, id, vmss);
                }

                if (segments.Length == vmssIndex + 2 && method == "PATCH")
                {
                    return Patch(request, id, vmss);
                }
            }

            var settingIndex = Array.FindIndex(segments, s => s.Equals("autoscalesettings", StringComparison.OrdinalIgnoreCase));
            if (rg != null && settingIndex > 0 && segments.Length == settingIndex + 2)
            {
                return settings.TryGetValue(SettingId(rg, segments[settingIndex + 1]), out var s)
                    ? Json(200, s.ToJsonString())
                    : Error(404, "ResourceNotFound", $"The autoscale setting '{segments[settingIndex + 1]}' was not found.");
            }

            return Error(404, "InvalidResourceType", "No such route.");
        }

        private FakeResponse Patch(FakeRequest request, string id, JsonObject vmss)
        {
            var body = JsonNode.Parse(request.Body)?.AsObject();
            var capacity = body?["sku"]?["capacity"]?.GetValue<int>();
            if (capacity == null)
            {
                return Error(400, "InvalidParameter", "Only sku.capacity can be patched here.");
            }

            var opId = Guid.NewGuid().ToString();
            operations[opId] = new Operation(id, capacity.Value, Config.LroPolls, Config.LroResult, Now);
            vmss["properties"]!["provisioningState"] = "Updating";
            var response = Json(200, vmss.ToJsonString());
            var host = request.Uri.GetLeftPart(UriPartial.Authority);
            response.Headers["Azure-AsyncOperation"] = $"{host}/subscriptions/{Subscription}/providers/Microsoft.Compute/locations/{Location}/operations/{opId}?api-version=2024-07-01";
            response.Headers["Retry-After"] = "1";
            response.Headers["retry-after-ms"] = Config.PollRetryAfterMs.ToString(CultureInfo.InvariantCulture);
            return response;
        }

        private FakeResponse PollOperation(FakeRequest request, string opId)
        {
            if (!operations.TryGetValue(opId, out var op))
            {
                return Error(404, "NotFound", "No such operation.");
            }

            var status = "InProgress";
            if (op.RemainingPolls-- <= 0)
            {
                status = op.Result;
                var vmss = scaleSets[op.ScaleSetId];
                if (status == "Succeeded")
                {
                    vmss["sku"]!["capacity"] = op.Capacity;
                    vmss["properties"]!["provisioningState"] = "Succeeded";
                }
                else
                {
                    vmss["properties"]!["provisioningState"] = "Failed";
                }
            }

            var body = new JsonObject { ["name"] = opId, ["status"] = status, ["startTime"] = op.Start.ToString("o", CultureInfo.InvariantCulture) };
            if (status == "Failed")
            {
                body["error"] = new JsonObject { ["code"] = "AllocationFailed", ["message"] = "Allocation failed. We do not have sufficient capacity for the requested VM size in this region." };
            }

            var response = Json(200, body.ToJsonString());
            if (status == "InProgress")
            {
                response.Headers["Retry-After"] = "1";
                response.Headers["retry-after-ms"] = Config.PollRetryAfterMs.ToString(CultureInfo.InvariantCulture);
            }

            return response;
        }

        private FakeResponse ActivityLog(FakeRequest request)
        {
            var filter = Query(request.Uri, "$filter") ?? string.Empty;
            var ge = Regex.Match(filter, @"eventTimestamp ge '([^']+)'");
            var le = Regex.Match(filter, @"eventTimestamp le '([^']+)'");
            if (!ge.Success)
            {
                return Error(400, "BadRequest", "The $filter must include eventTimestamp ge '<time>'.");
            }

            var from = DateTime.Parse(ge.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            var to = le.Success ? DateTime.Parse(le.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal) : DateTime.MaxValue;
            var uri = Regex.Match(filter, @"resourceUri eq '([^']+)'");
            return Page(request, events.Where(e =>
            {
                var t = DateTime.Parse((string)e["eventTimestamp"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
                return t >= from && t <= to && (!uri.Success || string.Equals((string?)e["resourceId"], uri.Groups[1].Value, StringComparison.OrdinalIgnoreCase));
            }));
        }

        private FakeResponse Page(FakeRequest request, IEnumerable<JsonObject> items)
        {
            var all = items.ToList();
            var skip = int.TryParse(Query(request.Uri, "$skiptoken"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
            var size = Math.Max(1, Config.PageSize);
            var body = new JsonObject { ["value"] = new JsonArray(all.Skip(skip).Take(size).Select(i => (JsonNode)i.DeepClone()).ToArray()) };
            var repeat = !string.IsNullOrEmpty(Config.RepeatNextLink) && request.Uri.AbsolutePath.IndexOf(Config.RepeatNextLink, StringComparison.OrdinalIgnoreCase) >= 0;
            if (skip + size < all.Count || repeat)
            {
                var next = repeat ? Math.Min(size, Math.Max(0, all.Count - 1)) : skip + size;
                var query = System.Web.HttpUtility.ParseQueryString(request.Uri.Query);
                query["$skiptoken"] = next.ToString(CultureInfo.InvariantCulture);
                body["nextLink"] = request.Uri.GetLeftPart(UriPartial.Path) + "?" + query;
            }

            return Json(200, body.ToJsonString());
        }

        private static string? Query(Uri uri, string name) => System.Web.HttpUtility.ParseQueryString(uri.Query)[name];

        private static string RgOf(JsonObject resource) => ((string)resource["id"]!).Split('/')[4];

        private static FakeResponse Json(int status, string body) => new FakeResponse
        {
            Status = status,
            Body = body,
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json; charset=utf-8" },
        };

        private static FakeResponse Error(int status, string code, string message) => Json(status, ErrorBody(code, message));

        private static string ErrorBody(string code, string message) =>
            new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();

        private static IEnumerable<JsonObject> VmSizes() => new[]
        {
            ("Standard_A1", 1, 1792), ("Standard_D2s_v3", 2, 8192), ("Standard_D4s_v3", 4, 16384), ("Standard_F8s_v2", 8, 16384),
        }.Select(s => new JsonObject
        {
            ["name"] = s.Item1, ["numberOfCores"] = s.Item2, ["osDiskSizeInMB"] = 1047552, ["resourceDiskSizeInMB"] = 16384, ["memoryInMB"] = s.Item3, ["maxDataDiskCount"] = 4,
        });

        private void Seed()
        {
            AddScaleSet("rg-web", "vmss-web", "Standard_D2s_v3", 3, windows: true, diagnostics: true, extensionFailures: 1);
            AddScaleSet("rg-web", "vmss-linux", "Standard_D4s_v3", 2, windows: false, diagnostics: true, extensionFailures: 0);
            AddScaleSet("rg-web", "vmss-busy", "Standard_A1", 2, windows: true, diagnostics: false, extensionFailures: 0, state: "Updating");
            AddScaleSet("rg-web", "vmss-small", "Standard_A1", 1, windows: false, diagnostics: false, extensionFailures: 0, singlePlacementGroup: true);
            AddScaleSet("rg-web", "vmss-batch", "Standard_F8s_v2", 0, windows: false, diagnostics: false, extensionFailures: 0);
            var web = ScaleSetId("rg-web", "vmss-web");
            AddSetting("rg-web", "autoscale-web", web, 2, 5, 3, enabled: true);
            AddSetting("rg-web", "autoscale-busy-disabled", ScaleSetId("rg-web", "vmss-busy"), 1, 3, 1, enabled: false);
            SeedEvents(SettingId("rg-web", "autoscale-web"), web);
        }

        private void AddScaleSet(string rg, string name, string sku, int capacity, bool windows, bool diagnostics, int extensionFailures, string state = "Succeeded", bool singlePlacementGroup = false, JsonObject? extensionSettings = null)
        {
            var id = ScaleSetId(rg, name);
            var extensions = new JsonArray();
            if (diagnostics)
            {
                extensions.Add(windows
                    ? new JsonObject
                    {
                        ["name"] = "Microsoft.Insights.VMDiagnosticsSettings",
                        ["properties"] = new JsonObject
                        {
                            ["publisher"] = "Microsoft.Azure.Diagnostics", ["type"] = "IaaSDiagnostics", ["typeHandlerVersion"] = "1.5", ["autoUpgradeMinorVersion"] = true,
                            ["settings"] = extensionSettings ?? new JsonObject { ["xmlCfg"] = "PFdhZENmZz48L1dhZENmZz4=", ["storageAccount"] = "diag" + name.Replace("-", string.Empty) },
                        },
                    }
                    : new JsonObject
                    {
                        ["name"] = "LinuxDiagnosticExtension",
                        ["properties"] = new JsonObject
                        {
                            ["publisher"] = "Microsoft.Azure.Diagnostics", ["type"] = "LinuxDiagnostic", ["typeHandlerVersion"] = "3.0",
                            ["settings"] = extensionSettings ?? new JsonObject { ["StorageAccount"] = "diag" + name.Replace("-", string.Empty) },
                        },
                    });
            }

            scaleSets[id] = new JsonObject
            {
                ["name"] = name,
                ["id"] = id,
                ["type"] = "Microsoft.Compute/virtualMachineScaleSets",
                ["location"] = Location,
                ["tags"] = new JsonObject { ["env"] = "test" },
                ["sku"] = new JsonObject { ["name"] = sku, ["tier"] = "Standard", ["capacity"] = capacity },
                ["properties"] = new JsonObject
                {
                    ["singlePlacementGroup"] = singlePlacementGroup,
                    ["upgradePolicy"] = new JsonObject { ["mode"] = "Manual" },
                    ["virtualMachineProfile"] = new JsonObject
                    {
                        ["osProfile"] = windows
                            ? new JsonObject { ["computerNamePrefix"] = name, ["adminUsername"] = "azureuser", ["windowsConfiguration"] = new JsonObject { ["provisionVMAgent"] = true } }
                            : new JsonObject { ["computerNamePrefix"] = name, ["adminUsername"] = "azureuser", ["linuxConfiguration"] = new JsonObject { ["disablePasswordAuthentication"] = true } },
                        ["storageProfile"] = new JsonObject { ["osDisk"] = new JsonObject { ["createOption"] = "FromImage", ["caching"] = "ReadWrite" } },
                        ["extensionProfile"] = new JsonObject { ["extensions"] = extensions },
                    },
                    ["provisioningState"] = state,
                    ["overprovision"] = true,
                    ["orchestrationMode"] = "Uniform",
                },
            };
            var extensionViews = new JsonArray();
            foreach (var e in extensions)
            {
                var summary = new JsonArray { new JsonObject { ["code"] = "ProvisioningState/succeeded", ["count"] = capacity - extensionFailures } };
                if (extensionFailures > 0)
                {
                    summary.Add(new JsonObject { ["code"] = "ProvisioningState/failed/1", ["count"] = extensionFailures });
                }

                extensionViews.Add(new JsonObject { ["name"] = (string?)e!["name"], ["statusesSummary"] = summary });
            }

            instanceViews[id] = new JsonObject
            {
                ["virtualMachine"] = new JsonObject { ["statusesSummary"] = new JsonArray { new JsonObject { ["code"] = "ProvisioningState/succeeded", ["count"] = capacity } } },
                ["extensions"] = extensionViews,
                ["statuses"] = new JsonArray { new JsonObject { ["code"] = "ProvisioningState/" + state.ToLowerInvariant(), ["level"] = "Info", ["displayStatus"] = "Provisioning " + state.ToLowerInvariant() } },
                ["orchestrationServices"] = new JsonArray { new JsonObject { ["serviceName"] = "AutomaticRepairs", ["serviceState"] = "NotRunning" } },
            };
        }

        // The shape of the 2022-10-01 getAutoscaleSetting example: capacity values are strings.
        private void AddSetting(string rg, string name, string target, int min, int max, int def, bool enabled, string metricName = "Percentage CPU", string metricNamespace = "microsoft.compute/virtualmachinescalesets", string? metricResourceUri = null, double scaleOut = 60, double scaleIn = 30)
        {
            JsonObject Rule(string direction, string op, double threshold) => new JsonObject
            {
                ["metricTrigger"] = new JsonObject
                {
                    ["metricName"] = metricName, ["metricNamespace"] = metricNamespace, ["metricResourceUri"] = metricResourceUri ?? target,
                    ["timeGrain"] = "PT1M", ["statistic"] = "Average", ["timeWindow"] = "PT5M", ["timeAggregation"] = "Average", ["operator"] = op, ["threshold"] = threshold,
                    ["dimensions"] = new JsonArray(), ["dividePerInstance"] = false,
                },
                ["scaleAction"] = new JsonObject { ["direction"] = direction, ["type"] = "ChangeCount", ["value"] = "1", ["cooldown"] = "PT5M" },
            };

            settings[SettingId(rg, name)] = new JsonObject
            {
                ["id"] = SettingId(rg, name),
                ["name"] = name,
                ["type"] = "Microsoft.Insights/autoscaleSettings",
                ["location"] = Location,
                ["tags"] = new JsonObject { ["owner"] = "ops" },
                ["properties"] = new JsonObject
                {
                    ["profiles"] = new JsonArray
                    {
                        new JsonObject
                        {
                            ["name"] = "default",
                            ["capacity"] = new JsonObject { ["minimum"] = min.ToString(CultureInfo.InvariantCulture), ["maximum"] = max.ToString(CultureInfo.InvariantCulture), ["default"] = def.ToString(CultureInfo.InvariantCulture) },
                            ["rules"] = new JsonArray { Rule("Increase", "GreaterThan", scaleOut), Rule("Decrease", "LessThan", scaleIn) },
                        },
                    },
                    ["enabled"] = enabled,
                    ["name"] = name,
                    ["targetResourceUri"] = target.ToLowerInvariant(),
                    ["targetResourceLocation"] = Location,
                    ["notifications"] = new JsonArray(),
                },
            };
        }

        private void SeedEvents(string settingId, string scaleSetId)
        {
            void Autoscale(string op, TimeSpan ago, int from, int to, string finalStatus)
            {
                var operationId = Guid.NewGuid().ToString();
                var action = op == "Scaleup" ? "scale up" : "scale down";
                foreach (var (status, offset) in new[] { ("Started", TimeSpan.Zero), (finalStatus, TimeSpan.FromSeconds(75)) })
                {
                    events.Add(Event(settingId, $"Microsoft.Insights/AutoscaleSettings/{op}/Action", "AutoscaleAction", "Autoscale", status, Now - ago + offset, operationId, "Microsoft.Insights/autoscaleSettings",
                        $"The autoscale engine attempting to {action} resource '{scaleSetId}' from {from} instances count to {to} instances count.",
                        new JsonObject { ["ResourceName"] = scaleSetId, ["OldInstancesCount"] = from.ToString(CultureInfo.InvariantCulture), ["NewInstancesCount"] = to.ToString(CultureInfo.InvariantCulture) }));
                }
            }

            Autoscale("Scaleup", TimeSpan.FromHours(5), 2, 3, "Succeeded");
            Autoscale("Scaledown", TimeSpan.FromHours(5) - TimeSpan.FromMinutes(6), 3, 2, "Succeeded");

            // A person sets 8; the setting's maximum is 5, so the engine brings it back down. As in
            // the real activity log, only the Started record carries the request body.
            var manualOp = Guid.NewGuid().ToString();
            foreach (var (status, offset) in new[] { ("Started", TimeSpan.Zero), ("Succeeded", TimeSpan.FromSeconds(90)) })
            {
                events.Add(Event(scaleSetId, "Microsoft.Compute/virtualMachineScaleSets/write", status == "Started" ? "BeginRequest" : "EndRequest", "Administrative", status, Now - TimeSpan.FromHours(3) + offset, manualOp, "operator@contoso.com",
                    string.Empty, status == "Started" ? new JsonObject { ["requestbody"] = "{\"sku\":{\"capacity\":8}}" } : new JsonObject { ["statusCode"] = "OK" }));
            }

            Autoscale("Scaledown", TimeSpan.FromHours(3) - TimeSpan.FromMinutes(3), 8, 5, "Succeeded");
            Autoscale("Scaleup", TimeSpan.FromHours(1), 5, 6, "Failed");
            Autoscale("Scaleup", TimeSpan.FromMinutes(30), 5, 6, "Failed");

            // Outside the default 24-hour window, to prove -StartTime reaches further back.
            Autoscale("Scaleup", TimeSpan.FromDays(3), 2, 3, "Succeeded");
        }

        private static JsonObject Event(string resourceId, string operation, string eventName, string category, string status, DateTime time, string operationId, string caller, string description, JsonObject properties) => new JsonObject
        {
            ["caller"] = caller,
            ["channels"] = "Admin, Operation",
            ["correlationId"] = operationId,
            ["description"] = description,
            ["eventDataId"] = Guid.NewGuid().ToString(),
            ["eventName"] = new JsonObject { ["value"] = eventName, ["localizedValue"] = eventName },
            ["category"] = new JsonObject { ["value"] = category, ["localizedValue"] = category },
            ["id"] = resourceId + "/events/" + Guid.NewGuid() + "/ticks/" + time.Ticks.ToString(CultureInfo.InvariantCulture),
            ["level"] = "Informational",
            ["resourceGroupName"] = resourceId.Split('/')[4],
            ["resourceId"] = resourceId,
            ["operationId"] = operationId,
            ["operationName"] = new JsonObject { ["value"] = operation, ["localizedValue"] = operation },
            ["properties"] = properties,
            ["status"] = new JsonObject { ["value"] = status, ["localizedValue"] = status },
            ["subStatus"] = new JsonObject { ["value"] = null, ["localizedValue"] = string.Empty },
            ["eventTimestamp"] = time.ToString("o", CultureInfo.InvariantCulture),
            ["submissionTimestamp"] = time.AddSeconds(1).ToString("o", CultureInfo.InvariantCulture),
            ["subscriptionId"] = Subscription,
        };

        private sealed class Operation
        {
            public Operation(string scaleSetId, int capacity, int polls, string result, DateTime start)
            {
                ScaleSetId = scaleSetId;
                Capacity = capacity;
                RemainingPolls = polls;
                Result = result;
                Start = start;
            }

            public string ScaleSetId { get; }

            public int Capacity { get; }

            public int RemainingPolls { get; set; }

            public string Result { get; }

            public DateTime Start { get; }
        }
    }
}
