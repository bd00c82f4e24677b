using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    /// <summary>One Azure cloud: its name, ARM endpoint, token audience and storage endpoint suffix.</summary>
    public sealed class AzureCloud
    {
        public AzureCloud(string name, string resourceManagerUrl, string storageSuffix)
        {
            Name = name;
            ResourceManagerUrl = resourceManagerUrl;
            Audience = resourceManagerUrl;
            StorageSuffix = storageSuffix;
        }

        public string Name { get; }

        public string ResourceManagerUrl { get; }

        public string Audience { get; }

        /// <summary>What follows the account and service in a storage endpoint (https://{account}.table.{suffix}/).</summary>
        public string StorageSuffix { get; }
    }

    /// <summary>
    /// The public clouds, one record each: the ARM endpoint (also the token audience) and the storage
    /// suffix (learn.microsoft.com/azure/china/resources-developer-guide and /azure/azure-government/
    /// compare-azure-government-global-azure, endpoint tables, read 2026-12-07). Connect-VmssAutoscale
    /// picks a cloud by name; the table readers find it by the ARM host they talk to.
    /// </summary>
    public static class AzureClouds
    {
        public static readonly AzureCloud Public = new AzureCloud("AzureCloud", "https://management.azure.com/", "core.windows.net");

        public static readonly IReadOnlyDictionary<string, AzureCloud> Known =
            new Dictionary<string, AzureCloud>(StringComparer.OrdinalIgnoreCase)
            {
                [Public.Name] = Public,
                ["AzureUSGovernment"] = new AzureCloud("AzureUSGovernment", "https://management.usgovcloudapi.net/", "core.usgovcloudapi.net"),
                ["AzureChinaCloud"] = new AzureCloud("AzureChinaCloud", "https://management.chinacloudapi.cn/", "core.chinacloudapi.cn"),
            };

        public static string ScopeFor(string audience) => audience.TrimEnd('/') + "/.default";

        /// <summary>The cloud whose ARM host this is; the public cloud for any other host (a test endpoint, a private cloud).</summary>
        public static AzureCloud ForResourceManager(Uri? resourceManagerUrl)
        {
            var host = resourceManagerUrl?.Host ?? string.Empty;
            foreach (var cloud in Known.Values)
            {
                // By domain, so a regional or versioned ARM host of the same cloud is that cloud too.
                var arm = new Uri(cloud.ResourceManagerUrl).Host;
                if (host.EndsWith(arm.Substring(arm.IndexOf('.') + 1), StringComparison.OrdinalIgnoreCase))
                {
                    return cloud;
                }
            }

            return Public;
        }
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
