using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using VmssAutoscale.Json;

namespace VmssAutoscale.Reports
{
    /// <summary>
    /// Removes secrets from anything that goes into a support bundle: scale set models, templates,
    /// parameter files, activity-log records, and free text. A bundle is meant to be mailed to
    /// support, so redaction errs on the side of removing too much.
    /// </summary>
    /// <remarks>
    /// Two passes work together. By name: a property whose name says it holds a secret
    /// (protectedSettings, *password*, *key, *token*, connection strings, customData, userData,
    /// secure template parameters) loses every string below it. By shape: any string anywhere is
    /// scanned for what secrets look like (SAS signatures, AccountKey= and SharedAccessKey= pairs,
    /// JWT access tokens, Bearer headers, 88-character storage keys), because a secret pasted into
    /// an innocuous field (a URL in settings, a tag, a description) has no telling name. Base64
    /// strings that decode to text (the WAD xmlCfg) are decoded, scanned and re-encoded.
    /// ARM template expressions such as [listKeys(...)] are references, not secrets: they survive
    /// the by-name pass (template checks need to see them) but still go through the by-shape pass.
    /// </remarks>
    public static class SecretRedactor
    {
        public const string Marker = "[REDACTED]";

        // Names (lower-cased, compared after removing '_' and '-') whose whole value is secret.
        private static readonly string[] SecretNameParts =
        {
            "password", "secret", "token", "connectionstring", "protectedsettings", "customdata",
            "userdata", "privatekey", "credential", "sastoken", "sasurl", "saskey", "sharedaccess",
        };

        // Names that end in "key" are secrets (storageAccountKey, primaryKey, accountKey) except these.
        private static readonly HashSet<string> PublicKeyNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "publickey", "sshpublickey", "partitionkey", "rowkey", "key", "sortkey",
        };

