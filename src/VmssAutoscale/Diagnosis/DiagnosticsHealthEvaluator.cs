using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>Everything the verdict is built from; the cmdlet and the diagnosis fill it, tests write it by hand.</summary>
    public sealed class DiagnosticsHealthInput
    {
        /// <summary>"Now" for lag: the end of the window, or the current time when the window ends later.</summary>
        public DateTime ReferenceTime { get; init; }

        /// <summary>True when the samples are Azure Monitor host metrics: no extension or table is involved.</summary>
        public bool UsesHostMetrics { get; init; }

        /// <summary>True when the scale set model was read, so a null <see cref="Extension"/> means "not installed" rather than "not looked at".</summary>
        public bool ModelRead { get; init; }

        public DiagnosticsConfiguration? Extension { get; init; }

        /// <summary>True when the samples come from the WADMetrics tables, the only ones the Metrics resourceId decides.</summary>
        public bool ReadsAggregateTables { get; init; }

        public IReadOnlyList<string> MetricNames { get; init; } = Array.Empty<string>();

        /// <summary>The resource autoscale reads metrics for (the setting's metricResourceUri or target, else the scale set).</summary>
        public string? ExpectedResourceId { get; init; }

        public IReadOnlyList<string> TablesRead { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> TablesMissing { get; init; } = Array.Empty<string>();

        /// <summary>Instance names as the data spells them (VM name for host metrics, computer name for tables); empty when unknown.</summary>
        public IReadOnlyList<string> KnownInstances { get; init; } = Array.Empty<string>();

        public IReadOnlyList<MetricSample> Samples { get; init; } = Array.Empty<MetricSample>();

        /// <summary>Newest sample older than this: Lagging. The engine reads a window that ends a few minutes back (metrics arrive with an
        /// ingestion delay: learn.microsoft.com "Azure Monitor Metrics overview", latency), so 5 minutes is still healthy.</summary>
        public TimeSpan LagTolerance { get; init; } = TimeSpan.FromMinutes(5);

        /// <summary>Newest sample older than this: Silent.</summary>
        public TimeSpan SilentAfter { get; init; } = TimeSpan.FromMinutes(15);

        public string? VMScaleSetName { get; init; }

        public string? ResourceGroupName { get; init; }

        public string? ResourceId { get; init; }
    }

    /// <summary>
    /// The -Summary logic, pure: per-instance status from the newest sample, then the scale-set
    /// verdict, most fundamental cause first (no extension, counter not configured, Metrics
    /// resourceId mismatch, table missing, all silent, some silent, lagging).
    /// </summary>
    public static class DiagnosticsHealthEvaluator
    {
        /// <summary>
        /// Instance names from different places differ in case, and WAD writes scale-set
        /// RoleInstance with a leading underscore ("_web-vmss_0"): compare on a normalised key.
        /// </summary>
        public static string InstanceKey(string name) => name.Trim().TrimStart('_').ToUpperInvariant();

        public static IReadOnlyList<DiagnosticsHealth> Instances(DiagnosticsHealthInput input)
        {
            var metrics = input.MetricNames.Count > 0 ? input.MetricNames : input.Samples.Select(s => s.MetricName).Distinct(StringComparer.Ordinal).ToList();
            var names = new Dictionary<string, string>();
            foreach (var known in input.KnownInstances)
            {
                names[InstanceKey(known)] = known;
            }

            foreach (var s in input.Samples)
            {
                var key = InstanceKey(s.Instance);
                if (!names.ContainsKey(key))
                {
                    names[key] = s.Instance;
                }
            }

            var result = new List<DiagnosticsHealth>();
            foreach (var metric in metrics)
            {
                var byInstance = input.Samples
                    .Where(s => string.Equals(s.MetricName, metric, StringComparison.Ordinal))
                    .GroupBy(s => InstanceKey(s.Instance))
                    .ToDictionary(g => g.Key, g => (Last: g.Max(s => s.Timestamp), Count: g.Count()));
                foreach (var pair in names.OrderBy(n => n.Value, StringComparer.OrdinalIgnoreCase))
                {
                    if (byInstance.TryGetValue(pair.Key, out var seen))
                    {
                        var lag = input.ReferenceTime - seen.Last;
                        if (lag < TimeSpan.Zero)
                        {
                            lag = TimeSpan.Zero;
                        }

                        result.Add(new DiagnosticsHealth
                        {
                            Instance = pair.Value,
                            MetricName = metric,
                            LastSampleTime = seen.Last,
                            LagSpan = lag,
                            SampleCount = seen.Count,
                            Status = lag > input.SilentAfter ? DiagnosticsInstanceStatus.Silent
                                : lag > input.LagTolerance ? DiagnosticsInstanceStatus.Lagging
                                : DiagnosticsInstanceStatus.Healthy,
                            VMScaleSetName = input.VMScaleSetName,
                            ResourceGroupName = input.ResourceGroupName,
                        });
                    }
                    else
                    {
                        result.Add(new DiagnosticsHealth
                        {
                            Instance = pair.Value,
                            MetricName = metric,
                            Status = DiagnosticsInstanceStatus.Missing,
                            VMScaleSetName = input.VMScaleSetName,
                            ResourceGroupName = input.ResourceGroupName,
                        });
                    }
                }
            }

            return result;
        }

        public static DiagnosticsVerdict Evaluate(DiagnosticsHealthInput input)
        {
            var instances = Instances(input);
            var problems = new List<string>();
            var messages = new Dictionary<string, string>();
            var affected = new Dictionary<string, IReadOnlyList<string>>();
            DateTime? silentSince = null;

            void Add(string kind, string message, IReadOnlyList<string>? who = null)
            {
                problems.Add(kind);
                messages[kind] = message;
                affected[kind] = who ?? Array.Empty<string>();
            }

            if (!input.UsesHostMetrics)
            {
                var ext = input.Extension;
                if (ext == null && input.ModelRead)
                {
                    Add(DiagnosticsVerdictKind.NoDiagnosticsExtension,
                        "The scale set has no diagnostics extension (IaaSDiagnostics for Windows, LinuxDiagnostic for Linux), so nothing writes guest metrics and rules on guest counters have no data. "
                        + "Add the extension with its storage account and counters, or scale on the host metric 'Percentage CPU', which needs no extension.");
                }

                if (ext != null)
                {
                    var missing = input.MetricNames.Where(m => !ext.Counters.Contains(m, StringComparer.Ordinal)).ToList();
                    if (missing.Count > 0 && ext.ReadProblem == null)
                    {
                        var caseOnly = missing.Where(m => ext.Counters.Contains(m, StringComparer.OrdinalIgnoreCase)).ToList();
                        Add(DiagnosticsVerdictKind.CounterNotConfigured,
                            $"The {ext.Kind} extension '{ext.ExtensionName}' does not collect {Quote(missing)}"
                            + (caseOnly.Count > 0 ? " (a counter differs only in letter case; the rule's metricName must match the counterSpecifier exactly)" : string.Empty)
                            + $". Configured: {(ext.Counters.Count == 0 ? "no counters" : Quote(ext.Counters))}. Add the counter to the extension's configuration or change the rule's metricName.");
                    }

                    if (input.ReadsAggregateTables && input.ExpectedResourceId != null && !ResourceIds.AreEqual(ext.MetricsResourceId, input.ExpectedResourceId))
                    {
                        Add(DiagnosticsVerdictKind.MetricsResourceIdMismatch,
                            ext.MetricsResourceId == null
                                ? $"The {ext.Kind} extension has no <Metrics resourceId>, so it writes no WADMetrics aggregates and Azure Monitor never gets guest metrics for '{input.ExpectedResourceId}'. Add a Metrics element with resourceId set to the scale set's ID and PT1M aggregation."
                                : $"The {ext.Kind} extension writes its aggregates under '{ext.MetricsResourceId}', but autoscale reads metrics of '{input.ExpectedResourceId}', so Azure Monitor never gets the data. Set the Metrics resourceId to the scale set's resource ID (the autoscale target).");
                    }
                }

                if (input.TablesMissing.Count > 0 && input.TablesRead.Count == 0)
                {
                    Add(DiagnosticsVerdictKind.TableMissing,
                        $"The table{(input.TablesMissing.Count > 1 ? "s" : string.Empty)} {Quote(input.TablesMissing)} do{(input.TablesMissing.Count > 1 ? string.Empty : "es")} not exist in the storage account: the extension has never written there. "
                        + "Check the extension's status on the instances, its storage account and credentials (protected settings), and that the account is not premium (premium accounts have no tables).");
                }
            }

            var quiet = instances.Where(i => i.Status == DiagnosticsInstanceStatus.Silent || i.Status == DiagnosticsInstanceStatus.Missing).ToList();
            var lagging = instances.Where(i => i.Status == DiagnosticsInstanceStatus.Lagging).ToList();
            var withData = instances.Where(i => i.LastSampleTime != null).ToList();
            if (instances.Count == 0 || quiet.Count == instances.Count)
            {
                silentSince = withData.Count == 0 ? (DateTime?)null : withData.Max(i => i.LastSampleTime);
                Add(DiagnosticsVerdictKind.AllInstancesSilent,
                    (silentSince == null
                        ? $"No instance wrote {Quote(input.MetricNames)} in the window read."
                        : $"All instances have been silent since {silentSince.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}: nothing was written for {Minutes(input.ReferenceTime - silentSince.Value)}.")
                    + (input.UsesHostMetrics
                        ? " Azure Monitor has no host metrics for them: check that the instances are running."
                        : " Autoscale has nothing to act on; look at the extension's status and logs on the instances, not at the rules."),
                    Distinct(quiet));
            }
            else if (quiet.Count > 0)
            {
                Add(DiagnosticsVerdictKind.SomeInstancesSilent,
                    $"{Quote(Distinct(quiet))} wrote no recent data ({string.Join(", ", quiet.Select(Describe).Distinct())}). Autoscale averages only the instances that report, so their load is not counted; check the extension on those instances.",
                    Distinct(quiet));
            }

            if (lagging.Count > 0)
            {
                Add(DiagnosticsVerdictKind.DataLagging,
                    $"Data is late on {Quote(Distinct(lagging))} ({string.Join(", ", lagging.Select(Describe).Distinct())}; tolerance {Minutes(input.LagTolerance)}). Autoscale reads a window that ends a few minutes back; later data arrives too late for its decision. Check the instances' load and the extension's transfer period.",
                    Distinct(lagging));
            }

            // The most telling problem first: the order of DiagnosticsVerdictKind.All, not the alphabet.
            problems.Sort((a, b) => NamedValues.Rank(DiagnosticsVerdictKind.All, a).CompareTo(NamedValues.Rank(DiagnosticsVerdictKind.All, b)));
            var verdict = problems.Count == 0 ? DiagnosticsVerdictKind.Healthy : problems[0];
            var message = problems.Count == 0
                ? $"All {instances.Select(i => i.Instance).Distinct().Count()} instances write {Quote(input.MetricNames)} on time (newest sample at most {Minutes(input.LagTolerance)} old)."
                : messages[verdict];
            return new DiagnosticsVerdict
            {
                VMScaleSetName = input.VMScaleSetName,
                ResourceGroupName = input.ResourceGroupName,
                ResourceId = input.ResourceId,
                Verdict = verdict,
                Problems = problems,
                Message = message,
                SilentSince = verdict == DiagnosticsVerdictKind.AllInstancesSilent ? silentSince : null,
                AffectedInstances = problems.Count == 0 ? Array.Empty<string>() : affected[verdict],
                Source = input.UsesHostMetrics ? "HostMetrics" : "Tables",
                Tables = input.TablesRead.Concat(input.TablesMissing).ToList(),
                MetricNames = input.MetricNames,
                ReferenceTime = input.ReferenceTime,
                Instances = instances,
            };
        }

        private static IReadOnlyList<string> Distinct(IEnumerable<DiagnosticsHealth> list) => list.Select(i => i.Instance).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        private static string Describe(DiagnosticsHealth h) =>
            h.LagSpan is TimeSpan lag ? $"{h.Instance} {Minutes(lag)} behind" : $"{h.Instance} no data";

        private static string Minutes(TimeSpan t) =>
            t.TotalMinutes >= 1 ? string.Format(CultureInfo.InvariantCulture, "{0:0.#} min", t.TotalMinutes) : string.Format(CultureInfo.InvariantCulture, "{0:0} s", t.TotalSeconds);

        private static string Quote(IEnumerable<string> items) => string.Join(", ", items.Select(i => "'" + i + "'"));
    }
}
