using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Reads
{
    /// <summary>
    /// Each VM of the scale set with its instance view, in pages: for a Uniform scale set
    /// VirtualMachineScaleSetVMs_List with $expand=instanceView, for a Flexible one (Azure refuses
    /// that list for it) VirtualMachines_List of its resource group filtered on
    /// 'virtualMachineScaleSet/id' (Azure/azure-rest-api-specs, Microsoft.Compute 2024-07-01).
    /// </summary>
    public static class VirtualMachinesRead
    {
        public const string ApiVersion = "2024-07-01";

        public static readonly ScaleSetRead<IReadOnlyList<VmInstance>> Unit = new ScaleSetRead<IReadOnlyList<VmInstance>>(
            "virtualMachines",
            "the VMs' instance views",
            (arm, s, ct) =>
            {
                var id = ArmResourceId.Require(s.ResourceId, ArmResourceType.ScaleSet, "The scale set ID");
                var flexible = ScaleSetReader.IsFlexible(s);
                var read = new ArmRead
                {
                    PathAndQuery = flexible
                        ? $"/subscriptions/{ResourceIds.Subscription(id)}/resourceGroups/{ResourceIds.ResourceGroup(id)}/providers/Microsoft.Compute/virtualMachines?api-version={ApiVersion}&$filter={Uri.EscapeDataString("'virtualMachineScaleSet/id' eq " + QueryLiterals.OData(id))}&$expand=instanceView"
                        : $"{id}/virtualMachines?api-version={ApiVersion}&$expand=instanceView",
                    What = $"the VMs of scale set '{ResourceIds.LastSegment(id)}'",
                    Action = flexible ? "Microsoft.Compute/virtualMachines/read" : "Microsoft.Compute/virtualMachineScaleSets/virtualMachines/read",
                    Roles = "Reader (or Virtual Machine Contributor)",
                    Scope = id,
                };
                return ScaleSetRead.ListAsync(arm, read, ct);
            },
            (body, s) => ScaleSetRead.ItemsOf(body, "virtualMachines").Select(vm => VmInstanceReader.Read(vm, s.ResourceId)).ToList());
    }
}
