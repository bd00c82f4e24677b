using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Json;
using static VmssAutoscale.Json.JsonValues;

namespace VmssAutoscale.Platform
{
    /// <summary>
    /// What of a scale set's model bears on how many instances the platform gives it (Compute
    /// 2024-07-01 VirtualMachineScaleSet): orchestration, placement group, priority, image, fault
    /// domains, zones, overprovisioning and the subnet of its first NIC configuration.
    /// </summary>
    public sealed class ScaleSetShape
    {
        public string? SkuName { get; init; }

        public int Capacity { get; init; }

        public bool Flexible { get; init; }

        /// <summary>True in a single placement group: Uniform scale sets default to one when the model does not say.</summary>
        public bool SinglePlacementGroup { get; init; }

        /// <summary>Spot (or the older Low) priority: its VMs count against the region's lowPriorityCores quota instead of the family's and the regional one.</summary>
        public bool Spot { get; init; }

        /// <summary>The image is a managed image (Microsoft.Compute/images), not from a gallery.</summary>
        public bool CustomImageNotFromGallery { get; init; }

        public int? PlatformFaultDomainCount { get; init; }

        public IReadOnlyList<string> Zones { get; init; } = Array.Empty<string>();

        public bool Overprovision { get; init; }

        public string? SubnetId { get; init; }

        public static ScaleSetShape Read(string scaleSetJson) => From(JsonParser.Parse(scaleSetJson));

        public static ScaleSetShape From(JsonNode vmss)
        {
            var props = vmss["properties"];
            var profile = props?["virtualMachineProfile"];
            var flexible = string.Equals(Text(props?["orchestrationMode"]), "Flexible", StringComparison.OrdinalIgnoreCase);
            var priority = Text(profile?["priority"]);
            var imageId = Text(profile?["storageProfile"]?["imageReference"]?["id"]);
            var subnet = (profile?["networkProfile"]?["networkInterfaceConfigurations"]?.Items ?? Array.Empty<JsonNode>())
                .SelectMany(nic => nic["properties"]?["ipConfigurations"]?.Items ?? Array.Empty<JsonNode>())
                .Select(ip => Text(ip["properties"]?["subnet"]?["id"]))
                .FirstOrDefault(id => id != null);
            return new ScaleSetShape
            {
                SkuName = Text(vmss["sku"]?["name"]),
                Capacity = Int(vmss["sku"]?["capacity"]) is int c && c >= 0 ? c : 0,
                Flexible = flexible,
                // The REST reference: singlePlacementGroup "defaults to true" for Uniform; Flexible scale sets have none.
                SinglePlacementGroup = !flexible && (Bool(props?["singlePlacementGroup"]) ?? true),
                Spot = string.Equals(priority, "Spot", StringComparison.OrdinalIgnoreCase) || string.Equals(priority, "Low", StringComparison.OrdinalIgnoreCase),
                CustomImageNotFromGallery = imageId != null && imageId.IndexOf("/providers/Microsoft.Compute/images/", StringComparison.OrdinalIgnoreCase) >= 0,
                PlatformFaultDomainCount = Int(props?["platformFaultDomainCount"]),
                Zones = (vmss["zones"]?.Items ?? Array.Empty<JsonNode>()).Select(Text).Where(z => z != null).Select(z => z!).ToList(),
                // Flexible scale sets do not overprovision; Uniform ones do unless told not to.
                Overprovision = !flexible && (Bool(props?["overprovision"]) ?? true),
                SubnetId = subnet,
            };
        }
    }
}
