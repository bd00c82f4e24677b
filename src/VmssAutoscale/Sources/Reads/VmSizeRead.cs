using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using static VmssAutoscale.Json.JsonValues;

namespace VmssAutoscale.Sources.Reads
{
    /// <summary>
    /// The scale set's size in vCPUs: Compute VirtualMachineSizes_List (Azure/azure-rest-api-specs,
    /// Microsoft.Compute 2024-07-01, GET /subscriptions/{s}/providers/Microsoft.Compute/locations/{region}/vmSizes).
    /// One list per subscription and region per command, shared by every scale set there; each keeps
    /// only its own size (name, cores, memory) in its "vmSizes" section, where bundles have always kept it.
    /// </summary>
    public static class VmSizeRead
    {
        public const string ApiVersion = "2024-07-01";

        public static readonly ScaleSetRead<IReadOnlyList<VmSizeInfo>> Unit = new ScaleSetRead<IReadOnlyList<VmSizeInfo>>(
            "vmSizes",
            "the VM sizes of the region",
            (arm, s, ct) => s.Location == null
                ? Task.FromResult(JsonNode.Array(Array.Empty<JsonNode>()))
                : ScaleSetRead.ComputeRegionListAsync(arm, s, "vmSizes", ApiVersion, "the VM sizes", ct),
            (body, _) => ScaleSetRead.ItemsOf(body, "vmSizes").Select(Size).ToList(),
            s => s.SubscriptionId + "|" + s.Location,
            (body, s) => body.Kind == JsonKind.Array ? Body(ScaleSetRead.ItemsOf(body, "vmSizes").Select(Size).Where(z => string.Equals(z.Name, s.SkuName, StringComparison.OrdinalIgnoreCase))) : body,
            BundleSlot.AfterInstanceView);

        /// <summary>The section a bundle keeps: each size's name, cores and memory.</summary>
        public static JsonNode Body(IEnumerable<VmSizeInfo> sizes) => JsonNode.Array(sizes.Select(z => JsonNode.Object(new[]
        {
            new KeyValuePair<string, JsonNode>("name", JsonNode.From(z.Name)),
            new KeyValuePair<string, JsonNode>("numberOfCores", JsonNode.From((long)z.NumberOfCores)),
            new KeyValuePair<string, JsonNode>("memoryInMB", JsonNode.From((long)z.MemoryInMB)),
        })));

        /// <summary>The vCPUs of the scale set's size, or null when the sizes do not name it.</summary>
        public static int? VCpusOf(IReadOnlyList<VmSizeInfo>? sizes, string? skuName) =>
            sizes?.FirstOrDefault(z => string.Equals(z.Name, skuName, StringComparison.OrdinalIgnoreCase))?.NumberOfCores;

        private static VmSizeInfo Size(JsonNode n) => new VmSizeInfo
        {
            Name = Text(n["name"]) ?? string.Empty,
            NumberOfCores = Int(n["numberOfCores"]) ?? 0,
            MemoryInMB = Int(n["memoryInMB"]) ?? 0,
        };
    }
}
