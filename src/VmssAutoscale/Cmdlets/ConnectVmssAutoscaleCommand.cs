using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Sets this session's defaults for the live cmdlets: cloud or custom ARM endpoint, tenant,
    /// subscription and, optionally, an access token. Without it the cmdlets use the Az context or
    /// the non-interactive credential chain; it never prompts and sends no request.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "VmssAutoscale", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(ConnectionInfo))]
    public sealed class ConnectVmssAutoscaleCommand : VmssAutoscaleCmdlet
    {
        private const string EnvironmentSet = "Environment";
        private const string CustomSet = "Custom";

        [Parameter(ParameterSetName = EnvironmentSet)]
        [ValidateSet("AzureCloud", "AzureUSGovernment", "AzureChinaCloud")]
        public string Environment { get; set; } = "AzureCloud";

        /// <summary>The ARM endpoint of a custom cloud (Azure Stack Hub) or any ARM-compatible HTTPS endpoint.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CustomSet)]
        [ValidateNotNullOrEmpty]
        public string ResourceManagerUrl { get; set; } = string.Empty;

        /// <summary>Token audience for the custom endpoint; defaults to the endpoint itself.</summary>
        [Parameter(ParameterSetName = CustomSet)]
        [ValidateNotNullOrEmpty]
        public string? Audience { get; set; }

        [Parameter]
        [AccessTokenTransformation]
        public SecureString? AccessToken { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TenantId { get; set; }

        /// <summary>Accept any TLS certificate from the endpoint (a private CA or a test server). Use only on endpoints you trust.</summary>
        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        protected override void EndProcessing()
        {
            Uri url;
            string audience;
            string environment;
            if (ParameterSetName == CustomSet)
            {
                if (!Uri.TryCreate(ResourceManagerUrl, UriKind.Absolute, out var custom) || custom.Scheme != Uri.UriSchemeHttps)
                {
                    Fail(ErrorIds.InvalidResourceManagerUrl, ErrorCategory.InvalidArgument, ResourceManagerUrl,
                        $"-ResourceManagerUrl '{ResourceManagerUrl}' is not an absolute https:// URL. Bearer tokens are only sent over TLS; give the endpoint as https://<host>[:<port>]/.");
                    return;
                }

                url = new Uri(custom.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
                audience = Audience ?? url.ToString();
                environment = "Custom";
            }
            else
            {
                var cloud = AzureClouds.Known[Environment];
                url = new Uri(cloud.ResourceManagerUrl);
                audience = cloud.Audience;
                environment = Environment;
            }

            if (SkipCertificateCheck)
            {
                WriteWarning($"TLS certificates of {url.GetLeftPart(UriPartial.Authority)} will not be checked: the access token will be sent to whoever answers at that address. Use this only for a test endpoint or a private cloud you trust.");
            }

            var settings = new AzureSessionDefaults.Settings
            {
                Environment = environment,
                EnvironmentChosen = ParameterSetName == CustomSet || MyInvocation.BoundParameters.ContainsKey(nameof(Environment)),
                ResourceManagerUrl = url,
                Audience = audience,
                SubscriptionId = SubscriptionId,
                TenantId = TenantId,
                SkipCertificateCheck = SkipCertificateCheck,
                AccessToken = AccessToken == null ? null : Plain(AccessToken),
            };
            AzureSessionDefaults.Set(settings);
            var source = settings.HasAccessToken ? "AccessToken" : HasAzContext() ? "AzContext" : "DefaultCredentialChain";
            WriteObject(AzureSessionDefaults.Describe(settings, source));
        }

        private bool HasAzContext()
        {
            var found = InvokeCommand.InvokeScript("[bool]((Get-Module -Name Az.Accounts) -or (Test-Path -Path function:Get-AzContext))");
            return found.Count > 0 && found[0]?.BaseObject is bool b && b;
        }

        private static string Plain(SecureString secure)
        {
            var ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(ptr) ?? string.Empty;
            }
            finally
            {
                if (ptr != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(ptr);
                }
            }
        }
    }
}
