using System;
using System.Net;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// Whether a table endpoint that ARM named for a storage account belongs to that account, before
    /// a request signed with its key or carrying a storage token is sent there (issue 25: a hostile
    /// server's answer must not redirect the user's credentials). Azure's own endpoints put the account
    /// name first in the host: {account}.table.{suffix}, and with Azure DNS zone endpoints
    /// {account}.zNN.table.storage.azure.net ("Storage account overview", Storage account endpoints,
    /// learn.microsoft.com/azure/storage/common/storage-account-overview, 2025). An emulator such as
    /// Azurite serves the path-style form http(s)://127.0.0.1:port/{account}/, accepted on loopback only.
    /// </summary>
    public static class StorageTableEndpoint
    {
        /// <summary>The storage suffixes of Azure's clouds (AzureCloud, AzureUSGovernment, AzureChinaCloud) and of DNS zone endpoints.</summary>
        private static readonly string[] KnownSuffixes = { "core.windows.net", "core.usgovcloudapi.net", "core.chinacloudapi.cn", "storage.azure.net" };

        /// <summary>Null when <paramref name="endpoint"/> is the account's table endpoint; otherwise why it is not.</summary>
        /// <param name="resourceManager">
        /// The ARM endpoint signed in to: on Azure Stack Hub, storage shares its domain past the first label
        /// (management.local.azurestack.external, account.table.local.azurestack.external).
        /// </param>
        public static string? Problem(Uri endpoint, string accountName, Uri? resourceManager = null)
        {
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                return "it is not an http(s) address";
            }

            if (!string.IsNullOrEmpty(endpoint.UserInfo) || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment))
            {
                return "it carries user info, a query or a fragment";
            }

            var host = endpoint.IdnHost;
            if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
            {
                var firstSegment = endpoint.AbsolutePath.Trim('/').Split('/')[0];
                return IPAddress.IsLoopback(address) && string.Equals(firstSegment, accountName, StringComparison.OrdinalIgnoreCase)
                    ? null
                    : "an address by IP is accepted only on this machine (an emulator), with the account name as its first path segment";
            }

            var labels = host.Split('.');
            var tableLabel = labels.Length > 3 && labels[1].StartsWith("z", StringComparison.OrdinalIgnoreCase) ? 2 : 1;
            var suffix = labels.Length > tableLabel + 1 ? string.Join(".", labels, tableLabel + 1, labels.Length - tableLabel - 1) : string.Empty;
            if (!string.Equals(labels[0], accountName, StringComparison.OrdinalIgnoreCase)
                || labels.Length <= tableLabel || !string.Equals(labels[tableLabel], "table", StringComparison.OrdinalIgnoreCase)
                || !IsStorageSuffix(suffix, resourceManager))
            {
                return $"its host '{host}' is not '{accountName}.table.<the cloud's storage suffix>'";
            }

            return endpoint.Scheme == Uri.UriSchemeHttps ? null : "it is not https";
        }

        private static bool IsStorageSuffix(string suffix, Uri? resourceManager)
        {
            foreach (var known in KnownSuffixes)
            {
                if (string.Equals(suffix, known, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            var armHost = resourceManager?.IdnHost;
            var dot = armHost?.IndexOf('.') ?? -1;
            return dot > 0 && armHost!.IndexOf('.', dot + 1) > 0 && string.Equals(suffix, armHost.Substring(dot + 1), StringComparison.OrdinalIgnoreCase);
        }
    }
}
