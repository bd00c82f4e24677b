using System;

namespace VmssAutoscale.Azure.Arm
{
    internal static class ArmUrls
    {
        /// <summary>
        /// A URL for -Verbose: path and query without any signature-like parameter. ARM URLs carry no
        /// secrets, but a nextLink or poll URL might carry a SAS-style token; never print one.
        /// </summary>
        public static string ForLog(Uri uri)
        {
            var text = uri.GetLeftPart(UriPartial.Path);
            if (string.IsNullOrEmpty(uri.Query))
            {
                return text;
            }

            var kept = new System.Collections.Generic.List<string>();
            foreach (var part in uri.Query.TrimStart('?').Split('&'))
            {
                var name = Uri.UnescapeDataString(part.Split('=')[0]);
                kept.Add(name.Equals("sig", StringComparison.OrdinalIgnoreCase) || name.IndexOf("token", StringComparison.OrdinalIgnoreCase) >= 0 && !name.Equals("$skiptoken", StringComparison.OrdinalIgnoreCase)
                    ? name + "=(redacted)"
                    : part);
            }

            return text + "?" + string.Join("&", kept);
        }

        /// <summary>
        /// Only follow links (nextLink, Azure-AsyncOperation, Location) on the endpoint we signed in
        /// to: following another host would hand it our bearer token.
        /// </summary>
        public static bool IsSameEndpoint(Uri link, Uri endpoint) =>
            string.Equals(link.Scheme, endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(link.Host, endpoint.Host, StringComparison.OrdinalIgnoreCase)
            && link.Port == endpoint.Port;
    }
}
