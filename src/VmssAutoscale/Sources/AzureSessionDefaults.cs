using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    /// <summary>The public clouds: ARM endpoint and token audience of each.</summary>
    public static class AzureClouds
    {
        public static readonly IReadOnlyDictionary<string, (string ResourceManagerUrl, string Audience)> Known =
            new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
            {
                ["AzureCloud"] = ("https://management.azure.com/", "https://management.azure.com/"),
                ["AzureUSGovernment"] = ("https://management.usgovcloudapi.net/", "https://management.usgovcloudapi.net/"),
                ["AzureChinaCloud"] = ("https://management.chinacloudapi.cn/", "https://management.chinacloudapi.cn/"),
            };

        public static string ScopeFor(string audience) => audience.TrimEnd('/') + "/.default";
    }

    /// <summary>
    /// What Connect-VmssAutoscale set for this process. Empty until the user connects: then the
    /// cmdlets use the Az context or the credential chain. The token is kept only here, in memory,
    /// and leaves only toward the ARM endpoint it was given for.
    /// </summary>
    public static class AzureSessionDefaults
    {
        private static readonly object Gate = new object();
        private static Settings current = new Settings();
        private static (string Key, IAzureSession Session)? cached;

        public sealed class Settings
        {
            public string Environment { get; init; } = "AzureCloud";

            /// <summary>True when the user chose the cloud or URL; the Az context's environment then does not override it.</summary>
            public bool EnvironmentChosen { get; init; }

            public Uri ResourceManagerUrl { get; init; } = new Uri("https://management.azure.com/");

            public string Audience { get; init; } = "https://management.azure.com/";

            public string? SubscriptionId { get; init; }

            public string? TenantId { get; init; }

            public bool SkipCertificateCheck { get; init; }

            internal string? AccessToken { get; init; }

            public bool HasAccessToken => !string.IsNullOrEmpty(AccessToken);

            public override string ToString() => $"{Environment} {ResourceManagerUrl}";
        }

        public static Settings Current
        {
            get
            {
                lock (Gate)
                {
                    return current;
                }
            }
        }

        public static void Set(Settings settings)
        {
            lock (Gate)
            {
                current = settings;
                cached?.Session.Dispose();
                cached = null;
            }
        }

        internal static string? Token => Current.AccessToken;

        /// <summary>
        /// One session per distinct connection, reused across commands so the credential's token
        /// cache survives (a managed-identity or CLI token costs a round trip each time otherwise).
        /// </summary>
        public static IAzureSession SessionFor(AzureConnectionOptions options, Func<AzureConnectionOptions, IAzureSession> open)
        {
            var key = string.Join("|", options.ResourceManagerUrl, options.Scope, options.TenantId, options.SkipCertificateCheck, Fingerprint(options.AccessToken));
            lock (Gate)
            {
                if (cached is { } c && c.Key == key)
                {
                    return c.Session;
                }

                cached?.Session.Dispose();
                var session = open(options);
                cached = (key, session);
                return session;
            }
        }

        public static ConnectionInfo Describe(Settings s, string credentialSource) => new ConnectionInfo
        {
            Environment = s.Environment,
            ResourceManagerUrl = s.ResourceManagerUrl.ToString(),
            SubscriptionId = s.SubscriptionId,
            TenantId = s.TenantId,
            CredentialSource = credentialSource,
            SkipCertificateCheck = s.SkipCertificateCheck,
        };

        // The cache key must tell tokens apart without holding them in another string.
        private static string Fingerprint(string? token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return "-";
            }

            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(token)));
        }
    }
}
