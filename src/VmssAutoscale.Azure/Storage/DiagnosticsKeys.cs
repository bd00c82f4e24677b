using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VmssAutoscale.Azure.Storage
{
    /// <summary>
    /// The key and table-name formats the Windows and Linux diagnostics agents write (learn.microsoft.com "Windows Azure Diagnostics
    /// extension (WAD) storage" and Azure/azure-linux-extensions Diagnostic/ for LAD 2.3 and 3.0). The readers build their key
    /// ranges from these, and the test-data generators write rows with the same functions, so a
    /// format mistake shows up as a reader that finds nothing.
    /// </summary>
    public static class DiagnosticsKeys
    {
        /// <summary>DateTime.MaxValue.Ticks: the agents store "descending ticks" as this minus the period start.</summary>
        public const long MaxTicks = 3155378975999999999;

        public const string WadPerformanceCountersTable = "WADPerformanceCountersTable";

        private static readonly DateTime FileTimeEpoch = new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>
        /// Escapes a resource ID or counter name the way mdsd and WAD do for WADMetrics keys: every
        /// character that is not a letter or digit becomes ':' and four upper-case hex digits.
        /// </summary>
        public static string Escape(string value)
        {
            var sb = new StringBuilder(value.Length * 2);
            foreach (var ch in value)
            {
                if (ch < 128 && char.IsLetterOrDigit(ch))
                {
                    sb.Append(ch);
                }
                else
                {
                    sb.Append(':').Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
                }
            }

            return sb.ToString();
        }

        /// <summary>Reverses <see cref="Escape"/>; text that is not escaped is returned as it is.</summary>
        public static string Unescape(string value)
        {
            var sb = new StringBuilder(value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                if (value[i] == ':' && i + 4 < value.Length
                    && int.TryParse(value.Substring(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    sb.Append((char)code);
                    i += 4;
                }
                else
                {
                    sb.Append(value[i]);
                }
            }

            return sb.ToString();
        }

        /// <summary>
        /// The first day of the 10-day table that holds data for <paramref name="time"/>: the
        /// agents count 10-day buckets from the FILETIME epoch 1601-01-01 (every real suffix seen,
        /// e.g. 20170609 and 20190808, is on that grid).
        /// </summary>
        public static DateTime TenDayBucketStart(DateTime time)
        {
            var days = (int)(ToUtc(time).Date - FileTimeEpoch).TotalDays;
            return FileTimeEpoch.AddDays(days - (days % 10));
        }

        /// <summary>WADMetrics + period + P10DV2S + yyyyMMdd, e.g. WADMetricsPT1MP10DV2S20170609.</summary>
        public static string WadMetricsTableName(TimeSpan transferPeriod, DateTime time) =>
            "WADMetrics" + PeriodText(transferPeriod) + "P10DV2S" + TenDayBucketStart(time).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        /// <summary>
        /// Every WADMetrics table that can hold periods starting in [start, end): one per 10-day
        /// bucket the range touches, oldest first.
        /// </summary>
        public static IReadOnlyList<string> WadMetricsTableNames(TimeSpan transferPeriod, DateTime start, DateTime end)
        {
            var names = new List<string>();
            var last = TenDayBucketStart(ToUtc(end).AddTicks(-1));
            for (var bucket = TenDayBucketStart(start); bucket <= last; bucket = bucket.AddDays(10))
            {
                names.Add(WadMetricsTableName(transferPeriod, bucket));
            }

            return names;
        }

        public static string PeriodText(TimeSpan period)
        {
            if (period == TimeSpan.FromMinutes(1))
            {
                return "PT1M";
            }

            if (period == TimeSpan.FromHours(1))
            {
                return "PT1H";
            }

            throw new ArgumentOutOfRangeException(nameof(period), period, "The diagnostics agents write only PT1M and PT1H aggregate tables.");
        }

        /// <summary>19 digits, zero-filled: the fixed width is what makes string order equal time order.</summary>
        public static string DescendingTicks(DateTime periodStart) =>
            (MaxTicks - ToUtc(periodStart).Ticks).ToString("D19", CultureInfo.InvariantCulture);

        /// <summary>RowKey of a WADMetrics row: descending ticks, "__", escaped counter, and "__" + instance id on scale sets.</summary>
        public static string WadMetricsRowKey(DateTime periodStart, string counterName, string? instanceSuffix = null) =>
            DescendingTicks(periodStart) + "__" + Escape(counterName) + (string.IsNullOrEmpty(instanceSuffix) ? string.Empty : "__" + instanceSuffix);

        /// <summary>The second copy LAD 3.0 writes so a counter can be prefix-scanned: counter first, then time.</summary>
        public static string WadMetricsCounterFirstRowKey(DateTime periodStart, string counterName, string? instanceSuffix = null) =>
            Escape(counterName) + "__" + DescendingTicks(periodStart) + (string.IsNullOrEmpty(instanceSuffix) ? string.Empty : "__" + instanceSuffix);

        /// <summary>
        /// RowKey bounds for periods that start in [start, end): newer periods have smaller
        /// descending ticks, so the end gives the lower bound. Both bounds are 19-digit prefixes;
        /// the counter-first copies start with ':' and sort after every digit, outside the range.
        /// </summary>
        public static (string Lower, string Upper) WadMetricsRowKeyRange(DateTime start, DateTime end) =>
            ((MaxTicks - ToUtc(end).Ticks + 1).ToString("D19", CultureInfo.InvariantCulture),
             (MaxTicks - ToUtc(start).Ticks + 1).ToString("D19", CultureInfo.InvariantCulture));

        /// <summary>Period start encoded in a WADMetrics RowKey, or null when the key is not in the time-first form.</summary>
        public static DateTime? PeriodStartFromRowKey(string rowKey)
        {
            if (rowKey.Length < 19 || !long.TryParse(rowKey.Substring(0, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var descending))
            {
                return null;
            }

            var ticks = MaxTicks - descending;
            return ticks < 0 || ticks > DateTime.MaxValue.Ticks ? (DateTime?)null : new DateTime(ticks, DateTimeKind.Utc);
        }

        /// <summary>The instance suffix after the counter in a time-first RowKey (scale sets), or null.</summary>
        public static string? InstanceSuffixFromRowKey(string rowKey)
        {
            var counterStart = rowKey.IndexOf("__", StringComparison.Ordinal);
            if (counterStart < 0)
            {
                return null;
            }

            var suffix = rowKey.IndexOf("__", counterStart + 2, StringComparison.Ordinal);
            return suffix < 0 ? null : rowKey.Substring(suffix + 2);
        }

        /// <summary>WADPerformanceCountersTable PartitionKey: "0" + UTC ticks (the agent rounds to the transfer minute).</summary>
        public static string WadPerformanceCountersPartitionKey(DateTime time) =>
            "0" + ToUtc(time).Ticks.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// mdsd's string hash of a host name (h = h*37 + c over 64 bits), used by LAD 2.3 to spread
        /// hosts over 1, 10 or 100 partitions (eventVolume Small, Medium, Large).
        /// </summary>
        public static ulong MdsdHash(string text)
        {
            ulong h = 0;
            unchecked
            {
                foreach (var c in text)
                {
                    h = (h * 37) + c;
                }
            }

            return h;
        }

        /// <summary>Number of partitions for an eventVolume setting; LAD 2.3 without one behaves as Large (the AEM reader's assumption).</summary>
        public static int PartitionCount(string? eventVolume) => (eventVolume ?? string.Empty).Trim().ToUpperInvariant() switch
        {
            "SMALL" => 1,
            "MEDIUM" => 10,
            _ => 100,
        };

        /// <summary>LAD 2.3 PartitionKey: {hash bucket:D19}___{ticks:D19}, ticks in whole seconds.</summary>
        public static string Lad23PartitionKey(ulong bucket, DateTime time)
        {
            var ticks = ToUtc(time).Ticks;
            ticks -= ticks % TimeSpan.TicksPerSecond;
            return bucket.ToString("D19", CultureInfo.InvariantCulture) + "___" + ticks.ToString("D19", CultureInfo.InvariantCulture);
        }

        public static DateTime? TimeFromLad23PartitionKey(string partitionKey)
        {
            var i = partitionKey.IndexOf("___", StringComparison.Ordinal);
            if (i < 0 || !long.TryParse(partitionKey.Substring(i + 3), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTime.MaxValue.Ticks)
            {
                return null;
            }

            return new DateTime(ticks, DateTimeKind.Utc);
        }

        /// <summary>Times given with an unspecified kind are taken as UTC: the agents write UTC and users mostly type UTC.</summary>
        public static DateTime ToUtc(DateTime time) => time.Kind switch
        {
            DateTimeKind.Utc => time,
            DateTimeKind.Local => time.ToUniversalTime(),
            _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        };
    }
}
