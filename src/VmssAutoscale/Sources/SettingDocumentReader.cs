using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Templates;

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

        /// <summary>
        /// Evaluates the template (parameter defaults, then the optional parameters document) and parses
        /// every autoscale resource from its evaluated values, so "[parameters('min')]" reads as a number.
        /// A template that cannot be evaluated surfaces as an AutoscaleFormatException naming the line.
        /// </summary>
        public static IReadOnlyList<AutoscaleSetting> ReadTemplate(JsonNode root, string source, JsonNode? parametersDocument = null, string? parametersSource = null)
        {
            try
            {
                var template = TemplateReader.Evaluate(root, source, parametersDocument, parametersSource);
                var settings = template.Resources.Where(r => r.IsType(AutoscaleSettingParser.SettingResourceType)).ToList();
                // Errors elsewhere in the template (a storage account, say) do not stop us reading the autoscale settings.
                var autoscalePaths = SourceResources(root["resources"]!)
                    .Where(r => string.Equals(r["type"]?.StringValue?.Trim('/'), AutoscaleSettingParser.SettingResourceType, StringComparison.OrdinalIgnoreCase))
                    .Select(r => r.Path)
                    .ToList();
                var broken = template.Errors.FirstOrDefault(e => settings.Count == 0 || autoscalePaths.Any(p => e.JsonPath == p || e.JsonPath.StartsWith(p + ".", StringComparison.Ordinal) || e.JsonPath.StartsWith(p + "[", StringComparison.Ordinal)));
                if (broken != null)
                {
                    throw broken;
                }

                return settings.Select(r => TemplateAnalyzer.ParseSetting(r, template)).ToList();
            }
            catch (TemplateEvaluationException e)
            {
                throw new AutoscaleFormatException(e.JsonPath, (e.Line > 0 ? $"line {e.Line}: " : string.Empty) + e.Problem, e.Line);
            }
        }

        private static IEnumerable<JsonNode> SourceResources(JsonNode resources)
        {
            var items = resources.Kind == JsonKind.Array ? resources.Items : resources.Properties.Select(p => p.Value).ToList();
            foreach (var resource in items)
            {
                yield return resource;
                if (resource["resources"] is JsonNode children)
                {
                    foreach (var child in SourceResources(children))
                    {
                        yield return child;
                    }
                }

                if (resource["properties"]?["template"]?["resources"] is JsonNode nested)
                {
                    foreach (var child in SourceResources(nested))
                    {
                        yield return child;
                    }
                }
            }
        }
    }
}
