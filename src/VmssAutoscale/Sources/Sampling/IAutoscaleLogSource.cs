using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace VmssAutoscale.Sources.Sampling
{
    /// <summary>
    /// The autoscale setting's resource logs, where a diagnostic setting sends them to a Log
    /// Analytics workspace: the setting's diagnostic settings, and one query of a workspace
    /// through Azure Resource Manager. Only live sessions implement it: snapshots do not carry
    /// the logs (see Get-VmssAutoscaleRunHistory, NOTES).
    /// </summary>
    public interface IAutoscaleLogSource
    {
        /// <summary>The diagnostic settings of a resource, each as its JSON text.</summary>
        Task<IReadOnlyList<string>> ListDiagnosticSettingsJsonAsync(string resourceId, CancellationToken cancellationToken);

        /// <summary>The query response body ({ tables: [ { name, columns, rows } ] }) of one KQL query over [start, end).</summary>
        Task<string> QueryWorkspaceJsonAsync(string workspaceId, string query, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken);
    }
}
