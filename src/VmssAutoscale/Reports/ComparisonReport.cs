using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using VmssAutoscale.Model;

namespace VmssAutoscale.Reports
{
    /// <summary>One side's replay for the comparison page: its scores and, per minute, the capacity and the load per serving instance.</summary>
    public sealed class ReplayTimeline
    {
        public SettingComparison Scores { get; init; } = new SettingComparison(new SettingScores());

        public IReadOnlyList<KeyValuePair<DateTime, double>> Capacity { get; init; } = Array.Empty<KeyValuePair<DateTime, double>>();

        public IReadOnlyList<KeyValuePair<DateTime, double>> LoadPerInstance { get; init; } = Array.Empty<KeyValuePair<DateTime, double>>();
    }

    /// <summary>
    /// The self-contained HTML page of Compare-VmssAutoscaleSetting -ReportPath: the two sides' scores,
    /// then their capacity and their load per instance against MaxLoad over the period, drawn with
    /// <see cref="SvgChart"/> (no script, font or stylesheet fetched).
    /// </summary>
    public static class ComparisonReport
    {
        /// <summary>Points per line at most: a week of minutes is thinned to each span's largest value, so peaks stay visible.</summary>
        private const int MaxPoints = 1500;

        private const string Style = "body{font-family:Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:12px 0}th,td{border:1px solid #ccc;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left}.chart{margin:16px 0}";

        public static string Render(ReplayTimeline reference, ReplayTimeline difference, string? moduleVersion = null)
        {
            var r = reference.Scores;
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .Append(Encode($"Autoscale settings compared: {r.SettingName}"))
                .Append("</title><style>").Append(Style).Append("</style></head><body>");
            html.Append("<h1>Autoscale settings compared</h1><p>")
                .Append(Encode(string.Format(CultureInfo.InvariantCulture,
                    "Replayed {0} with the load of each minute spread over the instances serving it (LoadModel RedistributeTotal), an instance warmup of {1:0.#} minutes, MaxLoad {2:0.##} per instance and an overload budget of {3:0.#} minutes.",
                    r.Period, r.InstanceWarmupSpan.TotalMinutes, r.MaxLoad, r.OverloadBudget)))
                .Append("</p>");
            html.Append("<table><tr><th>Side</th><th>Setting</th><th>Instance-hours</th><th>Overload minutes</th><th>Meets budget</th><th>Scale actions</th><th>Flaps</th><th>Minutes at maximum</th></tr>");
            foreach (var s in new[] { reference.Scores, difference.Scores })
            {
                html.Append(string.Format(CultureInfo.InvariantCulture,
                    "<tr><td>{0}</td><td>{1}</td><td>{2:0.0}</td><td>{3}</td><td>{4}</td><td>{5}</td><td>{6}</td><td>{7}</td></tr>",
                    Encode(s.Side), Encode(s.SettingName), s.InstanceHours, s.OverloadMinutes, s.MeetsBudget ? "yes" : "no", s.ScaleActions, s.Flaps, s.MinutesAtMaximum));
            }

            html.Append("</table>");
            var capacity = new SvgChart { Title = "Capacity", YLabel = "instances", Start = r.Start, End = r.End, IntegerAxis = true, YMin = 0 };
            capacity.Series.Add(new ChartSeries { Label = "Reference", CssClass = "reference", Color = "#1f77b4", Step = true, Points = Thin(reference.Capacity) });
            capacity.Series.Add(new ChartSeries { Label = "Difference", CssClass = "difference", Color = "#d62728", Step = true, Dashed = true, Points = Thin(difference.Capacity) });
            var load = new SvgChart { Title = "Load per instance", YLabel = "per instance", Start = r.Start, End = r.End, YMin = 0 };
            var top = Math.Max(r.MaxLoad * 1.5, reference.LoadPerInstance.Concat(difference.LoadPerInstance).Select(p => p.Value).DefaultIfEmpty(0).Max());
            load.Bands.Add(new ChartBand { Label = string.Format(CultureInfo.InvariantCulture, "overloaded (above MaxLoad {0:0.##})", r.MaxLoad), CssClass = "overload", From = r.MaxLoad, To = top, Edge = r.MaxLoad, Color = "#f4cccc" });
            load.Series.Add(new ChartSeries { Label = "Reference", CssClass = "reference", Color = "#1f77b4", Points = Thin(reference.LoadPerInstance) });
            load.Series.Add(new ChartSeries { Label = "Difference", CssClass = "difference", Color = "#d62728", Dashed = true, Points = Thin(difference.LoadPerInstance) });
            html.Append(capacity.Render()).Append(load.Render());
            if (moduleVersion != null)
            {
                html.Append("<footer><small>VmssAutoscale ").Append(Encode(moduleVersion)).Append("</small></footer>");
            }

            return html.Append("</body></html>").ToString();
        }

        /// <summary>At most <see cref="MaxPoints"/> points: each span's largest value, at the span's first time.</summary>
        private static IReadOnlyList<KeyValuePair<DateTime, double>> Thin(IReadOnlyList<KeyValuePair<DateTime, double>> points)
        {
            var span = (points.Count + MaxPoints - 1) / MaxPoints;
            if (span <= 1)
            {
                return points;
            }

            var thinned = new List<KeyValuePair<DateTime, double>>();
            for (var i = 0; i < points.Count; i += span)
            {
                var max = double.MinValue;
                for (var j = i; j < Math.Min(points.Count, i + span); j++)
                {
                    max = Math.Max(max, points[j].Value);
                }

                thinned.Add(new KeyValuePair<DateTime, double>(points[i].Key, max));
            }

            return thinned;
        }

        private static string Encode(string text) => WebUtility.HtmlEncode(text);
    }
}
