using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// The guide's last reads answered from a bundle. A bundle written before these reads existed
    /// has no such sections: the answer is then NotInSnapshot, which the diagnosis turns into a
    /// Skipped check that says so (never a Pass on nothing). Declared reads say it the same way
    /// (<see cref="Missing"/>).
    /// </summary>
    public sealed partial class SnapshotSource : IVmInstanceSource, IAzureStatusSource
    {
        public Task<IReadOnlyList<string>> ListVmJsonAsync(string scaleSetId, bool flexible, CancellationToken cancellationToken)
        {
            var set = Find(scaleSetId);
            return set.VirtualMachines == null
                ? Task.FromException<IReadOnlyList<string>>(Missing("the VMs' instance views", scaleSetId))
                : Task.FromResult<IReadOnlyList<string>>(set.VirtualMachines.Select(v => v.ToString()).ToList());
        }

        /// <summary>The events recorded with any scale set of the subscription, once each (they are subscription-wide).</summary>
        public Task<IReadOnlyList<string>> ListServiceHealthEventJsonAsync(string subscriptionId, DateTime startUtc, CancellationToken cancellationToken)
        {
            var recorded = Matching(subscriptionId, null, null).Where(s => s.ServiceHealthEvents != null).ToList();
            if (recorded.Count == 0)
            {
                return Task.FromException<IReadOnlyList<string>>(Missing("the Service Health events", "/subscriptions/" + subscriptionId));
            }

            return Task.FromResult<IReadOnlyList<string>>(recorded
                .SelectMany(s => s.ServiceHealthEvents!)
                .GroupBy(e => e["name"]?.StringValue ?? e.ToString(), StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First().ToString())
                .ToList());
        }

        private ModuleException Missing(string what, string target) =>
            new ModuleException(ErrorIds.NotInSnapshot, ErrorCategory.ObjectNotFound,
                $"The snapshot{(Snapshot.Path.Length > 0 ? $" '{Snapshot.Path}'" : string.Empty)} does not hold {what} (it was exported before they were collected); export a new bundle to check them.", target);
    }
}