        // Property values that are names of things, never secrets, even under a secret-sounding parent.
        private static readonly HashSet<string> SafeNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "storageaccountname", "storageaccountendpoint", "storageaccount", "name", "type", "sink", "sinks", "sinksconfig", "tokentype", "keyvaulturl", "secreturl",
        };

        private static readonly Regex[] ValuePatterns =
        {
            // SAS signature in a URL or a bare SAS token: keep the fields that say what it allowed, drop the signature.
            new Regex(@"(?<k>(?:^|[?&;\s])sig=)(?<v>[^&;\s""'<]+)", RegexOptions.IgnoreCase | RegexOptions.Compiled),

            // Connection-string pairs that carry a secret.
            new Regex(@"(?<k>(?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|ClientSecret)\s*=\s*)(?<v>[^;""'<\s]+)", RegexOptions.IgnoreCase | RegexOptions.Compiled),

            // The same names as XML attributes or quoted values (an EventHub sink in the WAD xmlCfg).
            new Regex(@"(?<k>(?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|ClientSecret|SasToken|StorageAccountKey)\s*=\s*[""'])(?<v>[^""']+)", RegexOptions.IgnoreCase | RegexOptions.Compiled),

            // Bearer tokens in headers or logs.
            new Regex(@"(?<k>Bearer\s+)(?<v>[A-Za-z0-9\-_\.~\+/]+=*)", RegexOptions.IgnoreCase | RegexOptions.Compiled),

            // JWTs (Entra ID access tokens): three base64url parts, the first starting eyJ.
            new Regex(@"(?<k>)(?<v>eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,})", RegexOptions.Compiled),

            // Storage account keys: 64 random bytes in base64 are exactly 88 characters ending in '=='.
            new Regex(@"(?<k>)(?<![A-Za-z0-9+/])(?<v>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])", RegexOptions.Compiled),
        };

        /// <summary>A copy of the tree with every secret replaced by [REDACTED].</summary>
        public static JsonNode Redact(JsonNode node) => Redact(node, secretContext: false, depth: 0);

        /// <summary>The text with every secret-shaped substring replaced.</summary>
        public static string RedactText(string text)
        {
            var result = text;
            foreach (var pattern in ValuePatterns)
            {
                result = pattern.Replace(result, m => m.Groups["k"].Value + Marker);
            }

            return result;
        }

        /// <summary>True when a property of this name holds a secret.</summary>
        public static bool IsSecretName(string name)
        {
            var n = new string(name.Where(c => c != '_' && c != '-').ToArray()).ToLowerInvariant();
            if (SafeNames.Contains(n))
            {
                return false;
            }

            if (SecretNameParts.Any(p => n.Contains(p)))
            {
                return true;
            }

            return n.EndsWith("key", StringComparison.Ordinal) && !PublicKeyNames.Contains(n);
        }

        private static JsonNode Redact(JsonNode node, bool secretContext, int depth)
        {
            switch (node.Kind)
            {
                case JsonKind.Object:
                    var secureParameter = IsSecureParameter(node);
                    return JsonNode.Object(node.Properties.Select(p =>
                    {
                        var secret = secretContext || IsSecretName(p.Key) || (secureParameter && IsParameterValue(p.Key));

                        // A flag named after a secret (disablePasswordAuthentication) is a setting, not a secret;
                        // under a secret parent (protectedSettings) even a boolean goes.
                        if (secret && !secretContext && p.Value.Kind == JsonKind.Boolean)
                        {
                            secret = false;
                        }
                        if (secret && SafeNames.Contains(p.Key.Replace("_", string.Empty)) && p.Value.Kind == JsonKind.String)
                        {
                            secret = false;
                        }

                        return new KeyValuePair<string, JsonNode>(p.Key, Redact(p.Value, secret, depth + 1));
                    }).ToList());
                case JsonKind.Array:
                    return JsonNode.Array(node.Items.Select(i => Redact(i, secretContext, depth + 1)).ToList());
                case JsonKind.String:
                    var s = node.StringValue ?? string.Empty;
                    if (secretContext && s.Length > 0 && !IsReferenceExpression(s))
                    {
                        return JsonNode.From(Marker);
                    }

                    return JsonNode.From(RedactString(s, depth));
                case JsonKind.Number:
                case JsonKind.Boolean:
                    // A number under a secret name (a PIN, a numeric key) is a secret too.
                    return secretContext ? JsonNode.From(Marker) : node;
                default:
                    return node;
            }
        }

        private static string RedactString(string s, int depth)
        {
            // JSON inside a string (the activity log's requestbody holds a whole scale set model):
            // redact it as a tree so protectedSettings in there lose their values too.
            var trimmed = s.TrimStart();
            if (depth < 64 && trimmed.Length > 1 && (trimmed[0] == '{' || trimmed[0] == '['))
            {
                try
                {
                    var inner = JsonParser.Parse(s);
                    var cleaned = Redact(inner, secretContext: false, depth: depth + 1);
                    var before = JsonWriter.Write(inner, indented: false);
                    var after = JsonWriter.Write(cleaned, indented: false);
                    if (before != after)
                    {
                        return after;
                    }
                }
                catch (JsonParseException)
                {
                    // Not JSON (or truncated, as activity-log bodies can be): the text patterns below still apply.
                }
            }

            var text = RedactText(s);
            if (text != s)
            {
                return text;
            }

            // Base64 that decodes to text (xmlCfg, customData scripts): look inside it once.
            if (depth < 64 && s.Length >= 16 && s.Length % 4 == 0 && IsBase64(s))
            {
                try
                {
                    var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(s));
                    if (decoded.All(c => c >= 0x20 || c == '\n' || c == '\r' || c == '\t'))
                    {
                        var cleaned = RedactText(decoded);
                        if (cleaned != decoded)
                        {
                            return Convert.ToBase64String(Encoding.UTF8.GetBytes(cleaned));
                        }
                    }
                }
                catch (FormatException)
                {
                    // Not base64 after all: the string stays as scanned above.
                }
            }

            return text;
        }

        private static bool IsBase64(string s) =>
            s.All(c => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=');

        private static readonly Regex Literal = new Regex(@"'((?:[^']|'')*)'", RegexOptions.Compiled);
        private static readonly Regex ApiVersion = new Regex(@"^\d{4}-\d{2}-\d{2}(-preview)?$", RegexOptions.Compiled);
        private static readonly Regex ResourceType = new Regex(@"^[A-Za-z]+\.[A-Za-z.]+(/[A-Za-z]+)+$", RegexOptions.Compiled);

        /// <summary>
        /// An ARM expression that only refers to a secret held elsewhere ([listKeys(variables('id'),
        /// '2015-06-15').key1], [parameters('key')]): every string literal in it names a parameter,
        /// variable or resource, or is an API version or resource type. Anything else, such as a
        /// literal inside concat(), may be the secret itself.
        /// </summary>
        private static bool IsReferenceExpression(string s)
        {
            if (!(s.Length > 2 && s[0] == '[' && s[s.Length - 1] == ']' && s[1] != '['))
            {
                return false;
            }

            foreach (Match m in Literal.Matches(s))
            {
                var before = s.Substring(0, m.Index).TrimEnd();
                var value = m.Groups[1].Value;
                var named = before.EndsWith("parameters(", StringComparison.OrdinalIgnoreCase)
                    || before.EndsWith("variables(", StringComparison.OrdinalIgnoreCase)
                    || before.EndsWith("resourceId(", StringComparison.OrdinalIgnoreCase)
                    || (before.EndsWith(",", StringComparison.Ordinal) && before.IndexOf("resourceId(", StringComparison.OrdinalIgnoreCase) >= 0 && value.Length <= 80 && !value.Contains(" "));
                if (!named && !ApiVersion.IsMatch(value) && !ResourceType.IsMatch(value))
                {
                    return false;
                }
            }

            return true;
        }

        // A template parameter declared securestring/secureObject: its defaultValue (or a parameter
        // file's value) is a secret whatever the parameter is called.
        private static bool IsSecureParameter(JsonNode node) =>
            node["type"]?.StringValue is string t && (t.Equals("securestring", StringComparison.OrdinalIgnoreCase) || t.Equals("secureobject", StringComparison.OrdinalIgnoreCase));

        private static bool IsParameterValue(string key) =>
            key.Equals("defaultValue", StringComparison.OrdinalIgnoreCase) || key.Equals("value", StringComparison.OrdinalIgnoreCase);
    }
}
