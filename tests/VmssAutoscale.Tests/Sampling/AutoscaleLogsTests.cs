using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources.Sampling;
using Xunit;

namespace VmssAutoscale.Tests.Sampling
{
    /// <summary>The autoscale resource logs: routing from diagnostic settings, the query, reading the answer by column name, and the reader's warnings and errors.</summary>
    public class AutoscaleLogsTests
    {
        // A fixed period: nothing here may depend on the minute the test runs in.
        private static readonly DateTime PeriodEnd = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

        private const string SettingId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/microsoft.insights/autoscalesettings/web-autoscale";
        private const string ScaleSetId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";
        private const string Workspace = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law";

        private static string DiagnosticSetting(string name, string workspaceId, string? storage, params string[] logs) =>
            $"{{ \"name\": \"{name}\", \"properties\": {{ \"workspaceId\": \"{workspaceId}\", \"storageAccountId\": {(storage == null ? "null" : "\"" + storage + "\"")}, \"logs\": [{string.Join(",", logs)}] }} }}";

        private static string Category(string category, bool enabled = true) => $"{{ \"category\": \"{category}\", \"enabled\": {(enabled ? "true" : "false")} }}";

        private static string Group(string group) => $"{{ \"categoryGroup\": \"{group}\", \"enabled\": true }}";

        private static string Answer(string[] columns, params string[] rows) =>
            "{ \"tables\": [ { \"name\": \"PrimaryResult\", \"columns\": [" + string.Join(",", columns.Select(c => $"{{ \"name\": \"{c}\", \"type\": \"string\" }}")) + "], \"rows\": [" + string.Join(",", rows) + "] } ] }";

        private static AutoscaleLogResult Read(string body) => AutoscaleLogs.Read(body, SettingId, "web-autoscale", ScaleSetId, Workspace);

        [Fact]
        public void Routes_the_autoscale_categories_or_allLogs_to_their_workspace_and_names_settings_that_send_them_elsewhere()
        {
            var routing = AutoscaleLogs.Route(new[]
            {
                DiagnosticSetting("to-law", Workspace, null, Category("AutoscaleEvaluations"), Category("AutoscaleScaleActions", enabled: false)),
                DiagnosticSetting("all-to-law", Workspace, null, Group("allLogs")),
                DiagnosticSetting("to-storage", string.Empty, "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", Category("AutoscaleScaleActions")),
                DiagnosticSetting("metrics-only", Workspace.Replace("law", "other"), null),
            });

            var destination = Assert.Single(routing.Workspaces);
            Assert.Equal(Workspace, destination.WorkspaceId);
            Assert.Equal(new[] { "to-law", "all-to-law" }, destination.DiagnosticSettingNames);
            Assert.Equal(new[] { "AutoscaleEvaluations", "AutoscaleScaleActions" }, destination.Categories);
            Assert.Equal(new[] { "to-storage" }, routing.ElsewhereOnly);
        }

        [Fact]
        public void A_disabled_category_alone_routes_nowhere()
        {
            var routing = AutoscaleLogs.Route(new[] { DiagnosticSetting("off", Workspace, null, Category("AutoscaleEvaluations", enabled: false)) });
            Assert.Empty(routing.Workspaces);
            Assert.Empty(routing.ElsewhereOnly);
        }

        [Fact]
        public void The_query_is_one_bounded_union_over_both_tables_for_the_setting_and_the_period()
        {
            var query = AutoscaleLogs.QueryFor(SettingId, new DateTime(2026, 11, 29, 15, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 29, 16, 0, 0, DateTimeKind.Utc));
            Assert.StartsWith("union isfuzzy=true AutoscaleEvaluationsLog, AutoscaleScaleActionsLog", query);
            Assert.Contains("TimeGenerated >= datetime(2026-11-29T15:00:00Z) and TimeGenerated < datetime(2026-11-29T16:00:00Z)", query);
            Assert.Contains("_ResourceId =~ \"" + SettingId + "\"", query);
            Assert.EndsWith("| take " + AutoscaleLogs.MaxRows, query);
            Assert.Equal(SettingId + "/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview", AutoscaleLogs.DiagnosticSettingsPath(SettingId));
            Assert.Equal(Workspace + "/query?api-version=2017-10-01", AutoscaleLogs.QueryPath(Workspace));
        }

        [Fact]
        public void A_quote_or_backslash_in_the_setting_id_cannot_end_the_KQL_string()
        {
            Assert.Equal("\"a\\\"b\\\\c\"", QueryLiterals.Kql("a\"b\\c"));
            var query = AutoscaleLogs.QueryFor("/x\" | take 1 // y", PeriodEnd.AddHours(-1), PeriodEnd);
            Assert.Contains("_ResourceId =~ \"/x\\\" | take 1 // y\"", query);
        }

        [Fact]
        public void Reads_the_committed_answer_by_column_name_oldest_first_with_the_skip_reasons()
        {
            var result = Read(TestFiles.ReadFixture("autoscale-logs", "query-response.json"));
            Assert.False(result.Truncated);
            Assert.Null(result.Error);
            Assert.Equal(5, result.Records.Count);
            Assert.Equal(result.Records.OrderBy(r => r.Time).Select(r => r.Time), result.Records.Select(r => r.Time));

            var action = Assert.Single(result.Records, r => r.Kind == AutoscaleLogKind.ScaleAction);
            Assert.Equal((3, 4, "Increase", "Succeeded"), (action.CurrentInstanceCount!.Value, action.NewInstanceCount!.Value, action.ScaleDirection, action.ResultType));
            Assert.Equal(new DateTime(2026, 11, 29, 15, 42, 10, DateTimeKind.Utc), action.Time);
            Assert.Equal(DateTimeKind.Utc, action.Time.Kind);

            var outRule = result.Records.Single(r => r.Operator == "GreaterThan");
            Assert.Equal((60d, 71.25d, "Percentage CPU", "Default", "Triggered"), (outRule.Threshold!.Value, outRule.ObservedValue!.Value, outRule.MetricName, outRule.Profile, outRule.EvaluationResult));
            Assert.Null(outRule.SkipReason);
            Assert.Equal("Cooldown", result.Records.Single(r => r.SkipRuleEvaluationForCooldown == true).SkipReason);
            Assert.Equal("Flapping", result.Records.Single(r => r.EstimateScaleResult == "Flapping").SkipReason);
            Assert.All(result.Records, r =>
            {
                Assert.Equal(("web", "rg", ScaleSetId, Workspace, "web-autoscale"), (r.VMScaleSetName, r.ResourceGroupName, r.ResourceId, r.WorkspaceId, r.SettingName));
            });
        }

        [Fact]
        public void Column_order_does_not_matter_and_missing_or_unknown_columns_are_null_or_ignored()
        {
            var a = Read(Answer(new[] { "TimeGenerated", "Type", "ObservedValue", "Threshold", "Mystery" }, "[\"2026-11-29T15:00:00Z\", \"AutoscaleEvaluationsLog\", 12.5, 50, \"x\"]"));
            var b = Read(Answer(new[] { "Mystery", "Threshold", "ObservedValue", "Type", "TimeGenerated" }, "[\"x\", 50, 12.5, \"AutoscaleEvaluationsLog\", \"2026-11-29T15:00:00Z\"]"));
            foreach (var r in new[] { a.Records.Single(), b.Records.Single() })
            {
                Assert.Equal((12.5, 50d), (r.ObservedValue!.Value, r.Threshold!.Value));
                Assert.Null(r.MetricName);
                Assert.Null(r.CurrentInstanceCount);
                Assert.Null(r.SkipRuleEvaluationForCooldown);
                Assert.Null(r.SkipReason);
            }
        }

        [Fact]
        public void Numbers_and_booleans_sent_as_strings_as_in_the_spec_example_read_the_same_and_nulls_stay_null()
        {
            var result = Read(Answer(new[] { "TimeGenerated", "Type", "ObservedValue", "SkipRuleEvaluationForCooldown", "CurrentInstanceCount", "Threshold", "Profile" },
                "[\"2026-11-29T15:00:00Z\", \"AutoscaleEvaluationsLog\", \"33.5\", \"true\", \"4\", null, null]",
                "[\"2026-11-29T15:01:00Z\", \"AutoscaleEvaluationsLog\", \"not a number\", \"maybe\", \"\", \"NaN\", \"\"]"));
            var first = result.Records[0];
            Assert.Equal((33.5, true, 4), (first.ObservedValue!.Value, first.SkipRuleEvaluationForCooldown!.Value, first.CurrentInstanceCount!.Value));
            Assert.Equal("Cooldown", first.SkipReason);
            Assert.Null(first.Threshold);
            Assert.Null(first.Profile);
            var second = result.Records[1];
            Assert.Null(second.ObservedValue);
            Assert.Null(second.SkipRuleEvaluationForCooldown);
            Assert.Null(second.CurrentInstanceCount);
            Assert.Null(second.Threshold);
            Assert.Null(second.Profile);
        }

        [Fact]
        public void Rows_without_a_time_or_of_another_table_are_skipped_and_the_category_decides_without_a_Type_column()
        {
            var typed = Read(Answer(new[] { "TimeGenerated", "Type" }, "[null, \"AutoscaleEvaluationsLog\"]", "[\"2026-11-29T15:00:00Z\", \"Heartbeat\"]", "[\"2026-11-29T15:00:00Z\", \"AutoscaleScaleActionsLog\"]"));
            Assert.Equal(AutoscaleLogKind.ScaleAction, Assert.Single(typed.Records).Kind);
            var untyped = Read(Answer(new[] { "TimeGenerated", "Category" }, "[\"2026-11-29T15:00:00Z\", \"AutoscaleScaleActions\"]", "[\"2026-11-29T15:01:00Z\", \"AutoscaleEvaluations\"]"));
            Assert.Equal(new[] { AutoscaleLogKind.ScaleAction, AutoscaleLogKind.Evaluation }, untyped.Records.Select(r => r.Kind));
        }

        [Fact]
        public void Hostile_strings_lose_their_control_characters()
        {
            var result = Read(Answer(new[] { "TimeGenerated", "Type", "Profile", "ResultDescription", "OperationName" },
                "[\"2026-11-29T15:00:00Z\", \"AutoscaleEvaluationsLog\", \"Default\\u001b[31m\\u009b2J\", \"one\\r\\ntwo\\u001b]0;t\\u0007\", \"Rule\\u202eEvaluation\"]"));
            var r = result.Records.Single();
            foreach (var text in new[] { r.Profile, r.ResultDescription, r.OperationName })
            {
                Assert.DoesNotContain(text!, c => char.IsControl(c) || c == '\u202e');
            }

            Assert.Equal("Default[31m2J", r.Profile);
        }

        [Fact]
        public void A_partial_error_in_a_200_answer_is_reported_and_a_full_page_is_marked_truncated()
        {
            var partial = Read("{ \"tables\": [], \"error\": { \"code\": \"PartialError\", \"message\": \"There were some errors\\u001b[2J\" } }");
            Assert.Equal("PartialError: There were some errors[2J", partial.Error);
            var rows = Enumerable.Range(0, AutoscaleLogs.MaxRows).Select(i => $"[\"2026-11-29T15:00:00Z\", \"AutoscaleEvaluationsLog\"]").ToArray();
            Assert.True(Read(Answer(new[] { "TimeGenerated", "Type" }, rows)).Truncated);
        }

        [Theory]
        [InlineData(null, null, null, null)]
        [InlineData(true, null, "Flapping", "Cooldown")]
        [InlineData(false, null, "TriggeredButFlapping", "Flapping")]
        [InlineData(null, true, "NotTriggered", "Skipped")]
        public void The_skip_reason_comes_from_the_rows_own_fields(bool? cooldown, bool? skipped, string? text, string? expected) =>
            Assert.Equal(expected, AutoscaleLogs.SkipReason(cooldown, skipped, text));

        [Fact]
        public async Task The_reader_warns_when_no_workspace_gets_the_logs_and_names_a_storage_only_setting()
        {
            var none = await AutoscaleLogReader.ReadAsync(new Source(), SettingId, "web-autoscale", ScaleSetId, PeriodEnd.AddHours(-1), PeriodEnd, CancellationToken.None);
            Assert.Contains("No diagnostic setting", Assert.Single(none.Warnings));
            Assert.Contains(AutoscaleLogs.SetupPage, none.Warnings[0]);
            Assert.Equal(1, none.Requests);

            var storage = new Source { Settings = { DiagnosticSetting("archive", string.Empty, "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", Group("allLogs")) } };
            var read = await AutoscaleLogReader.ReadAsync(storage, SettingId, "web-autoscale", ScaleSetId, PeriodEnd.AddHours(-1), PeriodEnd, CancellationToken.None);
            Assert.Contains("'archive'", Assert.Single(read.Warnings));
            Assert.Empty(read.Records);
        }

        [Fact]
        public async Task A_refused_query_becomes_LogQueryFailed_naming_the_workspace_with_its_category_kept()
        {
            var source = new Source
            {
                Settings = { DiagnosticSetting("to-law", Workspace, null, Group("allLogs")) },
                Failure = new ModuleException(ErrorIds.PermissionDenied, ErrorCategory.PermissionDenied, "Permission denied for the autoscale logs.", "x"),
            };
            var read = await AutoscaleLogReader.ReadAsync(source, SettingId, "web-autoscale", ScaleSetId, PeriodEnd.AddHours(-1), PeriodEnd, CancellationToken.None);
            var error = Assert.Single(read.Errors);
            Assert.Equal((ErrorIds.LogQueryFailed, ErrorCategory.PermissionDenied, (object?)Workspace), (error.ErrorId, error.Category, error.Target));
            Assert.Contains("'law'", error.Message);
            Assert.Contains("Log Analytics Reader", error.Message);

            source.Failure = new ModuleException(ErrorIds.RequestFailed, ErrorCategory.InvalidOperation, "HTTP 400 BadArgumentError: invalid ('union' operator: Failed to resolve table expression named 'AutoscaleEvaluationsLog')", "x");
            read = await AutoscaleLogReader.ReadAsync(source, SettingId, "web-autoscale", ScaleSetId, PeriodEnd.AddHours(-1), PeriodEnd, CancellationToken.None);
            error = Assert.Single(read.Errors);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.Category);
            Assert.Contains("no autoscale log table yet", error.Message);
        }

        [Fact]
        public async Task One_query_per_workspace_however_many_diagnostic_settings_point_there()
        {
            var source = new Source
            {
                Settings = { DiagnosticSetting("a", Workspace, null, Category("AutoscaleEvaluations")), DiagnosticSetting("b", Workspace, null, Category("AutoscaleScaleActions")) },
                Answer = TestFiles.ReadFixture("autoscale-logs", "query-response.json"),
            };
            var read = await AutoscaleLogReader.ReadAsync(source, SettingId, "web-autoscale", ScaleSetId, PeriodEnd.AddHours(-1), PeriodEnd, CancellationToken.None);
            Assert.Equal(2, read.Requests);
            Assert.Single(source.Queries);
            Assert.Equal(5, read.Records.Count);
            Assert.Empty(read.Warnings);
        }

        private sealed class Source : IAutoscaleLogSource
        {
            public List<string> Settings { get; } = new List<string>();

            public List<string> Queries { get; } = new List<string>();

            public ModuleException? Failure { get; set; }

            public string Answer { get; set; } = "{ \"tables\": [] }";

            public Task<IReadOnlyList<string>> ListDiagnosticSettingsJsonAsync(string resourceId, CancellationToken cancellationToken) =>
                Task.FromResult<IReadOnlyList<string>>(Settings);

            public Task<string> QueryWorkspaceJsonAsync(string workspaceId, string query, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
            {
                Queries.Add(query);
                return Failure != null ? Task.FromException<string>(Failure) : Task.FromResult(Answer);
            }
        }
    }
}
