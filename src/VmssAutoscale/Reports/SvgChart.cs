using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using VmssAutoscale.Model;

namespace VmssAutoscale.Reports
{
    /// <summary>One line of a chart: time-ordered points, a CSS class and a legend label.</summary>
    public sealed class ChartSeries
    {
        public string Label { get; init; } = string.Empty;

        public string CssClass { get; init; } = string.Empty;

        public string Color { get; init; } = "#333";

        /// <summary>Draw as steps (capacity holds until the next change) rather than straight segments.</summary>
        public bool Step { get; init; }

        public bool Dashed { get; init; }

        /// <summary>Draw thicker than the other lines: the series the reader should compare with the thresholds.</summary>
        public bool Emphasis { get; init; }

        public IReadOnlyList<KeyValuePair<DateTime, double>> Points { get; init; } = Array.Empty<KeyValuePair<DateTime, double>>();
    }

    /// <summary>A horizontal band between two values (a threshold region), drawn behind the lines.</summary>
    public sealed class ChartBand
    {
        public string Label { get; init; } = string.Empty;

        public string CssClass { get; init; } = string.Empty;

        public double From { get; init; }

        public double To { get; init; }

        /// <summary>Where the dashed threshold line goes (the rule's threshold); <see cref="From"/> when not set.</summary>
        public double? Edge { get; init; }

        public string Color { get; init; } = "#f00";
    }

    /// <summary>A point event on the time axis (a scale event), drawn as a triangle with a tooltip.</summary>
    public sealed class ChartMarker
    {
        public DateTime Time { get; init; }

        public double Value { get; init; }

        public bool Up { get; init; }

        public string Color { get; init; } = "#000";

        public string Title { get; init; } = string.Empty;
    }

    /// <summary>
    /// Inline SVG line charts written by hand: a report must open from a mail attachment with no
    /// network, so no chart library, script, font or stylesheet is fetched. Numbers are written
    /// with the invariant culture so a report made on a German machine still draws.
    /// </summary>
    public sealed class SvgChart
    {
        private const int Width = 900;
        private const int PlotHeight = 200;
        private const int Left = 56;
        private const int Right = 16;
        private const int Bottom = 44;
        private const int LegendRow = 16;
        private const double LegendCharWidth = 6.2;

        public string CssClass { get; init; } = "chart";

        public string Title { get; init; } = string.Empty;

        public string YLabel { get; init; } = string.Empty;

        public DateTime Start { get; init; }

        public DateTime End { get; init; }

        public double? YMin { get; init; }

        public double? YMax { get; init; }

        /// <summary>Round the y axis to whole numbers (instance counts).</summary>
        public bool IntegerAxis { get; init; }

        public List<ChartSeries> Series { get; } = new List<ChartSeries>();

        public List<ChartBand> Bands { get; } = new List<ChartBand>();

        public List<ChartMarker> Markers { get; } = new List<ChartMarker>();

