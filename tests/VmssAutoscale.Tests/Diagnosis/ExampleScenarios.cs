using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources.Reads;

namespace VmssAutoscale.Tests.Diagnosis
{
    /// <summary>One example: the snapshot and what Debug-VmssAutoscale must say about it.</summary>
    public sealed class ExampleScenario
    {
        public string Name { get; init; } = string.Empty;

        public Snapshot Snapshot { get; init; } = new Snapshot();

        /// <summary>The check that must Fail; null for the healthy example.</summary>
        public string? FailingCheck { get; init; }

        /// <summary>The condition type and reason that must name the failure.</summary>
        public string? ConditionType { get; init; }

        public string? ConditionReason { get; init; }

        /// <summary>Checks that must Warn (an example whose point is a warning, not a failure).</summary>
        public IReadOnlyList<string> WarningChecks { get; init; } = Array.Empty<string>();
    }

    /// <summary>
    /// Builds the examples/ bundles: one scale set per classic failure of the troubleshooting guide
    /// and a healthy one, in the exact REST shapes live Azure returns (scale set GET body, instance
    /// view, autoscale setting, activity-log EventData), with deterministic samples. ExamplesTests
    /// writes them to examples/ (VMSSAUTOSCALE_WRITE_EXAMPLES=1) and checks the committed copies
    /// are up to date; the live-versus-snapshot tests serve the same data from the fake ARM.
    /// </summary>
    public static partial class ExampleScenarios
    {
        public const string Subscription = "6f1c5a3e-2b7d-4c1e-9a0f-3d5e7b9c1a20";
        public const string ResourceGroup = "rg-autoscale-examples";
        public static readonly DateTime Now = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

        public static IReadOnlyList<ExampleScenario> All() => new[]
        {
            OneCoreOfFour(),
            OneHotInstance(),
            Thresholds5050(),
            LinuxWithWindowsCounter(),
            DiagnosticsSilent(),
            ManualScaleReverted(),
            Healthy(),
            DeallocatedSilentVm(),
            ActiveIncident(),
            AmaLogAnalyticsOnly(),
            QueueDrivenAtMaximum(),
            FlexibleFamilyQuota(),
            LockedPipelineSawtooth(),
        };

        public static ExampleScenario ByName(string name) => All().Single(s => s.Name == name);

        public static string ScaleSetId(string name) =>
            $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/{name}";

        public static string SettingId(string name) =>
            $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/microsoft.insights/autoscalesettings/{name}-autoscale";

        private static ExampleScenario OneCoreOfFour()
        {
            const string vmss = "vmss-one-core-of-four";
            var id = ScaleSetId(vmss);
            var samples = HostSamples(vmss, 3, (i, m) => 25 + Noise(i, m, 0.8));
            return new ExampleScenario
            {
                Name = "one-core-of-four-loaded",
                FailingCheck = "CoresVersusThreshold",
                ConditionType = DiagnosisCondition.ScalingActive,
                ConditionReason = "ThresholdNotMet",
                Snapshot = Bundle(
                    "A single-threaded load keeps one core of each 4-vCPU instance busy: CPU sits at 25%, the scale-out rule needs > 60%.",
                    ScaleSet(vmss, "Standard_D4s_v3", 3, Linux(), extensions: null),
                    Sizes(("Standard_D4s_v3", 4, 16384)),
                    Setting(vmss, 3, 10, 3, Rule(id, "Percentage CPU", "GreaterThan", 60, "Increase"), Rule(id, "Percentage CPU", "LessThan", 15, "Decrease")),
                    samples,
                    Array.Empty<JsonNode>()),
            };
        }

        private static ExampleScenario OneHotInstance()
        {
            const string vmss = "vmss-one-hot-instance";
            var id = ScaleSetId(vmss);
            var samples = HostSamples(vmss, 4, (i, m) => i == 2 ? 100 : 8 + Noise(i, m, 1.5));
            return new ExampleScenario
            {
                Name = "one-hot-instance",
                FailingCheck = "AverageAcrossInstances",
                ConditionType = DiagnosisCondition.ScalingActive,
                ConditionReason = "OnlySomeInstancesHot",
                Snapshot = Bundle(
                    "Instance _2 is at 100% CPU and the other three are nearly idle: the average across all four stays near 31%, below the 50% scale-out threshold.",
                    ScaleSet(vmss, "Standard_D2s_v3", 4, Linux(), extensions: null),
                    Sizes(("Standard_D2s_v3", 2, 8192)),
                    Setting(vmss, 2, 10, 2, Rule(id, "Percentage CPU", "GreaterThan", 50, "Increase"), Rule(id, "Percentage CPU", "LessThan", 20, "Decrease")),
                    samples,
                    Array.Empty<JsonNode>()),
            };
        }

