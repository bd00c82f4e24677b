using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// One ARM GET, declared by the read that needs it: the path with its api-version, and what a
    /// refusal must name (the resource in words, the RBAC action, the roles that grant it). A
    /// declared read (ScaleSetRead) fetches through this, so a new read needs no code in
    /// VmssAutoscale.Azure: the live session sends it with its retries, paging and error messages.
    /// </summary>
    public sealed record ArmRead
    {
        /// <summary>The path and query, e.g. /subscriptions/{id}/providers/Microsoft.Compute/locations/{region}/usages?api-version=2024-07-01.</summary>
        public string PathAndQuery { get; init; } = string.Empty;

        /// <summary>What is read, in words, for error messages: "the vCPU quota of region 'eastus'".</summary>
        public string What { get; init; } = string.Empty;

        /// <summary>The Azure RBAC action the read needs, e.g. Microsoft.Compute/locations/usages/read.</summary>
        public string Action { get; init; } = string.Empty;

        /// <summary>The built-in roles that grant the action.</summary>
        public string Roles { get; init; } = "Reader";

        /// <summary>The scope the action is checked at (a resource ID or /subscriptions/{id}).</summary>
        public string Scope { get; init; } = string.Empty;
    }

    /// <summary>Generic ARM reads for declared reads: one body, or every item of a paged list (its value arrays, nextLink followed).</summary>
    public interface IArmReader
    {
        Task<string> GetJsonAsync(ArmRead read, CancellationToken cancellationToken);

        Task<IReadOnlyList<string>> ListJsonAsync(ArmRead read, CancellationToken cancellationToken);
    }
}
