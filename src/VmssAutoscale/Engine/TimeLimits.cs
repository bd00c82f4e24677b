using System;
using System.Globalization;

namespace VmssAutoscale.Engine
{
    /// <summary>
    /// The times and durations the engine accepts. An evaluation subtracts windows, grains and the
    /// ingestion lag from its time and adds cooldowns to it; at the ends of DateTime that arithmetic
    /// overflows, so inputs outside these limits are refused up front with a message a user can act on.
    /// The span is far wider than any real metric history (Azure autoscale started in the 2010s).
    /// </summary>
    public static class TimeLimits
    {
        public static readonly DateTime Earliest = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public static readonly DateTime Latest = new DateTime(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>The longest lag, operation duration or simulation interval: the service's longest cooldown, one week.</summary>
        public static readonly TimeSpan LongestDuration = TimeSpan.FromDays(7);

        public static bool Contains(long utcTicks) => utcTicks >= Earliest.Ticks && utcTicks < Latest.Ticks;

        public static bool Contains(DateTime time) => Contains(ProfileSelector.AsUtc(time).Ticks);

        /// <summary>The problem in words, for a value outside the limits.</summary>
        public static string OutOfRange(string what) =>
            string.Format(CultureInfo.InvariantCulture, "{0} must lie between {1:yyyy-MM-dd} and {2:yyyy-MM-dd} (UTC)", what, Earliest, Latest);
    }
}
