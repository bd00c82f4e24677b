namespace VmssAutoscale.Azure.Arm
{
    /// <summary>
    /// What a request reads or changes, so a failure can name it: the resource in words, the
    /// Azure RBAC action it needs, and the built-in roles that grant that action.
    /// </summary>
    internal sealed class ArmAccess
    {
        public ArmAccess(string what, string action, string roles, string scope)
        {
            What = what;
            Action = action;
            Roles = roles;
            Scope = scope;
        }

        public string What { get; }

        public string Action { get; }

        public string Roles { get; }

        public string Scope { get; }

        public static ArmAccess ReadScaleSet(string id) =>
            new ArmAccess($"the scale set '{Name(id)}'", "Microsoft.Compute/virtualMachineScaleSets/read", "Reader (or Virtual Machine Contributor)", id);

        public static ArmAccess ReadInstanceView(string id) =>
            new ArmAccess($"the instance view of scale set '{Name(id)}'", "Microsoft.Compute/virtualMachineScaleSets/instanceView/read", "Reader (or Virtual Machine Contributor)", id);

        public static ArmAccess ListScaleSets(string scope) =>
            new ArmAccess($"the scale sets of '{scope}'", "Microsoft.Compute/virtualMachineScaleSets/read", "Reader", scope);

        public static ArmAccess ReadSettings(string scope) =>
            new ArmAccess($"the autoscale settings of '{scope}'", "Microsoft.Insights/AutoscaleSettings/read", "Reader or Monitoring Reader", scope);

        public static ArmAccess ReadSetting(string id) =>
            new ArmAccess($"the autoscale setting '{Name(id)}'", "Microsoft.Insights/AutoscaleSettings/read", "Reader or Monitoring Reader", id);

        public static ArmAccess ReadSettingMetrics(string id) =>
            new ArmAccess($"the run history (platform metrics) of autoscale setting '{Name(id)}'", "Microsoft.Insights/metrics/read", "Monitoring Reader (or Reader)", id);

        public static ArmAccess ReadActivityLog(string subscriptionId, string resourceId) =>
            new ArmAccess($"the activity log of '{Name(resourceId)}'", "Microsoft.Insights/eventtypes/values/read", "Reader or Monitoring Reader", "/subscriptions/" + subscriptionId);

        public static ArmAccess WriteScaleSet(string id) =>
            new ArmAccess($"changing the capacity of scale set '{Name(id)}'", "Microsoft.Compute/virtualMachineScaleSets/write", "Virtual Machine Contributor (or Contributor)", id);

        public static ArmAccess ReadOperation(string id) =>
            new ArmAccess($"the status of the operation on scale set '{Name(id)}'", "Microsoft.Compute/locations/operations/read", "Reader (or Virtual Machine Contributor)", id);

        /// <summary>Resource Graph returns only what the caller may read, so Reader on the subscriptions is what it needs.</summary>
        public static ArmAccess QueryResourceGraph(int subscriptions) =>
            new ArmAccess($"the Azure Resource Graph query over {subscriptions} subscription(s)", "Microsoft.ResourceGraph/resources/read", "Reader on the subscriptions", "/providers/Microsoft.ResourceGraph");

        public static ArmAccess ListSubscriptions() =>
            new ArmAccess("the list of subscriptions", "Microsoft.Resources/subscriptions/read", "Reader on at least one subscription", "/");

        private static string Name(string id)
        {
            var rg = VmssAutoscale.Model.ResourceIds.ResourceGroup(id);
            var name = VmssAutoscale.Model.ResourceIds.LastSegment(id) ?? id;
            return rg == null ? name : rg + "/" + name;
        }
    }
}
