using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// A hostile ARM for issue 25's tests: answers the module did not ask for. /_fake/hostile sets
    /// (and an empty body clears) these:
    /// - "workspaceIds": [ { resourceGroup, setting, workspaceId } ]: diagnostic settings of an autoscale
    ///   setting whose workspaceId is the raw string given (an action path, a "/../" walk, a query, ...);
    /// - "endless": { match, itemsPerPage, padBytes, repeatFirstPage }: every GET whose path contains
    ///   match answers itemsPerPage new items (ids never seen before, each padded with padBytes
    ///   characters) and a nextLink to a page never given before, forever; with repeatFirstPage the
    ///   nextLink is the first page's own URL instead;
    /// - "graphRows": [ raw ids ]: the Resource Graph settings query answers these ids as its rows;
    /// - "graphEndless": true: every Resource Graph page comes with a new $skipToken.
    /// </summary>
    public sealed partial class FakeArmService
    {
        private JsonObject hostile = new JsonObject();

        private FakeResponse? HostileControl(FakeRequest request, string path)
        {
            if (!path.Equals("/_fake/hostile", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            hostile = string.IsNullOrWhiteSpace(request.Body) ? new JsonObject() : JsonNode.Parse(request.Body)?.AsObject() ?? new JsonObject();
            foreach (var w in Items(hostile, "workspaceIds"))
            {
                var settingId = SettingId(Str(w, "resourceGroup"), Str(w, "setting"));
                var name = "hostile-" + diagnosticSettings.Count.ToString(CultureInfo.InvariantCulture);
                diagnosticSettings.Add(new JsonObject
                {
                    ["id"] = $"{settingId}/providers/microsoft.insights/diagnosticSettings/{name}",
                    ["type"] = "Microsoft.Insights/diagnosticSettings",
                    ["name"] = name,
                    ["properties"] = new JsonObject
                    {
                        ["workspaceId"] = Str(w, "workspaceId"),
                        ["logs"] = new JsonArray { new JsonObject { ["categoryGroup"] = "allLogs", ["enabled"] = true } },
                    },
                });
            }

            return new FakeResponse { Status = 204 };
        }

        /// <summary>The hostile answer to an ARM request, or null to answer it as Azure would.</summary>
        private FakeResponse? HostileRoute(FakeRequest request)
        {
            if (hostile["endless"] is JsonObject endless && request.Method.Equals("GET", StringComparison.OrdinalIgnoreCase)
                && request.Uri.AbsolutePath.IndexOf(Str(endless, "match"), StringComparison.OrdinalIgnoreCase) >= 0)
            {
                var page = int.TryParse(Query(request.Uri, "hostile-page"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 0;
                var perPage = (int?)endless["itemsPerPage"] ?? 1000;
                var pad = new string('x', (int?)endless["padBytes"] ?? 0);
                var items = new JsonArray();
                for (var i = 0; i < perPage; i++)
                {
                    var n = (page * perPage) + i;
                    items.Add(new JsonObject
                    {
                        ["id"] = request.Uri.AbsolutePath + "/item-" + n.ToString(CultureInfo.InvariantCulture),
                        ["name"] = "item-" + n.ToString(CultureInfo.InvariantCulture),
                        ["instanceId"] = n.ToString(CultureInfo.InvariantCulture),
                        ["properties"] = new JsonObject { ["pad"] = pad },
                    });
                }

                var query = System.Web.HttpUtility.ParseQueryString(request.Uri.Query);
                var repeat = (bool?)endless["repeatFirstPage"] ?? false;
                if (repeat)
                {
                    query.Remove("hostile-page");
                }
                else
                {
                    query["hostile-page"] = (page + 1).ToString(CultureInfo.InvariantCulture);
                }

                var body = new JsonObject { ["value"] = items, ["nextLink"] = request.Uri.GetLeftPart(UriPartial.Path) + "?" + query };
                return Json(200, body.ToJsonString());
            }

            if (request.Uri.AbsolutePath.Equals("/providers/Microsoft.ResourceGraph/resources", StringComparison.OrdinalIgnoreCase)
                && (hostile["graphRows"] is JsonArray || (bool?)hostile["graphEndless"] == true))
            {
                resourceGraphBodies.Add(request.Body);
                var body = JsonNode.Parse(request.Body)?.AsObject();
                var token = (string?)body?["options"]?["$skipToken"];
                var page = token == null ? 0 : int.Parse(token.Substring(1), CultureInfo.InvariantCulture);
                var rows = new JsonArray((hostile["graphRows"] as JsonArray ?? new JsonArray()).Select(r => (JsonNode)new JsonObject { ["id"] = (string?)r }).ToArray());
                var answer = new JsonObject { ["totalRecords"] = rows.Count, ["count"] = rows.Count, ["data"] = rows, ["facets"] = new JsonArray(), ["resultTruncated"] = "false" };
                if ((bool?)hostile["graphEndless"] == true)
                {
                    answer["$skipToken"] = "p" + (page + 1).ToString(CultureInfo.InvariantCulture);
                }

                return Json(200, answer.ToJsonString());
            }

            return null;
        }
    }
}
