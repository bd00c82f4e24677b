using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Templates
{
    /// <summary>Findings plus the parts of the template that could not be evaluated (reported as errors, not findings).</summary>
    public sealed class TemplateAnalysis
    {
        internal TemplateAnalysis(IReadOnlyList<TemplateFinding> findings, IReadOnlyList<TemplateEvaluationException> errors, IReadOnlyList<AutoscaleSetting> settings)
        {
            Findings = findings;
            Errors = errors;
            Settings = settings;
        }

        public IReadOnlyList<TemplateFinding> Findings { get; }

        public IReadOnlyList<TemplateEvaluationException> Errors { get; }

        /// <summary>The autoscale settings found in the template, parsed from their evaluated values.</summary>
        public IReadOnlyList<AutoscaleSetting> Settings { get; }
    }

    /// <summary>Runs every family of checks over an evaluated template, or the setting-only checks over a deployed setting.</summary>
    public static class TemplateAnalyzer
    {
        public static TemplateAnalysis Analyze(EvaluatedTemplate template, TemplateAnalysisOptions? options = null)
        {
            options ??= new TemplateAnalysisOptions();
            var sink = new FindingSink(template.File);
            var errors = new List<TemplateEvaluationException>(template.Errors);
            var scaleSets = template.Resources.Where(r => r.IsType("Microsoft.Compute/virtualMachineScaleSets")).Select(r => new ScaleSetView(r, template)).ToList();
            var settings = new List<AutoscaleSetting>();

            SecretChecks.Run(template.Root, sink);
            foreach (var scaleSet in scaleSets)
            {
                DiagnosticsStorageChecks.Run(template, scaleSet, sink);
            }

            foreach (var resource in template.Resources.Where(r => r.IsType(AutoscaleSettingParser.SettingResourceType)))
            {
                if (!CapacitiesAreWholeNumbers(resource, sink))
                {
                    continue;
                }

                AutoscaleSetting setting;
                try
                {
                    setting = ParseSetting(resource, template);
                }
                catch (TemplateEvaluationException e)
                {
                    errors.Add(e.InFile(template.File));
                    continue;
                }

                settings.Add(setting);
                var s = new SettingUnderTest(setting, resource.Node, resource, template.File);
                var target = WiringChecks.Target(s, scaleSets);
                SettingChecks.Run(s, options, sink);
                PredictiveChecks.Run(s, sink);
                ThresholdChecks.Run(s, options, VmSizes.VCpus(target?.SkuName), sink);
                WiringChecks.Run(s, target, scaleSets, sink);
                MetricChecks.Run(s, target, sink);
                AgentChecks.Run(s, target, template, sink);
            }

            return new TemplateAnalysis(sink.Findings, errors, settings);
        }

        /// <summary>The checks that need nothing but the setting (for settings read from Azure or a file).</summary>
        public static IReadOnlyList<TemplateFinding> AnalyzeSetting(AutoscaleSetting setting, TemplateAnalysisOptions? options = null)
        {
            options ??= new TemplateAnalysisOptions();
            var sink = new FindingSink(setting.Source);
            var s = new SettingUnderTest(setting, null, null, setting.Source);
            SettingChecks.Run(s, options, sink);
            PredictiveChecks.Run(s, sink);
            ThresholdChecks.Run(s, options, null, sink);
            WiringChecks.Run(s, null, Array.Empty<ScaleSetView>(), sink);
            MetricChecks.Run(s, null, sink);
            return sink.Findings;
        }

        /// <summary>
        /// Parses an evaluated autoscale resource. A value that is still symbolic where the setting
        /// needs a number or a name (a parameter with no value, say) becomes an error naming the
        /// template location and the parameter, not a parse error about a strange string.
        /// </summary>
        public static AutoscaleSetting ParseSetting(TemplateResource resource, EvaluatedTemplate template)
        {
            try
            {
                return AutoscaleSettingParser.ParseResource(WithRules(resource.Node), template.File ?? "Template");
            }
            catch (AutoscaleFormatException e)
            {
                var node = Find(resource.Node, e.JsonPath);
                var text = node?.StringValue;
                if (text != null && SymbolTable.IsSymbolic(text))
                {
                    var missing = template.Symbols.MissingParameterIn(text);
                    throw new TemplateEvaluationException(missing != null
                        ? $"autoscale setting '{resource.Name}' needs this value, but it comes from parameter '{missing}', which has no value (no defaultValue, not in the parameters file); give it with -ParameterPath or -TemplateParameterObject"
                        : $"autoscale setting '{resource.Name}' needs this value, but it is {SymbolTable.Display(text)}, which is only known at deployment time", e.JsonPath, e.Line > 0 ? e.Line : resource.Line, template.File);
                }

                throw new TemplateEvaluationException($"autoscale setting '{resource.Name}' is not valid: {e.Problem}", e.JsonPath, e.Line > 0 ? e.Line : resource.Line, template.File, e);
            }
        }

        /// <summary>
        /// A schedule-only profile may omit "rules" in templates (lansa@85773280f deploys one); the
        /// service treats it as no rules, so give the parser the empty array it requires.
        /// </summary>
        private static JsonNode WithRules(JsonNode resource)
        {
            var profiles = resource["properties"]?["profiles"];
            if (profiles == null || profiles.Kind != JsonKind.Array || profiles.Items.All(p => p.Kind != JsonKind.Object || p.Has("rules")))
            {
                return resource;
            }

            var newProfiles = JsonNode.Parsed(JsonKind.Array, profiles.Line, profiles.Column, profiles.Path).WithItems(profiles.Items.Select(p =>
                p.Kind != JsonKind.Object || p.Has("rules")
                    ? p
                    : JsonNode.ParsedObject(p.Properties.Concat(new[] { new KeyValuePair<string, JsonNode>("rules", JsonNode.Parsed(JsonKind.Array, p.Line, p.Column, JsonParser.Child(p.Path, "rules")).WithItems(new List<JsonNode>())) }).ToList(), p.Line, p.Column, p.Path)).ToList());
            var props = resource["properties"]!;
            var newProps = JsonNode.ParsedObject(props.Properties.Select(p => p.Key.Equals("profiles", StringComparison.OrdinalIgnoreCase) ? new KeyValuePair<string, JsonNode>(p.Key, newProfiles) : p).ToList(), props.Line, props.Column, props.Path);
            return JsonNode.ParsedObject(resource.Properties.Select(p => p.Key.Equals("properties", StringComparison.OrdinalIgnoreCase) ? new KeyValuePair<string, JsonNode>(p.Key, newProps) : p).ToList(), resource.Line, resource.Column, resource.Path);
        }

        private static JsonNode? Find(JsonNode root, string path)
        {
            if (root.Path == path)
            {
                return root;
            }

            IEnumerable<JsonNode> children = root.Kind == JsonKind.Array ? root.Items : root.Kind == JsonKind.Object ? root.Properties.Select(p => p.Value) : Enumerable.Empty<JsonNode>();
            foreach (var c in children)
            {
                if (Find(c, path) is JsonNode found)
                {
                    return found;
                }
            }

            return null;
        }

        /// <summary>The parser refuses fractional capacities; report them as CapacityInvalid findings instead.</summary>
        private static bool CapacitiesAreWholeNumbers(TemplateResource resource, FindingSink sink)
        {
            var ok = true;
            var profiles = resource.Node["properties"]?["profiles"];
            foreach (var profile in profiles?.Kind == JsonKind.Array ? profiles.Items : Array.Empty<JsonNode>())
            {
                var capacity = profile["capacity"];
                foreach (var field in new[] { "minimum", "maximum", "default" })
                {
                    var node = capacity?[field];
                    var text = node?.ScalarText;
                    if (node == null || text == null || SymbolTable.IsSymbolic(text))
                    {
                        continue;
                    }

                    if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                        && !(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d)))
                    {
                        ok = false;
                        sink.Add("CapacityInvalid", FindingSeverity.Error,
                            $"Profile '{profile["name"]?.ScalarText}' has capacity {field} '{text}', which is not a whole number of instances; the service rejects it.",
                            "Write capacities as whole numbers (as strings in the 2015-04-01 schema, e.g. \"2\").",
                            resource.Name, resource.Type, node);
                    }
                }
            }

            return ok;
        }
    }
}