        private static ExampleScenario Thresholds5050()
        {
            const string vmss = "vmss-thresholds-50-50";
            var id = ScaleSetId(vmss);
            var samples = HostSamples(vmss, 3, (i, m) => 40 + Noise(i, m, 2));
            var sid = SettingId(vmss);
            var log = new List<JsonNode>();
            var t = Now.AddHours(-3);
            for (var k = 0; k < 3; k++)
            {
                log.AddRange(AutoscaleAction(sid, id, "Scaleup", "AutoscaleAction", t.AddMinutes(k * 40), 2, 3));
                log.AddRange(AutoscaleAction(sid, id, "Scaledown", "AutoscaleAction", t.AddMinutes((k * 40) + 8), 3, 2));
            }

            log.AddRange(AutoscaleAction(sid, id, "Scaleup", "AutoscaleAction", Now.AddMinutes(-55), 2, 3));
            for (var k = 0; k < 4; k++)
            {
                log.AddRange(FlappingDeferred(sid, id, Now.AddMinutes(-40 + (k * 10)), 3, 2));
            }

            return new ExampleScenario
            {
                Name = "thresholds-50-50-flapping",
                FailingCheck = "ThresholdGap",
                ConditionType = DiagnosisCondition.ScalingLimited,
                ConditionReason = "FlappingSuppressed",
                Snapshot = Bundle(
                    "Scale out above 50% and scale in below 50%: every scale-in would push the average back over 50%, so the engine defers it (Flapping events) after an earlier out/in ping-pong.",
                    ScaleSet(vmss, "Standard_D2s_v3", 3, Linux(), extensions: null),
                    Sizes(("Standard_D2s_v3", 2, 8192)),
                    Setting(vmss, 2, 6, 2, Rule(id, "Percentage CPU", "GreaterThan", 50, "Increase"), Rule(id, "Percentage CPU", "LessThan", 50, "Decrease")),
                    samples,
                    log),
            };
        }

        private static ExampleScenario LinuxWithWindowsCounter()
        {
            const string vmss = "vmss-linux-windows-counter";
            var id = ScaleSetId(vmss);
            const string ladCounter = "/builtin/processor/percentprocessortime";
            var samples = TableSamples(vmss, 3, ladCounter, Now.AddHours(-1), Now, (i, m) => 70 + Noise(i, m, 4), "LAD3");
            return new ExampleScenario
            {
                Name = "linux-scale-set-with-windows-counter-name",
                FailingCheck = "MetricName",
                ConditionType = DiagnosisCondition.ScalingActive,
                ConditionReason = "UnsupportedMetric",
                Snapshot = Bundle(
                    "A Linux scale set with the LAD 3.0 extension, but the autoscale rule names the Windows counter \\Processor(_Total)\\% Processor Time, which Linux never writes: CPU is at 70% and nothing scales.",
                    ScaleSet(vmss, "Standard_D2s_v3", 3, Linux(), Lad3(id, ladCounter)),
                    Sizes(("Standard_D2s_v3", 2, 8192)),
                    Setting(vmss, 3, 10, 3, Rule(id, @"\Processor(_Total)\% Processor Time", "GreaterThan", 60, "Increase"), Rule(id, @"\Processor(_Total)\% Processor Time", "LessThan", 25, "Decrease")),
                    samples,
                    Array.Empty<JsonNode>(),
                    sampleSource: "Tables",
                    tables: new[] { WadMetricsTable(Now) }),
            };
        }