        public string Render()
        {
            // The legend sits in rows above the plot, never over it: a line at the top of the y range
            // (CPU at 100 %) would otherwise hide under the labels.
            var legend = LegendLayout();
            var top = 8 + (legend.Count == 0 ? 8 : (legend[legend.Count - 1].Row + 1) * LegendRow) + 4;
            var height = top + PlotHeight + Bottom;
            var values = Series.SelectMany(s => s.Points.Select(p => p.Value)).Concat(Bands.SelectMany(b => new[] { b.From, b.To })).Concat(Markers.Select(m => m.Value)).ToList();
            var yMin = YMin ?? (values.Count == 0 ? 0 : Math.Min(0, values.Min()));
            var yMax = YMax ?? (values.Count == 0 ? 1 : values.Max() * 1.1);
            if (IntegerAxis)
            {
                yMin = Math.Floor(yMin);
                yMax = Math.Ceiling(yMax);
            }

            if (yMax <= yMin)
            {
                yMax = yMin + 1;
            }

            var span = Math.Max((End - Start).Ticks, TimeSpan.TicksPerMinute);
            double X(DateTime t) => Left + ((double)(Math.Min(Math.Max(t.Ticks, Start.Ticks), End.Ticks) - Start.Ticks) / span * (Width - Left - Right));
            double Y(double v) => top + ((1 - ((Math.Min(Math.Max(v, yMin), yMax) - yMin) / (yMax - yMin))) * PlotHeight);

            var sb = new StringBuilder();
            sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").Append(CssClass).Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(height)
              .Append("\" width=\"100%\" role=\"img\" aria-label=\"").Append(Attr(Title)).Append("\">");
            sb.Append("<title>").Append(Text(Title)).Append("</title>");
            sb.Append("<rect x=\"0\" y=\"0\" width=\"").Append(Width).Append("\" height=\"").Append(height).Append("\" fill=\"#fff\"/>");
            sb.Append("<rect class=\"plot-area\" x=\"").Append(Left).Append("\" y=\"").Append(top).Append("\" width=\"").Append(Width - Left - Right).Append("\" height=\"").Append(PlotHeight).Append("\" fill=\"none\"/>");

            // Each label on its band's side of the threshold line (a scale-out band's above, a scale-in band's
            // below), then spread so that no two overlap: equal or close thresholds would otherwise write
            // their labels over each other, all right-aligned at the same x.
            var labels = SpreadLabels(
                Bands.Select(b =>
                {
                    var edge = Y(b.Edge ?? b.From);
                    return Math.Max(b.From, b.To) > (b.Edge ?? b.From) ? edge - LabelAbove : edge + LabelBelow;
                }).ToList(),
                top + LabelHeight,
                top + PlotHeight - LabelDescent);
            for (var i = 0; i < Bands.Count; i++)
            {
                var b = Bands[i];
                var y1 = Y(Math.Max(b.From, b.To));
                var y2 = Y(Math.Min(b.From, b.To));
                sb.Append("<rect class=\"band ").Append(b.CssClass).Append("\" x=\"").Append(N(Left)).Append("\" y=\"").Append(N(y1)).Append("\" width=\"").Append(N(Width - Left - Right))
                  .Append("\" height=\"").Append(N(Math.Max(y2 - y1, 1))).Append("\" fill=\"").Append(b.Color).Append("\" fill-opacity=\"0.13\"><title>").Append(Text(b.Label)).Append("</title></rect>");
                var edgeValue = b.Edge ?? b.From;
                var edge = Y(edgeValue);
                sb.Append("<line class=\"threshold\" data-value=\"").Append(N(edgeValue)).Append("\" x1=\"").Append(N(Left)).Append("\" x2=\"").Append(N(Width - Right)).Append("\" y1=\"").Append(N(edge)).Append("\" y2=\"").Append(N(edge))
                  .Append("\" stroke=\"").Append(b.Color).Append("\" stroke-dasharray=\"4 3\"/>");
                sb.Append("<text class=\"threshold-label\" x=\"").Append(N(Width - Right - 4)).Append("\" y=\"").Append(N(labels[i])).Append("\" text-anchor=\"end\" font-size=\"11\" fill=\"").Append(b.Color).Append("\">").Append(Text(b.Label)).Append("</text>");
            }

            // Axes with 5 value ticks and 6 time ticks.
            sb.Append("<g class=\"axis\" font-size=\"11\" fill=\"#555\">");
            for (var i = 0; i <= 4; i++)
            {
                var v = yMin + ((yMax - yMin) * i / 4);
                if (IntegerAxis && Math.Abs(v - Math.Round(v)) > 1e-9)
                {
                    continue;
                }

                var y = Y(v);
                sb.Append("<line x1=\"").Append(N(Left)).Append("\" x2=\"").Append(N(Width - Right)).Append("\" y1=\"").Append(N(y)).Append("\" y2=\"").Append(N(y)).Append("\" stroke=\"#eee\"/>");
                sb.Append("<text x=\"").Append(N(Left - 6)).Append("\" y=\"").Append(N(y + 4)).Append("\" text-anchor=\"end\">").Append(N(Math.Round(v, 1))).Append("</text>");
            }

            for (var i = 0; i <= 6; i++)
            {
                var t = new DateTime(Start.Ticks + (span * i / 6), DateTimeKind.Utc);
                var x = X(t);
                sb.Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(top + PlotHeight + 16).Append("\" text-anchor=\"middle\">").Append(t.ToString("HH:mm", CultureInfo.InvariantCulture)).Append("</text>");
            }

            sb.Append("<text x=\"").Append(N((Width + Left) / 2.0)).Append("\" y=\"").Append(height - 6).Append("\" text-anchor=\"middle\">time (UTC) ")
              .Append(Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</text>");
            sb.Append("<text transform=\"rotate(-90)\" x=\"").Append(N(-(top + (PlotHeight / 2.0)))).Append("\" y=\"14\" text-anchor=\"middle\">").Append(Text(YLabel)).Append("</text>");
            sb.Append("<line x1=\"").Append(Left).Append("\" y1=\"").Append(top).Append("\" x2=\"").Append(Left).Append("\" y2=\"").Append(top + PlotHeight).Append("\" stroke=\"#999\"/>");
            sb.Append("<line x1=\"").Append(Left).Append("\" y1=\"").Append(top + PlotHeight).Append("\" x2=\"").Append(Width - Right).Append("\" y2=\"").Append(top + PlotHeight).Append("\" stroke=\"#999\"/>");
            sb.Append("</g>");

            foreach (var s in Series.Where(s => s.Points.Count > 0))
            {
                var points = new StringBuilder();
                KeyValuePair<DateTime, double>? previous = null;
                foreach (var p in s.Points)
                {
                    if (s.Step && previous is KeyValuePair<DateTime, double> prev)
                    {
                        points.Append(N(X(p.Key))).Append(',').Append(N(Y(prev.Value))).Append(' ');
                    }

                    points.Append(N(X(p.Key))).Append(',').Append(N(Y(p.Value))).Append(' ');
                    previous = p;
                }

                sb.Append("<polyline class=\"").Append(s.CssClass).Append("\" fill=\"none\" stroke=\"").Append(s.Color).Append("\" stroke-width=\"").Append(s.Emphasis ? "3" : s.Step ? "2.5" : "1.6").Append('"');
                if (s.Dashed)
                {
                    sb.Append(" stroke-dasharray=\"7 4\"");
                }

                sb.Append(" points=\"").Append(points.ToString().TrimEnd()).Append("\"><title>").Append(Text(s.Label)).Append("</title></polyline>");
            }

            foreach (var m in Markers)
            {
                var x = X(m.Time);
                var y = Y(m.Value);
                var path = m.Up
                    ? $"M{N(x)},{N(y - 9)} L{N(x - 7)},{N(y + 4)} L{N(x + 7)},{N(y + 4)} Z"
                    : $"M{N(x)},{N(y + 9)} L{N(x - 7)},{N(y - 4)} L{N(x + 7)},{N(y - 4)} Z";
                sb.Append("<g class=\"scale-event\"><path d=\"").Append(path).Append("\" fill=\"").Append(m.Color).Append("\" stroke=\"#fff\"/><title>").Append(Text(m.Title)).Append("</title></g>");
            }

            sb.Append("<g class=\"legend\" font-size=\"11\">");
            foreach (var item in legend)
            {
                var y = 8 + (item.Row * LegendRow);
                sb.Append("<rect x=\"").Append(N(item.X)).Append("\" y=\"").Append(y + 4).Append("\" width=\"12\" height=\"4\" fill=\"").Append(item.Series.Color).Append("\"/>");
                sb.Append("<text x=\"").Append(N(item.X + 16)).Append("\" y=\"").Append(y + 10).Append("\" fill=\"#333\">").Append(Text(item.Series.Label)).Append("</text>");
            }

            sb.Append("</g></svg>");
            return sb.ToString();
        }

        /// <summary>
        /// Baselines for labels that share one right-aligned column: each as near its wanted baseline as
        /// it can be while at least <see cref="LabelHeight"/> from the next, within [<paramref name="min"/>,
        /// <paramref name="max"/>] (the plot). Pushed down in the order wanted, then back up from the bottom
        /// when the last would leave the plot; returned in the order given. More labels than the plot
        /// holds keep their order and overlap at its edge.
        /// </summary>
        internal static IReadOnlyList<double> SpreadLabels(IReadOnlyList<double> wanted, double min, double max)
        {
            var order = Enumerable.Range(0, wanted.Count).OrderBy(i => wanted[i]).ThenBy(i => i).ToList();
            var y = new double[wanted.Count];
            for (var k = 0; k < order.Count; k++)
            {
                var clamped = Math.Min(Math.Max(wanted[order[k]], min), max);
                y[order[k]] = k == 0 ? clamped : Math.Max(clamped, y[order[k - 1]] + LabelHeight);
            }

            for (var k = order.Count - 1; k >= 0; k--)
            {
                var limit = k == order.Count - 1 ? max : y[order[k + 1]] - LabelHeight;
                y[order[k]] = Math.Max(Math.Min(y[order[k]], limit), min);
            }

            return y;
        }

        /// <summary>The height a threshold label takes (font-size 11 and a little air): baselines closer than this overlap.</summary>
        internal const double LabelHeight = 13;

        /// <summary>A label above its line sits this far over it; one below, this far under it (the text's height).</summary>
        private const double LabelAbove = 4;

        private const double LabelBelow = 13;

        /// <summary>Room under the last baseline for descenders, inside the plot.</summary>
        private const double LabelDescent = 3;

        /// <summary>Legend entries left to right, wrapping to a new row when the next would pass the plot's right edge.</summary>
        private List<(ChartSeries Series, int Row, double X)> LegendLayout()
        {
            var items = new List<(ChartSeries Series, int Row, double X)>();
            var row = 0;
            var x = Left + 8.0;
            foreach (var s in Series.Where(s => s.Points.Count > 0).Take(12))
            {
                var width = 24 + (s.Label.Length * LegendCharWidth);
                if (x + width > Width - Right && x > Left + 8.0)
                {
                    row++;
                    x = Left + 8.0;
                }

                items.Add((s, row, x));
                x += width;
            }

            return items;
        }

        private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        private static string Text(string s) => WebUtility.HtmlEncode(TerminalText.Clean(SecretRedactor.RedactText(s)));

        private static string Attr(string s) => WebUtility.HtmlEncode(TerminalText.Clean(SecretRedactor.RedactText(s)));
    }
}
