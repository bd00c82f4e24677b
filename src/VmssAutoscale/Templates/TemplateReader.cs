using System;
using System.Collections.Generic;
using System.IO;
using VmssAutoscale.Json;

namespace VmssAutoscale.Templates
{
    /// <summary>
    /// Reads a template and its parameter values (defaults, a parameters file, then overrides, each
    /// later source winning) and evaluates it. All failures are <see cref="TemplateEvaluationException"/>s
    /// naming the file, line and JSON path.
    /// </summary>
    public static class TemplateReader
    {
        public static EvaluatedTemplate ReadFile(string templatePath, string? parametersPath = null, IReadOnlyDictionary<string, JsonNode>? overrides = null, TemplateDeploymentScope? scope = null) =>
            Read(ReadText(templatePath), templatePath, parametersPath == null ? null : ReadText(parametersPath), parametersPath, overrides, scope);

        public static EvaluatedTemplate Read(string templateText, string? templateFile, string? parametersText = null, string? parametersFile = null, IReadOnlyDictionary<string, JsonNode>? overrides = null, TemplateDeploymentScope? scope = null) =>
            Evaluate(Parse(templateText, templateFile ?? "the template"), templateFile, parametersText == null ? null : Parse(parametersText, parametersFile ?? "the parameters"), parametersFile, overrides, scope);

        public static EvaluatedTemplate Evaluate(JsonNode template, string? templateFile, JsonNode? parametersDocument = null, string? parametersFile = null, IReadOnlyDictionary<string, JsonNode>? overrides = null, TemplateDeploymentScope? scope = null)
        {
            var values = new Dictionary<string, KeyValuePair<JsonNode, string>>(StringComparer.OrdinalIgnoreCase);
            if (parametersDocument != null)
            {
                foreach (var p in ParameterValues(parametersDocument, parametersFile))
                {
                    values[p.Key] = p.Value;
                }
            }

            if (overrides != null)
            {
                foreach (var o in overrides)
                {
                    values[o.Key] = new KeyValuePair<JsonNode, string>(o.Value, "override");
                }
            }

            return TemplateEvaluator.Evaluate(template, values, scope, templateFile);
        }

        /// <summary>Parses JSON, turning a syntax error into a TemplateEvaluationException with the file, line and column.</summary>
        public static JsonNode Parse(string text, string file) => Parse(text, file, null);

        /// <summary>As <see cref="Parse(string, string)"/>, collecting what ARM accepts but the author should know (duplicate properties).</summary>
        public static JsonNode Parse(string text, string file, ICollection<string>? warnings)
        {
            try
            {
                return JsonParser.Parse(text, warnings);
            }
            catch (JsonParseException e)
            {
                throw new TemplateEvaluationException($"not valid JSON at column {e.Column}: {e.Problem}", e.Path, e.Line, file, e);
            }
        }

        /// <summary>The values of a deploymentParameters document: { "parameters": { "name": { "value": ... } } }.</summary>
        public static IEnumerable<KeyValuePair<string, KeyValuePair<JsonNode, string>>> ParameterValues(JsonNode document, string? file)
        {
            var parameters = document["parameters"] is JsonNode p && p.Kind == JsonKind.Object && document["$schema"] != null ? p : document;
            if (parameters.Kind != JsonKind.Object)
            {
                throw new TemplateEvaluationException($"a parameters file must be a JSON object but this is {parameters.KindName}", parameters.Path, parameters.Line, file);
            }

            foreach (var entry in parameters.Properties)
            {
                if (entry.Key.StartsWith("$", StringComparison.Ordinal) || entry.Key.Equals("contentVersion", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var node = entry.Value;
                if (node.Kind == JsonKind.Object && node["value"] is JsonNode value)
                {
                    yield return new KeyValuePair<string, KeyValuePair<JsonNode, string>>(entry.Key, new KeyValuePair<JsonNode, string>(value, "parameters file"));
                }
                else if (node.Kind == JsonKind.Object && node["reference"] != null)
                {
                    yield return new KeyValuePair<string, KeyValuePair<JsonNode, string>>(entry.Key, new KeyValuePair<JsonNode, string>(node, TemplateEvaluator.KeyVaultReference));
                }
                else
                {
                    throw new TemplateEvaluationException($"parameter '{entry.Key}' has no value: write {{ \"value\": ... }} (or a Key Vault \"reference\")", node.Path, node.Line, file);
                }
            }
        }

        private static string ReadText(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (IOException e)
            {
                throw new TemplateEvaluationException($"cannot read the file: {e.Message}", "$", 0, path, e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new TemplateEvaluationException($"cannot read the file: {e.Message}", "$", 0, path, e);
            }
        }
    }
}
