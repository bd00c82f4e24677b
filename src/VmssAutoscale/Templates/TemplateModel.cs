using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Templates
{
    /// <summary>Options that describe what the template cannot: the load, the cores.</summary>
    public sealed class TemplateAnalysisOptions
    {
        /// <summary>vCPUs per instance; overrides what the VM size says.</summary>
        public int? CoresPerInstance { get; init; }

        /// <summary>How many cores the workload keeps busy per instance (a single-threaded load is 1).</summary>
        public double? LoadedCoresPerInstance { get; init; }

        /// <summary>The largest capacity a scale set may have (1000 for platform images).</summary>
        public int ScaleSetCapacityLimit { get; init; } = 1000;
    }

    /// <summary>An autoscale setting under test, with the evaluated node it came from (when it came from a template) for locations.</summary>
    internal sealed class SettingUnderTest
    {
        public SettingUnderTest(AutoscaleSetting setting, JsonNode? node, TemplateResource? resource, string? source)
        {
            Setting = setting;
            Node = node;
            Resource = resource;
            Source = source;
        }

        public AutoscaleSetting Setting { get; }

        public JsonNode? Node { get; }

        public TemplateResource? Resource { get; }

        public string? Source { get; }

        public string Name => Resource?.Name ?? Setting.Name;

        public JsonNode? Properties => Node?["properties"] ?? Node;

        public JsonNode? ProfileNode(int profile) => Item(Properties?["profiles"], profile);

        public JsonNode? RuleNode(int profile, int rule) => Item(ProfileNode(profile)?["rules"], rule);

        private static JsonNode? Item(JsonNode? array, int i) => array != null && array.Kind == JsonKind.Array && i < array.Items.Count ? array.Items[i] : null;
    }

    internal sealed class ScaleSetView
    {
        public ScaleSetView(TemplateResource resource, EvaluatedTemplate template)
        {
            Resource = resource;
            var node = resource.Node;
            var vmProfile = node["properties"]?["virtualMachineProfile"];
            SkuName = node["sku"]?["name"]?.StringValue;
            CapacityNode = node["sku"]?["capacity"];
            if (CapacityNode != null && CapacityNode.ScalarText is string c && int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out var capacity))
            {
                Capacity = capacity;
            }

            (Os, OsEvidence) = DetectOs(vmProfile, template);
            var extensions = new List<JsonNode>();
            extensions.AddRange(vmProfile?["extensionProfile"]?["extensions"]?.Items ?? Array.Empty<JsonNode>());
            extensions.AddRange(template.Resources
                .Where(r => r.IsType("Microsoft.Compute/virtualMachineScaleSets/extensions") && r.Name.StartsWith(resource.Name + "/", StringComparison.OrdinalIgnoreCase))
                .Select(r => r.Node));
            Diagnostics = extensions.Select(e => DiagnosticsConfig.Read(e, template.Symbols)).Where(d => d != null).Select(d => d!).ToList();
            AgentExtension = extensions.FirstOrDefault(e => AgentTypes.Contains(e["properties"]?["type"]?.StringValue ?? string.Empty, StringComparer.OrdinalIgnoreCase));
            var identity = node["identity"]?["type"]?.StringValue;
            IdentityType = string.IsNullOrEmpty(identity) || string.Equals(identity, "None", StringComparison.OrdinalIgnoreCase) ? null : identity;
        }

        /// <summary>The Azure Monitor Agent extension types (publisher Microsoft.Azure.Monitor).</summary>
        public static readonly string[] AgentTypes = { "AzureMonitorWindowsAgent", "AzureMonitorLinuxAgent" };

        /// <summary>The AzureMonitorWindowsAgent/AzureMonitorLinuxAgent extension; null when the scale set runs neither.</summary>
        public JsonNode? AgentExtension { get; }

        /// <summary>The scale set's managed identity type; null without one (or "None").</summary>
        public string? IdentityType { get; }

        public TemplateResource Resource { get; }

        public string Name => Resource.Name;

        public string? SkuName { get; }

        public JsonNode? CapacityNode { get; }

        public int? Capacity { get; }

        public GuestOs Os { get; }

        public string OsEvidence { get; }

        public IReadOnlyList<DiagnosticsConfig> Diagnostics { get; }

        private static (GuestOs, string) DetectOs(JsonNode? vmProfile, EvaluatedTemplate template)
        {
            var osProfile = vmProfile?["osProfile"];
            if (osProfile?["linuxConfiguration"] != null)
            {
                return (GuestOs.Linux, "osProfile.linuxConfiguration");
            }

            if (osProfile?["windowsConfiguration"] != null)
            {
                return (GuestOs.Windows, "osProfile.windowsConfiguration");
            }

            var storage = vmProfile?["storageProfile"];
            if (ParseOs(storage?["osDisk"]?["osType"]?.StringValue) is GuestOs diskOs)
            {
                return (diskOs, "storageProfile.osDisk.osType");
            }

            var image = storage?["imageReference"];
            var publisher = image?["publisher"]?.StringValue ?? string.Empty;
            var offer = image?["offer"]?.StringValue ?? string.Empty;
            var imageText = publisher + " " + offer;
            if (new[] { "Windows", "MicrosoftSQLServer", "MicrosoftVisualStudio" }.Any(w => imageText.IndexOf(w, StringComparison.OrdinalIgnoreCase) >= 0))
            {
                return (GuestOs.Windows, $"image {publisher}/{offer}");
            }

            if (new[] { "Canonical", "Ubuntu", "RedHat", "RHEL", "OpenLogic", "CentOS", "SUSE", "SLES", "Debian", "credativ", "Oracle-Linux", "CoreOS", "kinvolk", "AlmaLinux", "Rocky" }
                .Any(w => imageText.IndexOf(w, StringComparison.OrdinalIgnoreCase) >= 0))
            {
                return (GuestOs.Linux, $"image {publisher}/{offer}");
            }

            // A custom image deployed by the same template says its OS on its own osDisk.
            if (image?["id"]?.StringValue is string imageId)
            {
                var imageResource = template.Resources.FirstOrDefault(r => r.IsType("Microsoft.Compute/images") && SymbolTable.IdKey(r.Id) == SymbolTable.IdKey(imageId));
                if (ParseOs(imageResource?.Node["properties"]?["storageProfile"]?["osDisk"]?["osType"]?.StringValue) is GuestOs imageOs)
                {
                    return (imageOs, $"custom image {imageResource!.Name}");
                }
            }

            // Extensions that exist for one OS only.
            foreach (var ext in vmProfile?["extensionProfile"]?["extensions"]?.Items ?? Array.Empty<JsonNode>())
            {
                var type = ext["properties"]?["type"]?.StringValue ?? string.Empty;
                if (type.Equals("IaaSDiagnostics", StringComparison.OrdinalIgnoreCase) || type.Equals("DSC", StringComparison.OrdinalIgnoreCase) || type.Equals("CustomScriptExtension", StringComparison.OrdinalIgnoreCase))
                {
                    return (GuestOs.Windows, $"the {type} extension");
                }

                if (type.IndexOf("Linux", StringComparison.OrdinalIgnoreCase) >= 0 || type.Equals("CustomScript", StringComparison.OrdinalIgnoreCase))
                {
                    return (GuestOs.Linux, $"the {type} extension");
                }
            }

            return (GuestOs.Unknown, "nothing in the template");
        }

        private static GuestOs? ParseOs(string? s) =>
            s == null ? (GuestOs?)null : s.Equals("Linux", StringComparison.OrdinalIgnoreCase) ? GuestOs.Linux : s.Equals("Windows", StringComparison.OrdinalIgnoreCase) ? GuestOs.Windows : (GuestOs?)null;
    }

    /// <summary>Collects findings with one consistent shape.</summary>
    internal sealed class FindingSink
    {
        private readonly List<TemplateFinding> findings = new List<TemplateFinding>();

        public FindingSink(string? source) => Source = source;

        public string? Source { get; }

        public IReadOnlyList<TemplateFinding> Findings => findings;

        public void Add(string rule, string severity, string message, string remediation, string? resourceName, string? resourceType, JsonNode? at)
        {
            var registered = TemplateRuleCatalog.Get(rule);
            findings.Add(new TemplateFinding
            {
                RuleName = rule,
                HelpLink = registered.HelpLink,
                Severity = severity,
                // Names, parameters and expressions of a template someone sent are quoted in the
                // findings: the one place template findings are made cleans them for the terminal.
                Message = TerminalText.Clean(message, keepLineBreaks: true),
                Remediation = TerminalText.Clean(remediation, keepLineBreaks: true),
                ResourceName = TerminalText.CleanOrNull(resourceName),
                ResourceType = TerminalText.CleanOrNull(resourceType),
                Path = at != null && at.Line > 0 ? at.Path : null,
                Line = at?.Line ?? 0,
                Source = Source,
            });
        }

        public void Add(string rule, string severity, string message, string remediation, SettingUnderTest setting, JsonNode? at) =>
            Add(rule, severity, message, remediation, setting.Name, AutoscaleSettingParser.SettingResourceType, at ?? setting.Node);
    }
}
