using System;
using Azure.Core;
using VmssAutoscale.Model;

namespace VmssAutoscale.Azure.Arm
{
    /// <summary>
    /// The only requests other than GET the module may send, each bound to its method and the one
    /// path shape it may go to. <see cref="ArmRestClient"/> sends a GET without a permit and anything
    /// else only with one whose shape the resolved path (after the URL parser removed any "..") matches,
    /// so a value read from a service can never turn a query into an action on another resource, and a
    /// new caller cannot send a POST by mistake: it has to name its permit here.
    /// </summary>
    internal sealed class ArmWritePermit
    {
        private readonly Func<string[], bool> matches;

        private ArmWritePermit(RequestMethod method, string name, Func<string[], bool> matches)
        {
            Method = method;
            Name = name;
            this.matches = matches;
        }

        /// <summary>
        /// POST {workspace}/query: the Log Analytics query through ARM (operationalinsights data-plane
        /// 2017-10-01, Query_Execute; see AutoscaleLogs). A query, not a change.
        /// </summary>
        public static ArmWritePermit LogAnalyticsQuery { get; } = new ArmWritePermit(RequestMethod.Post, "a Log Analytics query", s => Resource(s, ArmResourceType.Workspace, "query"));

        /// <summary>POST /providers/Microsoft.ResourceGraph/resources: the Resource Graph query (2021-03-01). A query, not a change.</summary>
        public static ArmWritePermit ResourceGraphQuery { get; } = new ArmWritePermit(RequestMethod.Post, "a Resource Graph query", s =>
            s.Length == 3 && s[0].Equals("providers", StringComparison.OrdinalIgnoreCase)
            && s[1].Equals("Microsoft.ResourceGraph", StringComparison.OrdinalIgnoreCase) && s[2].Equals("resources", StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// POST {storageAccount}/listKeys: reads the account key Get-VmssDiagnosticsSample needs for the
        /// diagnostics tables when no data-plane role is granted (Storage 2023-05-01, StorageAccounts_ListKeys). Reads, changes nothing.
        /// </summary>
        public static ArmWritePermit StorageListKeys { get; } = new ArmWritePermit(RequestMethod.Post, "reading a storage account key", s => Resource(s, ArmResourceType.StorageAccount, "listKeys"));

        /// <summary>PATCH {scaleSet}: the one change the module makes, Invoke-VmssManualScale's capacity.</summary>
        public static ArmWritePermit ScaleSetCapacity { get; } = new ArmWritePermit(RequestMethod.Patch, "a scale set capacity change", s => Resource(s, ArmResourceType.ScaleSet, null));

        public RequestMethod Method { get; }

        /// <summary>What the permitted request is, for the refusal message.</summary>
        public string Name { get; }

        /// <summary>Whether <paramref name="absolutePath"/> (the resolved, normalized URL path) is the shape this permit allows.</summary>
        public bool Allows(string absolutePath)
        {
            var segments = absolutePath.Trim('/').Split('/');
            return matches(segments);
        }

        private static bool Resource(string[] segments, ArmResourceType type, string? action)
        {
            var count = 6 + (2 * type.Types.Count);
            if (segments.Length != count + (action == null ? 0 : 1))
            {
                return false;
            }

            var id = "/" + string.Join("/", segments, 0, count);
            return ArmResourceId.IsValid(id, type) && (action == null || segments[count].Equals(action, StringComparison.OrdinalIgnoreCase));
        }
    }
}
