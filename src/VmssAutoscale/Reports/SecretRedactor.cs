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
    /// A third pass knows exact values: an instance holds the secrets a command was given (a SAS, a
    /// connection string, a key from listKeys) and masks them wherever they appear in text.
    /// This is the module's only redactor: bundles, reports, output objects, warnings and errors
    /// all mask with the same marker.
    /// </remarks>
    public sealed class SecretRedactor
    {
        public const string Marker = "[REDACTED]";

        private readonly List<string> known = new List<string>();

        /// <summary>Remembers a secret the command was given, so that it is masked wherever it shows up.</summary>
        public void Add(string? secret)
        {
            if (string.IsNullOrEmpty(secret))
            {
                return;
            }

            // Short fragments would mask ordinary words; a real secret is long.
            foreach (var candidate in new[] { secret!, Uri.UnescapeDataString(secret!) })
            {
                if (candidate.Length >= 8 && !known.Contains(candidate))
                {
                    known.Add(candidate);
                    known.Sort((a, b) => b.Length.CompareTo(a.Length));
                }
            }

            foreach (var pattern in ValuePatterns)
            {
                foreach (Match m in pattern.Matches(secret))
                {
                    if (m.Groups["v"].Value != secret)
                    {
                        Add(m.Groups["v"].Value);
                    }
                }
            }
        }

        /// <summary>The text with the known secrets and every secret-shaped substring masked.</summary>
        public string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            var result = text!;
            foreach (var secret in known)
            {
                result = result.Replace(secret, Marker);
            }

            return RedactText(result);
        }

        // Names (lower-cased, compared after removing '_' and '-') whose whole value is secret.
        private static readonly string[] SecretNameParts =
        {
            "password", "secret", "token", "connectionstring", "protectedsettings", "customdata",
            "userdata", "privatekey", "credential", "sastoken", "sasurl", "saskey", "sharedaccess",
            "commandtoexecute", "authorization", "apikey",
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

            // HTTP Basic credentials in headers or logs.
            new Regex(@"(?<k>\bBasic\s+)(?<v>[A-Za-z0-9+/]{8,}=*)", RegexOptions.IgnoreCase | RegexOptions.Compiled),

            // Secrets in query strings and form bodies: Functions keys (code=), Automation webhook tokens, OAuth.
            new Regex(@"(?<k>(?:^|[?&;\s])(?:code|token|access_token|refresh_token|id_token|client_secret|password|passwd|pwd|apikey|api_key|api-key|secret)=)(?<v>[^&;\s""'<]+)", RegexOptions.IgnoreCase | RegexOptions.Compiled),

            // The same names as quoted JSON pairs in text that is not (or no longer) valid JSON: a truncated activity-log body.
            new Regex(@"(?<k>""[A-Za-z_\-]*(?:password|secret|token|authorization|accountkey|sharedaccesskey|commandtoexecute)[A-Za-z_\-]*""\s*:\s*"")(?<v>(?:[^""\\]|\\.)+)", RegexOptions.IgnoreCase | RegexOptions.Compiled),

            // Header-style lines, "<name>: <value>" where the name carries a secret word in any case
            // (x-ms-client-secret: ..., Ocp-Apim-Subscription-Key: ..., X-Api-Token: ...): the rest of the line goes.
            new Regex(@"(?<k>(?<![A-Za-z0-9_\-])[A-Za-z0-9_\-]*(?:secret|password|passwd|key|token|signature|credential)[A-Za-z0-9_\-]*[ \t]*:[ \t]*)(?<v>[^\s""'<][^\r\n""'<]*)", RegexOptions.IgnoreCase | RegexOptions.Compiled),

            // User information in a URL (https://user:password@host).
            new Regex(@"(?<k>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?<v>[^/@\s""'<]+)(?=@)", RegexOptions.Compiled),
        };

        /// <summary>
        /// A URL that may carry a secret anywhere, such as a webhook: user information and every query
        /// value go, and so does every path segment that is not a plain word, because webhook services
        /// put the secret in the path (hooks.slack.com/services/T/B/secret, discord.com/api/webhooks/id/secret).
        /// Scheme, host and the words of the path stay, so the reader still sees where it pointed.
        /// </summary>
        public static string RedactUrl(string url)
        {
            if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.IsFile)
            {
                return RedactText(url);
            }

            var sb = new StringBuilder(uri.Scheme).Append("://");
            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                sb.Append(Marker).Append('@');
            }

            sb.Append(uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var segment in uri.AbsolutePath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
            {
                sb.Append('/').Append(IsPlainWord(segment) ? segment : Marker);
            }

            if (uri.Query.Length > 1)
            {
                sb.Append('?').Append(string.Join("&", uri.Query.Substring(1).Split('&').Select(p =>
                {
                    var eq = p.IndexOf('=');
                    return eq < 0 ? p : p.Substring(0, eq + 1) + Marker;
                })));
            }

            return sb.ToString();
        }

        private static bool IsPlainWord(string segment) =>
            segment.Length <= 16 && segment.All(c => (c >= 'a' && c <= 'z') || c == '-' || c == '_' || c == '.');

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
                    var webhook = node["serviceUri"] is JsonNode hook && hook.Kind == JsonKind.String;
                    return JsonNode.Object(node.Properties.Select(p =>
                    {
                        if (webhook && !secretContext && p.Key.Equals("serviceUri", StringComparison.OrdinalIgnoreCase) && p.Value.Kind == JsonKind.String)
                        {
                            return new KeyValuePair<string, JsonNode>(p.Key, JsonNode.From(RedactUrl(p.Value.StringValue ?? string.Empty)));
                        }

                        // A webhook's properties are custom headers and values sent with it: API keys, more often than not.
                        var secret = secretContext || IsSecretName(p.Key) || (secureParameter && IsParameterValue(p.Key))
                            || (webhook && p.Key.Equals("properties", StringComparison.OrdinalIgnoreCase));

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
