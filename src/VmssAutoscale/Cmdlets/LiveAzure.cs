using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// What a cmdlet needs for one invocation: its source set (live Azure, with the credential,
    /// the subscription and an open session to ARM; or one snapshot bundle), and a way to wait on
    /// async calls on the pipeline thread while writing what the workers logged.
    /// </summary>
    internal sealed class LiveAzure
    {
        // Reads the Az.Accounts context only when the module is already loaded (or a stand-in
        // function exists): we must not autoload Az.Accounts, which would bring its own Azure.Core
        // into the session just because we looked. The token stays inside this script's scope.
        private const string AzContextScript = @"
param($ResourceUrl)
if (-not ((Get-Module -Name Az.Accounts) -or (Test-Path -Path function:Get-AzContext))) { return }
$context = Get-AzContext -ErrorAction Ignore
if (-not $context -or -not $context.Account) { return }
$url = if ($ResourceUrl) { $ResourceUrl } elseif ($context.Environment -and $context.Environment.ResourceManagerUrl) { [string] $context.Environment.ResourceManagerUrl } else { 'https://management.azure.com/' }
$token = Get-AzAccessToken -ResourceUrl $url -ErrorAction Stop
$value = $token.Token
if ($value -is [securestring]) { $value = [System.Net.NetworkCredential]::new('', $value).Password }
@{
    Token = [string] $value
    ExpiresOn = $token.ExpiresOn
    SubscriptionId = if ($context.Subscription) { [string] $context.Subscription.Id } else { $null }
    TenantId = if ($context.Tenant) { [string] $context.Tenant.Id } else { $null }
    ResourceManagerUrl = $url
}";

        private readonly ILiveHost host;
        private readonly CancellationToken cancellation;

        // The cmdlet's overall deadline, whose passing Run reports as CommandTimeout rather than as a cancellation.
        private CommandDeadline? deadline;
        private readonly string? contextSubscription;
        private readonly string? defaultSubscription;
        private readonly Dictionary<string, string> resolvedSubscriptions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private ScaleSetInfoService? scaleSets;

        private LiveAzure(ILiveHost host, CancellationToken cancellation, SourceSet sources, string credentialSource, string? contextSubscription, string? defaultSubscription)
        {
            this.host = host;
            this.cancellation = cancellation;
            Sources = sources;
            CredentialSource = credentialSource;
            this.contextSubscription = contextSubscription;
            this.defaultSubscription = defaultSubscription;
        }

        /// <summary>Every read of this invocation, live or from the bundle (SourceSet).</summary>
        public SourceSet Sources { get; }

        /// <summary>The connection the session was opened with, for calls outside the session (storage, host metrics) that need the same credential and endpoint.</summary>
        public AzureConnectionOptions Options { get; private set; } = new AzureConnectionOptions();

        public string CredentialSource { get; }

        public ScaleSetInfoService ScaleSets => scaleSets ??= new ScaleSetInfoService(Sources.ScaleSets, Sources.SettingLookup, Sources.Log, Sources.Reads);

        /// <summary>The reference time: the collection time of a snapshot, the clock otherwise.</summary>
        public DateTime Now => Sources.Snapshot?.Now ?? DateTime.UtcNow;

        /// <summary>A snapshot bundle behind the same façade, for every cmdlet's -Snapshot parameter (SourceSet.OpenSnapshot, the one bundle opener).</summary>
        public static LiveAzure FromSnapshot(PSCmdlet cmdlet, CancellationToken cancellation, string path)
        {
            var sources = SourceSet.OpenSnapshot(path, cancellation);
            cmdlet.WriteVerbose($"Reading the snapshot {sources.Snapshot!.Snapshot.Path} collected at {sources.Snapshot.Now:u}.");
            return new LiveAzure(new CmdletHost(cmdlet), cancellation, sources, "Snapshot", null, null) { deadline = (cmdlet as VmssAutoscaleCmdlet)?.Deadline };
        }

        public static LiveAzure Open(PSCmdlet cmdlet, CancellationToken cancellation)
        {
            var live = Open(new CmdletHost(cmdlet), cancellation);
            live.deadline = (cmdlet as VmssAutoscaleCmdlet)?.Deadline;
            return live;
        }

        /// <summary>
        /// Opens the session the way every live cmdlet does; the host gives what a PSCmdlet would
        /// (verbose and warning streams, running the Az-context script), so argument completers,
        /// which have no cmdlet, take the same path.
        /// </summary>
        public static LiveAzure Open(ILiveHost host, CancellationToken cancellation)
        {
            var s = AzureSessionDefaults.Current;
            var url = s.ResourceManagerUrl;
            var audience = s.Audience;
            var token = AzureSessionDefaults.Token;
            DateTimeOffset? expires = null;
            string? contextSubscription = null;
            var tenant = s.TenantId;
            var source = "AccessToken";
            if (string.IsNullOrEmpty(token))
            {
                var az = ReadAzContext(host, s.EnvironmentChosen ? s.Audience : null);
                if (az != null)
                {
                    token = az.Token;
                    expires = az.ExpiresOn;
                    contextSubscription = az.SubscriptionId;
                    tenant ??= az.TenantId;
                    source = "AzContext";
                    if (!s.EnvironmentChosen && az.ResourceManagerUrl != null && Uri.TryCreate(az.ResourceManagerUrl, UriKind.Absolute, out var azUrl))
                    {
                        url = azUrl;
                        audience = az.ResourceManagerUrl;
                    }
                }
                else
                {
                    source = "DefaultCredentialChain";
                }
            }

            host.WriteVerbose($"Azure Resource Manager {url} ({source}).");
            var options = new AzureConnectionOptions
            {
                ResourceManagerUrl = url,
                Scope = AzureClouds.ScopeFor(audience),
                AccessToken = token,
                AccessTokenExpiresOn = expires,
                TenantId = tenant,
                SkipCertificateCheck = s.SkipCertificateCheck,
            };
            var session = AzureSessionDefaults.SessionFor(options, o => AzureBackendLoader.Backend.Open(o));
            var sources = SourceSet.Live(session, new Diagnosis.LiveSampleSource(options, session.Log, null, session));
            return new LiveAzure(host, cancellation, sources, source, contextSubscription, s.SubscriptionId) { Options = options };
        }

        /// <summary>
        /// The subscription, in the documented order: the resource ID, the parameter, the session
        /// default (Connect-VmssAutoscale), the Az context, the single subscription the credential can see.
        /// </summary>
        public string Subscription(string? resourceId, string? parameter)
        {
            if (ResourceIds.Subscription(resourceId) is string fromId)
            {
                return fromId;
            }

            var chosen = !string.IsNullOrEmpty(parameter) ? parameter : defaultSubscription ?? contextSubscription;
            if (!string.IsNullOrEmpty(chosen))
            {
                return chosen!;
            }

            if (resolvedSubscriptions.TryGetValue(string.Empty, out var known))
            {
                return known;
            }

            var visible = Run(ct => Sources.Subscriptions.ListSubscriptionsAsync(ct));
            if (visible.Count == 1)
            {
                host.WriteVerbose($"Using subscription {visible[0].SubscriptionId}, the only one this identity can see.");
                resolvedSubscriptions[string.Empty] = visible[0].SubscriptionId;
                return visible[0].SubscriptionId;
            }

            var names = string.Join(", ", visible.Take(5).Select(v => v.DisplayName == null ? v.SubscriptionId : $"{v.DisplayName} ({v.SubscriptionId})"));
            throw new ModuleException(
                visible.Count == 0 ? "NoSubscription" : ErrorIds.AmbiguousSubscription,
                ErrorCategory.InvalidArgument,
                visible.Count == 0
                    ? "The signed-in identity can see no subscription. Give -SubscriptionId, or grant the identity a role (e.g. Reader) on the subscription."
                    : $"The signed-in identity can see {visible.Count} subscriptions ({names}{(visible.Count > 5 ? ", ..." : string.Empty)}). Choose one: give -SubscriptionId, pipe a resource ID, run Connect-VmssAutoscale -SubscriptionId <id>, or Set-AzContext.");
        }

        /// <summary>Waits for async work on the pipeline thread, writing queued verbose lines and warnings as they arrive.</summary>
        public T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            var task = work(cancellation);
            while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(50))
            {
                Flush();
            }

            Flush();
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (deadline?.Expired == true)
            {
                throw deadline!.Error();
            }
            catch (AggregateException e) when (e.InnerException != null)
            {
                if (e.InnerException is OperationCanceledException && deadline?.Expired == true)
                {
                    throw deadline.Error();
                }

                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }

        /// <summary>
        /// The activity-log records of a scale set and of the settings that target it, over a period
        /// (Get-VmssScaleEvent's read; the optimizer's warmup reads the same).
        /// </summary>
        public List<ActivityLogRecord> ActivityLog(string scaleSetId, IEnumerable<AutoscaleSetting> settings, DateTime start, DateTime end)
        {
            var subscription = ResourceIds.Subscription(scaleSetId)!;
            var records = new List<ActivityLogRecord>();
            foreach (var resource in settings.Select(s => s.Id).Where(s => s != null).Concat(new[] { scaleSetId }))
            {
                host.WriteVerbose($"Reading the activity log of {resource} from {start:u} to {end:u}.");
                records.AddRange(Run(ct => Sources.Events.GetActivityLogJsonAsync(subscription, resource!, start, end, ct)).Select(ActivityLogReader.Read));
            }

            return records;
        }

        public void Flush() => Sources.Pump(host.WriteVerbose, host.WriteWarning);

        private static AzContextToken? ReadAzContext(ILiveHost host, string? resourceUrl)
        {
            System.Collections.ObjectModel.Collection<PSObject> result;
            try
            {
                result = host.InvokeScript(AzContextScript, resourceUrl);
            }
            catch (RuntimeException e)
            {
                // Never include the exception text of Get-AzAccessToken verbatim beyond its message: no token is in it, but be terse.
                host.WriteVerbose($"The Az context could not give a token ({e.Message}); trying managed identity, environment and Azure CLI credentials.");
                return null;
            }

            if (result.Count == 0 || !(result[0]?.BaseObject is System.Collections.IDictionary d) || !(d["Token"] is string token) || token.Length == 0)
            {
                return null;
            }

            return new AzContextToken
            {
                Token = token,
                ExpiresOn = d["ExpiresOn"] is DateTimeOffset o ? o : d["ExpiresOn"] is DateTime t ? new DateTimeOffset(t) : (DateTimeOffset?)null,
                SubscriptionId = d["SubscriptionId"] as string,
                TenantId = d["TenantId"] as string,
                ResourceManagerUrl = d["ResourceManagerUrl"] as string,
            };
        }

        private sealed class AzContextToken
        {
            public string Token { get; init; } = string.Empty;

            public DateTimeOffset? ExpiresOn { get; init; }

            public string? SubscriptionId { get; init; }

            public string? TenantId { get; init; }

            public string? ResourceManagerUrl { get; init; }
        }
    }

    /// <summary>What LiveAzure needs from its caller: the streams to write to and a way to run the Az-context script.</summary>
    internal interface ILiveHost
    {
        void WriteVerbose(string text);

        void WriteWarning(string text);

        System.Collections.ObjectModel.Collection<PSObject> InvokeScript(string script, string? argument);
    }

    /// <summary>A cmdlet as the host: its streams, and scripts run in its session state.</summary>
    internal sealed class CmdletHost : ILiveHost
    {
        private readonly PSCmdlet cmdlet;

        public CmdletHost(PSCmdlet cmdlet)
        {
            this.cmdlet = cmdlet;
        }

        public void WriteVerbose(string text) => cmdlet.WriteVerbose(text);

        public void WriteWarning(string text) => cmdlet.WriteWarning(text);

        public System.Collections.ObjectModel.Collection<PSObject> InvokeScript(string script, string? argument) =>
            cmdlet.InvokeCommand.InvokeScript(script, true, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, argument);
    }

    /// <summary>Turns what the user gave (resource group and name, or resource ID) into a scale set ID.</summary>
    internal static class ScaleSetTarget
    {
        public static string Id(LiveAzure azure, string? resourceId, string? resourceGroupName, string? name, string? subscriptionId)
        {
            if (!string.IsNullOrEmpty(resourceId))
            {
                if (!ResourceIds.IsScaleSet(resourceId))
                {
                    throw new ModuleException(ErrorIds.NotAScaleSet, ErrorCategory.InvalidArgument,
                        $"'{resourceId}' is not the resource ID of a scale set (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Compute/virtualMachineScaleSets/<name>).", resourceId);
                }

                azure.Sources.Snapshot?.Find(resourceId!);
                return resourceId!.TrimEnd('/');
            }

            var id = ResourceIds.ScaleSetId(azure.Subscription(null, subscriptionId), resourceGroupName!, name!);

            // Every cmdlet with -Snapshot answers a scale set the bundle lacks the same way, before it
            // looks for settings or events (which would otherwise just find none).
            azure.Sources.Snapshot?.Find(id);
            return id;
        }

        /// <summary>
        /// The bundle's names are defaults: the one scale set the bundle holds (among those the names
        /// given match). None matching is ScaleSetNotInSnapshot and several is ScaleSetNotChosen, each
        /// listing what the bundle holds.
        /// </summary>
        public static string FromBundle(LiveAzure azure, string? subscriptionId, string? resourceGroupName, string? name, string? snapshotArgument)
        {
            var bundle = azure.Sources.Snapshot!;
            var matches = bundle.Matching(subscriptionId, resourceGroupName, name).ToList();
            if (matches.Count == 1)
            {
                return matches[0].ResourceId;
            }

            if (matches.Count == 0)
            {
                throw bundle.NotInSnapshot(resourceGroupName, name, snapshotArgument);
            }

            throw new ModuleException(ErrorIds.ScaleSetNotChosen, ErrorCategory.InvalidArgument,
                $"The snapshot '{bundle.Snapshot.Path}' holds {matches.Count} scale sets: {string.Join(", ", matches.Select(m => $"{ResourceIds.ResourceGroup(m.ResourceId)}/{m.Name}"))}. Choose one with -ResourceGroupName and -VMScaleSetName.",
                snapshotArgument);
        }
    }

    /// <summary>Accepts -AccessToken as a string or a SecureString, so both Get-AzAccessToken shapes work.</summary>
    public sealed class AccessTokenTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject p ? p.BaseObject : inputData;
            if (value is string s)
            {
                var secure = new System.Security.SecureString();
                foreach (var c in s)
                {
                    secure.AppendChar(c);
                }

                secure.MakeReadOnly();
                return secure;
            }

            return value;
        }
    }
}
