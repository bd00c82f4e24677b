using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// Reads VM bodies with their instance view: a Uniform scale set's virtualMachines list
    /// (VirtualMachineScaleSetVM, Compute 2024-07-01) or a Flexible scale set's member VMs
    /// (VirtualMachine); both carry properties.instanceView with statuses, vmAgent and extensions.
    /// </summary>
    public static class VmInstanceReader
    {
        public static VmInstance Read(JsonNode vm, string scaleSetId)
        {
            var props = vm["properties"];
            var view = props?["instanceView"];
            var statuses = view?["statuses"]?.Items ?? Array.Empty<JsonNode>();
            string? Code(string prefix) => statuses.Select(s => JsonValues.Text(s["code"])).FirstOrDefault(c => c != null && c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
            var power = Code("PowerState/");
            var provisioning = Code("ProvisioningState/");
            var agent = view?["vmAgent"];
            var agentStatus = (agent?["statuses"]?.Items ?? Array.Empty<JsonNode>()).FirstOrDefault();
            return new VmInstance
            {
                Name = JsonValues.Text(vm["name"]) ?? ResourceIds.LastSegment(JsonValues.Text(vm["id"]) ?? string.Empty) ?? string.Empty,
                InstanceId = JsonValues.Text(vm["instanceId"]),
                ComputerName = JsonValues.Text(view?["computerName"]) ?? JsonValues.Text(props?["osProfile"]?["computerName"]),
                PowerState = power != null ? power.Substring("PowerState/".Length) : "unknown",
                ProvisioningState = provisioning != null ? provisioning.Substring("ProvisioningState/".Length) : JsonValues.Text(props?["provisioningState"])?.ToLowerInvariant(),
                VmAgentStatus = agentStatus == null ? null : JsonValues.Text(agentStatus["displayStatus"]) ?? JsonValues.Text(agentStatus["code"]),
                VmAgentVersion = JsonValues.Text(agent?["vmAgentVersion"]),
                VmAgentMessage = Clean(agentStatus?["message"]),
                Extensions = (view?["extensions"]?.Items ?? Array.Empty<JsonNode>()).Select(Extension).ToList(),
                VMScaleSetName = ResourceIds.LastSegment(scaleSetId) ?? string.Empty,
                ResourceGroupName = ResourceIds.ResourceGroup(scaleSetId) ?? string.Empty,
                VmResourceId = JsonValues.Text(vm["id"]) ?? string.Empty,
            };
        }

        private static VmExtensionStatus Extension(JsonNode e)
        {
            var status = (e["statuses"]?.Items ?? Array.Empty<JsonNode>()).FirstOrDefault();
            var code = JsonValues.Text(status?["code"]);
            var level = JsonValues.Text(status?["level"]);
            return new VmExtensionStatus
            {
                Name = JsonValues.Text(e["name"]) ?? string.Empty,
                Type = JsonValues.Text(e["type"]),
                TypeHandlerVersion = JsonValues.Text(e["typeHandlerVersion"]),
                Code = code,
                DisplayStatus = JsonValues.Text(status?["displayStatus"]),
                Message = Clean(status?["message"]),
                Failed = (code != null && code.IndexOf("/failed", StringComparison.OrdinalIgnoreCase) >= 0)
                    || string.Equals(level, "Error", StringComparison.OrdinalIgnoreCase),
            };
        }

        // Agent and extension messages are free text from inside the VM: one line, nothing secret-shaped.
        private static string? Clean(JsonNode? n)
        {
            var text = JsonValues.Text(n);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var line = text!.Replace("\r", " ").Replace("\n", " ").Trim();
            return Reports.SecretRedactor.RedactText(line.Length > 300 ? line.Substring(0, 300) + "…" : line);
        }
    }
}
