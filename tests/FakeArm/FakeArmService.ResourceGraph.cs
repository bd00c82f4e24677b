using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// Azure Resource Graph and Azure Monitor host metrics for the fake ARM. There is no query
    /// engine: the fake answers the module's own queries (the fleet, and the settings that target
    /// one scale set), recognised by their marker comments,
    /// from its in-memory settings and scale sets, with the 2021-03-01 QueryResponse shape and
    /// $skipToken paging; any other query is refused as the service refuses a bad one.
    /// </summary>
    public sealed partial class FakeArmService
    {
        /// <summary>The marker the module puts on the first line of its fleet query (FleetInventory.Marker).</summary>
        public const string FleetQueryMarker = "// VmssAutoscale fleet v1";

        /// <summary>The marker of the module's query for the settings that target one scale set (SettingLookup.Marker).</summary>
        public const string SettingQueryMarker = "// VmssAutoscale settings of one target v1";

        private readonly List<string> resourceGraphBodies = new List<string>();

        /// <summary>The request bodies of every Resource Graph query received, in order.</summary>
        public IReadOnlyList<string> ResourceGraphBodies
        {
            get
            {
                lock (gate)
                {
                    return resourceGraphBodies.ToList();
                }
            }
        }

        private FakeResponse ResourceGraph(FakeRequest request)
        {
            resourceGraphBodies.Add(request.Body);
            JsonObject? body;
            try
            {
                body = JsonNode.Parse(request.Body)?.AsObject();
            }
            catch (System.Text.Json.JsonException)
            {
                body = null;
            }

            var query = (string?)body?["query"];
            if (body == null || query == null)
            {
                return Error(400, "BadRequest", "The request body must be a QueryRequest with a query.");
            }

            var settingTarget = query.StartsWith(SettingQueryMarker, StringComparison.Ordinal) ? SettingQueryTarget(query) : null;
            if (!query.StartsWith(FleetQueryMarker, StringComparison.Ordinal) && settingTarget == null)
            {
                return Json(400, new JsonObject
                {
                    ["error"] = new JsonObject
                    {
                        ["code"] = "BadRequest",
                        ["message"] = "Please provide below info when asking for support: timestamp, correlationId.",
                        ["details"] = new JsonArray { new JsonObject { ["code"] = "InvalidQuery", ["message"] = "The fake ARM answers only the VmssAutoscale fleet query." } },
                    },
                }.ToJsonString());
            }

            var subscriptions = new HashSet<string>(
                (body["subscriptions"] as JsonArray ?? new JsonArray()).Select(n => (string?)n).Where(n => n != null).Select(n => n!),
                StringComparer.OrdinalIgnoreCase);
            var options = body["options"] as JsonObject;
            var top = options?["$top"] is JsonNode t ? t.GetValue<int>() : 100;
            var skip = Offset((string?)options?["$skipToken"]);
            if (skip < 0)
            {
                return Error(400, "BadRequest", "The $skipToken is not valid for this query.");
            }

            var rows = settingTarget != null ? SettingRows(subscriptions, settingTarget) : FleetRows(subscriptions);
            var size = Math.Max(1, Math.Min(top, Config.ResourceGraphPageSize));
            var page = rows.Skip(skip).Take(size).ToList();
            var answer = new JsonObject
            {
                ["totalRecords"] = rows.Count,
                ["count"] = page.Count,
                ["resultTruncated"] = "false",
                ["facets"] = new JsonArray(),
                ["data"] = new JsonArray(page.Select(r => (JsonNode)r).ToArray()),
            };
            if (skip + page.Count < rows.Count)
            {
                answer["$skipToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("fleet:" + (skip + page.Count).ToString(CultureInfo.InvariantCulture)));
            }

            return Json(200, answer.ToJsonString());
        }

        // The join the query describes: settings grouped by lower-cased targetResourceUri, inner
        // join with the scale sets on their lower-cased id, ordered by id.
        private List<JsonObject> FleetRows(HashSet<string> subscriptions)
        {
            var byTarget = settings.Values
                .GroupBy(s => ((string?)s["properties"]?["targetResourceUri"] ?? string.Empty).ToLowerInvariant())
                .Where(g => g.Key.Contains("/providers/microsoft.compute/virtualmachinescalesets/"))
                .ToDictionary(g => g.Key, g => g.Select(s => (string)s["id"]!).ToList());
            return scaleSets.Values
                .Where(v => subscriptions.Contains(((string)v["id"]!).Split('/')[2]) && byTarget.ContainsKey(((string)v["id"]!).ToLowerInvariant()))
                .OrderBy(v => (string)v["id"]!, StringComparer.Ordinal)
                .Select(v =>
                {
                    var id = (string)v["id"]!;
                    return new JsonObject
                    {
                        ["id"] = id,
                        ["name"] = (string?)v["name"],
                        ["resourceGroup"] = RgOf(v).ToLowerInvariant(),
                        ["subscriptionId"] = id.Split('/')[2],
                        ["location"] = (string?)v["location"],
                        ["settingIds"] = new JsonArray(byTarget[id.ToLowerInvariant()].Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
                    };
                })
                .ToList();
        }

        // The target the settings query compares targetResourceUri with (=~ 'id', a KQL literal whose
        // only escapes the module writes are \\ and \'); null when the query has another shape.
        private static string? SettingQueryTarget(string query)
        {
            var m = System.Text.RegularExpressions.Regex.Match(query, @"\| where tostring\(properties\.targetResourceUri\) =~ '((?:[^'\\]|\\.)*)'");
            return m.Success ? System.Text.RegularExpressions.Regex.Replace(m.Groups[1].Value, @"\\(.)", "$1") : null;
        }

        // What the settings query returns: the id of each setting whose targetResourceUri equals the
        // target without regard to case, in the subscriptions asked for, ordered by id.
        private List<JsonObject> SettingRows(HashSet<string> subscriptions, string target) =>
            settings.Values
                .Where(s => subscriptions.Contains(((string)s["id"]!).Split('/')[2])
                    && string.Equals((string?)s["properties"]?["targetResourceUri"], target, StringComparison.OrdinalIgnoreCase))
                .OrderBy(s => (string)s["id"]!, StringComparer.Ordinal)
                .Select(s => new JsonObject { ["id"] = (string)s["id"]! })
                .ToList();

        private static int Offset(string? skipToken)
        {
            if (skipToken == null)
            {
                return 0;
            }

            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(skipToken));
                return text.StartsWith("fleet:", StringComparison.Ordinal) && int.TryParse(text.Substring(6), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
            }
            catch (FormatException)
            {
                return -1;
            }
        }

    }
}
