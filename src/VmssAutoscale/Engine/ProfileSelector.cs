using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TimeZoneConverter;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>The profile that applies at one time, and why.</summary>
    public sealed class ProfileSelection
    {
        public ProfileSelection(AutoscaleProfile? profile, string reason, DateTime? activeSinceUtc, DateTime? activeUntilUtc = null)
        {
            Profile = profile;
            Reason = reason;
            ActiveSinceUtc = activeSinceUtc;
            ActiveUntilUtc = activeUntilUtc;
        }

        public AutoscaleProfile? Profile { get; }

        public string Reason { get; }

        /// <summary>When the profile became active: the fixed-date start or the recurrence occurrence; null for the default profile.</summary>
        public DateTime? ActiveSinceUtc { get; }

        /// <summary>For a fixed-date profile, its end; otherwise null (a recurrence runs until another profile starts).</summary>
        public DateTime? ActiveUntilUtc { get; }
    }

    /// <summary>
    /// Chooses the profile for an evaluation time: fixed-date profiles first (in setting order),
    /// then the recurring profile whose latest start is most recent (a recurrence stays active
    /// until the next profile starts), then the default profile. Times are read in each profile's
    /// Windows time zone, daylight saving included; see docs/about_VmssAutoscale_Engine.md.
    /// </summary>
    public static class ProfileSelector
    {
        public static ProfileSelection Select(AutoscaleSetting setting, DateTime utcNow, EngineOptions? options = null) =>
            Select(setting.Profiles, utcNow, options);

        public static ProfileSelection Select(IReadOnlyList<AutoscaleProfile> profiles, DateTime utcNow, EngineOptions? options = null)
        {
            options ??= EngineOptions.Default;
            utcNow = AsUtc(utcNow);

            foreach (var p in profiles)
            {
                if (p.FixedDate is FixedDateWindow fd)
                {
                    var tz = ResolveTimeZone(fd.TimeZone);
                    var start = FixedDateToUtc(fd.Start, fd.StartOffsetSpan, tz, options.AmbiguousLocalTime);
                    var end = FixedDateToUtc(fd.End, fd.EndOffsetSpan, tz, options.AmbiguousLocalTime);
                    var inside = utcNow >= start && (options.FixedDateEndInclusive ? utcNow <= end : utcNow < end);
                    if (inside)
                    {
                        return new ProfileSelection(p, Invariant($"Fixed-date profile '{p.Name}' applies from {fd.Start:yyyy-MM-dd HH:mm} to {fd.End:yyyy-MM-dd HH:mm} ({fd.TimeZone}); fixed-date profiles are checked first."), start, end);
                    }
                }
            }

            AutoscaleProfile? bestProfile = null;
            DateTime bestStart = DateTime.MinValue;
            foreach (var p in profiles)
            {
                if (p.FixedDate == null && p.Recurrence is ProfileRecurrence r)
                {
                    var latest = LatestOccurrence(r, utcNow, options.AmbiguousLocalTime);
                    // Strictly later wins, so of two profiles starting at the same instant the first in the setting wins.
                    if (latest is DateTime l && (bestProfile == null || l > bestStart))
                    {
                        bestProfile = p;
                        bestStart = l;
                    }
                }
            }

            var defaultProfile = profiles.FirstOrDefault(p => p.IsDefault);
            if (bestProfile != null)
            {
                var r = bestProfile.Recurrence!;
                var tz = ResolveTimeZone(r.TimeZone);
                var local = TimeZoneInfo.ConvertTimeFromUtc(bestStart, tz);
                var name = bestProfile.AutoCreatedFor != null
                    ? $"'Auto created default scale condition' (the portal's end of '{bestProfile.AutoCreatedFor}')"
                    : $"Recurring profile '{bestProfile.Name}'";
                var reason = Invariant($"{name} started {local:dddd HH:mm} {r.TimeZone} ({bestStart:yyyy-MM-dd HH:mm}Z) and stays active until the next profile starts.");
                if (defaultProfile != null && bestProfile.AutoCreatedFor == null && !profiles.Any(p => p.AutoCreatedFor != null))
                {
                    reason += $" The default profile '{defaultProfile.Name}' does not take over when a recurrence 'ends': only another profile's start replaces it.";
                }

                return new ProfileSelection(bestProfile, reason, bestStart);
            }

            if (defaultProfile != null)
            {
                return new ProfileSelection(defaultProfile, $"No fixed-date or recurring profile applies, so the default profile '{defaultProfile.Name}' is used.", null);
            }

            return new ProfileSelection(null, "No profile applies at this time: there is no default profile and no fixed-date or recurring profile covers it.", null);
        }

        /// <summary>
        /// The most recent start of a weekly recurrence at or before <paramref name="utcNow"/>, in UTC.
        /// Empty days mean every day, empty hours or minutes mean 0. A start inside a daylight-saving
        /// gap (e.g. 02:30 on the spring-forward night) happens when the clocks reach it, one gap later
        /// in wall time; a start in the repeated hour follows <paramref name="ambiguous"/>.
        /// </summary>
        public static DateTime? LatestOccurrence(ProfileRecurrence recurrence, DateTime utcNow, AmbiguousLocalTime ambiguous = AmbiguousLocalTime.Earlier)
        {
            utcNow = AsUtc(utcNow);
            var tz = ResolveTimeZone(recurrence.TimeZone);
            var localNow = TimeZoneInfo.ConvertTimeFromUtc(utcNow, tz);
            IReadOnlyList<int> hours = recurrence.Hours.Count > 0 ? recurrence.Hours : new[] { 0 };
            IReadOnlyList<int> minutes = recurrence.Minutes.Count > 0 ? recurrence.Minutes : new[] { 0 };
            DateTime? best = null;
            // Eight local days back cover a weekly schedule even when a DST shift moves the latest start across midnight.
            for (var back = 0; back <= 8; back++)
            {
                var date = localNow.Date.AddDays(-back);
                if (recurrence.Days.Count > 0 && !recurrence.Days.Contains(date.DayOfWeek))
                {
                    continue;
                }

                foreach (var h in hours)
                {
                    foreach (var m in minutes)
                    {
                        var utc = LocalToUtc(date.AddHours(h).AddMinutes(m), tz, ambiguous);
                        if (utc <= utcNow && (best == null || utc > best))
                        {
                            best = utc;
                        }
                    }
                }

                if (best != null && back >= 1)
                {
                    // Earlier days can only give earlier starts.
                    break;
                }
            }

            return best;
        }

        /// <summary>A Windows (or IANA) time-zone ID as a TimeZoneInfo, on Windows and Linux alike.</summary>
        public static TimeZoneInfo ResolveTimeZone(string? id)
        {
            if (string.IsNullOrWhiteSpace(id) || string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase))
            {
                return TimeZoneInfo.Utc;
            }

            if (TZConvert.TryGetTimeZoneInfo(id!.Trim(), out var tz))
            {
                return tz;
            }

            throw new TimeZoneNotFoundException($"'{id}' is not a known time zone ID. Autoscale takes Windows IDs such as 'Pacific Standard Time' or 'W. Europe Standard Time'.");
        }

        /// <summary>A wall-clock time in a zone as UTC, with explicit handling of the skipped and the repeated hour.</summary>
        public static DateTime LocalToUtc(DateTime local, TimeZoneInfo tz, AmbiguousLocalTime ambiguous = AmbiguousLocalTime.Earlier)
        {
            local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (tz.IsInvalidTime(local))
            {
                // The offset in force just before the gap: the moment the clocks jump past this wall time.
                var before = tz.GetUtcOffset(local.AddHours(-3));
                return DateTime.SpecifyKind(local - before, DateTimeKind.Utc);
            }

            if (tz.IsAmbiguousTime(local))
            {
                var offsets = tz.GetAmbiguousTimeOffsets(local);
                var offset = ambiguous == AmbiguousLocalTime.Earlier ? offsets.Max() : offsets.Min();
                return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
            }

            return TimeZoneInfo.ConvertTimeToUtc(local, tz);
        }

        internal static DateTime AsUtc(DateTime t) => t.Kind switch
        {
            DateTimeKind.Utc => t,
            DateTimeKind.Local => t.ToUniversalTime(),
            _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        };

        private static DateTime FixedDateToUtc(DateTime value, TimeSpan? offset, TimeZoneInfo tz, AmbiguousLocalTime ambiguous) =>
            offset is TimeSpan o
                ? DateTime.SpecifyKind(DateTime.SpecifyKind(value, DateTimeKind.Unspecified) - o, DateTimeKind.Utc)
                : LocalToUtc(value, tz, ambiguous);

        private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
    }
}
