using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace VmssAutoscale.Sources
{
    // The guide's last reads: each VM's instance view and Azure's own status. Small seams of
    // their own; SourceSet says, per source, whether it answers them (Capability). Each read
    // stands alone, so a caller may run them concurrently with the others.

    /// <summary>The VMs of a scale set with their instance views, in pages (never one request per VM).</summary>
    public interface IVmInstanceSource
    {
        /// <summary>
        /// Every VM body of the scale set, each with properties.instanceView. Uniform: the scale
        /// set's virtualMachines list with $expand=instanceView; Flexible: the resource group's
        /// virtualMachines list filtered on virtualMachineScaleSet/id with $expand=instanceView.
        /// </summary>
        Task<IReadOnlyList<string>> ListVmJsonAsync(string scaleSetId, bool flexible, CancellationToken cancellationToken);
    }

    /// <summary>Service Health (Microsoft.ResourceHealth events of a subscription). Resource Health of one resource is a declared read (Reads/ResourceHealthRead).</summary>
    public interface IAzureStatusSource
    {
        /// <summary>The Service Health event bodies of a subscription whose impact reaches back to <paramref name="startUtc"/>.</summary>
        Task<IReadOnlyList<string>> ListServiceHealthEventJsonAsync(string subscriptionId, DateTime startUtc, CancellationToken cancellationToken);
    }
}
