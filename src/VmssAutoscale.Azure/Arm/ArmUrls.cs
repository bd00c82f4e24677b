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
        /// The URL a request goes to, from a path the module built ("/subscriptions/...") or a link
        /// ARM returned (nextLink, Azure-AsyncOperation, Location), parsed strictly: any whitespace or
        /// control character is refused (a leading space once made a link parse as relative, then as
        /// another host), and only an absolute URL with the endpoint's exact scheme, host and port and
        /// no user info is followed. Following another host would hand it the bearer token.
        /// Null with <paramref name="problem"/> set when the value is refused.
        /// </summary>
        public static Uri? Resolve(string pathOrUrl, Uri endpoint, out string? problem)
        {
            problem = null;
            foreach (var c in pathOrUrl)
            {
                if (c <= ' ' || char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\')
                {
                    problem = "it contains whitespace, a backslash or a control character";
                    return null;
                }
            }

            // A fragment is never part of a request, and a dot segment (raw or percent-encoded) is removed by the
            // URL parser, so the path sent would not be the path built: both are refused, never normalized.
            var query = pathOrUrl.IndexOf('?');
            var path = query < 0 ? pathOrUrl : pathOrUrl.Substring(0, query);
            if (pathOrUrl.IndexOf('#') >= 0 || HasDotSegment(path))
            {
                problem = "it contains a fragment or a '.' or '..' path segment";
                return null;
            }

            Uri? uri;
            if (pathOrUrl.StartsWith("/", StringComparison.Ordinal) && !pathOrUrl.StartsWith("//", StringComparison.Ordinal))
            {
                uri = new Uri(endpoint, pathOrUrl.Substring(1));
            }
            else if (!Uri.TryCreate(pathOrUrl, UriKind.Absolute, out uri) || uri.IsFile || uri.IsUnc)
            {
                problem = "it is not an absolute URL";
                return null;
            }

            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                problem = "it carries user information";
                return null;
            }

            if (!IsSameEndpoint(uri, endpoint))
            {
                problem = $"it points to '{Authority(uri)}', which is not the endpoint this session signed in to ('{Authority(endpoint)}')";
                return null;
            }

            return uri;
        }

        private static bool HasDotSegment(string path)
        {
            foreach (var segment in path.Split('/'))
            {
                var decoded = segment.Replace("%2e", ".").Replace("%2E", ".");
                if (decoded == "." || decoded == "..")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Scheme, host and port only: never a path or query that may carry a signature.</summary>
        public static string Authority(Uri uri) => uri.Scheme + "://" + uri.IdnHost + (uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        /// <summary>
        /// Only follow links (nextLink, Azure-AsyncOperation, Location) on the endpoint we signed in
        /// to: following another host would hand it our bearer token.
        /// </summary>
        public static bool IsSameEndpoint(Uri link, Uri endpoint) =>
            string.Equals(link.Scheme, endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(link.IdnHost, endpoint.IdnHost, StringComparison.OrdinalIgnoreCase)
            && link.Port == endpoint.Port;
    }
}
