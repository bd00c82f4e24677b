using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Sampling
{
    /// <summary>What reading one setting's logs gave: records, warnings to show once, and failures that do not stop the rest.</summary>
    public sealed class AutoscaleLogRead
    {
        public List<AutoscaleLogRecord> Records { get; } = new List<AutoscaleLogRecord>();

        public List<string> Warnings { get; } = new List<string>();

        public List<ModuleException> Errors { get; } = new List<ModuleException>();

        /// <summary>Requests sent: one for the diagnostic settings, one per workspace.</summary>
        public int Requests { get; set; }
    }

    /// <summary>
    /// Reads one autoscale setting's resource logs: its diagnostic settings, then one query per
    /// workspace that receives the autoscale categories (normally one). A missing destination is a
    /// warning; a refused or failed query is a <see cref="ErrorIds.LogQueryFailed"/> naming the
    /// workspace; neither stops the caller's other output.
    /// </summary>
    public static class AutoscaleLogReader
    {
        /// <summary>All of one setting's logs at once (for callers that keep them anyway); the cmdlet streams with <see cref="RouteAsync"/> and <see cref="QueryAsync"/>.</summary>
        public static async Task<AutoscaleLogRead> ReadAsync(IAutoscaleLogSource source, string settingId, string settingName, string scaleSetId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            var (routing, read) = await RouteAsync(source, settingId, settingName, cancellationToken).ConfigureAwait(false);
            foreach (var destination in routing?.Workspaces ?? Array.Empty<AutoscaleLogDestination>())
            {
                var one = await QueryAsync(source, destination, settingId, settingName, scaleSetId, startUtc, endUtc, cancellationToken).ConfigureAwait(false);
                read.Records.AddRange(one.Records);
                read.Warnings.AddRange(one.Warnings);
                read.Errors.AddRange(one.Errors);
                read.Requests += one.Requests;
            }

            return read;
        }

        /// <summary>
        /// The workspaces to query (null when there are none or the list failed), with the warnings
        /// and errors of reading the diagnostic settings.
        /// </summary>
        public static async Task<(AutoscaleLogRouting? Routing, AutoscaleLogRead Read)> RouteAsync(IAutoscaleLogSource source, string settingId, string settingName, CancellationToken cancellationToken)
        {
            var read = new AutoscaleLogRead();
            IReadOnlyList<string> diagnosticSettings;
            try
            {
                read.Requests++;
                diagnosticSettings = await source.ListDiagnosticSettingsJsonAsync(settingId, cancellationToken).ConfigureAwait(false);
            }
            catch (ModuleException e)
            {
                read.Errors.Add(e);
                return (null, read);
            }

            var routing = AutoscaleLogs.Route(diagnosticSettings);
            read.Warnings.AddRange(routing.Skipped);
            if (routing.Workspaces.Count == 0)
            {
                read.Warnings.Add(routing.ElsewhereOnly.Count > 0
                    ? $"The autoscale setting '{settingName}' sends its autoscale logs through diagnostic setting(s) {Quote(routing.ElsewhereOnly)} to a storage account, event hub or partner only, which -IncludeLogs cannot query. Add a Log Analytics workspace as a destination of the categories AutoscaleEvaluations and AutoscaleScaleActions (or the group allLogs): {AutoscaleLogs.SetupPage}"
                    : $"No diagnostic setting of the autoscale setting '{settingName}' sends the categories AutoscaleEvaluations and AutoscaleScaleActions to a Log Analytics workspace, so there are no autoscale logs to read; the run history's metric records still came. Create one (portal: the autoscale setting's Diagnostic settings, or New-AzDiagnosticSetting) with those categories or the group allLogs: {AutoscaleLogs.SetupPage}");
                return (null, read);
            }

            return (routing, read);
        }

        /// <summary>One workspace's records (at most <see cref="AutoscaleLogs.MaxRows"/>), with a warning that says how many were cut.</summary>
        public static async Task<AutoscaleLogRead> QueryAsync(IAutoscaleLogSource source, AutoscaleLogDestination destination, string settingId, string settingName, string scaleSetId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            var read = new AutoscaleLogRead();
            var query = AutoscaleLogs.QueryFor(settingId, startUtc, endUtc);
            var workspaceName = ResourceIds.LastSegment(destination.WorkspaceId) ?? destination.WorkspaceId;
            try
            {
                read.Requests++;
                var body = await source.QueryWorkspaceJsonAsync(destination.WorkspaceId, query, startUtc, endUtc, cancellationToken).ConfigureAwait(false);
                var result = AutoscaleLogs.Read(body, settingId, settingName, scaleSetId, destination.WorkspaceId);
                read.Records.AddRange(result.Records);
                if (result.Dropped > 0)
                {
                    read.Warnings.Add($"Workspace '{workspaceName}' answered the autoscale log query of '{settingName}' with {AutoscaleLogs.MaxRows + result.Dropped} rows though it asked for at most {AutoscaleLogs.MaxRows}; the {result.Dropped} rows past the first {AutoscaleLogs.MaxRows} were dropped. Give a shorter -Last or -StartTime/-EndTime to see the rest.");
                }
                else if (result.Truncated)
                {
                    read.Warnings.Add($"Workspace '{workspaceName}' may hold more than {AutoscaleLogs.MaxRows} autoscale log rows of '{settingName}' in the period; only the newest {AutoscaleLogs.MaxRows} came. Give a shorter -Last or -StartTime/-EndTime to see the rest.");
                }

                if (result.Error != null)
                {
                    read.Errors.Add(new ModuleException(ErrorIds.LogQueryFailed, ErrorCategory.InvalidResult,
                        $"Workspace '{workspaceName}' answered the autoscale log query of '{settingName}' with an error ({result.Error}); the rows it returned came, others may be missing. Try again, or a shorter period.",
                        destination.WorkspaceId));
                }
            }
            catch (ModuleException e)
            {
                read.Errors.Add(QueryFailed(e, destination.WorkspaceId, workspaceName, settingName));
            }

            return read;
        }

        /// <summary>The query's failure, renamed to LogQueryFailed and said in terms of the logs; its category (PermissionDenied, ...) stays.</summary>
        private static ModuleException QueryFailed(ModuleException e, string workspaceId, string workspaceName, string settingName)
        {
            var missingTable = e.Message.IndexOf("Failed to resolve table", StringComparison.OrdinalIgnoreCase) >= 0;
            var advice = missingTable
                ? "The workspace has no autoscale log table yet: it is created with the first row the diagnostic setting sends, so nothing was logged there yet. Check that the autoscale setting is enabled and that the diagnostic setting targets this workspace, then try again later."
                : e.Category == ErrorCategory.PermissionDenied
                    ? "Assign a role that can query the workspace, such as Log Analytics Reader, on it."
                    : "Try again; if it repeats, run the query in the workspace's Logs page to see the service's own message.";
            return new ModuleException(ErrorIds.LogQueryFailed, missingTable ? ErrorCategory.ObjectNotFound : e.Category,
                $"Could not read the autoscale logs of '{settingName}' from Log Analytics workspace '{workspaceName}' ({workspaceId}): {e.Message} {advice} The run history's metric records still came.",
                workspaceId, e);
        }

        private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => "'" + n + "'"));
    }
}
