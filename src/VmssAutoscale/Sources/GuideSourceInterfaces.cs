using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace VmssAutoscale.Sources
{
    // The guide's last reads: each VM's instance view and Azure's own status. Separate small seams
    // (not members of IScaleSetSource) so a source that cannot answer them simply does not
    // implement them, and the diagnosis says what it could not see. Each read stands alone, so a
    // caller may run them concurrently with the others.

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

    /// <summary>Resource Health and Service Health (Microsoft.ResourceHealth).</summary>
    public interface IAzureStatusSource
    {
        /// <summary>The availabilityStatuses/current body of one resource.</summary>
        Task<string> GetAvailabilityStatusJsonAsync(string resourceId, CancellationToken cancellationToken);

        /// <summary>The Service Health event bodies of a subscription whose impact reaches back to <paramref name="startUtc"/>.</summary>
        Task<IReadOnlyList<string>> ListServiceHealthEventJsonAsync(string subscriptionId, DateTime startUtc, CancellationToken cancellationToken);
    }
}
