using System;
using System.Collections.Generic;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// The api-version each resource type answers to, as the real ARM checks it: a request with
    /// another version gets the service's 400 InvalidApiVersionParameter (NoRegisteredProviderFound
    /// for an unknown one), so a client that drifts to a version the fake does not serve fails a
    /// test instead of passing by accident. The versions are those of the public REST specs
    /// (Azure/azure-rest-api-specs, specification/{compute,monitor,storage,resourcegraph,resources,resourcehealth})
    /// the fake's responses are shaped after. Resource types not in the table are not checked.
    /// </summary>
    public sealed partial class FakeArmService
    {
        public static readonly IReadOnlyDictionary<string, string> ApiVersions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["subscriptions"] = "2022-12-01",
            ["microsoft.resourcegraph/resources"] = "2021-03-01",
            ["microsoft.compute/virtualmachinescalesets"] = "2024-07-01",
            ["microsoft.compute/locations"] = "2024-07-01",
            ["microsoft.insights/autoscalesettings"] = "2022-10-01",
            ["microsoft.insights/eventtypes"] = "2015-04-01",
            ["microsoft.insights/metrics"] = "2023-10-01",
            ["microsoft.storage/storageaccounts"] = "2023-01-01",
            ["microsoft.insights/datacollectionrules"] = "2022-06-01",
            ["microsoft.insights/datacollectionruleassociations"] = "2022-06-01",
            ["microsoft.compute/virtualmachines"] = "2024-07-01",
            ["microsoft.resourcehealth/availabilitystatuses"] = "2025-04-01",
            ["microsoft.resourcehealth/events"] = "2025-04-01",
            ["microsoft.insights/diagnosticsettings"] = "2021-05-01-preview",
            ["microsoft.operationalinsights/workspaces"] = "2017-10-01",
            ["microsoft.compute/skus"] = SkusApiVersion,
            ["microsoft.authorization/locks"] = "2020-05-01",
            ["microsoft.network/virtualnetworks"] = "2024-05-01",
        };

        /// <summary>The resource type a path addresses: the type after its last "providers" segment, or "subscriptions".</summary>
        public static string ResourceTypeOf(string path)
        {
            var segments = path.Trim('/').Split('/');
            var last = Array.FindLastIndex(segments, s => s.Equals("providers", StringComparison.OrdinalIgnoreCase));
            if (last >= 0 && segments.Length > last + 2)
            {
                return (segments[last + 1] + "/" + segments[last + 2]).ToLowerInvariant();
            }

            return segments.Length > 0 && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? "subscriptions" : string.Empty;
        }

        private FakeResponse? ApiVersionError(FakeRequest request)
        {
            var type = ResourceTypeOf(request.Uri.AbsolutePath);
            if (!ApiVersions.TryGetValue(type, out var expected))
            {
                return null;
            }

            var given = Query(request.Uri, "api-version");
            if (given == null)
            {
                return Error(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
            }

            return given == expected
                ? null
                : Error(400, "InvalidApiVersionParameter", $"The api-version '{given}' is invalid. The supported versions for resource type '{type}' in this fake are '{expected}'.");
        }
    }
}
