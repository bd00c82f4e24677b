using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Templates
{
    /// <summary>How the autoscale setting is wired to the scale set in the template: target, metric resource, dependsOn, initial capacity.</summary>
    internal static class WiringChecks
    {
        public static ScaleSetView? Target(SettingUnderTest s, IReadOnlyList<ScaleSetView> scaleSets)
        {
            var target = s.Setting.TargetResourceUri;
            return target == null ? null : scaleSets.FirstOrDefault(v => SymbolTable.IdKey(v.Resource.Id) == SymbolTable.IdKey(target));
        }

        public static void Run(SettingUnderTest s, ScaleSetView? target, IReadOnlyList<ScaleSetView> scaleSets, FindingSink sink)
        {
            var uri = s.Setting.TargetResourceUri;
            var uriNode = s.Properties?["targetResourceUri"];
            if (target == null)
            {
                if (string.IsNullOrEmpty(uri))
                {
                    sink.Add("AutoscaleTargetNotFound", FindingSeverity.Error,
                        $"Autoscale setting '{s.Name}' has no targetResourceUri, so it scales nothing.",
                        "Set properties.targetResourceUri to the scale set's ID, e.g. [resourceId('Microsoft.Compute/virtualMachineScaleSets', <name>)].", s, uriNode);
                }
                else if (scaleSets.Count > 0)
                {
                    var names = string.Join(", ", scaleSets.Select(v => SymbolTable.Display(v.Name)));
                    var symbolic = SymbolTable.IsSymbolic(uri);
                    sink.Add("AutoscaleTargetNotFound", symbolic ? FindingSeverity.Information : FindingSeverity.Error,
                        symbolic
                            ? $"Autoscale setting '{s.Name}' targets {SymbolTable.Display(uri)}, which depends on values known only at deployment; cannot verify offline that it is the scale set the template deploys ({names})."
                            : $"Autoscale setting '{s.Name}' targets {uri}, which is not a scale set this template deploys ({names}); the setting would scale something else or fail.",
                        "Build targetResourceUri with resourceId('Microsoft.Compute/virtualMachineScaleSets', <the same name expression as the scale set>).", s, uriNode);
                }
                else if (!ResourceIds.IsScaleSet(uri) && !SymbolTable.IsSymbolic(uri))
                {
                    sink.Add("AutoscaleTargetNotFound", FindingSeverity.Error,
                        $"Autoscale setting '{s.Name}' targets '{uri}', which is neither a scale set in this template nor a scale set resource ID (/subscriptions/.../providers/Microsoft.Compute/virtualMachineScaleSets/<name>).",
                        "Point targetResourceUri at the scale set's full resource ID.", s, uriNode);
                }
            }

            for (var p = 0; p < s.Setting.Profiles.Count; p++)
            {
                var profile = s.Setting.Profiles[p];
                for (var r = 0; r < profile.Rules.Count; r++)
                {
                    var metricUri = profile.Rules[r].MetricTrigger.MetricResourceUri;
                    if (string.IsNullOrEmpty(metricUri) || string.IsNullOrEmpty(uri) || SymbolTable.IdKey(metricUri!) == SymbolTable.IdKey(uri!))
                    {
                        continue;
                    }

                    var at = s.RuleNode(p, r)?["metricTrigger"]?["metricResourceUri"];
                    if (ResourceIds.IsScaleSet(metricUri))
                    {
                        sink.Add("MetricResourceMismatch", FindingSeverity.Warning,
                            $"Rule {r + 1} of profile '{profile.Name}' reads {profile.Rules[r].MetricName} from scale set {SymbolTable.Display(metricUri)}, but the setting scales {SymbolTable.Display(uri)}: load on the target never triggers it.",
                            "Use the same expression for metricResourceUri as for targetResourceUri.", s, at);
                    }
                    else
                    {
                        sink.Add("MetricResourceMismatch", FindingSeverity.Information,
                            $"Rule {r + 1} of profile '{profile.Name}' reads {profile.Rules[r].MetricName} from {SymbolTable.Display(metricUri)}, not from the scale set it scales (fine for a queue or other signal; make sure that is intended).",
                            "Nothing to do if scaling on another resource's metric is intended.", s, at);
                    }
                }
            }

            if (target == null || s.Resource == null)
            {
                return;
            }

            if (!DependsOn(s.Resource, target.Resource))
            {
                var guest = s.Setting.Profiles.SelectMany(x => x.Rules).Any(r => MetricCatalog.IsGuestMetric(r.MetricName));
                sink.Add("MissingDependsOn", guest ? FindingSeverity.Error : FindingSeverity.Warning,
                    guest
                        ? $"Autoscale setting '{s.Name}' does not depend on scale set '{SymbolTable.Display(target.Name)}': ARM may create it first, and with guest metrics that fails with \"metric not supported\" before the diagnostics extension emits data."
                        : $"Autoscale setting '{s.Name}' does not depend on scale set '{SymbolTable.Display(target.Name)}': ARM may create it before the scale set exists and the deployment fails.",
                    $"Add the scale set to dependsOn: \"[resourceId('Microsoft.Compute/virtualMachineScaleSets', <name>)]\".", s, s.Resource.Node["dependsOn"] ?? s.Node);
            }

            var defaultProfile = s.Setting.Profiles.FirstOrDefault(x => x.IsDefault);
            if (defaultProfile != null && defaultProfile.Capacity.Minimum <= defaultProfile.Capacity.Maximum && target.Capacity is int capacity && (capacity < defaultProfile.Capacity.Minimum || capacity > defaultProfile.Capacity.Maximum))
            {
                var c = defaultProfile.Capacity;
                sink.Add("InitialCapacityOutsideRange", FindingSeverity.Warning,
                    $"Scale set '{SymbolTable.Display(target.Name)}' is deployed with sku.capacity {capacity}, outside profile '{defaultProfile.Name}' range [{c.Minimum}, {c.Maximum}]; autoscale moves it to {(capacity < c.Minimum ? c.Minimum : c.Maximum)} right after deployment.",
                    $"Deploy the scale set with a capacity between {c.Minimum} and {c.Maximum}, or widen the profile.",
                    target.Name, target.Resource.Type, target.CapacityNode);
            }
        }

        /// <summary>dependsOn entries may be IDs, "type/name" or bare names, and copy-loop names.</summary>
        internal static bool DependsOn(TemplateResource resource, TemplateResource on)
        {
            var id = SymbolTable.IdKey(on.Id);
            var typeName = SymbolTable.IdKey(on.Type + "/" + on.Name);
            var name = SymbolTable.IdKey(on.Name);
            foreach (var d in resource.DependsOn)
            {
                var key = SymbolTable.IdKey(d);
                if (key == id || key == typeName || key == name || (on.CopyName != null && key == SymbolTable.IdKey(on.CopyName))
                    || (key.Contains("/PROVIDERS/") && key.EndsWith("/" + typeName, StringComparison.Ordinal)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
