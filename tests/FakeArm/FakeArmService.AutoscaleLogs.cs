using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// The autoscale setting's resource logs: its diagnostic settings (GET {setting}/providers/
    /// Microsoft.Insights/diagnosticSettings, the 2021-05-01-preview list shape: value[].properties.
    /// logs[] with category or categoryGroup, workspaceId or storageAccountId) and a Log Analytics
    /// workspace answering the query through ARM (POST {workspace}/query, 2017-10-01: body { query,
    /// timespan }, answer { tables: [ { name, columns: [ { name, type } ], rows } ] }, shapes from
    /// Azure/azure-rest-api-specs monitor 2021-05-01-preview and operationalinsights data-plane 2017-10-01
    /// examples). The rows are the fake's own: per minute and rule an evaluation with the rule's
    /// metric, operator and threshold; every tenth minute a cooldown skip; one flapping estimate;
    /// a scale action for each autoscale action the activity log holds. The columns are those of the
    /// public table reference pages (a subset), union of both tables as "union" returns them.
    /// /_fake/seed-logs replaces the state: { "diagnosticSettings": [ { resourceGroup, setting, name,
    /// workspace | storage, categories: [...] | categoryGroup } ], "workspaces": [ { resourceGroup,
    /// name, mode: rows | forbidden | noTable | partialError, hostile, stringValues, reversedColumns } ] }.
    /// </summary>
    public sealed partial class FakeArmService
    {
        private static readonly (string Name, string Type)[] LogColumns =
        {
            ("TimeGenerated", "datetime"), ("Type", "string"), ("_ResourceId", "string"), ("Category", "string"), ("OperationName", "string"),
            ("CorrelationId", "string"), ("Profile", "string"), ("AutoscaleMetricName", "string"), ("Operator", "string"), ("ObservedValue", "real"),
            ("Threshold", "real"), ("EvaluationResult", "string"), ("EstimateScaleResult", "string"), ("SkipRuleEvaluationForCooldown", "bool"),
            ("SkipCurrentAutoscaleEvaluation", "bool"), ("Cooldown", "int"), ("LastScaleActionTime", "datetime"), ("CurrentInstanceCount", "int"),
            ("NewInstanceCount", "int"), ("ScaleDirection", "string"), ("ResultType", "string"), ("ResultDescription", "string"), ("ScaleActionMessage", "string"),
        };

        private readonly List<JsonObject> diagnosticSettings = new List<JsonObject>();
        private readonly Dictionary<string, JsonObject> workspaces = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);

        public static string WorkspaceId(string rg, string name) =>
            $"/subscriptions/{Subscription}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{name}";

        private FakeResponse? AutoscaleLogsControl(FakeRequest request, string path)
        {
            if (!path.Equals("/_fake/seed-logs", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var root = JsonNode.Parse(request.Body)?.AsObject() ?? new JsonObject();
            diagnosticSettings.Clear();
            workspaces.Clear();
            foreach (var w in Items(root, "workspaces"))
            {
                workspaces[WorkspaceId(Str(w, "resourceGroup"), Str(w, "name"))] = (JsonObject)w.DeepClone();
            }

            foreach (var d in Items(root, "diagnosticSettings"))
            {
                var settingId = SettingId(Str(d, "resourceGroup"), Str(d, "setting"));
                var name = Str(d, "name");
                var logs = new JsonArray();
                if ((string?)d["categoryGroup"] is string group)
                {
                    logs.Add(new JsonObject { ["categoryGroup"] = group, ["enabled"] = true, ["retentionPolicy"] = new JsonObject { ["enabled"] = false, ["days"] = 0 } });
                }

                foreach (var c in d["categories"]?.AsArray() ?? new JsonArray())
                {
                    logs.Add(new JsonObject { ["category"] = (string)c!, ["enabled"] = (bool?)d["enabled"] ?? true, ["retentionPolicy"] = new JsonObject { ["enabled"] = false, ["days"] = 0 } });
                }

                var properties = new JsonObject
                {
                    ["storageAccountId"] = (string?)d["storage"] is string storage ? StorageAccountId(Str(d, "resourceGroup"), storage) : null,
                    ["workspaceId"] = (string?)d["workspace"] is string workspace ? WorkspaceId(Str(d, "resourceGroup"), workspace) : string.Empty,
                    ["metrics"] = new JsonArray { new JsonObject { ["category"] = "AllMetrics", ["enabled"] = false, ["retentionPolicy"] = new JsonObject { ["enabled"] = false, ["days"] = 0 } } },
                    ["logs"] = logs,
                };
                diagnosticSettings.Add(new JsonObject
                {
                    ["id"] = $"{settingId}/providers/microsoft.insights/diagnosticSettings/{name}",
                    ["type"] = "Microsoft.Insights/diagnosticSettings",
                    ["name"] = name,
                    ["properties"] = properties,
                });
            }

            return new FakeResponse { Status = 204 };
        }

        private FakeResponse? AutoscaleLogsRoute(FakeRequest request, string lower, string rg)
        {
            if (lower.Contains("/providers/microsoft.insights/autoscalesettings/") && lower.EndsWith("/providers/microsoft.insights/diagnosticsettings", StringComparison.Ordinal))
            {
                var owner = request.Uri.AbsolutePath.Substring(0, lower.LastIndexOf("/providers/microsoft.insights/diagnosticsettings", StringComparison.Ordinal));
                if (!settings.ContainsKey(owner))
                {
                    return Error(404, "ResourceNotFound", "The autoscale setting was not found.");
                }

                var value = diagnosticSettings.Where(d => ((string)d["id"]!).StartsWith(owner + "/", StringComparison.OrdinalIgnoreCase)).Select(d => (JsonNode)d.DeepClone()).ToArray();
                return Json(200, new JsonObject { ["value"] = new JsonArray(value) }.ToJsonString());
            }

            if (!lower.Contains("/providers/microsoft.operationalinsights/workspaces/") || !lower.EndsWith("/query", StringComparison.Ordinal))
            {
                return null;
            }

            if (!request.Method.Equals("POST", StringComparison.OrdinalIgnoreCase))
            {
                return Error(405, "MethodNotAllowed", "The fake answers the workspace query as a POST with a JSON body.");
            }

            var workspaceId = request.Uri.AbsolutePath.Substring(0, request.Uri.AbsolutePath.Length - "/query".Length);
            if (!workspaces.TryGetValue(workspaceId, out var workspace))
            {
                return Error(404, "ResourceNotFound", $"The Resource 'Microsoft.OperationalInsights/workspaces/{workspaceId.Split('/').Last()}' under resource group '{rg}' was not found.");
            }

            var body = JsonNode.Parse(string.IsNullOrEmpty(request.Body) ? "{}" : request.Body)?.AsObject();
            var query = (string?)body?["query"];
            var timespan = ((string?)body?["timespan"] ?? string.Empty).Split('/');
            if (query == null || timespan.Length != 2
                || !DateTime.TryParse(timespan[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var start)
                || !DateTime.TryParse(timespan[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var end))
            {
                return Error(400, "BadArgumentError", "The request had some invalid properties: the body needs query and an ISO 8601 start/end timespan.");
            }

            var take = Regex.Match(query, @"\|\s*take\s+(\d+)\s*$");
            var resource = Regex.Match(query, "_ResourceId =~ \"((?:[^\"\\\\]|\\\\.)*)\"");
            if (!take.Success || !resource.Success || query.IndexOf("AutoscaleEvaluationsLog", StringComparison.Ordinal) < 0 || query.IndexOf("AutoscaleScaleActionsLog", StringComparison.Ordinal) < 0)
            {
                return Error(400, "BadArgumentError", "The fake answers only a bounded query (ending in take N) over AutoscaleEvaluationsLog and AutoscaleScaleActionsLog for one _ResourceId.");
            }

            switch ((string?)workspace["mode"] ?? "rows")
            {
                case "forbidden":
                    return Error(403, "InsufficientAccessError", "The provided credentials have insufficient access to perform the requested operation");
                case "noTable":
                    return Json(400, new JsonObject
                    {
                        ["error"] = new JsonObject
                        {
                            ["code"] = "BadArgumentError",
                            ["message"] = "The request had some invalid properties",
                            ["innererror"] = new JsonObject
                            {
                                ["code"] = "SemanticError",
                                ["message"] = "A semantic error occurred.",
                                ["innererror"] = new JsonObject { ["code"] = "SEM0100", ["message"] = "'union' operator: Failed to resolve table expression named 'AutoscaleEvaluationsLog'" },
                            },
                        },
                    }.ToJsonString());
            }

            var settingId = Regex.Unescape(resource.Groups[1].Value);
            var rows = LogRows(settingId, workspace, start, end).OrderByDescending(r => r.Time).Take(int.Parse(take.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            var reversed = (bool?)workspace["reversedColumns"] ?? false;
            var columns = reversed ? LogColumns.Reverse().ToArray() : LogColumns;
            var stringValues = (bool?)workspace["stringValues"] ?? false;
            JsonNode? Cell(JsonObject row, string name, string type)
            {
                var v = row[name];
                if (v == null)
                {
                    return null;
                }

                // The spec's example sends numbers and booleans as strings; the live service sends them typed.
                return stringValues && type != "string" && type != "datetime" ? JsonValue.Create(v.ToJsonString().Trim('"')) : v.DeepClone();
            }

            var answer = new JsonObject
            {
                ["tables"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["name"] = "PrimaryResult",
                        ["columns"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.Type }).ToArray()),
                        ["rows"] = new JsonArray(rows.Select(r => (JsonNode)new JsonArray(columns.Select(c => Cell(r.Row, c.Name, c.Type)).ToArray())).ToArray()),
                    },
                },
            };
            if ((string?)workspace["mode"] == "partialError")
            {
                answer["error"] = new JsonObject { ["code"] = "PartialError", ["message"] = "There were some errors when processing your query.", ["details"] = new JsonArray() };
            }

            return Json(200, answer.ToJsonString());
        }

        private IEnumerable<(DateTime Time, JsonObject Row)> LogRows(string settingId, JsonObject workspace, DateTime start, DateTime end)
        {
            if (!settings.TryGetValue(settingId, out var setting) || !diagnosticSettings.Any(d => ((string)d["id"]!).StartsWith(settingId + "/", StringComparison.OrdinalIgnoreCase)))
            {
                yield break;
            }

            var hostile = (bool?)workspace["hostile"] ?? false;
            var properties = setting["properties"]!;
            var profile = properties["profiles"]![0]!;
            var profileName = hostile ? "Default\u001b[31m\u009b2J" : (string)profile["name"]!;
            var target = (string)properties["targetResourceUri"]!;
            var vmss = scaleSets.FirstOrDefault(p => p.Key.Equals(target, StringComparison.OrdinalIgnoreCase)).Value;
            var capacity = vmss == null ? 0 : (int)vmss["sku"]!["capacity"]!;
            var rules = profile["rules"]!.AsArray();
            var from = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, DateTimeKind.Utc);
            if (from < start)
            {
                from = from.AddMinutes(1);
            }

            JsonObject Row(DateTime time, string table, string operation) => new JsonObject
            {
                ["TimeGenerated"] = time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                ["Type"] = table,
                ["_ResourceId"] = settingId.ToLowerInvariant(),
                ["Category"] = table == "AutoscaleScaleActionsLog" ? "AutoscaleScaleActions" : "AutoscaleEvaluations",
                ["OperationName"] = operation,
                ["CorrelationId"] = Guid.Empty.ToString(),
                ["CurrentInstanceCount"] = capacity,
            };

            var index = 0;
            for (var minute = from; minute < end; minute = minute.AddMinutes(1), index++)
            {
                if (index % 10 == 9)
                {
                    var skip = Row(minute.AddSeconds(2), "AutoscaleEvaluationsLog", "ScaleRuleCooldownEvaluation");
                    skip["Profile"] = profileName;
                    skip["SkipRuleEvaluationForCooldown"] = true;
                    skip["Cooldown"] = 5;
                    skip["LastScaleActionTime"] = minute.AddMinutes(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                    yield return (minute.AddSeconds(2), skip);
                    continue;
                }

                foreach (var rule in rules)
                {
                    var trigger = rule!["metricTrigger"]!;
                    var threshold = (double)trigger["threshold"]!;
                    var row = Row(minute.AddSeconds(3), "AutoscaleEvaluationsLog", "RuleEvaluation");
                    row["Profile"] = profileName;
                    row["AutoscaleMetricName"] = (string)trigger["metricName"]!;
                    row["Operator"] = (string)trigger["operator"]!;
                    row["Threshold"] = threshold;
                    row["ObservedValue"] = 40 + (minute.Minute % 7);
                    row["EvaluationResult"] = "NotTriggered";
                    if (index == 15 && ((string)trigger["operator"]!).StartsWith("Less", StringComparison.Ordinal))
                    {
                        row["EstimateScaleResult"] = "Flapping";
                    }

                    if (hostile)
                    {
                        row["ResultDescription"] = "line one\r\nline two\u001b]0;title\u0007";
                    }

                    yield return (minute.AddSeconds(3), row);
                }
            }

            foreach (var e in events.Where(e => ((string?)e["resourceId"])?.Equals(settingId, StringComparison.OrdinalIgnoreCase) == true && (string?)e["status"]!["value"] == "Started"))
            {
                var time = DateTime.Parse((string)e["eventTimestamp"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
                if (time < start || time >= end)
                {
                    continue;
                }

                var up = ((string)e["operationName"]!["value"]!).Contains("Scaleup", StringComparison.OrdinalIgnoreCase);
                var p = e["properties"]!;
                var row = Row(time, "AutoscaleScaleActionsLog", "InstanceScaleAction");
                row["CurrentInstanceCount"] = int.Parse((string)p["OldInstancesCount"]!, CultureInfo.InvariantCulture);
                row["NewInstanceCount"] = int.Parse((string)p["NewInstancesCount"]!, CultureInfo.InvariantCulture);
                row["ScaleDirection"] = up ? "Increase" : "Decrease";
                row["ResultType"] = "Succeeded";
                row["ScaleActionMessage"] = $"The autoscale engine scaled '{target.Split('/').Last()}' from {p["OldInstancesCount"]} to {p["NewInstancesCount"]} instances.";
                yield return (time, row);
            }
        }
    }
}
