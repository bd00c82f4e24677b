using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Reads
{
    /// <summary>
    /// Resource Health of the scale set, the guide's "is Azure itself healthy?" step: one GET of
    /// availabilityStatuses/current (Azure/azure-rest-api-specs, Microsoft.ResourceHealth
    /// 2025-04-01, AvailabilityStatuses_GetByResource). The first read declared as a unit; the
    /// bundle section keeps the name bundles have always used for it.
    /// </summary>
    public static class ResourceHealthRead
    {
        public const string ApiVersion = "2025-04-01";

        public static readonly ScaleSetRead<ResourceHealthStatus> Unit = new ScaleSetRead<ResourceHealthStatus>(
            "availabilityStatus",
            "the Resource Health status",
            (arm, scaleSet, cancellationToken) => ScaleSetRead.GetAsync(
                arm,
                new ArmRead
                {
                    PathAndQuery = $"{scaleSet.ResourceId}/providers/Microsoft.ResourceHealth/availabilityStatuses/current?api-version={ApiVersion}",
                    What = $"the Resource Health of '{scaleSet.VMScaleSetName}'",
                    Action = "Microsoft.ResourceHealth/availabilityStatuses/read",
                    Roles = "Reader",
                    Scope = scaleSet.ResourceId,
                },
                cancellationToken),
            (body, _) => AzureStatusReader.ReadAvailability(body.ToString()));
    }
}
