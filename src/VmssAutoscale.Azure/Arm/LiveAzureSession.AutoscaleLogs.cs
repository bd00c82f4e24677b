using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using VmssAutoscale.Model;
using VmssAutoscale.Sources.Sampling;

namespace VmssAutoscale.Azure.Arm
{
    /// <summary>
    /// The autoscale setting's resource logs against live ARM: its diagnostic settings and one
    /// query of a Log Analytics workspace through ARM (paths, versions and sources in
    /// <see cref="AutoscaleLogs"/>), on the same authenticated pipeline as every other read.
    /// </summary>
    internal sealed partial class LiveAzureSession : IAutoscaleLogSource
    {
        public Task<IReadOnlyList<string>> ListDiagnosticSettingsJsonAsync(string resourceId, CancellationToken cancellationToken) =>
            client.ListAsync(AutoscaleLogs.DiagnosticSettingsPath(ArmResourceId.Require(resourceId, ArmResourceType.AutoscaleSetting, "The autoscale setting's id")),
                new ArmAccess($"the diagnostic settings of '{ResourceIds.LastSegment(resourceId)}'", "Microsoft.Insights/diagnosticSettings/read", "Monitoring Reader (or Reader)", resourceId),
                cancellationToken);

        public async Task<string> QueryWorkspaceJsonAsync(string workspaceId, string query, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            var access = new ArmAccess($"the autoscale logs in Log Analytics workspace '{ResourceIds.LastSegment(workspaceId)}'", "Microsoft.OperationalInsights/workspaces/query/read", "Log Analytics Reader (or Reader)", workspaceId);
            var response = await client.SendAsync(ArmWritePermit.LogAnalyticsQuery, AutoscaleLogs.QueryPath(ArmResourceId.Require(workspaceId, ArmResourceType.Workspace, "The diagnostic setting's workspaceId")), AutoscaleLogs.QueryBody(query, startUtc, endUtc), access, cancellationToken).ConfigureAwait(false);
            return response.Body;
        }
    }
}
