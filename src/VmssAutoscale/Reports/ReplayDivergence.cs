using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Model;

namespace VmssAutoscale.Reports
{
    /// <summary>
    /// Why the actual instance count differs from the engine's replay, in words under the capacity
    /// chart. The replay sees only the rules, the collected samples and the events before the
    /// period, so the known causes of a difference are exactly what it cannot see: a change made by
    /// hand, an action that failed, an action the service took that the replay does not take on the
    /// samples read, a cooldown begun before the period, minutes with no samples, and predictive
    /// autoscale acting on its forecast. Holding the count against flapping the replay models itself.
    /// </summary>
    internal static class ReplayDivergence
    {
        public static IReadOnlyList<string> Explain(
            DiagnosisContext c,
            DateTime start,
            DateTime end,
            IReadOnlyList<KeyValuePair<DateTime, double>> actual,
            IReadOnlyList<KeyValuePair<DateTime, double>> simulated,
            ScaleEvent? lastActionBeforeStart)
        {
            if (actual.Count == 0 || simulated.Count == 0)
            {
                return Array.Empty<string>();
            }

            var differing = new List<DateTime>();
            for (var t = start; t <= end; t = t.AddMinutes(1))
            {
                var a = At(actual, t, actual[0].Value);
                var s = At(simulated, t, actual[0].Value);
                if (a != s)
                {
                    differing.Add(t);
                }
            }

            if (differing.Count == 0)
            {
                return new[] { "The actual count follows the replay over the whole period." };
            }

            var lines = new List<string>
            {
                $"The actual count differs from the replay for {differing.Count} minute{(differing.Count == 1 ? string.Empty : "s")}, first at {HtmlReport.Time(differing[0])}. Why:",
            };

            var inPeriod = c.Input.Events.Where(e => e.Time >= start && e.Time <= end).OrderBy(e => e.Time).ToList();

            // The first divergence is the first cause named: an autoscale action the service took at or just before that minute and the replay did not.
            var first = inPeriod.LastOrDefault(e => e.Cause == ScaleEventCause.Autoscale && e.Status != "Failed" && e.Time <= differing[0] && differing[0] - e.Time <= TimeSpan.FromMinutes(5));
            if (first != null)
            {
                var direction = first.Direction == ScaleEventDirection.In ? "scale-in" : "scale-out";
                lines.Add($"The first divergence is the service's {direction} at {HtmlReport.Time(first.Time)} ({Count(first.FromCapacity)} to {Count(first.ToCapacity)}), which the replay does not make on the samples read: compare the rules' values at that minute (the setting's run history, if read) with the samples.");
            }
            foreach (var e in inPeriod.Where(e => e.Cause == ScaleEventCause.Manual))
            {
                var change = e.FromCapacity is int from ? $"{from} to {Count(e.ToCapacity)}" : $"to {Count(e.ToCapacity)}";
                var unknownBefore = e.FromCapacity == null ? "; the activity log does not give the count before it, so the solid line before it repeats the count after it" : string.Empty;
                lines.Add($"A manual change at {HtmlReport.Time(e.Time)} ({change}{(string.IsNullOrEmpty(e.Caller) ? string.Empty : $" by {e.Caller}")}): the replay follows only the autoscale rules, so it keeps its own count until a rule moves it{unknownBefore}.");
            }

            foreach (var e in inPeriod.Where(e => e.Status == "Failed"))
            {
                lines.Add($"A failed scale action at {HtmlReport.Time(e.Time)} ({Count(e.FromCapacity)} to {Count(e.ToCapacity)}): the engine decided what the replay shows, but the operation did not change the count (see the events below for the error).");
            }

            var deferred = inPeriod.Where(e => e.Cause == ScaleEventCause.FlappingDeferred).ToList();
            if (deferred.Count > 0)
            {
                lines.Add($"The service held the count {deferred.Count} time{(deferred.Count == 1 ? string.Empty : "s")} to avoid flapping (first at {HtmlReport.Time(deferred[0].Time)}). The replay models the same hold; the counts differ there because they differed before it.");
            }

            var longestCooldown = (c.Profile?.Rules ?? (IReadOnlyList<ScaleRule>)Array.Empty<ScaleRule>()).Select(r => r.ScaleAction.CooldownSpan).DefaultIfEmpty(TimeSpan.Zero).Max();
            if (lastActionBeforeStart == null && differing[0] < start + longestCooldown)
            {
                lines.Add($"Cooldown state unknown at the start: no scale action before {HtmlReport.Time(start)} is in the events read, so the replay starts with no cooldown running; if the engine was still cooling down from an earlier action (cooldowns up to {IsoDuration.Format(longestCooldown)}), it waited where the replay acted.");
            }

            var missing = MissingMinutes(c, start, end);
            if (missing.Count > 0)
            {
                var (from, to) = LongestGap(missing);
                lines.Add($"Missing data: {missing.Count} of {(int)(end - start).TotalMinutes} minutes have no samples of the rules' metrics (the longest gap {HtmlReport.Time(from)} to {to.AddMinutes(1):HH:mm}); the replay decides only on the samples collected, and a rule with no data in its window does not fire.");
            }

            if (c.Setting?.PredictiveAutoscalePolicy?.PredictiveScaleMode == PredictiveScaleMode.Enabled)
            {
                lines.Add("The service's own decision: predictive autoscale is Enabled, so the service also scales out ahead of its forecast, which the replay does not model.");
            }

            if (lines.Count == 1)
            {
                lines.Add("None of the known causes applies (no manual change, failed action, service action or flapping hold, cooldown known, no minute without samples, predictive autoscale not Enabled): compare with the setting's run history, if read, and the events below.");
            }

            return lines;
        }

