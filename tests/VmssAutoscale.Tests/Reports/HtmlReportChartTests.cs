using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Tests.Diagnosis;

namespace VmssAutoscale.Tests.Reports
{
    public class HtmlReportChartTests
    {
        private static readonly DateTime T0 = new DateTime(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc);

        private static XElement Svg(SvgChart chart) => XElement.Parse(chart.Render());

        private static IEnumerable<XElement> All(XElement svg, string name) => svg.Descendants(XName.Get(name, "http://www.w3.org/2000/svg"));

        private static double D(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

        private static ChartSeries Flat(string label, double value) => new ChartSeries
        {
            Label = label,
            Points = new[] { new KeyValuePair<DateTime, double>(T0, value), new KeyValuePair<DateTime, double>(T0.AddMinutes(30), value) },
        };

        [Fact]
        public void The_legend_sits_above_the_plot_so_a_line_at_100_stays_visible()
        {
            var chart = new SvgChart { Start = T0, End = T0.AddMinutes(30), YMin = 0, YMax = 100 };
            // Enough long labels to wrap onto a second legend row.
            for (var i = 0; i < 9; i++)
            {
                chart.Series.Add(Flat($"vmss-web-instance_{i}", i == 0 ? 100 : 50));
            }

            var svg = Svg(chart);
            var plot = All(svg, "rect").Single(r => (string?)r.Attribute("class") == "plot-area");
            var plotTop = D(plot, "y");
            var legend = All(svg, "g").Single(g => (string?)g.Attribute("class") == "legend");
            var rows = legend.Elements().Where(e => e.Name.LocalName == "text").Select(t => D(t, "y")).Distinct().ToList();
            Assert.True(rows.Count >= 2, "the labels should wrap onto a second row");
            foreach (var marker in legend.Elements().Where(e => e.Name.LocalName == "rect"))
            {
                Assert.True(D(marker, "y") + D(marker, "height") <= plotTop, $"legend marker at y {D(marker, "y")} overlaps the plot from {plotTop}");
            }

            // Text baselines plus a descender stay above the plot top too.
            Assert.All(rows, y => Assert.True(y + 3 <= plotTop, $"legend text at {y} overlaps the plot from {plotTop}"));

            // The 100 % line is drawn at the plot's top edge, below every legend row.
            var hundred = All(svg, "polyline").First();
            var firstY = double.Parse(((string)hundred.Attribute("points")!).Split(' ')[0].Split(',')[1], CultureInfo.InvariantCulture);
            Assert.Equal(plotTop, firstY);
        }

        [Fact]
        public void A_scale_in_threshold_line_is_drawn_at_its_threshold_not_at_zero()
        {
            var chart = new SvgChart { Start = T0, End = T0.AddMinutes(30), YMin = 0, YMax = 100 };
            chart.Series.Add(Flat("a", 50));
            chart.Bands.Add(new ChartBand { Label = "scale in < 30", CssClass = "band-in", From = 30, To = 0, Edge = 30 });
            chart.Bands.Add(new ChartBand { Label = "scale out > 70", CssClass = "band-out", From = 70, To = 100, Edge = 70 });

            var svg = Svg(chart);
            var plot = All(svg, "rect").Single(r => (string?)r.Attribute("class") == "plot-area");
            double Y(double v) => D(plot, "y") + ((1 - (v / 100)) * D(plot, "height"));
            var lines = All(svg, "line").Where(l => (string?)l.Attribute("class") == "threshold").ToDictionary(l => (string)l.Attribute("data-value")!);
            Assert.Equal(new[] { "30", "70" }, lines.Keys.OrderBy(k => k));
            Assert.Equal(Y(30), D(lines["30"], "y1"), 2);
            Assert.Equal(Y(70), D(lines["70"], "y1"), 2);
        }

        /// <summary>The threshold labels of a chart: right-aligned at one x, so two overlap when their baselines are closer than a line.</summary>
        private static List<(string Text, double Y)> ThresholdLabels(XElement svg) =>
            All(svg, "text").Where(t => t.Value.StartsWith("scale ", StringComparison.Ordinal) || t.Value.StartsWith("profile maximum", StringComparison.Ordinal) || t.Value.StartsWith("minimum", StringComparison.Ordinal))
                .Select(t => (t.Value, D(t, "y"))).OrderBy(t => t.Item2).ToList();

        private static void NoTwoOverlap(List<(string Text, double Y)> labels, double plotTop, double plotBottom)
        {
            for (var i = 1; i < labels.Count; i++)
            {
                Assert.True(labels[i].Y - labels[i - 1].Y >= SvgChart.LabelHeight, $"'{labels[i - 1].Text}' at {labels[i - 1].Y} and '{labels[i].Text}' at {labels[i].Y} overlap");
            }

            Assert.All(labels, l => Assert.InRange(l.Y, plotTop + 11, plotBottom));
        }

        /// <summary>Issue 24: "the report's threshold labels overlap when thresholds are equal".</summary>
        [Theory]
        [InlineData(50, 50)]
        [InlineData(50, 49)]
        [InlineData(99, 99)]
        [InlineData(1, 1)]
        public void Equal_or_close_scale_out_and_scale_in_thresholds_have_labels_that_do_not_overlap(double scaleOut, double scaleIn)
        {
            var chart = new SvgChart { Start = T0, End = T0.AddMinutes(30), YMin = 0, YMax = 100 };
            chart.Series.Add(Flat("a", 40));
            chart.Bands.Add(new ChartBand { Label = $"scale out > {scaleOut}", CssClass = "band-out", From = scaleOut, To = 100, Edge = scaleOut });
            chart.Bands.Add(new ChartBand { Label = $"scale in < {scaleIn}", CssClass = "band-in", From = scaleIn, To = 0, Edge = scaleIn });

            var svg = Svg(chart);
            var plot = All(svg, "rect").Single(r => (string?)r.Attribute("class") == "plot-area");
            var labels = ThresholdLabels(svg);
            Assert.Equal(2, labels.Count);
            NoTwoOverlap(labels, D(plot, "y"), D(plot, "y") + D(plot, "height"));
            // Each label on its band's side: the scale-out band is above the scale-in band, and so is its label.
            Assert.StartsWith("scale out", labels[0].Text);
        }

        [Fact]
        public void Labels_on_the_same_side_at_equal_thresholds_are_stacked_not_drawn_over_each_other()
        {
            var chart = new SvgChart { Start = T0, End = T0.AddMinutes(30), YMin = 0, YMax = 100 };
            chart.Series.Add(Flat("a", 40));
            chart.Bands.Add(new ChartBand { Label = "scale out > 70", From = 70, To = 100, Edge = 70 });
            chart.Bands.Add(new ChartBand { Label = "scale out >= 70", From = 70, To = 100, Edge = 70 });
            chart.Bands.Add(new ChartBand { Label = "scale out > 71", From = 71, To = 100, Edge = 71 });

            var svg = Svg(chart);
            var plot = All(svg, "rect").Single(r => (string?)r.Attribute("class") == "plot-area");
            var labels = ThresholdLabels(svg);
            Assert.Equal(3, labels.Count);
            NoTwoOverlap(labels, D(plot, "y"), D(plot, "y") + D(plot, "height"));
        }

        [Fact]
        public void Spreading_keeps_the_order_and_the_plot_and_moves_only_what_overlaps()
        {
            // Far apart: nothing moves.
            Assert.Equal(new[] { 50.0, 120.0 }, SvgChart.SpreadLabels(new[] { 50.0, 120.0 }, 20, 200));
            // Equal: the second (in the order given) goes one line under the first.
            Assert.Equal(new[] { 100.0, 100 + SvgChart.LabelHeight }, SvgChart.SpreadLabels(new[] { 100.0, 100.0 }, 20, 200));
            // At the bottom edge: pushed back up into the plot, order kept.
            var bottom = SvgChart.SpreadLabels(new[] { 199.0, 198.0, 205.0 }, 20, 200);
            Assert.Equal(200.0, bottom[2]);
            Assert.Equal(200 - SvgChart.LabelHeight, bottom[0]);
            Assert.Equal(200 - (2 * SvgChart.LabelHeight), bottom[1]);
            // Above the top: brought down into the plot.
            Assert.Equal(new[] { 20.0 }, SvgChart.SpreadLabels(new[] { 3.0 }, 20, 200));
        }

        [Fact]
        public void The_50_50_report_s_threshold_labels_do_not_overlap()
        {
            var html = HtmlReport.Render(new[] { ExamplesTests.Diagnose(ExampleScenarios.ByName("thresholds-50-50-flapping").Snapshot) });
            foreach (Match m in Regex.Matches(html, "<svg[^>]*class=\"chart[^\"]*\".*?</svg>", RegexOptions.Singleline))
            {
                var svg = XElement.Parse(m.Value);
                var plot = All(svg, "rect").Single(r => (string?)r.Attribute("class") == "plot-area");
                NoTwoOverlap(ThresholdLabels(svg), D(plot, "y"), D(plot, "y") + D(plot, "height"));
            }

            Assert.Contains(">scale out &gt; 50<", html);
            Assert.Contains(">scale in &lt; 50<", html);
        }

        [Fact]
        public void The_series_across_instances_applies_the_rule_statistic_per_grain()
        {
            var samples = new[]
            {
                new MetricSample { Instance = "vm_0", MetricName = "Percentage CPU", Timestamp = T0, Value = 40 },
                new MetricSample { Instance = "vm_1", MetricName = "Percentage CPU", Timestamp = T0.AddSeconds(20), Value = 80 },
                new MetricSample { Instance = "vm_0", MetricName = "Percentage CPU", Timestamp = T0.AddMinutes(1), Value = 10 },
                new MetricSample { Instance = "vm_1", MetricName = "Percentage CPU", Timestamp = T0.AddMinutes(1), Value = 30 },
            };

            var average = HtmlReport.AcrossInstances(samples, new MetricTrigger { MetricStatistic = MetricStatistic.Average })!;
            Assert.Equal("average across instances", average.Label);
            Assert.Equal(new[] { 60.0, 20.0 }, average.Points.Select(p => p.Value));
            Assert.Equal(new[] { T0, T0.AddMinutes(1) }, average.Points.Select(p => p.Key));

            var max = HtmlReport.AcrossInstances(samples, new MetricTrigger { MetricStatistic = MetricStatistic.Max })!;
            Assert.Equal(new[] { 80.0, 30.0 }, max.Points.Select(p => p.Value));

            Assert.Null(HtmlReport.AcrossInstances(samples.Where(s => s.Instance == "vm_0").ToList(), null));
        }

        [Fact]
        public void The_metric_chart_draws_the_average_and_the_rule_thresholds()
        {
            var scenario = ExampleScenarios.ByName("healthy");
            var result = ExamplesTests.Diagnose(scenario.Snapshot);
            var html = HtmlReport.Render(new[] { result });
            var chart = Regex.Match(html, "<svg[^>]*class=\"chart metric-chart\".*?</svg>", RegexOptions.Singleline).Value;
            var svg = XElement.Parse(chart);
            var average = All(svg, "polyline").Single(p => (string?)p.Attribute("class") == "instance-average");
            Assert.Contains("average across instances", average.Value);
            var thresholds = All(svg, "line").Where(l => (string?)l.Attribute("class") == "threshold").Select(l => double.Parse((string)l.Attribute("data-value")!, CultureInfo.InvariantCulture)).OrderBy(v => v).ToList();
            var expected = result.Context.Profile!.Rules.Where(r => r.MetricName == result.Context.Profile.Rules[0].MetricName).Select(r => r.MetricTrigger.Threshold).OrderBy(v => v).ToList();
            Assert.Equal(expected, thresholds);
            Assert.Contains("the value the engine aggregates over the rule", html);
        }

        private static string Divergence(string html) => Regex.Match(html, "<div class=\"replay-divergence\">.*?</div>", RegexOptions.Singleline).Value;

        [Fact]
        public void A_manual_change_is_named_where_the_actual_count_leaves_the_replay()
        {
            var html = HtmlReport.Render(new[] { ExamplesTests.Diagnose(ExampleScenarios.ByName("manual-scale-reverted").Snapshot) });
            var text = Divergence(html);
            Assert.Contains("The actual count differs from the replay", text);
            Assert.Contains("A manual change at 2024-05-01 11:30 UTC (to 8 by alice@contoso.com): the replay follows only the autoscale rules", text);
            Assert.Contains("does not give the count before it", text);
            Assert.DoesNotContain("None of the known causes", text);
        }

        [Fact]
        public void Failed_actions_and_flapping_holds_are_named()
        {
            var failed = Divergence(HtmlReport.Render(new[] { ExamplesTests.Diagnose(ExampleScenarios.ByName("active-incident").Snapshot) }));
            Assert.Contains("A failed scale action at 2024-05-01 11:10 UTC (3 to 4)", failed);
            var flapping = Divergence(HtmlReport.Render(new[] { ExamplesTests.Diagnose(ExampleScenarios.ByName("thresholds-50-50-flapping").Snapshot) }));
            Assert.Contains("held the count 4 times to avoid flapping (first at 2024-05-01 11:20 UTC)", flapping);
        }

        /// <summary>Issue 22 item 4: the Why starts at the 11:05 scale-out, and it does not say the replay ignores flapping (it models it).</summary>
        [Fact]
        public void The_flapping_reports_why_names_the_first_divergence_and_keeps_flapping_in_the_replay()
        {
            var text = Divergence(HtmlReport.Render(new[] { ExamplesTests.Diagnose(ExampleScenarios.ByName("thresholds-50-50-flapping").Snapshot) }));
            Assert.Contains("The first divergence is the service&#39;s scale-out at 2024-05-01 11:05 UTC (2 to 3)", text);
            Assert.DoesNotContain("does not model", text);
            Assert.True(text.IndexOf("11:05 UTC", System.StringComparison.Ordinal) < text.IndexOf("11:20 UTC", System.StringComparison.Ordinal));
        }

        [Fact]
        public void A_report_whose_replay_matches_says_so()
        {
            var text = Divergence(HtmlReport.Render(new[] { ExamplesTests.Diagnose(ExampleScenarios.ByName("healthy").Snapshot) }));
            Assert.Contains("The actual count follows the replay over the whole period.", text);
        }

        [Fact]
        public void Unknown_cooldown_missing_minutes_and_predictive_autoscale_are_named()
        {
            var healthy = ExamplesTests.Diagnose(ExampleScenarios.ByName("healthy").Snapshot).Context;
            var start = healthy.Input.Now - healthy.Input.Options.SamplePeriod;
            var original = healthy.Input.Setting!;
            var setting = new AutoscaleSetting
            {
                Name = original.Name,
                Id = original.Id,
                TargetResourceUri = original.TargetResourceUri,
                Profiles = original.Profiles,
                PredictiveAutoscalePolicy = new PredictiveAutoscalePolicy { PredictiveScaleMode = PredictiveScaleMode.Enabled },
            };

            // Minutes 20 to 29 have no samples; no event before the period, so the cooldown at its start is unknown.
            var samples = healthy.Input.Samples.Samples.Where(x => x.Timestamp < start.AddMinutes(20) || x.Timestamp >= start.AddMinutes(30)).ToList();
            var input = new VmssAutoscale.Diagnosis.DiagnosisInput
            {
                Now = healthy.Input.Now,
                ScaleSet = healthy.Input.ScaleSet,
                Settings = new[] { setting },
                Samples = new VmssAutoscale.Diagnosis.SampleReadResult { Samples = samples },
                Options = healthy.Input.Options,
            };
            var context = new VmssAutoscale.Diagnosis.DiagnosisContext(input);
            var actual = new[] { new KeyValuePair<DateTime, double>(start, 3) };
            var simulated = new[] { new KeyValuePair<DateTime, double>(start.AddMinutes(1), 3), new KeyValuePair<DateTime, double>(start.AddMinutes(1), 4) };

            var lines = ReplayDivergence.Explain(context, start, healthy.Input.Now, actual, simulated, null);

            Assert.StartsWith($"The actual count differs from the replay for 60 minutes, first at {start:yyyy-MM-dd HH}:01 UTC.", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("Cooldown state unknown at the start: no scale action before", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("Missing data: 10 of 60 minutes have no samples", StringComparison.Ordinal) && l.Contains($"{start.AddMinutes(20):HH:mm} UTC to {start.AddMinutes(30):HH:mm}"));
            Assert.Contains(lines, l => l.StartsWith("The service's own decision: predictive autoscale is Enabled", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.StartsWith("None of the known causes", StringComparison.Ordinal));
        }
    }
}
