using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources.Sampling
{
    /// <summary>
    /// Which observed-value series (MetricTriggerSource) belongs to which threshold series
    /// (MetricTriggerRule). The public metric reference names the two dimensions but not the
    /// format of their values, so the pairing is a documented choice (about_VmssAutoscale_Engine,
    /// "Run history"), tried in this order for each rule:
    /// 1. the source whose value appears inside the rule's value (the longest such, case-insensitive);
    /// 2. the only source, when there is exactly one (a scale-out and a scale-in rule on one metric share it);
    /// 3. with the setting known: the setting's rule with the series' threshold gives a metric name,
    ///    and the source naming that metric;
    /// otherwise the rule stands alone (its rows have no observed value). A source no rule took
    /// gets rows of its own without a threshold, so nothing the service reported is dropped.
    /// Several rules may share one source: two rules on the same metric observe the same value.
    /// </summary>
    public static class RunHistoryPairing
    {
        public static IReadOnlyList<(string? Rule, string? Source)> Pair(
            IReadOnlyDictionary<string, SortedDictionary<DateTime, double>> thresholds,
            IReadOnlyDictionary<string, SortedDictionary<DateTime, double>> observed,
            AutoscaleSetting? setting)
        {
            var sources = observed.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase).ToList();
            var pairs = new List<(string? Rule, string? Source)>();
            foreach (var rule in thresholds.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase))
            {
                var source = sources.Where(s => s.Length > 0 && rule.IndexOf(s, StringComparison.OrdinalIgnoreCase) >= 0).OrderByDescending(s => s.Length).FirstOrDefault()
                    ?? (sources.Count == 1 ? sources[0] : null)
                    ?? BySettingRule(thresholds[rule], sources, setting);
                pairs.Add((rule, source));
            }

            foreach (var source in sources.Where(s => !pairs.Any(p => string.Equals(p.Source, s, StringComparison.OrdinalIgnoreCase))))
            {
                pairs.Add((null, source));
            }

            return pairs;
        }

        private static string? BySettingRule(SortedDictionary<DateTime, double> threshold, IReadOnlyList<string> sources, AutoscaleSetting? setting)
        {
            if (setting == null || threshold.Count == 0)
            {
                return null;
            }

            var value = threshold.Values.GroupBy(v => v).OrderByDescending(g => g.Count()).First().Key;
            var metrics = setting.Profiles.SelectMany(p => p.Rules)
                .Where(r => Math.Abs(r.MetricTrigger.Threshold - value) < 1e-9)
                .Select(r => r.MetricTrigger.MetricName)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (metrics.Count != 1)
            {
                return null;
            }

            return sources.FirstOrDefault(s => s.Length > 0
                && (s.IndexOf(metrics[0], StringComparison.OrdinalIgnoreCase) >= 0 || metrics[0].IndexOf(s, StringComparison.OrdinalIgnoreCase) >= 0));
        }
    }
}