        private static ExampleScenario DiagnosticsSilent()
        {
            const string vmss = "vmss-diagnostics-silent";
            var id = ScaleSetId(vmss);
            const string counter = @"\Processor(_Total)\% Processor Time";
            var samples = TableSamples(vmss, 3, counter, Now.AddHours(-1), Now.AddMinutes(-42), (i, m) => 55 + Noise(i, m, 5), "WAD");
            return new ExampleScenario
            {
                Name = "diagnostics-extension-silent",
                FailingCheck = "DiagnosticsData",
                ConditionType = DiagnosisCondition.ScalingActive,
                ConditionReason = "MetricUnavailable",
                Snapshot = Bundle(
                    "A Windows scale set that scales on a guest counter: the diagnostics extension stopped writing 42 minutes ago on every instance, so the rules have no data.",
                    ScaleSet(vmss, "Standard_D2s_v3", 3, Windows(), Wad(id, counter), extensionStatus: ("ProvisioningState/failed/0", 3)),
                    Sizes(("Standard_D2s_v3", 2, 8192)),
                    Setting(vmss, 3, 10, 3, Rule(id, counter, "GreaterThan", 70, "Increase"), Rule(id, counter, "LessThan", 25, "Decrease")),
                    samples,
                    Array.Empty<JsonNode>(),
                    sampleSource: "Tables",
                    tables: new[] { WadMetricsTable(Now) }),
            };
        }

        private static ExampleScenario ManualScaleReverted()
        {
            const string vmss = "vmss-manual-scale-reverted";
            var id = ScaleSetId(vmss);
            var sid = SettingId(vmss);
            var samples = HostSamples(vmss, 5, (i, m) => 45 + Noise(i, m, 6));
            var log = new List<JsonNode>();
            log.AddRange(ComputeWrite(id, "alice@contoso.com", Now.AddMinutes(-30), 8));
            log.AddRange(AutoscaleAction(sid, id, "Scaledown", "AutoscaleAction", Now.AddMinutes(-28), 8, 5));
            return new ExampleScenario
            {
                Name = "manual-scale-reverted",
                FailingCheck = "ScaleEvents",
                ConditionType = DiagnosisCondition.ScalingLimited,
                ConditionReason = "ManualChangeReverted",
                Snapshot = Bundle(
                    "An operator scaled to 8 instances by hand to test scaling; the autoscale profile allows at most 5, so autoscale set it back to 5 two minutes later.",
                    ScaleSet(vmss, "Standard_D2s_v3", 5, Linux(), extensions: null),
                    Sizes(("Standard_D2s_v3", 2, 8192)),
                    Setting(vmss, 2, 5, 2, Rule(id, "Percentage CPU", "GreaterThan", 70, "Increase"), Rule(id, "Percentage CPU", "LessThan", 30, "Decrease")),
                    samples,
                    log),
            };
        }

        private static ExampleScenario Healthy()
        {
            const string vmss = "vmss-healthy";
            var id = ScaleSetId(vmss);
            var sid = SettingId(vmss);
            var samples = HostSamples(vmss, 3, (i, m) => 45 + Noise(i, m, 7) + (10 * Math.Sin(m / 9.0)));
            var log = new List<JsonNode>();
            log.AddRange(AutoscaleAction(sid, id, "Scaleup", "AutoscaleAction", Now.AddHours(-3), 2, 3));
            return new ExampleScenario
            {
                Name = "healthy",
                Snapshot = Bundle(
                    "A healthy scale set: CPU between 30% and 60% with rules out > 70% and in < 30%; autoscale scaled out once three hours ago and is idle now.",
                    ScaleSet(vmss, "Standard_D2s_v3", 3, Linux(), extensions: null),
                    Sizes(("Standard_D2s_v3", 2, 8192)),
                    Setting(vmss, 2, 10, 2, Rule(id, "Percentage CPU", "GreaterThan", 70, "Increase"), Rule(id, "Percentage CPU", "LessThan", 30, "Decrease")),
                    samples,
                    log),
            };
        }

        // ---- building blocks -------------------------------------------------------------

        /// <summary>Deterministic jitter in [-amplitude, amplitude], so the bundles are byte-for-byte reproducible.</summary>
        public static double Noise(int instance, int minute, double amplitude) =>
            Math.Round(((((instance * 37) + (minute * 17)) % 11) - 5) / 5.0 * amplitude, 2);

