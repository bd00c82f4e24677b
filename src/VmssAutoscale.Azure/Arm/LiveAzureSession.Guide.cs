using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Azure.Arm
{
    /// <summary>
    /// The guide's last reads against live ARM: each VM's instance view in pages, Resource Health
    /// and Service Health. Shapes and versions from Azure/azure-rest-api-specs: Compute
    /// 2024-07-01 (VirtualMachineScaleSetVMs_List with $expand=instanceView; VirtualMachines_List
    /// with $filter 'virtualMachineScaleSet/id' eq '...' and $expand=instanceView for Flexible
    /// members) and Microsoft.ResourceHealth 2025-04-01 (Events_ListBySubscriptionId; the availability
    /// status is the declared read Sources/Reads/ResourceHealthRead).
    /// </summary>
    internal sealed partial class LiveAzureSession : IVmInstanceSource, IAzureStatusSource
    {
        public const string ResourceHealthApiVersion = "2025-04-01";

        public Task<IReadOnlyList<string>> ListVmJsonAsync(string scaleSetId, bool flexible, CancellationToken cancellationToken)
        {
            ArmResourceId.Require(scaleSetId, ArmResourceType.ScaleSet, "The scale set ID");
            var name = ResourceIds.LastSegment(scaleSetId);
            var access = new ArmAccess($"the VMs of scale set '{name}'", flexible ? "Microsoft.Compute/virtualMachines/read" : "Microsoft.Compute/virtualMachineScaleSets/virtualMachines/read", "Reader (or Virtual Machine Contributor)", scaleSetId);
            if (!flexible)
            {
                return client.ListAsync($"{scaleSetId}/virtualMachines?api-version={ComputeApiVersion}&$expand=instanceView", access, cancellationToken);
            }

            var group = $"/subscriptions/{ResourceIds.Subscription(scaleSetId)}/resourceGroups/{ResourceIds.ResourceGroup(scaleSetId)}";
            var filter = "'virtualMachineScaleSet/id' eq " + QueryLiterals.OData(scaleSetId);
            return client.ListAsync($"{group}/providers/Microsoft.Compute/virtualMachines?api-version={ComputeApiVersion}&$filter={Uri.EscapeDataString(filter)}&$expand=instanceView", access, cancellationToken);
        }

        /// <summary>
        /// One listing for the whole subscription (paged only if Azure has more events than fit a
        /// page); queryStartTime takes a date, so the region and service are matched afterwards.
        /// </summary>
        public Task<IReadOnlyList<string>> ListServiceHealthEventJsonAsync(string subscriptionId, DateTime startUtc, CancellationToken cancellationToken) =>
            client.ListAsync(
                $"/subscriptions/{subscriptionId}/providers/Microsoft.ResourceHealth/events?api-version={ResourceHealthApiVersion}&queryStartTime={Uri.EscapeDataString(startUtc.ToString("M/d/yyyy", CultureInfo.InvariantCulture))}",
                new ArmAccess("the Service Health events of the subscription", "Microsoft.ResourceHealth/events/read", "Reader", "/subscriptions/" + subscriptionId),
                cancellationToken);
    }
}
