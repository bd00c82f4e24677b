using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Cmdlets.Completers
{
    /// <summary>
    /// The scale sets (resource group and name) tab completion offers, read from ARM with the
    /// session defaults and Az context exactly as the live cmdlets read them (LiveAzure), within a
    /// time bound, and cached briefly so pressing Tab again does not ask ARM again.
    /// </summary>
    internal static class ScaleSetNameCatalog
    {
        /// <summary>Completion must feel instant; past this the user is better served by nothing.</summary>
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

        /// <summary>Long enough for a burst of Tab presses, short enough that a new scale set appears soon.</summary>
        public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(60);

        // Keyed by endpoint, subscription and group; an entry also remembers the session it came
        // from, so signing in again (another token, cloud or identity) never serves the old list.
        private static readonly ConcurrentDictionary<string, (object Session, DateTime At, IReadOnlyList<(string ResourceGroup, string Name)> Items)> Cache =
            new ConcurrentDictionary<string, (object, DateTime, IReadOnlyList<(string, string)>)>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// The scale sets of the subscription (or of one resource group), or nothing on any failure:
        /// not signed in, ambiguous subscription, no permission, a slow endpoint. A completer must
        /// never throw or prompt.
        /// </summary>
        public static IReadOnlyList<(string ResourceGroup, string Name)> List(IDictionary? fakeBoundParameters)
        {
            try
            {
                if (Bound(fakeBoundParameters, "Snapshot") is string bundle)
                {
                    return FromBundle(bundle, Bound(fakeBoundParameters, "ResourceGroupName"));
                }

                using var timeout = new CancellationTokenSource(Timeout);
                var live = LiveAzure.Open(new QuietHost(), timeout.Token);
                var subscription = live.Subscription(null, Bound(fakeBoundParameters, "SubscriptionId"));
                var resourceGroup = Bound(fakeBoundParameters, "ResourceGroupName");

                // A wildcard group (-ResourceGroupName rg-*) cannot scope the request: list the
                // subscription and filter here.
                System.Text.RegularExpressions.Regex? groupPattern = null;
                if (resourceGroup != null && CompletionText.HasWildcard(resourceGroup))
                {
                    groupPattern = CompletionText.Wildcard(resourceGroup);
                    resourceGroup = null;
                }

                var key = string.Join("|", live.Options.ResourceManagerUrl, subscription, resourceGroup ?? "*");
                if (!Cache.TryGetValue(key, out var hit) || !ReferenceEquals(hit.Session, live.Sources.ScaleSets) || DateTime.UtcNow - hit.At >= CacheLifetime)
                {
                    var task = live.Sources.ScaleSets.ListScaleSetJsonAsync(subscription, resourceGroup, timeout.Token);
                    if (!task.Wait(Timeout))
                    {
                        return Array.Empty<(string, string)>();
                    }

                    hit = (live.Sources.ScaleSets, DateTime.UtcNow, task.Result.Select(Read).Where(x => x != null).Select(x => x!.Value).ToList());
                    Cache[key] = hit;
                }

                return groupPattern == null ? hit.Items : hit.Items.Where(i => groupPattern.IsMatch(i.ResourceGroup)).ToList();
            }
            catch (Exception)
            {
                // Any failure (credentials, network, permission, cancellation, a bad body) means
                // no suggestions; an exception here would surface in the user's prompt.
                return Array.Empty<(string, string)>();
            }
        }

        /// <summary>
        /// With -Snapshot already typed, the bundle's own scale sets (the names it makes defaults
        /// of), read through the one bundle opener; a path that does not open gives nothing.
        /// </summary>
        private static IReadOnlyList<(string ResourceGroup, string Name)> FromBundle(string path, string? resourceGroup)
        {
            var full = new QuietHost().InvokeScript("param($p) $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($p)", path).FirstOrDefault()?.BaseObject as string ?? path;
            var read = System.Threading.Tasks.Task.Run(() => Sources.SourceSet.OpenSnapshot(full).Snapshot!.Snapshot.ScaleSets
                .Select(s => (ResourceGroup: ResourceIds.ResourceGroup(s.ResourceId) ?? string.Empty, s.Name))
                .ToList());
            if (!read.Wait(Timeout))
            {
                return Array.Empty<(string, string)>();
            }

            var pattern = resourceGroup == null ? null : CompletionText.Wildcard(resourceGroup);
            return read.Result.Where(i => pattern == null || pattern.IsMatch(i.ResourceGroup)).ToList();
        }

        /// <summary>Forgets what was read (tests; a user never needs to).</summary>
        internal static void Clear() => Cache.Clear();

        private static (string ResourceGroup, string Name)? Read(string json)
        {
            var id = JsonParser.Parse(json)["id"]?.ScalarText;
            var rg = ResourceIds.ResourceGroup(id);
            var name = ResourceIds.LastSegment(id);
            return rg == null || name == null ? ((string, string)?)null : (rg, name);
        }

        /// <summary>A parameter already typed on the command line: a single value, or the first of a list.</summary>
        private static string? Bound(IDictionary? parameters, string name)
        {
            if (parameters == null || !parameters.Contains(name))
            {
                return null;
            }

            var value = parameters[name] is PSObject p ? p.BaseObject : parameters[name];
            if (value is IEnumerable e && !(value is string))
            {
                value = e.Cast<object?>().FirstOrDefault();
                value = value is PSObject q ? q.BaseObject : value;
            }

            var text = value as string;
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }

        /// <summary>
        /// The host a completer has: no streams to write to, and scripts (the Az-context read) run
        /// in the current runspace, which is the user's session where Az.Accounts lives.
        /// </summary>
        private sealed class QuietHost : ILiveHost
        {
            public void WriteVerbose(string text)
            {
            }

            public void WriteWarning(string text)
            {
            }

            public Collection<PSObject> InvokeScript(string script, string? argument)
            {
                using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
                ps.AddScript(script, true).AddArgument(argument);
                var result = ps.Invoke();
                if (ps.HadErrors && ps.Streams.Error.Count > 0 && result.Count == 0)
                {
                    throw new RuntimeException(ps.Streams.Error[0].ToString());
                }

                return result;
            }
        }
    }

    /// <summary>Completes -ResourceGroupName with the resource groups that hold scale sets.</summary>
    public sealed class ResourceGroupNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            // The group being completed must not narrow the listing to itself.
            var others = fakeBoundParameters == null ? null : new Hashtable(fakeBoundParameters, StringComparer.OrdinalIgnoreCase);
            others?.Remove("ResourceGroupName");
            return CompletionText.Results(ScaleSetNameCatalog.List(others).Select(s => s.ResourceGroup), wordToComplete, "Resource group ");
        }
    }

    /// <summary>Completes -VMScaleSetName, within the -ResourceGroupName already typed if any.</summary>
    public sealed class ScaleSetNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Results(ScaleSetNameCatalog.List(fakeBoundParameters).Select(s => s.Name), wordToComplete, "Scale set ");
    }
}
