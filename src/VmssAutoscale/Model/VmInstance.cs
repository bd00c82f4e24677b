using System;
using System.Collections.Generic;
using System.Linq;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// One VM of a scale set as its own instance view shows it (the guide's "check the instance
    /// view of VMs in the VM Scale Set"): power and provisioning state, the VM agent, and each
    /// extension's status and message. Get-VmssAutoscaleTarget returns them in Instances.
    /// </summary>
    public sealed class VmInstance
    {
        /// <summary>The VM resource name (vmss_2 for Uniform, the VM's own name for Flexible).</summary>
        public string Name { get; init; } = string.Empty;

        /// <summary>The scale set's instance ID (Uniform); null for Flexible VMs, which have none.</summary>
        public string? InstanceId { get; init; }

        /// <summary>The guest host name, which the WAD/LAD tables and agents report instead of the VM name.</summary>
        public string? ComputerName { get; init; }

        /// <summary>running, stopped, deallocated, starting, stopping, deallocating, or unknown without an instance view.</summary>
        public string PowerState { get; init; } = "unknown";

        /// <summary>succeeded, failed, updating, creating, ... (the VM's provisioning state code).</summary>
        public string? ProvisioningState { get; init; }

        /// <summary>The VM agent's display status (Ready, Not Ready); null when the VM reports no agent.</summary>
        public string? VmAgentStatus { get; init; }

        public string? VmAgentVersion { get; init; }

        /// <summary>The agent's status message when it is not ready.</summary>
        public string? VmAgentMessage { get; init; }

        public IReadOnlyList<VmExtensionStatus> Extensions { get; init; } = Array.Empty<VmExtensionStatus>();

        public string VMScaleSetName { get; init; } = string.Empty;

        public string ResourceGroupName { get; init; } = string.Empty;

        /// <summary>The VM's resource ID (not named ResourceId, which binds to the scale set in the next cmdlet).</summary>
        public string VmResourceId { get; init; } = string.Empty;

        public bool IsRunning => string.Equals(PowerState, "running", StringComparison.OrdinalIgnoreCase);

        public bool ProvisioningFailed => ProvisioningState != null && ProvisioningState.StartsWith("failed", StringComparison.OrdinalIgnoreCase);

        /// <summary>False when the agent reports and is not Ready; null when it does not report.</summary>
        public bool? AgentReady => VmAgentStatus == null ? (bool?)null : string.Equals(VmAgentStatus, "Ready", StringComparison.OrdinalIgnoreCase);

        public IReadOnlyList<VmExtensionStatus> FailedExtensions => Extensions.Where(e => e.Failed).ToList();

        /// <summary>One line for tables: the failed extensions by name, or "ok".</summary>
        public string ExtensionSummary => Extensions.Count == 0 ? "none" : FailedExtensions.Count == 0 ? $"{Extensions.Count} ok" : string.Join(", ", FailedExtensions.Select(e => e.Name + " failed"));

        /// <summary>
        /// True when this VM is the one a sample's instance name means: host metrics name the VM
        /// (vmss_2), the diagnostics tables and agents name the guest host (vmss000002), and some
        /// exports use the bare instance ID.
        /// </summary>
        public bool Matches(string sampleInstance) =>
            string.Equals(sampleInstance, Name, StringComparison.OrdinalIgnoreCase)
            || (ComputerName != null && string.Equals(sampleInstance, ComputerName, StringComparison.OrdinalIgnoreCase))
            || (InstanceId != null && string.Equals(sampleInstance, InstanceId, StringComparison.OrdinalIgnoreCase));

        /// <summary>What is wrong with this VM in words, or null when it runs with a ready agent and no failed extension.</summary>
        public string? Problem
        {
            get
            {
                var parts = new List<string>();
                if (!IsRunning)
                {
                    parts.Add($"its VM is {PowerState}");
                }

                if (ProvisioningFailed)
                {
                    parts.Add($"its provisioning state is {ProvisioningState}");
                }

                // A VM that does not run has no agent to report; saying so again adds nothing.
                if (AgentReady == false && IsRunning)
                {
                    parts.Add($"its VM agent is {VmAgentStatus}{(string.IsNullOrEmpty(VmAgentMessage) ? string.Empty : " (" + VmAgentMessage + ")")}");
                }

                parts.AddRange(FailedExtensions.Select(e => $"its {e.Name} failed{(string.IsNullOrEmpty(e.Message) ? string.Empty : " with \"" + e.Message + "\"")}"));
                return parts.Count == 0 ? null : string.Join("; ", parts);
            }
        }

        public override string ToString() => Name;
    }

    /// <summary>One extension in one VM's instance view.</summary>
    public sealed class VmExtensionStatus
    {
        public string Name { get; init; } = string.Empty;

        /// <summary>The extension type as the instance view reports it (e.g. Microsoft.Azure.Monitor.AzureMonitorLinuxAgent).</summary>
        public string? Type { get; init; }

        public string? TypeHandlerVersion { get; init; }

        /// <summary>The status code, e.g. ProvisioningState/succeeded or ProvisioningState/failed/0.</summary>
        public string? Code { get; init; }

        public string? DisplayStatus { get; init; }

        /// <summary>The extension's own message (agents put their error here); redacted of anything secret-shaped.</summary>
        public string? Message { get; init; }

        /// <summary>True when the status code or level says the extension failed.</summary>
        public bool Failed { get; init; }

        public override string ToString() => $"{Name}: {DisplayStatus ?? Code ?? "no status"}";
    }
}
