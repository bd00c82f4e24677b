using System;
using System.Globalization;
using System.Linq;
using Azure;

namespace VmssAutoscale.Azure.Arm
{
    /// <summary>Reads how long ARM asks us to wait, from the headers it may use for that.</summary>
    internal static class RetryAfter
    {
        /// <summary>A header asking for more is read as this much (callers cap their waits lower still); a huge or NaN value never overflows.</summary>
        private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

        /// <summary>
        /// retry-after-ms and x-ms-retry-after-ms (milliseconds) first, as Azure.Core does, then
        /// Retry-After in seconds or as an HTTP date. Null when the response does not say.
        /// </summary>
        public static TimeSpan? Of(Response response)
        {
            foreach (var name in new[] { "retry-after-ms", "x-ms-retry-after-ms" })
            {
                if (response.Headers.TryGetValue(name, out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0)
                {
                    return v >= Longest.TotalMilliseconds ? Longest : TimeSpan.FromMilliseconds(v);
                }
            }

            if (response.Headers.TryGetValue("Retry-After", out var value) && value != null)
            {
                if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                {
                    return seconds >= Longest.TotalSeconds ? Longest : TimeSpan.FromSeconds(seconds);
                }

                if (value.Length > 0 && value.Trim().All(char.IsDigit))
                {
                    // More digits than a long holds: still a number of seconds, just an absurd one.
                    return Longest;
                }

                if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    var wait = at - DateTimeOffset.UtcNow;
                    return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
                }
            }

            return null;
        }
    }
}
