using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Sampling
{
    /// <summary>A Log Analytics workspace that receives the autoscale logs of a setting, and through which diagnostic setting.</summary>
    public sealed class AutoscaleLogDestination
    {
        /// <summary>The workspace's resource ID (the diagnostic setting's workspaceId).</summary>
        public string WorkspaceId { get; init; } = string.Empty;

        public IReadOnlyList<string> DiagnosticSettingNames { get; init; } = Array.Empty<string>();

        /// <summary>The autoscale categories sent there (a categoryGroup allLogs counts as both).</summary>
        public IReadOnlyList<string> Categories { get; init; } = Array.Empty<string>();
    }

    /// <summary>Where a setting's diagnostic settings send the autoscale logs.</summary>
    public sealed class AutoscaleLogRouting
    {
        public IReadOnlyList<AutoscaleLogDestination> Workspaces { get; init; } = Array.Empty<AutoscaleLogDestination>();

        /// <summary>Diagnostic settings that send the autoscale categories, but to no workspace (storage, event hub, partner only).</summary>
        public IReadOnlyList<string> ElsewhereOnly { get; init; } = Array.Empty<string>();

        /// <summary>Why diagnostic settings were left out (a workspaceId that is not a workspace's ID, settings past Azure's five), one warning each.</summary>
        public IReadOnlyList<string> Skipped { get; init; } = Array.Empty<string>();
    }

    /// <summary>What one workspace query gave: the records, whether the row limit cut them, and any error the 200 body carried.</summary>
    public sealed class AutoscaleLogResult
    {
        public IReadOnlyList<AutoscaleLogRecord> Records { get; init; } = Array.Empty<AutoscaleLogRecord>();

        public bool Truncated { get; init; }

        /// <summary>Rows the answer held past <see cref="AutoscaleLogs.MaxRows"/>, which were dropped unread.</summary>
        public int Dropped { get; init; }

        /// <summary>An error the service reported inside a successful answer (a partial result), cleaned for the terminal.</summary>
        public string? Error { get; init; }
    }

    /// <summary>
    /// The autoscale setting's resource logs, read where a diagnostic setting sends them to a Log
    /// Analytics workspace. Sources (read 2026-11-29):
    /// - categories AutoscaleEvaluations / AutoscaleScaleActions and their tables
    ///   AutoscaleEvaluationsLog / AutoscaleScaleActionsLog: learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-insights-autoscalesettings-logs;
    /// - the tables' columns: learn.microsoft.com/azure/azure-monitor/reference/tables/autoscaleevaluationslog
    ///   and .../tables/autoscalescaleactionslog;
    /// - diagnostic settings, GET {resourceUri}/providers/Microsoft.Insights/diagnosticSettings, api-version
    ///   2021-05-01-preview, logs[].category / categoryGroup / enabled and workspaceId (empty when unset):
    ///   Azure/azure-rest-api-specs specification/monitor/resource-manager/Microsoft.Insights/preview/2021-05-01-preview/
    ///   diagnosticsSettings_API.json and examples/listDiagnosticSettings.json;
    /// - the query through ARM, POST {workspaceResourceId}/query?api-version=2017-10-01 with body { query, timespan },
    ///   answering { tables: [ { name, columns: [ { name, type } ], rows: [ [ ... ] ] } ] }:
    ///   Azure/azure-rest-api-specs specification/operationalinsights/data-plane/Microsoft.OperationalInsights/preview/2017-10-01/
    ///   swagger.json (host management.azure.com, Query_Execute) and examples/oms-post-example.json, whose rows carry
    ///   numbers and booleans as strings, so values are read by column name and either form is accepted.
    ///   The older ".../api/query?api-version=2017-01-01-preview" ARM form is the deprecated beta
    ///   (learn.microsoft.com/azure/azure-monitor/logs/api/migrate-from-batch-and-beta, dated 2025-06-25).
    /// </summary>
    public static class AutoscaleLogs
    {
        public const string DiagnosticSettingsApiVersion = "2021-05-01-preview";

        public const string QueryApiVersion = "2017-10-01";

        public const string EvaluationsCategory = "AutoscaleEvaluations";

        public const string ScaleActionsCategory = "AutoscaleScaleActions";

        public const string EvaluationsTable = "AutoscaleEvaluationsLog";

        public const string ScaleActionsTable = "AutoscaleScaleActionsLog";

        /// <summary>The category group that includes every log category of a resource.</summary>
        public const string AllLogsGroup = "allLogs";

        /// <summary>The page that tells how to send the autoscale logs to a workspace.</summary>
        public const string SetupPage = "https://learn.microsoft.com/azure/azure-monitor/autoscale/autoscale-resource-log-schema";

        /// <summary>
        /// Rows one query returns at most (the KQL take). The engine logs a few evaluation rows a
        /// minute per rule, so this holds hours of a busy setting; a longer period is cut, with a warning.
        /// </summary>
        public const int MaxRows = 5000;

        /// <summary>
        /// Diagnostic settings a resource can have at most ("Maximum number of diagnostic settings per
        /// resource: 5", Azure Monitor service limits, learn.microsoft.com/azure/azure-monitor/service-limits,
        /// read 2026-12-07): an answer listing more is not Azure's, and only the first five are used.
        /// </summary>
        public const int MaxDiagnosticSettings = 5;

        public static string DiagnosticSettingsPath(string resourceId) =>
            resourceId.TrimEnd('/') + "/providers/Microsoft.Insights/diagnosticSettings?api-version=" + DiagnosticSettingsApiVersion;

        public static string QueryPath(string workspaceId) =>
            workspaceId.TrimEnd('/') + "/query?api-version=" + QueryApiVersion;

        /// <summary>
        /// The workspaces the diagnostic settings send an autoscale category to: an enabled log
        /// entry whose category is one of the two, or whose categoryGroup is allLogs, in a setting
        /// with a non-empty workspaceId. Settings that send them elsewhere only are named, so the
        /// warning can say what is there.
        /// </summary>
        public static AutoscaleLogRouting Route(IEnumerable<string> diagnosticSettingJson)
        {
            var byWorkspace = new Dictionary<string, (List<string> Names, HashSet<string> Categories)>(StringComparer.OrdinalIgnoreCase);
            var elsewhere = new List<string>();
            var skipped = new List<string>();
            var count = 0;
            foreach (var json in diagnosticSettingJson)
            {
                if (++count > MaxDiagnosticSettings)
                {
                    continue;
                }

                var node = JsonParser.Parse(json);
                var name = TerminalText.Clean(Text(node["name"]) ?? "(unnamed)");
                var properties = node["properties"];
                var categories = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var log in properties?["logs"]?.Items ?? Array.Empty<JsonNode>())
                {
                    if (log["enabled"]?.Kind == JsonKind.Boolean && !log["enabled"]!.BooleanValue)
                    {
                        continue;
                    }

                    var category = Text(log["category"]);
                    if (AllLogsGroup.Equals(Text(log["categoryGroup"]), StringComparison.OrdinalIgnoreCase))
                    {
                        categories.Add(EvaluationsCategory);
                        categories.Add(ScaleActionsCategory);
                    }
                    else if (EvaluationsCategory.Equals(category, StringComparison.OrdinalIgnoreCase))
                    {
                        categories.Add(EvaluationsCategory);
                    }
                    else if (ScaleActionsCategory.Equals(category, StringComparison.OrdinalIgnoreCase))
                    {
                        categories.Add(ScaleActionsCategory);
                    }
                }

                if (categories.Count == 0)
                {
                    continue;
                }

                var workspace = Text(properties?["workspaceId"]);
                if (string.IsNullOrWhiteSpace(workspace))
                {
                    elsewhere.Add(name);
                    continue;
                }

                // The query is a POST to this ID: anything but a workspace's ID is skipped, never sent.
                if (ArmResourceId.Problem(workspace, ArmResourceType.Workspace) is string problem)
                {
                    skipped.Add($"Skipped the diagnostic setting '{name}': its field properties.workspaceId " + ArmResourceId.Refusal(string.Empty, ArmResourceType.Workspace, problem).TrimStart());
                    continue;
                }

                workspace = workspace!.TrimEnd('/');
                if (!byWorkspace.TryGetValue(workspace, out var entry))
                {
                    byWorkspace[workspace] = entry = (new List<string>(), new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                }

                entry.Names.Add(name);
                entry.Categories.UnionWith(categories);
            }

            if (count > MaxDiagnosticSettings)
            {
                skipped.Add($"Azure listed {count} diagnostic settings for one autoscale setting, more than the {MaxDiagnosticSettings} a resource can have; only the first {MaxDiagnosticSettings} were used.");
            }

            return new AutoscaleLogRouting
            {
                Workspaces = byWorkspace.Select(p => new AutoscaleLogDestination
                {
                    WorkspaceId = p.Key,
                    DiagnosticSettingNames = p.Value.Names,
                    Categories = p.Value.Categories.OrderBy(c => c, StringComparer.Ordinal).ToList(),
                }).ToList(),
                ElsewhereOnly = elsewhere,
                Skipped = skipped,
            };
        }

        /// <summary>
        /// One KQL query for both tables of one setting over [start, end), newest rows first, cut at
        /// <see cref="MaxRows"/>. union isfuzzy=true keeps the query valid when only one table exists
        /// yet (a workspace creates a table with its first row); the setting's ID is a KQL string
        /// literal, escaped, because it comes from the service, not from this module.
        /// </summary>
        public static string QueryFor(string settingId, DateTime startUtc, DateTime endUtc) =>
            "union isfuzzy=true " + EvaluationsTable + ", " + ScaleActionsTable + "\n"
            + "| where TimeGenerated >= datetime(" + Iso(startUtc) + ") and TimeGenerated < datetime(" + Iso(endUtc) + ")\n"
            + "| where _ResourceId =~ " + QueryLiterals.Kql(settingId.TrimEnd('/')) + "\n"
            + "| sort by TimeGenerated desc\n"
            + "| take " + MaxRows.ToString(CultureInfo.InvariantCulture);

        /// <summary>The query body: the KQL and the same period as an ISO 8601 interval (the service intersects both).</summary>
        public static string QueryBody(string query, DateTime startUtc, DateTime endUtc) =>
            JsonWriter.Write(JsonNode.Object(new[]
            {
                new KeyValuePair<string, JsonNode>("query", JsonNode.From(query)),
                new KeyValuePair<string, JsonNode>("timespan", JsonNode.From(Iso(startUtc) + "/" + Iso(endUtc))),
            }), indented: false);

        /// <summary>
        /// Turns a query response into records, oldest first. Columns are found by name (a table's
        /// column order, or a column the workspace lacks, changes nothing); rows of other tables are
        /// skipped; every text goes through <see cref="TerminalText.Clean(string)"/>.
        /// </summary>
        public static AutoscaleLogResult Read(string body, string settingId, string settingName, string scaleSetId, string workspaceId)
        {
            var root = JsonParser.Parse(body);
            var records = new List<AutoscaleLogRecord>();
            var rowCount = 0;
            foreach (var table in root["tables"]?.Items ?? Array.Empty<JsonNode>())
            {
                var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                var i = 0;
                foreach (var column in table["columns"]?.Items ?? Array.Empty<JsonNode>())
                {
                    var name = Text(column["name"]);
                    if (name != null && !columns.ContainsKey(name))
                    {
                        columns[name] = i;
                    }

                    i++;
                }

                foreach (var row in table["rows"]?.Items ?? Array.Empty<JsonNode>())
                {
                    // The query asks for MaxRows; an answer with more is not the service's, and the rest is dropped unread.
                    if (++rowCount > MaxRows)
                    {
                        continue;
                    }

                    var record = Record(new Row(columns, row), settingId, settingName, scaleSetId, workspaceId);
                    if (record != null)
                    {
                        records.Add(record);
                    }
                }
            }

            var error = root["error"];
            string? message = null;
            if (error != null && !error.IsNull)
            {
                var code = Text(error["code"]);
                var text = Text(error["message"]) ?? Text(error["innererror"]?["message"]);
                message = TerminalText.Clean(string.Join(": ", new[] { code, text }.Where(s => !string.IsNullOrEmpty(s))));
            }

            return new AutoscaleLogResult
            {
                Records = records.OrderBy(r => r.Time).ThenBy(r => r.Kind).ToList(),
                Truncated = rowCount >= MaxRows,
                Dropped = Math.Max(0, rowCount - MaxRows),
                Error = string.IsNullOrEmpty(message) ? null : message,
            };
        }

        private static AutoscaleLogRecord? Record(Row row, string settingId, string settingName, string scaleSetId, string workspaceId)
        {
            var time = row.Date("TimeGenerated");
            if (time == null)
            {
                return null;
            }

            AutoscaleLogKind kind;
            var type = row.Text("Type");
            if (type != null)
            {
                if (type.Equals(ScaleActionsTable, StringComparison.OrdinalIgnoreCase))
                {
                    kind = AutoscaleLogKind.ScaleAction;
                }
                else if (type.Equals(EvaluationsTable, StringComparison.OrdinalIgnoreCase))
                {
                    kind = AutoscaleLogKind.Evaluation;
                }
                else
                {
                    return null;
                }
            }
            else
            {
                // Without the Type column, the category says it; rows that name neither are evaluations (the larger table).
                kind = ScaleActionsCategory.Equals(row.Text("Category"), StringComparison.OrdinalIgnoreCase) ? AutoscaleLogKind.ScaleAction : AutoscaleLogKind.Evaluation;
            }

            var cooldownSkip = row.Bool("SkipRuleEvaluationForCooldown");
            var skipped = row.Bool("SkipCurrentAutoscaleEvaluation");
            var operation = row.Text("OperationName");
            var estimate = row.Text("EstimateScaleResult");
            return new AutoscaleLogRecord
            {
                Kind = kind,
                Time = time.Value,
                SettingName = settingName,
                SettingId = settingId,
                ResourceGroupName = ResourceIds.ResourceGroup(scaleSetId) ?? string.Empty,
                VMScaleSetName = ResourceIds.LastSegment(scaleSetId) ?? string.Empty,
                ResourceId = scaleSetId,
                WorkspaceId = workspaceId,
                OperationName = operation,
                Profile = row.Text("Profile") ?? row.Text("SelectedAutoscaleProfile"),
                MetricName = row.Text("AutoscaleMetricName"),
                Operator = row.Text("Operator"),
                ObservedValue = row.Number("ObservedValue"),
                Threshold = row.Number("Threshold"),
                EvaluationResult = row.Text("EvaluationResult"),
                EstimateScaleResult = estimate,
                SkipReason = SkipReason(cooldownSkip, skipped, operation, estimate, row.Text("EvaluationResult"), row.Text("InstanceUpdateReason")),
                SkipRuleEvaluationForCooldown = cooldownSkip,
                SkipCurrentAutoscaleEvaluation = skipped,
                Cooldown = row.Number("Cooldown"),
                LastScaleActionTime = row.Date("LastScaleActionTime"),
                CurrentInstanceCount = Int(row.Number("CurrentInstanceCount")),
                NewInstanceCount = Int(row.Number("NewInstanceCount")),
                ScaleDirection = row.Text("ScaleDirection"),
                ResultType = row.Text("ResultType"),
                ResultDescription = row.Text("ResultDescription"),
                Message = row.Text("ScaleActionMessage"),
                CorrelationId = row.Text("CorrelationId"),
            };
        }

        /// <summary>
        /// The skip reason in one word, from the row's own fields only: the cooldown flag first (the
        /// engine did not evaluate the rule), then any field naming flapping (the estimate of a scale-in
        /// that would scale straight back out), then the flag that the whole run was skipped.
        /// </summary>
        public static string? SkipReason(bool? cooldownSkip, bool? runSkipped, params string?[] texts)
        {
            if (cooldownSkip == true)
            {
                return "Cooldown";
            }

            if (texts.Any(t => t != null && t.IndexOf("flap", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                return "Flapping";
            }

            return runSkipped == true ? "Skipped" : null;
        }

        private static int? Int(double? value) => value == null || double.IsNaN(value.Value) || Math.Abs(value.Value) > int.MaxValue ? (int?)null : (int)Math.Round(value.Value);

        private static string Iso(DateTime t) => AutoscaleSettingMetrics.Iso(t);

        private static string? Text(JsonNode? n) => n == null || n.IsNull ? null : n.ScalarText;

        /// <summary>One row, its cells found by column name.</summary>
        private readonly struct Row
        {
            private readonly Dictionary<string, int> columns;
            private readonly JsonNode row;

            public Row(Dictionary<string, int> columns, JsonNode row)
            {
                this.columns = columns;
                this.row = row;
            }

            public string? Text(string column)
            {
                var raw = AutoscaleLogs.Text(Cell(column));
                return string.IsNullOrEmpty(raw) ? null : TerminalText.Clean(raw!);
            }

            public double? Number(string column)
            {
                var cell = Cell(column);
                if (cell == null || cell.IsNull)
                {
                    return null;
                }

                if (cell.Kind == JsonKind.Number)
                {
                    return cell.NumberValue;
                }

                return cell.Kind == JsonKind.String && double.TryParse(cell.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !double.IsNaN(v) && !double.IsInfinity(v) ? v : (double?)null;
            }

            public bool? Bool(string column) => JsonValues.Bool(Cell(column));

            public DateTime? Date(string column)
            {
                var text = AutoscaleLogs.Text(Cell(column));
                return text != null && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
                    ? DateTime.SpecifyKind(t, DateTimeKind.Utc)
                    : (DateTime?)null;
            }

            private JsonNode? Cell(string column) =>
                columns.TryGetValue(column, out var i) && row.Kind == JsonKind.Array && i < row.Items.Count ? row.Items[i] : null;
        }
    }
}
