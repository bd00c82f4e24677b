using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Azure.Arm
{
    /// <summary>A token handed to us (-AccessToken, or the Az context's Get-AzAccessToken). Used as is, never refreshed.</summary>
    internal sealed class StaticTokenCredential : TokenCredential
    {
        private readonly AccessToken token;

        public StaticTokenCredential(string token, DateTimeOffset? expiresOn)
        {
            // Without an expiry we cannot know better than "valid for now"; an hour keeps the
            // bearer policy from asking again during one command.
            this.token = new AccessToken(token, expiresOn ?? DateTimeOffset.UtcNow.AddHours(1));
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => token;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new ValueTask<AccessToken>(token);

        // The token must never reach a log, a transcript or an error message through ToString.
        public override string ToString() => nameof(StaticTokenCredential);
    }

    internal static class Credentials
    {
        /// <summary>
        /// The explicit token when there is one; otherwise the non-interactive chain: environment
        /// service principal, workload identity, managed identity (Azure Automation, VMs), Azure
        /// CLI. DefaultAzureCredential gives that order (environment before managed identity: an
        /// environment service principal is explicit configuration, and its managed-identity probe
        /// fails fast off Azure instead of hanging). Interactive and developer-tool credentials are
        /// excluded: a runbook must never prompt. The Az.Accounts context is resolved by the
        /// cmdlets (it needs the PowerShell session) and arrives here as an explicit token.
        /// </summary>
        public static TokenCredential For(AzureConnectionOptions options)
        {
            if (!string.IsNullOrEmpty(options.AccessToken))
            {
                return new StaticTokenCredential(options.AccessToken!, options.AccessTokenExpiresOn);
            }

            return new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                TenantId = options.TenantId,
                ExcludeInteractiveBrowserCredential = true,
                ExcludeVisualStudioCredential = true,
                ExcludeVisualStudioCodeCredential = true,
                ExcludeAzurePowerShellCredential = true,
                ExcludeAzureDeveloperCliCredential = true,
                ExcludeBrokerCredential = true,
            });
        }
    }
}
