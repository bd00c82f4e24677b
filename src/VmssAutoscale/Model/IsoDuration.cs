using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VmssAutoscale.Model
{
    /// <summary>ISO 8601 durations as the autoscale API writes them (PT1M, PT10M, PT1H, P1D, P7D).</summary>
    public static class IsoDuration
    {
        // Years and months have no fixed length, and the autoscale API never uses them, so they are refused.
        // [0-9], not \d: \d also matches other scripts' digits, which double.Parse then refuses (found by the fuzz suite).
        private static readonly Regex Pattern = new Regex(
            @"^P(?:(?<w>[0-9]+)W)?(?:(?<d>[0-9]+)D)?(?:T(?:(?<h>[0-9]+)H)?(?:(?<m>[0-9]+)M)?(?:(?<s>[0-9]+(?:\.[0-9]+)?)S)?)?$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static bool TryParse(string? text, out TimeSpan value)
        {
            value = TimeSpan.Zero;
            if (string.IsNullOrWhiteSpace(text))
            {
                return false;
            }

            var t = text!.Trim();
            var match = Pattern.Match(t);
            if (!match.Success || t.Equals("P", StringComparison.OrdinalIgnoreCase) || t.EndsWith("T", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            double Part(string name) => match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
            try
            {
                value = TimeSpan.FromDays((Part("w") * 7) + Part("d"))
                    + TimeSpan.FromHours(Part("h"))
                    + TimeSpan.FromMinutes(Part("m"))
                    // Seconds to the tick: TimeSpan.FromSeconds rounds to milliseconds on .NET Framework (Windows PowerShell 5.1).
                    + TimeSpan.FromTicks(match.Groups["s"].Success ? (long)(decimal.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond) : 0);
            }
            catch (OverflowException)
            {
                return false;
            }

            return true;
        }

        /// <summary>The canonical ISO form: PT5M, PT1H30M, P1D, P1DT12H.</summary>
        public static string Format(TimeSpan value)
        {
            if (value == TimeSpan.Zero)
            {
                return "PT0S";
            }

            var sb = new StringBuilder(value < TimeSpan.Zero ? "-P" : "P");
            var v = value.Duration();
            if (v.Days > 0)
            {
                sb.Append(v.Days.ToString(CultureInfo.InvariantCulture)).Append('D');
            }

            // Every tick is written (up to 7 decimals of a second), so the text reads back to the same TimeSpan.
            var secondTicks = v.Ticks % TimeSpan.TicksPerMinute;
            if (v.Hours > 0 || v.Minutes > 0 || secondTicks > 0)
            {
                sb.Append('T');
                if (v.Hours > 0)
                {
                    sb.Append(v.Hours.ToString(CultureInfo.InvariantCulture)).Append('H');
                }

                if (v.Minutes > 0)
                {
                    sb.Append(v.Minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
                }

                if (secondTicks > 0)
                {
                    sb.Append((secondTicks / (decimal)TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture)).Append('S');
                }
            }

            return sb.ToString();
        }
    }
}
