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
            var dir = a.ScaleDirection == ScaleDirection.Increase ? "out" : a.ScaleDirection == ScaleDirection.Decrease ? "in" : "none";
            var sb = new StringBuilder();
            sb.Append(dir.PadRight(4)).Append(' ').Append(t.MetricName);
            foreach (var d in t.Dimensions)
            {
                sb.Append(" [").Append(d).Append(']');
            }

            sb.Append(' ').Append(ScaleRule.OperatorSymbol(t.ComparisonOperator)).Append(' ').Append(Number(t.Threshold));
            sb.Append(' ').Append(Aggregation(t.TimeAggregationType)).Append(' ').Append(Duration(t.TimeWindowSpan));
            if (t.MetricStatistic != MetricStatistic.Average || t.TimeGrainSpan != TimeSpan.FromMinutes(1))
            {
                sb.Append(" of ").Append(Statistic(t.MetricStatistic)).Append(" per ").Append(Duration(t.TimeGrainSpan));
            }

            if (t.DividePerInstance)
            {
                sb.Append(" per instance");
            }

            sb.Append("  ").Append(Change(a)).Append("  cool ").Append(Duration(a.CooldownSpan));
            return sb.ToString();
        }

        /// <summary>
        /// The width the views lay text out for: <c>$env:COLUMNS</c> when it is a number (what a
        /// script or a test sets to say how wide its output is), else the host's buffer width, else
        /// 80 (a redirected or remote host that does not know). At least 40, so that the indented
        /// columns leave room for words.
        /// </summary>
        public static int ViewWidth(string? columns, int hostWidth)
        {
            var width = int.TryParse(columns, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0 ? c : hostWidth > 0 ? hostWidth : DefaultConsoleWidth;
            return Math.Max(40, width);
        }

        /// <summary>The console width assumed when the host does not say (a default terminal, a runbook's pane).</summary>
        public const int DefaultConsoleWidth = 80;

        /// <summary>As <see cref="Setting(AutoscaleSetting, int)"/> for an 80-column console.</summary>
        public static string Setting(AutoscaleSetting s) => Setting(s, DefaultConsoleWidth);

        /// <summary>
        /// The setting: one header line, then per profile its capacity line, when it applies (the
        /// recurrence's days, start times and time zone, or the fixed-date window) in full, wrapped,
        /// and one line per rule. Notifications are wrapped too: no part of a schedule is cut.
        /// </summary>
        public static string Setting(AutoscaleSetting s, int consoleWidth)
        {
            var width = consoleWidth - 1;
            var lines = new List<string>
            {
                Fit($"{s.Name}  {(s.Enabled ? "enabled" : "DISABLED")}  -> {s.TargetResourceName ?? "(no target)"}" +
                    (s.ResourceGroupName != null ? $" ({s.ResourceGroupName})" : string.Empty), width),
            };
            foreach (var p in s.Profiles)
            {
                var name = p.AutoCreatedFor != null ? $"end of '{p.AutoCreatedFor}'" : $"'{p.Name}'";
                lines.Add(Fit($"  profile {name}  {p.Capacity}", width));
                var when = p.FixedDate != null ? "from " + p.FixedDate : p.Recurrence != null ? When(p.Recurrence) : null;
                if (when != null)
                {
                    lines.AddRange(Wrap(when, "    ", width: width));
                }

                lines.AddRange(p.Rules.Select(r => Fit("    " + Rule(r), width)));
                if (p.Rules.Count == 0)
                {
                    lines.Add("    (no rules: capacity stays at the default)");
                }
            }

            foreach (var n in s.Notifications)
            {
                lines.AddRange(Hanging($"notify {n}", width));
            }

            if (s.PredictiveAutoscalePolicy is PredictiveAutoscalePolicy predictive && predictive.PredictiveScaleMode != PredictiveScaleMode.Disabled)
            {
                lines.AddRange(Hanging($"predictive {predictive}", width));
            }

            return string.Join("\n", lines);
        }

        /// <summary>A setting-level line at two spaces, its continuation lines at four, so they read as one item.</summary>
        private static IEnumerable<string> Hanging(string text, int width) =>
            Wrap(text, "    ", width: width).Select((l, i) => i == 0 ? l.Substring(2) : l);

        /// <summary>A recurrence as people say it: "every Monday, Friday at 08:00, 20:30 (W. Europe Standard Time)".</summary>
        public static string When(ProfileRecurrence r)
        {
            var minutes = r.Minutes.Count > 0 ? r.Minutes : new[] { 0 };
            var times = r.Hours.SelectMany(h => minutes.Select(m => h.ToString("00", CultureInfo.InvariantCulture) + ":" + m.ToString("00", CultureInfo.InvariantCulture)));
            var days = r.Days.Count > 0 ? string.Join(", ", r.Days) : "day";
            return $"every {days} at {string.Join(", ", times)} ({r.TimeZone})";
        }

        /// <summary>As <see cref="Finding(Model.Finding, int)"/> for an 80-column console.</summary>
        public static string Finding(Finding f) => Finding(f, DefaultConsoleWidth);

        /// <summary>
        /// A finding as <c>kubectl describe</c> lists it: one line of status, severity (Fail and
        /// Warn), check and headline (<see cref="Model.Finding.Headline"/>, written to fit 79
        /// columns); a Fail or Warn then has its whole summary and what to do, wrapped at whole
        /// words to the console's width and indented under it. When the headline is the summary's
        /// first sentence, the lines under it go on from the second, so no sentence is said twice
        /// and none is cut. Evidence stays on the object (Format-List *): with it, one finding would
        /// fill a screen.
        /// </summary>
        public static string Finding(Finding f, int consoleWidth)
        {
            var width = consoleWidth - 1;
            var flagged = f.Status == FindingStatus.Fail || f.Status == FindingStatus.Warn;
            var label = f.Status == FindingStatus.Fail ? "FAIL" : f.Status == FindingStatus.Warn ? "WARN" : f.Status == FindingStatus.Pass ? "pass" : "skip";
            var severity = flagged ? f.Severity : string.Empty;
            // A derived headline may use what a wider console has room for; a check's own stays as written.
            var headline = f.Headline == FindingHeadline.Of(f.Summary) ? FindingHeadline.Of(f.Summary, width - HeadlineColumn) : f.Headline;
            var lines = new List<string> { Fit($"{label} {severity,-8} {f.Check,-22} {headline}", width) };
            if (!flagged)
            {
                return lines[0];
            }

            var summary = OneLine(f.Summary);
            var body = FindingHeadline.IsFirstSentence(headline, summary)
                ? string.Join(" ", Sentences(summary).Skip(1))
                : summary;
            lines.AddRange(Wrap(body, FindingIndent, width: width));
            if (!string.IsNullOrEmpty(f.Remediation))
            {
                lines.AddRange(Wrap("Do: " + OneLine(f.Remediation), FindingIndent, width: width));
            }

            return string.Join("\n", lines);
        }

        /// <summary>Where the headline starts: after "FAIL High     AverageAcrossInstances ".</summary>
        public const int HeadlineColumn = 37;

        /// <summary>Under a finding's first line: past "FAIL " so the status column stands out.</summary>
        private const string FindingIndent = "     ";

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
                // The file's name with the line, so that findings of several files say which (the full path is on the object).
                var file = string.IsNullOrEmpty(f.Source) ? null : System.IO.Path.GetFileName(f.Source);
                where.Add((file != null ? file + " " : string.Empty) + "line " + f.Line.ToString(CultureInfo.InvariantCulture));
            }

            if (!string.IsNullOrEmpty(f.ResourceName))
            {
                where.Add(f.ResourceName!);
            }

            var head = Fit($"{f.Severity,-11} {f.RuleName}" + (where.Count > 0 ? $"  ({string.Join(", ", where)})" : string.Empty));
            return string.Join("\n", new[] { head }.Concat(Wrap(f.Message, "  ", maxLines: 2)));
        }

        /// <summary>Whole words onto lines of at most <see cref="Width"/>, each starting with <paramref name="indent"/>; the last kept line ends in … when text is left over.</summary>
        public static IReadOnlyList<string> Wrap(string? text, string indent, int maxLines = int.MaxValue, int width = Width)
        {
            var lines = new List<string>();
            var room = width - indent.Length;
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
                    // A word longer than the line (a resource id) breaks after a '/' when one is in the second half.
                    var slash = current.ToString(0, room).LastIndexOf('/');
                    var cut = slash >= room / 2 ? slash + 1 : room;
                    lines.Add(indent + current.ToString(0, cut));
                    current.Remove(0, cut);
                }
            }

            if (current.Length > 0)
            {
                lines.Add(indent + current);
            }

            if (lines.Count > maxLines)
            {
                lines = lines.Take(maxLines).ToList();
                lines[maxLines - 1] = Fit(lines[maxLines - 1] + " " + Ellipsis, width);
                if (!lines[maxLines - 1].EndsWith(Ellipsis, StringComparison.Ordinal))
                {
                    lines[maxLines - 1] = lines[maxLines - 1].Substring(0, width - 1) + Ellipsis;
                }
            }

            return lines;
        }

        /// <summary>Text on one line: runs of white space (line breaks included) become one space.</summary>
        internal static string OneLine(string? text) =>
            System.Text.RegularExpressions.Regex.Replace((text ?? string.Empty).Trim(), @"\s+", " ");

        /// <summary><paramref name="line"/> cut to <see cref="Width"/>, ending in … when cut.</summary>
        public static string Fit(string line, int width = Width) =>
            line.Length <= width ? line : line.Substring(0, width - 1).TrimEnd() + Ellipsis;

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

        private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

        private static string Aggregation(TimeAggregationType aggregation) => aggregation switch
        {
            TimeAggregationType.Average => "avg",
            TimeAggregationType.Minimum => "min",
            TimeAggregationType.Maximum => "max",
            TimeAggregationType.Total => "total",
            TimeAggregationType.Count => "count",
            _ => aggregation.ToName().ToLowerInvariant(),
        };

        private static string Statistic(MetricStatistic statistic) => statistic switch
        {
            MetricStatistic.Average => "avg",
            _ => statistic.ToName().ToLowerInvariant(),
        };

        private static string Change(ScaleAction a)
        {
            var sign = a.ScaleDirection == ScaleDirection.Decrease ? "-" : "+";
            var value = a.Value.ToString(CultureInfo.InvariantCulture);
            return a.ScaleType switch
            {
                ScaleType.ChangeCount => sign + value,
                ScaleType.PercentChangeCount => sign + value + "%",
                ScaleType.ExactCount => "=" + value,
                _ => "next allowed",
            };
        }
    }
}
