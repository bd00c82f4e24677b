using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// The text of the default views in VmssAutoscale.Format.ps1xml that need more than a table:
    /// laid out for an 80-column console (a default terminal, a runbook's output pane), where a
    /// line that reaches column 80 is wrapped by the host. Every line is at most
    /// <see cref="Width"/> characters; the full values stay on the objects (Format-List *).
    /// Pure functions, so the layouts are unit-tested.
    /// </summary>
    public static class ConsoleText
    {
        /// <summary>79, not 80: a line of exactly the console width wraps an empty line on some hosts.</summary>
        public const int Width = 79;

        private const string Ellipsis = "…";

        /// <summary>
        /// One line per rule, the shape people write rules in: direction, metric, test, window,
        /// change and cooldown, e.g. <c>out  Percentage CPU > 70 avg 10m  +1  cool 5m</c>.
        /// </summary>
        public static string Rule(ScaleRule rule)
        {
            var t = rule.MetricTrigger;
            var a = rule.ScaleAction;
            var dir = a.Direction == ScaleDirection.Increase ? "out" : a.Direction == ScaleDirection.Decrease ? "in" : "none";
            var sb = new StringBuilder();
            sb.Append(dir.PadRight(4)).Append(' ').Append(t.MetricName);
            foreach (var d in t.Dimensions)
            {
                sb.Append(" [").Append(d).Append(']');
            }

            sb.Append(' ').Append(ScaleRule.OperatorSymbol(t.Operator)).Append(' ').Append(Number(t.Threshold));
            sb.Append(' ').Append(Aggregation(t.TimeAggregation)).Append(' ').Append(Duration(t.TimeWindow));
            if (t.Statistic != MetricStatistic.Average || t.TimeGrain != TimeSpan.FromMinutes(1))
            {
                sb.Append(" of ").Append(Statistic(t.Statistic)).Append(" per ").Append(Duration(t.TimeGrain));
            }

            if (t.DividePerInstance)
            {
                sb.Append(" per instance");
            }

            sb.Append("  ").Append(Change(a)).Append("  cool ").Append(Duration(a.Cooldown));
            return sb.ToString();
        }

        /// <summary>The setting: one header line, then per profile its capacity line and one line per rule.</summary>
        public static string Setting(AutoscaleSetting s)
        {
            var lines = new List<string>
            {
                Fit($"{s.Name}  {(s.Enabled ? "enabled" : "DISABLED")}  -> {s.TargetResourceName ?? "(no target)"}" +
                    (s.ResourceGroupName != null ? $" ({s.ResourceGroupName})" : string.Empty)),
            };
            foreach (var p in s.Profiles)
            {
                var name = p.AutoCreatedFor != null ? $"end of '{p.AutoCreatedFor}'" : $"'{p.Name}'";
                var when = p.FixedDate != null ? $", {p.FixedDate}" : p.Recurrence != null ? $", {p.Recurrence}" : string.Empty;
                lines.Add(Fit($"  profile {name}  {p.Capacity}{when}"));
                lines.AddRange(p.Rules.Select(r => Fit("    " + Rule(r))));
                if (p.Rules.Count == 0)
                {
                    lines.Add("    (no rules: capacity stays at the default)");
                }
            }

            foreach (var n in s.Notifications)
            {
                lines.Add(Fit($"  notify {n}"));
            }

            if (s.PredictiveAutoscalePolicy is PredictiveAutoscalePolicy predictive && predictive.ScaleMode != PredictiveScaleMode.Disabled)
            {
                lines.Add(Fit($"  predictive {predictive}"));
            }

            return string.Join("\n", lines);
        }

        /// <summary>
        /// A finding as <c>kubectl describe</c> lists events: one line each (status, severity for a
        /// Fail or Warn, check, the summary cut to the line). A Fail adds its evidence one line per
        /// item (at most <see cref="EvidenceLines"/>, then how many more there are) and one line of
        /// what to do. The whole text of every property stays on the object (Format-List *), so an
        /// example bundle's findings fit a 40-line screen with no sentence said twice; an evidence
        /// sentence that restates the summary is left out.
        /// </summary>
        public static string Finding(Finding f)
        {
            var failed = f.Status == FindingStatus.Fail;
            var label = failed ? "FAIL" : f.Status == FindingStatus.Warn ? "WARN" : f.Status == FindingStatus.Pass ? "pass" : "skip";
            var severity = failed || f.Status == FindingStatus.Warn ? f.Severity : string.Empty;
            var lines = new List<string> { Fit($"{label} {severity,-8} {f.Check,-22} {OneLine(f.Summary)}") };
            if (!failed)
            {
                return lines[0];
            }

            var said = Sentences(f.Summary).ToList();
            var shown = 0;
            var left = 0;
            foreach (var e in f.Evidence)
            {
                var fresh = string.Join(" ", Sentences(e).Where(x => !said.Any(p => Restates(p, x))));
                if (fresh.Length == 0)
                {
                    continue;
                }

                said.AddRange(Sentences(fresh));
                if (shown == EvidenceLines)
                {
                    left++;
                    continue;
                }

                lines.Add(Fit("     - " + OneLine(fresh)));
                shown++;
            }

            if (left > 0)
            {
                lines.Add($"     - and {left} more (the Evidence property)");
            }

            if (!string.IsNullOrEmpty(f.Remediation))
            {
                lines.Add(Fit("     Do: " + OneLine(f.Remediation)));
            }

            return string.Join("\n", lines);
        }

        /// <summary>Evidence items a failing finding shows, one line each, before it says how many more there are.</summary>
        public const int EvidenceLines = 3;

        /// <summary>
        /// The verdict block: the scale set, the capacity now and wanted, the three conditions one
        /// line each (reason codes; their sentences are the findings'), and the count of findings.
        /// </summary>
        public static string Diagnosis(Diagnosis d)
        {
            var lines = new List<string>
            {
                string.Empty,
                Fit($"Name:        {d.VMScaleSetName} ({d.ResourceGroupName})"),
                Fit($"Capacity:    {d.CurrentCapacity?.ToString(CultureInfo.InvariantCulture) ?? "?"} now, " +
                    $"{(d.DesiredCapacity is int want ? want.ToString(CultureInfo.InvariantCulture) : "unknown")} by the rules"),
                "Conditions:",
            };
            foreach (var c in d.Conditions)
            {
                lines.Add(Fit($"  {c.Type,-15} {ConditionStatus.Text(c.Status),-7} {c.Reason}"));
            }

            var top = d.TopFinding;
            lines.Add(Fit($"Findings:    {d.FailCount} fail, {d.WarnCount} warn of {d.Findings.Count}" +
                          (top != null ? $"; most likely cause: {top.Check}" : d.WarnCount > 0 ? "; no check failed" : "; every check passed")));
            lines.Add(Fit($"Source:      {ShortSource(d.Source)}"));
            return string.Join("\n", lines);
        }

        /// <summary>
        /// "Snapshot" and the bundle's folder and file, not the whole path: the folder names the
        /// bundle, and the same bundle reads the same on every machine (the path is on the object).
        /// </summary>
        private static string ShortSource(string? source)
        {
            const string prefix = "Snapshot ";
            if (source == null || !source.StartsWith(prefix, StringComparison.Ordinal))
            {
                return source ?? string.Empty;
            }

            var parts = source.Substring(prefix.Length).Split(new[] { '/', '\\' }, StringSplitOptions.RemoveEmptyEntries);
            return prefix + string.Join("/", parts.Skip(Math.Max(0, parts.Length - 2)));
        }

        /// <summary>A template finding in one to three lines: severity, rule and place, then the message.</summary>
        public static string TemplateFinding(TemplateFinding f)
        {
            var where = new List<string>();
            if (f.Line > 0)
            {
                where.Add("line " + f.Line.ToString(CultureInfo.InvariantCulture));
            }

            if (!string.IsNullOrEmpty(f.ResourceName))
            {
                where.Add(f.ResourceName!);
            }

            var head = Fit($"{f.Severity,-11} {f.RuleName}" + (where.Count > 0 ? $"  ({string.Join(", ", where)})" : string.Empty));
            return string.Join("\n", new[] { head }.Concat(Wrap(f.Message, "  ", maxLines: 2)));
        }

        /// <summary>Whole words onto lines of at most <see cref="Width"/>, each starting with <paramref name="indent"/>; the last kept line ends in … when text is left over.</summary>
        public static IReadOnlyList<string> Wrap(string? text, string indent, int maxLines = int.MaxValue)
        {
            var lines = new List<string>();
            var room = Width - indent.Length;
            var current = new StringBuilder();
            foreach (var word in (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (current.Length > 0 && current.Length + 1 + word.Length > room)
                {
                    lines.Add(indent + current);
                    current.Clear();
                }

                if (current.Length > 0)
                {
                    current.Append(' ');
                }

                current.Append(word);
                while (current.Length > room)
                {
                    lines.Add(indent + current.ToString(0, room));
                    current.Remove(0, room);
                }
            }

            if (current.Length > 0)
            {
                lines.Add(indent + current);
            }

            if (lines.Count > maxLines)
            {
                lines = lines.Take(maxLines).ToList();
                lines[maxLines - 1] = Fit(lines[maxLines - 1] + " " + Ellipsis);
                if (!lines[maxLines - 1].EndsWith(Ellipsis, StringComparison.Ordinal))
                {
                    lines[maxLines - 1] = lines[maxLines - 1].Substring(0, Width - 1) + Ellipsis;
                }
            }

            return lines;
        }

        /// <summary>Text on one line: runs of white space (line breaks included) become one space.</summary>
        private static string OneLine(string? text) =>
            System.Text.RegularExpressions.Regex.Replace((text ?? string.Empty).Trim(), @"\s+", " ");

        /// <summary><paramref name="line"/> cut to <see cref="Width"/>, ending in … when cut.</summary>
        public static string Fit(string line) =>
            line.Length <= Width ? line : line.Substring(0, Width - 1).TrimEnd() + Ellipsis;

        /// <summary>A duration as people say it: 90s, 5m, 1h30m, 1d.</summary>
        public static string Duration(TimeSpan d)
        {
            if (d <= TimeSpan.Zero)
            {
                return "0m";
            }

            var sb = new StringBuilder();
            if (d.Days > 0)
            {
                sb.Append(d.Days.ToString(CultureInfo.InvariantCulture)).Append('d');
            }

            if (d.Hours > 0)
            {
                sb.Append(d.Hours.ToString(CultureInfo.InvariantCulture)).Append('h');
            }

            if (d.Minutes > 0)
            {
                sb.Append(d.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
            }

            if (d.Seconds > 0)
            {
                sb.Append(d.Seconds.ToString(CultureInfo.InvariantCulture)).Append('s');
            }

            return sb.ToString();
        }

        /// <summary>The sentences of a text: split after . ! ? followed by a space.</summary>
        public static IEnumerable<string> Sentences(string? text) =>
            System.Text.RegularExpressions.Regex.Split((text ?? string.Empty).Trim(), @"(?<=[.!?])\s+")
                .Select(x => x.Trim())
                .Where(x => x.Length > 0);

        /// <summary>True when one sentence says the other, give or take a lead-in ("Warning ", "No scale-out: ").</summary>
        private static bool Restates(string said, string candidate) =>
            said.EndsWith(candidate, StringComparison.Ordinal) || candidate.EndsWith(said, StringComparison.Ordinal);

        private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

        private static string Aggregation(string aggregation) => aggregation switch
        {
            TimeAggregationType.Average => "avg",
            TimeAggregationType.Minimum => "min",
            TimeAggregationType.Maximum => "max",
            TimeAggregationType.Total => "total",
            TimeAggregationType.Count => "count",
            _ => aggregation.ToLowerInvariant(),
        };

        private static string Statistic(string statistic) => statistic switch
        {
            MetricStatistic.Average => "avg",
            _ => statistic.ToLowerInvariant(),
        };

        private static string Change(ScaleAction a)
        {
            var sign = a.Direction == ScaleDirection.Decrease ? "-" : "+";
            var value = a.Value.ToString(CultureInfo.InvariantCulture);
            return a.Type switch
            {
                ScaleType.ChangeCount => sign + value,
                ScaleType.PercentChangeCount => sign + value + "%",
                ScaleType.ExactCount => "=" + value,
                _ => "next allowed",
            };
        }
    }
}
