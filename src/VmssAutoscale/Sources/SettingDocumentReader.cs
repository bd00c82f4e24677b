using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// Reads autoscale settings out of any document a user may point at: a setting, a list
    /// response, a REST example, an activity-log profile, or an ARM template (whose autoscale
    /// resources are found wherever they are nested).
    /// </summary>
    public static class SettingDocumentReader
    {
        public static IReadOnlyList<AutoscaleSetting> Read(string text, string source)
        {
            JsonNode root;
            try
            {
                root = JsonParser.Parse(text);
            }
            catch (JsonParseException e)
            {
                throw new AutoscaleFormatException(e.Path, $"not valid JSON at line {e.Line}, column {e.Column}: {e.Problem}", e.Line);
            }

            return IsTemplate(root) ? ReadTemplate(root, source) : AutoscaleSettingParser.Parse(root, source);
        }

        public static bool IsTemplate(JsonNode root) =>
            root.Kind == JsonKind.Object && root["resources"] is JsonNode r && (r.Kind == JsonKind.Array || r.Kind == JsonKind.Object)
            && (root["$schema"] != null || root["contentVersion"] != null);

        private static IReadOnlyList<AutoscaleSetting> ReadTemplate(JsonNode root, string source) =>
            TemplateResources(root["resources"]!)
                .Where(r => string.Equals(r["type"]?.StringValue, AutoscaleSettingParser.SettingResourceType, StringComparison.OrdinalIgnoreCase))
                .Select(r => AutoscaleSettingParser.ParseResource(r, source))
                .ToList();

        private static IEnumerable<JsonNode> TemplateResources(JsonNode resources)
        {
            var items = resources.Kind == JsonKind.Array ? resources.Items : resources.Properties.Select(p => p.Value).ToList();
            foreach (var resource in items)
            {
                yield return resource;
                if (resource["resources"] is JsonNode children)
                {
                    foreach (var child in TemplateResources(children))
                    {
                        yield return child;
                    }
                }
            }
        }
    }
}