        public static string Html(IReadOnlyList<string> lines)
        {
            if (lines.Count == 0)
            {
                return string.Empty;
            }

            var sb = new StringBuilder("<div class=\"replay-divergence\"><p class=\"caption\">").Append(HtmlReport.H(lines[0])).Append("</p>");
            if (lines.Count > 1)
            {
                sb.Append("<ul class=\"caption\">");
                foreach (var line in lines.Skip(1))
                {
                    sb.Append("<li>").Append(HtmlReport.H(line)).Append("</li>");
                }

                sb.Append("</ul>");
            }

            return sb.Append("</div>").ToString();
        }

        /// <summary>The step function's value at <paramref name="t"/>: the last point at or before it.</summary>
        private static double At(IReadOnlyList<KeyValuePair<DateTime, double>> steps, DateTime t, double before)
        {
            var value = before;
            foreach (var p in steps)
            {
                if (p.Key > t)
                {
                    break;
                }

                value = p.Value;
            }

            return value;
        }

        /// <summary>Whole minutes in [start, end) with no sample of any metric the profile's rules read.</summary>
        private static List<DateTime> MissingMinutes(DiagnosisContext c, DateTime start, DateTime end)
        {
            var metrics = new HashSet<string>((c.Profile?.Rules ?? (IReadOnlyList<ScaleRule>)Array.Empty<ScaleRule>()).Select(r => r.MetricName), StringComparer.Ordinal);
            if (metrics.Count == 0)
            {
                return new List<DateTime>();
            }

            var seen = new HashSet<long>(c.Input.Samples.Samples.Where(s => metrics.Contains(s.MetricName)).Select(s => s.Timestamp.Ticks / TimeSpan.TicksPerMinute));
            var missing = new List<DateTime>();
            for (var t = start; t < end; t = t.AddMinutes(1))
            {
                if (!seen.Contains(t.Ticks / TimeSpan.TicksPerMinute))
                {
                    missing.Add(t);
                }
            }

            return missing;
        }

        private static (DateTime From, DateTime To) LongestGap(List<DateTime> minutes)
        {
            var best = (minutes[0], minutes[0]);
            var run = (From: minutes[0], To: minutes[0]);
            foreach (var m in minutes.Skip(1))
            {
                run = m == run.To.AddMinutes(1) ? (run.From, m) : (m, m);
                if (run.To - run.From > best.Item2 - best.Item1)
                {
                    best = run;
                }
            }

            return best;
        }

        private static string Count(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "?";
    }
}
