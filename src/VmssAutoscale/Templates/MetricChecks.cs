using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Templates
{
    /// <summary>Metric names against the OS and the diagnostics configuration: the guide's "metric name differs between Windows and Linux".</summary>
    internal static class MetricChecks
    {
        public static void Run(SettingUnderTest s, ScaleSetView? target, FindingSink sink)
        {
            for (var p = 0; p < s.Setting.Profiles.Count; p++)
            {
                var profile = s.Setting.Profiles[p];
                for (var r = 0; r < profile.Rules.Count; r++)
                {
                    var rule = profile.Rules[r];
                    var metricUri = rule.MetricTrigger.MetricResourceUri;
                    var onTarget = string.IsNullOrEmpty(metricUri) || (s.Setting.TargetResourceUri != null && SymbolTable.IdKey(metricUri!) == SymbolTable.IdKey(s.Setting.TargetResourceUri));
                    var onScaleSet = onTarget ? ResourceIds.IsScaleSet(s.Setting.TargetResourceUri) || target != null : ResourceIds.IsScaleSet(metricUri);
                    if (!onScaleSet)
                    {
                        continue;
                    }

                    Check(s, p, r, onTarget ? target : null, sink);
                }
            }
        }

        private static void Check(SettingUnderTest s, int p, int r, ScaleSetView? target, FindingSink sink)
        {
            var profile = s.Setting.Profiles[p];
            var rule = profile.Rules[r];
            var name = rule.MetricName;
            var at = s.RuleNode(p, r)?["metricTrigger"]?["metricName"];
            var label = $"Rule {r + 1} of profile '{profile.Name}'";
            var metric = MetricCatalog.Classify(name, rule.MetricTrigger.MetricNamespace);
            if (metric.Kind == MetricKind.AgentGuestMetric)
            {
                // An Azure Monitor Agent guest metric, not a WAD/LAD counter: AgentChecks follows its path (namespace, agent, data collection rule).
                return;
            }

            if (!metric.IsTableCounter)
            {
                var collected = target?.Diagnostics.SelectMany(d => d.Counters) ?? Enumerable.Empty<string>();
                if (metric.Kind != MetricKind.HostMetric && !collected.Any(c => c == name))
                {
                    var suggestion = MetricCatalog.Closest(name, MetricCatalog.HostMetrics.Concat(collected));
                    sink.Add("UnknownMetricName", FindingSeverity.Error,
                        $"{label} uses metric '{name}', which is neither a scale set host metric nor a counter the diagnostics configuration collects; autoscale reports \"metric not supported\" and the rule never evaluates." +
                        (suggestion != null ? $" Did you mean '{suggestion}'?" : string.Empty),
                        suggestion != null ? $"Use '{suggestion}' (host metric names are case-sensitive text with spaces, e.g. 'Percentage CPU')." : "Use a host metric such as 'Percentage CPU' or a counter the diagnostics extension collects.",
                        s, at);
                }

                return;
            }

            if (target == null)
            {
                return;
            }

            var counterOs = metric.Os;
            if (counterOs != GuestOs.Unknown && target.Os != GuestOs.Unknown && counterOs != target.Os)
            {
                sink.Add("GuestMetricWrongOs", FindingSeverity.Error,
                    $"{label} uses the {counterOs} counter '{name}', but scale set '{SymbolTable.Display(target.Name)}' runs {target.Os} (from {target.OsEvidence}); its diagnostics agent never writes that counter, so the rule never has data.",
                    $"Use the {target.Os} form, e.g. '{MetricCatalog.CpuCounterFor(target.Os)}' for CPU, or the host metric 'Percentage CPU' (no extension needed).",
                    s, at);
                return;
            }

            if (target.Diagnostics.Count == 0 && target.AgentExtension != null)
            {
                // The Azure Monitor Agent sends guest counters; AgentChecks reports the missing metricNamespace.
                return;
            }

            if (target.Diagnostics.Count == 0)
            {
                sink.Add("DiagnosticsExtensionMissing", FindingSeverity.Error,
                    $"{label} uses the guest counter '{name}', but scale set '{SymbolTable.Display(target.Name)}' has no diagnostics extension (IaaSDiagnostics or LinuxDiagnostic), so no data ever arrives.",
                    "Add the diagnostics extension with this counter and a Metrics resourceId for the scale set, or switch to the host metric 'Percentage CPU'.",
                    s, at);
                return;
            }

            foreach (var d in target.Diagnostics)
            {
                if (!d.ConfigurationKnown)
                {
                    sink.Add("CounterNotCollected", FindingSeverity.Information,
                        $"{label} uses '{name}', but the configuration of extension '{d.Name}' cannot be read offline ({d.ConfigurationProblem}); cannot verify the counter is collected.",
                        "Check that the extension's performance counters include this counter.", s, at);
                    continue;
                }

                var collected = d.Counters.Any(c => c == name);
                if (!collected)
                {
                    var caseOnly = d.Counters.FirstOrDefault(c => string.Equals(c, name, System.StringComparison.OrdinalIgnoreCase));
                    var suggestion = caseOnly ?? MetricCatalog.Closest(name, d.Counters);
                    sink.Add("CounterNotCollected", FindingSeverity.Error,
                        $"{label} uses '{name}', but extension '{d.Name}' does not collect that counter{(caseOnly != null ? $" (it collects '{caseOnly}', which differs in case; table keys are case-sensitive)" : string.Empty)}, so Azure Monitor never receives it." +
                        (suggestion != null && caseOnly == null ? $" Closest collected counter: '{suggestion}'." : string.Empty),
                        "Add the counter to the extension's PerformanceCounters (with the exact same text) or use a counter it collects.", s, at);
                    continue;
                }

                if (d.MetricsResourceId == null || !d.HasMetricAggregation)
                {
                    sink.Add("CounterNotCollected", FindingSeverity.Error,
                        $"Extension '{d.Name}' collects '{name}' but has no Metrics element with a resourceId and MetricAggregation, so no WADMetrics tables are written and autoscale never sees the counter.",
                        "Add <Metrics resourceId=\"<scale set ID>\"><MetricAggregation scheduledTransferPeriod=\"PT1M\"/></Metrics> (ladCfg: metrics.resourceId and metricAggregation).", s, at);
                    continue;
                }

                // Autoscale reads the counter under the rule's metricResourceUri, so that is what the Metrics resourceId must match.
                var targetId = rule.MetricTrigger.MetricResourceUri ?? s.Setting.TargetResourceUri ?? target.Resource.Id;
                if (SymbolTable.IdKey(d.MetricsResourceId) != SymbolTable.IdKey(targetId))
                {
                    sink.Add("CounterNotCollected", FindingSeverity.Error,
                        $"Extension '{d.Name}' writes its metrics for {SymbolTable.Display(d.MetricsResourceId)}, but the autoscale setting reads them for {SymbolTable.Display(targetId)}; the data lands under the wrong resource.",
                        "Set the Metrics resourceId to the same scale set ID as the autoscale targetResourceUri.", s, at);
                }
                else if (!SymbolTable.IsSymbolic(d.MetricsResourceId) && !SymbolTable.IsSymbolic(targetId) && d.MetricsResourceId.TrimEnd('/') != targetId.TrimEnd('/'))
                {
                    sink.Add("CounterNotCollected", FindingSeverity.Information,
                        $"Extension '{d.Name}' writes metrics for '{d.MetricsResourceId}' and autoscale reads '{targetId}': the same resource, but the letters differ in case. The diagnostics tables key rows by this text and table keys are case-sensitive, so this may lose the data (not verified).",
                        "Build both IDs from the same expression so they match exactly.", s, at);
                }
            }
        }
    }
}
