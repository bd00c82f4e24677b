using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using static VmssAutoscale.Json.JsonValues;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// Builds a ScaleSetInfo from the REST bodies of a scale set (GET) and its instance view,
    /// whichever source supplied them (live ARM or a snapshot).
    /// </summary>
    public static class ScaleSetReader
    {
        /// <param name="instances">Each VM's instance view when it was read (Get-VmssAutoscaleTarget, Debug-VmssAutoscale); null otherwise.</param>
        public static ScaleSetInfo Read(string scaleSetJson, string? instanceViewJson, Func<string?, string?, int?> vcpusOf, IReadOnlyList<string> settingIds, IReadOnlyList<VmInstance>? instances = null, Headroom? headroom = null)
        {
            var vmss = JsonParser.Parse(scaleSetJson);
            var shape = Platform.ScaleSetShape.From(vmss);
            var view = string.IsNullOrEmpty(instanceViewJson) ? null : JsonParser.Parse(instanceViewJson!);
            var id = Text(vmss["id"]) ?? string.Empty;
            var props = vmss["properties"];
            var profile = props?["virtualMachineProfile"];
            var location = Text(vmss["location"]);
            var sku = Text(vmss["sku"]?["name"]);
            // A Flexible scale set has no instance view (Azure refuses it): its VMs' own views give the same counts.
            var fromVms = view == null && instances != null && instances.Count > 0;
            var extensionStatus = fromVms
                ? instances!.SelectMany(i => i.Extensions)
                    .GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => Counts(g.Select(e => e.Code ?? "ProvisioningState/unknown")), StringComparer.OrdinalIgnoreCase)
                : (view?["extensions"]?.Items ?? Array.Empty<JsonNode>())
                    .Where(e => Text(e["name"]) != null)
                    .GroupBy(e => Text(e["name"])!, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => Summary(g.First()["statusesSummary"]), StringComparer.OrdinalIgnoreCase);

            return new ScaleSetInfo
            {
                ResourceId = id,
                SubscriptionId = ResourceIds.Subscription(id) ?? string.Empty,
                ResourceGroupName = ResourceIds.ResourceGroup(id) ?? string.Empty,
                VMScaleSetName = Text(vmss["name"]) ?? ResourceIds.LastSegment(id) ?? string.Empty,
                Location = location,
                SkuName = sku,
                SkuTier = Text(vmss["sku"]?["tier"]),
                Capacity = Int(vmss["sku"]?["capacity"]) is int capacity && capacity >= 0 ? capacity : 0,
                CapacityProblem = CapacityProblem(vmss["sku"]?["capacity"]),
                VCpusPerInstance = vcpusOf(location, sku),
                OsType = OsType(profile),
                OrchestrationMode = Text(props?["orchestrationMode"]) ?? "Uniform",
                Overprovision = Bool(props?["overprovision"]),
                SinglePlacementGroup = Bool(props?["singlePlacementGroup"]),
                UpgradePolicy = Text(props?["upgradePolicy"]?["mode"]),
                ProvisioningState = Text(props?["provisioningState"]),
                InstanceStatuses = fromVms
                    ? Counts(instances!.Select(i => "ProvisioningState/" + (i.ProvisioningState ?? "unknown")))
                    : Summary(view?["virtualMachine"]?["statusesSummary"]),
                Extensions = (profile?["extensionProfile"]?["extensions"]?.Items ?? Array.Empty<JsonNode>())
                    .Select(e => Extension(e, extensionStatus))
                    .ToList(),
                AutoscaleSettingIds = settingIds,
                Instances = instances ?? Array.Empty<VmInstance>(),
                SubnetId = shape.SubnetId,
                MaximumCapacity = Platform.HeadroomCalculator.Ceiling(shape).Limit,
                Headroom = headroom,
                Tags = (vmss["tags"]?.Properties ?? Array.Empty<KeyValuePair<string, JsonNode>>())
                    .ToDictionary(p => TerminalText.Clean(p.Key), p => TerminalText.Clean(p.Value.ScalarText ?? string.Empty)),
            };
        }

        private static ExtensionInfo Extension(JsonNode e, IDictionary<string, IReadOnlyList<StatusCount>> status)
        {
            var name = Text(e["name"]) ?? string.Empty;
            var p = e["properties"];
            var publisher = Text(p?["publisher"]);
            var type = Text(p?["type"]);
            var version = Text(p?["typeHandlerVersion"]);
            var settings = p?["settings"];
            return new ExtensionInfo
            {
                Name = name,
                Publisher = publisher,
                Type = type,
                TypeHandlerVersion = version,
                DiagnosticsKind = DiagnosticsKind(publisher, type, version),
                // Public settings only: the account name is there for WAD (storageAccount) and LAD 3
                // (StorageAccount); keys and SAS tokens are in protectedSettings, which ARM never returns.
                StorageAccount = Text(settings?["storageAccount"]) ?? Text(settings?["StorageAccount"]),
                Statuses = status.TryGetValue(name, out var s) ? s : Array.Empty<StatusCount>(),
            };
        }

        public static string? DiagnosticsKind(string? publisher, string? type, string? version)
        {
            if (type == null)
            {
                return null;
            }

            if (type.Equals("IaaSDiagnostics", StringComparison.OrdinalIgnoreCase))
            {
                return "WAD";
            }

            if (type.Equals("LinuxDiagnostic", StringComparison.OrdinalIgnoreCase))
            {
                var major = version?.Split('.')[0];
                return publisher != null && publisher.Equals("Microsoft.OSTCExtensions", StringComparison.OrdinalIgnoreCase) || major == "2" ? "LAD 2.x" : "LAD 3.x";
            }

            return type.StartsWith("AzureMonitor", StringComparison.OrdinalIgnoreCase) && type.EndsWith("Agent", StringComparison.OrdinalIgnoreCase) ? "AzureMonitorAgent" : null;
        }

        private static string? OsType(JsonNode? profile)
        {
            var declared = Text(profile?["storageProfile"]?["osDisk"]?["osType"]);
            if (declared != null)
            {
                return declared;
            }

            var os = profile?["osProfile"];
            return os?["windowsConfiguration"] != null ? "Windows" : os?["linuxConfiguration"] != null ? "Linux" : null;
        }

        public static bool IsFlexible(ScaleSetInfo s) => string.Equals(s.OrchestrationMode, "Flexible", StringComparison.OrdinalIgnoreCase);

        private static IReadOnlyList<StatusCount> Counts(IEnumerable<string> codes) =>
            codes.GroupBy(c => c, StringComparer.OrdinalIgnoreCase)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new StatusCount { Code = g.Key, Count = g.Count() })
                .ToList();

        private static IReadOnlyList<StatusCount> Summary(JsonNode? summary) =>
            (summary?.Items ?? Array.Empty<JsonNode>())
                .Select(s => new StatusCount { Code = Text(s["code"]) ?? string.Empty, Count = Int(s["count"]) ?? 0 })
                .ToList();

        private static string? CapacityProblem(JsonNode? capacity)
        {
            if (capacity == null || capacity.IsNull)
            {
                return "the scale set model has no sku.capacity";
            }

            return Int(capacity) is int n && n >= 0 && capacity.Kind == JsonKind.Number
                ? null
                : $"the scale set model's sku.capacity is {Model.TerminalText.Clean(capacity.ScalarText ?? capacity.KindName)}, not a whole number of instances";
        }
    }
}
