using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Model;

namespace VmssAutoscale.Reports
{
    /// <summary>
    /// The report's view of the service beside the replay: for each rule of the run history, the
    /// value the real engine observed and its threshold, with the value the module computes from
    /// the samples at the same minutes. Nothing when the run history was not read.
    /// </summary>
    public static class RunHistoryChart
    {
        public static string Render(DiagnosisContext c, DateTime start, DateTime end)
        {
            var records = c.Input.RunHistory.Records.Where(r => r.ObservedMetricValue != null && r.Time >= start && r.Time <= end).ToList();
            if (records.Count == 0)
            {
                return string.Empty;
            }

            var rules = c.Setting?.Profiles.SelectMany(p => p.Rules).ToList() ?? new List<ScaleRule>();
            var html = new System.Text.StringBuilder("<h3>Service observed versus replay</h3>");
            foreach (var group in records.GroupBy(r => r.MetricTriggerRule ?? r.MetricTriggerSource ?? string.Empty, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase))
            {
                var points = group.OrderBy(r => r.Time).ToList();
                var rule = points[0].MetricThreshold == null ? null : ServiceAgreementChecks.RuleOf(points[0], rules);
                var chart = new SvgChart
                {
                    CssClass = "chart service-chart",
                    Title = $"Service observed: {group.Key}",
                    YLabel = "observed",
                    Start = start,
                    End = end,
                    YMin = 0,
                };
                chart.Series.Add(new ChartSeries
                {
                    Label = "Service observed",
                    CssClass = "service-line",
                    Color = "#2ca02c",
                    Points = points.Select(r => new KeyValuePair<DateTime, double>(r.Time, r.ObservedMetricValue!.Value)).ToList(),
                });
                chart.Series.Add(new ChartSeries
                {
                    Label = "Threshold (service)",
                    CssClass = "service-threshold",
                    Color = "#d62728",
                    Dashed = true,
                    Step = true,
                    Points = points.Where(r => r.MetricThreshold != null).Select(r => new KeyValuePair<DateTime, double>(r.Time, r.MetricThreshold!.Value)).ToList(),
                });
                if (rule != null)
                {
                    chart.Series.Add(new ChartSeries
                    {
                        Label = "Replay (module)",
                        CssClass = "replay-line",
                        Color = "#9467bd",
                        Points = points.Select(r => (r.Time, Value: c.ObservedAt(rule, r.Time))).Where(p => p.Value != null)
                            .Select(p => new KeyValuePair<DateTime, double>(p.Time, p.Value!.Value)).ToList(),
                    });
                }

                html.Append(chart.Render()).Append("<p class=\"caption\">")
                    .Append(WebUtility.HtmlEncode(SecretRedactor.RedactText(string.Format(CultureInfo.InvariantCulture,
                        "{0} minutes of the setting's run history (ObservedMetricValue, MetricThreshold){1}.",
                        points.Count, rule == null ? "; no rule of the setting matches it, so there is no replay line" : " beside the module's replay from the samples"))))
                    .Append("</p>");
            }

            return html.ToString();
        }
    }
}