        /// <param name="vms">Each VM with its instance view; by default every VM runs and its extensions succeeded as the scale set's instance view says.</param>
        /// <param name="availability">The Resource Health body; Available by default.</param>
        /// <param name="serviceHealth">The Service Health events that concern the scale set; none by default.</param>
        /// <param name="platformReads">The platform reads' sections (quota, SKU, locks, subnet); by default those of a platform that holds nothing back.</param>
        public static Snapshot Bundle(string description, JsonNode scaleSet, IReadOnlyList<VmSizeInfo> sizes, JsonNode setting, IReadOnlyList<MetricSample> samples, IReadOnlyList<JsonNode> activityLog, string sampleSource = "HostMetrics", IReadOnlyList<string>? tables = null,
            IReadOnlyList<JsonNode>? vms = null, JsonNode? availability = null, IReadOnlyList<JsonNode>? serviceHealth = null,
            IReadOnlyList<SnapshotSettingMetrics>? serviceMetrics = null, IReadOnlyList<JsonNode>? dataCollectionRuleAssociations = null, IReadOnlyList<JsonNode>? dataCollectionRules = null,
            IReadOnlyDictionary<string, JsonNode>? platformReads = null)
        {
            var id = scaleSet["id"]!.StringValue!;
            var capacity = (int)scaleSet["sku"]!["capacity"]!.NumberValue;
            return new Snapshot
            {
                ModuleVersion = HtmlReport.CurrentModuleVersion,
                CollectedAt = Now,
                WindowStart = Now.AddHours(-24),
                WindowEnd = Now,
                Description = description,
                ScaleSets = new[]
                {
                    new SnapshotScaleSet
                    {
                        ResourceId = id,
                        Model = scaleSet,
                        InstanceView = InstanceView(capacity, scaleSet, vms),
                        ActivityLog = activityLog,
                        Samples = samples,
                        SampleSource = sampleSource,
                        TablesRead = tables ?? Array.Empty<string>(),
                        Reads = new[]
                            {
                                new KeyValuePair<string, JsonNode>(VmSizeRead.Unit.Name, VmSizeRead.Body(sizes)),
                                new KeyValuePair<string, JsonNode>(VirtualMachinesRead.Unit.Name, JsonNode.Array(vms ?? Vms(scaleSet, i => null))),
                                new KeyValuePair<string, JsonNode>("availabilityStatus", availability ?? Availability(id, "Available", null)),
                                new KeyValuePair<string, JsonNode>(ServiceHealthRead.Unit.Name, JsonNode.Array(serviceHealth ?? Array.Empty<JsonNode>())),
                            }
                            .Concat(dataCollectionRuleAssociations == null
                                ? Array.Empty<KeyValuePair<string, JsonNode>>()
                                : new[] { new KeyValuePair<string, JsonNode>(DataCollectionRead.Unit.Name, DataCollectionRead.Body(dataCollectionRuleAssociations, dataCollectionRules ?? Array.Empty<JsonNode>())) })
                            .Concat(platformReads ?? DefaultPlatformReads(scaleSet, sizes))
                            .ToDictionary(p => p.Key, p => p.Value),
                        // Every example carries the setting's run history, as a bundle exported with Monitoring Reader does.
                        ServiceMetrics = serviceMetrics ?? new[] { RunHistoryOf(setting, capacity, samples, activityLog) },
                    },
                },
                AutoscaleSettings = new[] { setting },
            };
        }

        public static IReadOnlyList<MetricSample> HostSamples(string vmss, int instances, Func<int, int, double> value)
        {
            var list = new List<MetricSample>();
            for (var m = 60; m >= 1; m--)
            {
                for (var i = 0; i < instances; i++)
                {
                    list.Add(new MetricSample
                    {
                        Instance = $"{vmss}_{i}",
                        Timestamp = Now.AddMinutes(-m),
                        MetricName = "Percentage CPU",
                        Value = Math.Round(Math.Max(0, Math.Min(100, value(i, m))), 2),
                        // As a live read writes them (MetricsClient): host metrics name the scale set they came from.
                        ResourceId = ScaleSetId(vmss),
                        Source = "AzureMonitor",
                    });
                }
            }

            return list;
        }

        public static IReadOnlyList<MetricSample> TableSamples(string vmss, int instances, string counter, DateTime from, DateTime to, Func<int, int, double> value, string source)
        {
            var list = new List<MetricSample>();
            var table = WadMetricsTable(Now);
            for (var t = from; t < to; t = t.AddMinutes(1))
            {
                var m = (int)(Now - t).TotalMinutes;
                for (var i = 0; i < instances; i++)
                {
                    var v = Math.Round(value(i, m), 2);
                    list.Add(new MetricSample
                    {
                        Instance = $"{vmss.Replace("vmss-", string.Empty)}00000{i}",
                        Timestamp = t,
                        MetricName = counter,
                        Value = v,
                        Minimum = v - 4,
                        Maximum = v + 4,
                        Count = 4,
                        Source = source,
                        Table = table,
                    });
                }
            }

            return list;
        }

