using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Templates
{
    /// <summary>
    /// Literal secrets in parameter defaults and variables. Messages say what kind of secret sits
    /// where and never include any of its characters: findings end up in CI logs.
    /// </summary>
    internal static class SecretChecks
    {
        private const string Rule = "SecretInTemplate";

        // A storage account key is 64 bytes, i.e. 88 base64 characters ending in "==".
        private static readonly Regex StorageKey = new Regex(@"(^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{86}==", RegexOptions.CultureInvariant);
        private static readonly Regex AccountKeyInConnectionString = new Regex(@"AccountKey=[^;\s""]{20,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex SasSignature = new Regex(@"(^|[?&])sig=[A-Za-z0-9%+/=]{16,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex SecretName = new Regex(@"password|passwd|secret|accountkey|storagekey|sastoken|connectionstring", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static void Run(JsonNode template, FindingSink sink)
        {
            if (template["parameters"] is JsonNode parameters && parameters.Kind == JsonKind.Object)
            {
                foreach (var p in parameters.Properties)
                {
                    if (p.Value["defaultValue"] is JsonNode d)
                    {
                        Scan($"parameter '{p.Key}'", p.Key, d, sink);
                    }
                }
            }

            if (template["variables"] is JsonNode variables && variables.Kind == JsonKind.Object)
            {
                foreach (var v in variables.Properties)
                {
                    Scan($"variable '{v.Key}'", v.Key, v.Value, sink);
                }
            }
        }

        private static void Scan(string owner, string name, JsonNode node, FindingSink sink)
        {
            foreach (var (value, at, key) in Strings(node, name))
            {
                if (value.Length == 0 || ArmExpression.IsExpression(value))
                {
                    continue;
                }

                string? kind = null;
                if (StorageKey.IsMatch(value) || AccountKeyInConnectionString.IsMatch(value))
                {
                    kind = "a storage account key";
                }
                else if (SasSignature.IsMatch(value))
                {
                    kind = "a SAS token (a URL or query string with a sig= signature)";
                }
                else if (SecretName.IsMatch(key) && value.Trim().Length >= 4)
                {
                    kind = "a literal password or secret";
                }

                if (kind != null)
                {
                    sink.Add(Rule, FindingSeverity.Error,
                        $"The {(at.Path.Contains("defaultValue") ? "default value of " : string.Empty)}{owner} at {at.Path} holds {kind}. Anyone who can read the template can use it (the value is not shown here).",
                        "Remove the literal: use a securestring parameter without a default, a Key Vault reference in the parameters file, or listKeys()/listAccountSas() at deployment; then rotate the exposed secret.",
                        name, "template " + (owner.StartsWith("parameter", StringComparison.Ordinal) ? "parameter" : "variable"), at);
                }
            }
        }

        private static IEnumerable<(string Value, JsonNode At, string Key)> Strings(JsonNode node, string key)
        {
            switch (node.Kind)
            {
                case JsonKind.String:
                    yield return (node.StringValue ?? string.Empty, node, key);
                    break;
                case JsonKind.Array:
                    foreach (var i in node.Items)
                    {
                        foreach (var s in Strings(i, key))
                        {
                            yield return s;
                        }
                    }

                    break;
                case JsonKind.Object:
                    foreach (var p in node.Properties)
                    {
                        foreach (var s in Strings(p.Value, p.Key))
                        {
                            yield return s;
                        }
                    }

                    break;
            }
        }
    }
}
