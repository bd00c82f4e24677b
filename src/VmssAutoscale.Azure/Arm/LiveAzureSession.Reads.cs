using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Azure.Arm
{
    /// <summary>
    /// The declared reads' entry point (Sources/Reads): a GET or a paged list the read describes
    /// itself, sent through the same client as every other read (its retries, paging, deadline and
    /// error messages that name the RBAC action). A new read therefore adds no code here.
    /// </summary>
    internal sealed partial class LiveAzureSession : IArmReader
    {
        public Task<string> GetJsonAsync(ArmRead read, CancellationToken cancellationToken) =>
            client.GetAsync(read.PathAndQuery, Access(read), cancellationToken);

        public Task<IReadOnlyList<string>> ListJsonAsync(ArmRead read, CancellationToken cancellationToken) =>
            client.ListAsync(read.PathAndQuery, Access(read), cancellationToken);

        private static ArmAccess Access(ArmRead read) => new ArmAccess(read.What, read.Action, read.Roles, read.Scope);
    }
}