        /// <summary>WADMetricsPT1MP10DV2S + the start of the 10-day bucket counted from 1601-01-01 (WADMetrics tables roll every 10 days).</summary>
        public static string WadMetricsTable(DateTime t)
        {
            var epoch = new DateTime(1601, 1, 1);
            var day = (int)(t.Date - epoch).TotalDays;
            return "WADMetricsPT1MP10DV2S" + epoch.AddDays(day - (day % 10)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        }

        public static IReadOnlyList<VmSizeInfo> Sizes(params (string Name, int Cores, int Memory)[] sizes) =>
            sizes.Select(s => new VmSizeInfo { Name = s.Name, NumberOfCores = s.Cores, MemoryInMB = s.Memory }).ToList();

        public static JsonNode Linux() => O(
            ("computerNamePrefix", "web"),
            ("adminUsername", "azureuser"),
            ("linuxConfiguration", O(("disablePasswordAuthentication", true))));

        public static JsonNode Windows() => O(
            ("computerNamePrefix", "web"),
            ("adminUsername", "azureadmin"),
            ("windowsConfiguration", O(("provisionVMAgent", true), ("enableAutomaticUpdates", true))));

        public static JsonNode ScaleSet(string name, string sku, int capacity, JsonNode osProfile, JsonNode? extensions, (string Code, int Count)? extensionStatus = null, string provisioningState = "Succeeded")
        {
            var os = osProfile["linuxConfiguration"] != null ? "Linux" : "Windows";
            var image = os == "Linux"
                ? O(("publisher", "Canonical"), ("offer", "0001-com-ubuntu-server-jammy"), ("sku", "22_04-lts-gen2"), ("version", "latest"))
                : O(("publisher", "MicrosoftWindowsServer"), ("offer", "WindowsServer"), ("sku", "2022-datacenter-azure-edition"), ("version", "latest"));
            var osDisk = O(("createOption", "FromImage"), ("osType", os), ("caching", "ReadWrite"), ("managedDisk", O(("storageAccountType", "Premium_LRS"))));
            var nic = O(("name", name + "-nic"), ("properties", O(("primary", true))));
            var vmProfile = O(
                ("osProfile", osProfile),
                ("storageProfile", O(("imageReference", image), ("osDisk", osDisk))),
                ("networkProfile", O(("networkInterfaceConfigurations", A(nic)))),
                ("extensionProfile", O(("extensions", extensions ?? JsonNode.Array(Array.Empty<JsonNode>())))));
            var props = new List<(string, object?)>
            {
                ("singlePlacementGroup", true),
                ("orchestrationMode", "Uniform"),
                ("upgradePolicy", O(("mode", "Manual"))),
                ("provisioningState", provisioningState),
                ("overprovision", true),
                ("uniqueId", "d9e0c1b2-3a4f-4e5d-8c7b-6a5f4e3d2c1b"),
                ("virtualMachineProfile", vmProfile),
            };
            var node = O(
                ("id", ScaleSetId(name)),
                ("name", name),
                ("type", "Microsoft.Compute/virtualMachineScaleSets"),
                ("location", "eastus"),
                ("tags", O(("workload", "web"))),
                ("sku", O(("name", sku), ("tier", "Standard"), ("capacity", capacity))),
                ("properties", O(props.ToArray())));
            ExtensionStatus[name] = extensionStatus;
            return node;
        }

        // The instance view is derived from the model (extension names) when the bundle is assembled.
        private static readonly Dictionary<string, (string Code, int Count)?> ExtensionStatus = new Dictionary<string, (string Code, int Count)?>();

        private static JsonNode InstanceView(int capacity, JsonNode scaleSet, IReadOnlyList<JsonNode>? vms)
        {
            // The scale set's summary counts the power states its VMs report (all running unless a bundle says otherwise).
            var power = (vms ?? Array.Empty<JsonNode>())
                .Select(v => v["properties"]!["instanceView"]!["statuses"]!.Items.Select(x => x["code"]!.StringValue!).First(c => c.StartsWith("PowerState/", StringComparison.Ordinal)))
                .GroupBy(c => c)
                .Select(g => O(("code", g.Key), ("count", g.Count())))
                .ToArray();
            var name = scaleSet["name"]!.StringValue!;
            var extensions = scaleSet["properties"]!["virtualMachineProfile"]!["extensionProfile"]!["extensions"]!.Items;
            ExtensionStatus.TryGetValue(name, out var status);
            return O(
                ("virtualMachine", O(("statusesSummary", JsonNode.Array(new[] { O(("code", "ProvisioningState/succeeded"), ("count", capacity)) }.Concat(power.Length > 0 ? power : new[] { O(("code", "PowerState/running"), ("count", capacity)) }))))),
                ("extensions", JsonNode.Array(extensions.Select(e => O(
                    ("name", e["name"]!.StringValue),
                    ("statusesSummary", A(O(("code", status?.Code ?? "ProvisioningState/succeeded"), ("count", status?.Count ?? capacity)))))))),
                ("statuses", A(O(("code", "ProvisioningState/succeeded"), ("level", "Info"), ("displayStatus", "Provisioning succeeded"), ("time", Iso(Now.AddDays(-2)))))));
        }

        public static JsonNode Lad3(string scaleSetId, string counter) => A(O(
            ("name", "LinuxDiagnosticExtension"),
            ("properties", O(
                ("publisher", "Microsoft.Azure.Diagnostics"),
                ("type", "LinuxDiagnostic"),
                ("typeHandlerVersion", "3.0"),
                ("autoUpgradeMinorVersion", true),
                ("settings", O(
                    ("StorageAccount", "diagstoreexamples"),
                    ("ladCfg", O(("diagnosticMonitorConfiguration", O(
                        ("eventVolume", "Medium"),
                        ("performanceCounters", O(("performanceCounterConfiguration", A(O(
                            ("type", "builtin"), ("class", "processor"), ("counter", "percentprocessortime"),
                            ("counterSpecifier", counter), ("condition", "IsAggregate=TRUE"), ("sampleRate", "PT15S"), ("unit", "Percent")))))),
                        ("metrics", O(("resourceId", scaleSetId), ("metricAggregation", A(O(("scheduledTransferPeriod", "PT1M")), O(("scheduledTransferPeriod", "PT1H")))))))))))),
                ("protectedSettings", O(
                    ("storageAccountName", "diagstoreexamples"),
                    ("storageAccountSasToken", "sv=2018-03-28&ss=t&srt=sco&sp=rwdlacu&se=2030-01-01T00:00:00Z&sig=UxJ3xkYfN2d3QW5kTm90QVJlYWxTaWduYXR1cmVBdEFsbA%3D%3D")))))));

        public static JsonNode Wad(string scaleSetId, string counter)
        {
            var xml = "<WadCfg><DiagnosticMonitorConfiguration overallQuotaInMB=\"4096\">"
                + "<PerformanceCounters scheduledTransferPeriod=\"PT1M\">"
                + $"<PerformanceCounterConfiguration counterSpecifier=\"{counter}\" sampleRate=\"PT15S\" unit=\"Percent\"><annotation displayName=\"CPU\" locale=\"en-us\"/></PerformanceCounterConfiguration>"
                + "</PerformanceCounters>"
                + $"<Metrics resourceId=\"{scaleSetId}\"><MetricAggregation scheduledTransferPeriod=\"PT1H\"/><MetricAggregation scheduledTransferPeriod=\"PT1M\"/></Metrics>"
                + "</DiagnosticMonitorConfiguration></WadCfg>";
            return A(O(
                ("name", "Microsoft.Insights.VMDiagnosticsSettings"),
                ("properties", O(
                    ("publisher", "Microsoft.Azure.Diagnostics"),
                    ("type", "IaaSDiagnostics"),
                    ("typeHandlerVersion", "1.5"),
                    ("autoUpgradeMinorVersion", true),
                    ("settings", O(("xmlCfg", Convert.ToBase64String(Encoding.UTF8.GetBytes(xml))), ("storageAccount", "diagstoreexamples"))),
                    ("protectedSettings", O(
                        ("storageAccountName", "diagstoreexamples"),
                        ("storageAccountKey", "q3Yd9fJ2LkV8mN1pQ4rS7tU0wX3zA6bC9eF2hI5kL8nO1qR4uT7wZ0cE3gH6jK9mP2sV5yB8dG1jM4pS7vY0bE3hK6nQ9tW2zC5fI8lO1rU4xA7dG0jM3pS6vY9b=="),
                        ("storageAccountEndPoint", "https://core.windows.net")))))));
        }

        public static JsonNode Setting(string vmss, int min, int max, int def, params JsonNode[] rules) => O(
            ("id", SettingId(vmss)),
            ("name", vmss + "-autoscale"),
            ("type", "Microsoft.Insights/autoscaleSettings"),
            ("location", "eastus"),
            ("tags", O()),
            ("properties", O(
                ("name", vmss + "-autoscale"),
                ("enabled", true),
                ("targetResourceUri", ScaleSetId(vmss)),
                ("targetResourceLocation", "eastus"),
                ("profiles", A(O(
                    ("name", "Auto created scale condition"),
                    ("capacity", O(("minimum", min.ToString(CultureInfo.InvariantCulture)), ("maximum", max.ToString(CultureInfo.InvariantCulture)), ("default", def.ToString(CultureInfo.InvariantCulture)))),
                    ("rules", JsonNode.Array(rules))))),
                ("notifications", A()))));

        /// <param name="scaleSetId">The rule's metricResourceUri: the scale set, or another resource (a queue service).</param>
        public static JsonNode Rule(string scaleSetId, string metric, string op, double threshold, string direction, string window = "PT10M", string cooldown = "PT5M", string metricNamespace = "") => O(
            ("metricTrigger", O(
                ("metricName", metric),
                ("metricNamespace", metricNamespace),
                ("metricResourceUri", scaleSetId),
                ("timeGrain", "PT1M"),
                ("statistic", "Average"),
                ("timeWindow", window),
                ("timeAggregation", "Average"),
                ("operator", op),
                ("threshold", threshold),
                ("dimensions", A()),
                ("dividePerInstance", false))),
            ("scaleAction", O(("direction", direction), ("type", "ChangeCount"), ("value", "1"), ("cooldown", cooldown))));

        /// <summary>An autoscale action's Started and Succeeded records (activity log EventData shape).</summary>
        public static IEnumerable<JsonNode> AutoscaleAction(string settingId, string scaleSetId, string verb, string eventName, DateTime start, int from, int to, string finalStatus = "Succeeded")
        {
            var op = Guid(settingId + verb + start.Ticks);
            var description = $"The autoscale engine attempting to scale resource '{scaleSetId}' from {from} instances count to {to} instances count.";
            foreach (var (status, t) in new[] { ("Started", start), (finalStatus, start.AddSeconds(95)) })
            {
                yield return O(
                    ("caller", "Microsoft.Insights/autoscaleSettings"),
                    ("channels", "Admin, Operation"),
                    ("correlationId", op),
                    ("operationId", op),
                    ("eventDataId", Guid(op + status)),
                    ("description", description),
                    ("eventName", O(("value", eventName), ("localizedValue", eventName))),
                    ("category", O(("value", "Autoscale"), ("localizedValue", "Autoscale"))),
                    ("id", settingId + "/events/" + Guid(op + status) + "/ticks/" + t.Ticks.ToString(CultureInfo.InvariantCulture)),
                    ("level", "Informational"),
                    ("resourceGroupName", ResourceGroup),
                    ("resourceProviderName", O(("value", "microsoft.insights"))),
                    ("resourceId", settingId),
                    ("resourceType", O(("value", "microsoft.insights/autoscalesettings"))),
                    ("operationName", O(("value", $"Microsoft.Insights/AutoscaleSettings/{verb}/Action"))),
                    ("properties", O(
                        ("Description", description),
                        ("ResourceName", scaleSetId),
                        ("OldInstancesCount", from.ToString(CultureInfo.InvariantCulture)),
                        ("NewInstancesCount", to.ToString(CultureInfo.InvariantCulture)),
                        ("LastScaleActionTime", start.ToString("r", CultureInfo.InvariantCulture)))),
                    ("status", O(("value", status))),
                    ("subStatus", O(("value", null))),
                    ("eventTimestamp", Iso(t)),
                    ("submissionTimestamp", Iso(t.AddSeconds(1))),
                    ("subscriptionId", Subscription));
            }
        }

        /// <summary>A scale-in the engine skipped to avoid flapping (event name Flapping, one record).</summary>
        public static IEnumerable<JsonNode> FlappingDeferred(string settingId, string scaleSetId, DateTime t, int current, int intended)
        {
            var op = Guid(settingId + "flap" + t.Ticks);
            var description = $"Scale down will not occur to avoid flapping. Resource: '{scaleSetId}'. Current instance count: '{current}', Intended new instance count: '{intended}'.";
            yield return O(
                ("caller", "Microsoft.Insights/autoscaleSettings"),
                ("correlationId", op),
                ("operationId", op),
                ("eventDataId", Guid(op + "e")),
                ("description", description),
                ("eventName", O(("value", "Flapping"), ("localizedValue", "Flapping"))),
                ("category", O(("value", "Autoscale"))),
                ("level", "Warning"),
                ("resourceGroupName", ResourceGroup),
                ("resourceId", settingId),
                ("operationName", O(("value", "Microsoft.Insights/AutoscaleSettings/Flapping/Action"))),
                ("properties", O(("Description", description), ("ResourceName", scaleSetId), ("OldInstancesCount", current.ToString(CultureInfo.InvariantCulture)), ("NewInstancesCount", current.ToString(CultureInfo.InvariantCulture)))),
                ("status", O(("value", "Succeeded"))),
                ("eventTimestamp", Iso(t)),
                ("submissionTimestamp", Iso(t.AddSeconds(1))),
                ("subscriptionId", Subscription));
        }

        /// <summary>A user's write on the scale set that sets sku.capacity (Started, Accepted, Succeeded).</summary>
        public static IEnumerable<JsonNode> ComputeWrite(string scaleSetId, string caller, DateTime start, int capacity)
        {
            var op = Guid(scaleSetId + "write" + start.Ticks);
            foreach (var (status, t) in new[] { ("Started", start), ("Succeeded", start.AddSeconds(70)) })
            {
                var props = new List<(string, object?)> { ("statusCode", status == "Started" ? "Created" : "OK") };
                if (status == "Started")
                {
                    props.Add(("requestbody", $"{{\"sku\":{{\"capacity\":{capacity.ToString(CultureInfo.InvariantCulture)}}}}}"));
                }

                yield return O(
                    ("caller", caller),
                    ("channels", "Operation"),
                    ("correlationId", op),
                    ("operationId", op),
                    ("eventDataId", Guid(op + status)),
                    ("description", string.Empty),
                    ("eventName", O(("value", status == "Started" ? "BeginRequest" : "EndRequest"))),
                    ("category", O(("value", "Administrative"))),
                    ("level", "Informational"),
                    ("resourceGroupName", ResourceGroup),
                    ("resourceId", scaleSetId),
                    ("operationName", O(("value", "Microsoft.Compute/virtualMachineScaleSets/write"))),
                    ("properties", O(props.ToArray())),
                    ("status", O(("value", status))),
                    ("eventTimestamp", Iso(t)),
                    ("submissionTimestamp", Iso(t.AddSeconds(2))),
                    ("subscriptionId", Subscription));
            }
        }

        public static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

        /// <summary>A GUID derived from text, so regenerating the examples gives the same IDs.</summary>
        public static string Guid(string seed)
        {
            using var md5 = System.Security.Cryptography.MD5.Create();
            return new Guid(md5.ComputeHash(Encoding.UTF8.GetBytes(seed))).ToString();
        }

        public static JsonNode O(params (string Name, object? Value)[] properties) =>
            JsonNode.Object(properties.Select(p => new KeyValuePair<string, JsonNode>(p.Name, ToNode(p.Value))).ToList());

        public static JsonNode A(params JsonNode[] items) => JsonNode.Array(items);

        private static JsonNode ToNode(object? value) => value switch
        {
            null => JsonNode.Null(),
            JsonNode n => n,
            string s => JsonNode.From(s),
            bool b => JsonNode.From(b),
            int i => JsonNode.From((long)i),
            long l => JsonNode.From(l),
            double d => JsonNode.From(d),
            IEnumerable e => JsonNode.Array(e.Cast<object?>().Select(ToNode).ToList()),
            _ => throw new ArgumentException("unsupported value " + value.GetType()),
        };
    }
}
