using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// Removes secrets from any text before it reaches a stream: the exact secrets the caller gave
    /// (SAS, connection string and the key inside it) and anything shaped like one (sig=,
    /// AccountKey=, SharedAccessSignature=). Our own messages never include them; this is the net
    /// under messages that come from elsewhere (service errors, exceptions).
    /// </summary>
    public sealed class SecretRedactor
    {
        private const string Mask = "***";

        private static readonly Regex Shaped = new Regex(
            @"(?<name>\bsig=|\bAccountKey=|\bSharedAccessSignature=)(?<value>[^&;\s""']+)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private readonly List<string> secrets = new List<string>();

        public void Add(string? secret)
        {
            if (string.IsNullOrEmpty(secret))
            {
                return;
            }

            // Short fragments would mask ordinary words; a real secret is long.
            if (secret!.Length >= 8)
            {
                secrets.Add(secret);
            }

            var unescaped = Uri.UnescapeDataString(secret);
            if (unescaped != secret && unescaped.Length >= 8)
            {
                secrets.Add(unescaped);
            }

            foreach (Match m in Shaped.Matches(secret))
            {
                Add(m.Groups["value"].Value);
            }
        }

        public string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            var result = text!;
            foreach (var s in secrets.OrderByDescending(s => s.Length))
            {
                result = result.Replace(s, Mask);
            }

            return Shaped.Replace(result, m => m.Groups["name"].Value + Mask);
        }
    }
}
