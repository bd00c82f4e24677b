using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// Which profile of a setting is in force at a time. The engine (src/VmssAutoscale/Engine)
    /// owns the full profile-selection rules; manual-scale warnings need only this one call, so
    /// they depend on this interface and ActiveProfiles.Selector is where the engine's
    /// implementation plugs in.
    /// </summary>
    internal interface IActiveProfileSelector
    {
        AutoscaleProfile? Select(AutoscaleSetting setting, DateTime utcNow);
    }

    internal static class ActiveProfiles
    {
        public static IActiveProfileSelector Selector { get; set; } = new InterimProfileSelector();
    }

    /// <summary>
    /// The documented order (autoscale-semantics §2.2): a fixed-date profile whose window holds
    /// now, else the recurrence profile whose latest start is the most recent, else the default
    /// profile. Times are read in each profile's own time zone.
    /// </summary>
    internal sealed class InterimProfileSelector : IActiveProfileSelector
    {
        public AutoscaleProfile? Select(AutoscaleSetting setting, DateTime utcNow)
        {
            utcNow = DateTime.SpecifyKind(utcNow, DateTimeKind.Utc);
            foreach (var p in setting.Profiles.Where(p => p.FixedDate != null))
            {
                var w = p.FixedDate!;
                var start = ToUtc(w.Start, w.StartOffset, w.TimeZone);
                var end = ToUtc(w.End, w.EndOffset, w.TimeZone);
                if (start <= utcNow && utcNow <= end)
                {
                    return p;
                }
            }

            var recurring = setting.Profiles
                .Where(p => p.Recurrence != null && p.FixedDate == null)
                .Select(p => (Profile: p, Last: LatestStart(p.Recurrence!, utcNow)))
                .Where(x => x.Last != null)
                .OrderByDescending(x => x.Last)
                .FirstOrDefault();
            if (recurring.Profile != null)
            {
                return recurring.Profile;
            }

            return setting.Profiles.FirstOrDefault(p => p.IsDefault) ?? setting.Profiles.FirstOrDefault(p => p.FixedDate == null);
        }

        private static DateTime ToUtc(DateTime value, TimeSpan? offset, string timeZone)
        {
            if (offset != null)
            {
                return new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Unspecified), offset.Value).UtcDateTime;
            }

            if (value.Kind == DateTimeKind.Utc)
            {
                return value;
            }

            return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(value, DateTimeKind.Unspecified), Zone(timeZone));
        }

        private static DateTime? LatestStart(ProfileRecurrence r, DateTime utcNow)
        {
            var zone = Zone(r.TimeZone);
            var localNow = TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone);
            var days = r.Days.Count == 0 ? Enum.GetValues(typeof(DayOfWeek)).Cast<DayOfWeek>().ToList() : r.Days.ToList();
            var hours = r.Hours.Count == 0 ? new List<int> { 0 } : r.Hours.ToList();
            var minutes = r.Minutes.Count == 0 ? new List<int> { 0 } : r.Minutes.ToList();
            DateTime? best = null;
            for (var back = 0; back <= 7; back++)
            {
                var day = localNow.Date.AddDays(-back);
                if (!days.Contains(day.DayOfWeek))
                {
                    continue;
                }

                foreach (var h in hours)
                {
                    foreach (var m in minutes)
                    {
                        var local = day.AddHours(h).AddMinutes(m);
                        if (local <= localNow && (best == null || local > best))
                        {
                            best = local;
                        }
                    }
                }
            }

            return best == null ? (DateTime?)null : TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(best.Value, DateTimeKind.Unspecified), zone);
        }

        private static TimeZoneInfo Zone(string id)
        {
            try
            {
                return TimeZoneConverter.TZConvert.GetTimeZoneInfo(string.IsNullOrEmpty(id) ? "UTC" : id);
            }
            catch (TimeZoneNotFoundException)
            {
                return TimeZoneInfo.Utc;
            }
        }
    }

    /// <summary>The decisions of a manual scale that do not need Azure: checks, warnings and poll timing.</summary>
    public static class ManualScalePlanner
    {
        /// <summary>Largest capacity any scale set accepts; above it a request is pointless.</summary>
        public const int PlatformMaximum = 1000;

        /// <summary>Null when the requested capacity is acceptable; otherwise why not, in words.</summary>
        public static string? Refusal(double requested, string what)
        {
            if (double.IsNaN(requested) || double.IsInfinity(requested) || Math.Abs(requested % 1) > 0)
            {
                return $"{what} {requested} is not a whole number of instances.";
            }

            if (requested < 0)
            {
                return $"{what} {requested} is negative; a scale set holds 0 or more instances.";
            }

            return requested > PlatformMaximum ? $"{what} {requested} is above {PlatformMaximum}, the most instances any scale set can hold." : null;
        }

        /// <summary>
        /// Why autoscale would undo the change: for each enabled setting whose active profile's
        /// range does not contain the new capacity, the capacity autoscale will restore.
        /// </summary>
        public static string? AutoscaleWarning(IEnumerable<AutoscaleSetting> settings, int newCapacity, DateTime utcNow)
        {
            var warnings = new List<string>();
            foreach (var s in settings.Where(s => s.Enabled))
            {
                var profile = ActiveProfiles.Selector.Select(s, utcNow);
                if (profile == null)
                {
                    continue;
                }

                var c = profile.Capacity;
                if (newCapacity < c.Minimum || newCapacity > c.Maximum)
                {
                    var restore = newCapacity < c.Minimum ? c.Minimum : c.Maximum;
                    warnings.Add($"The enabled autoscale setting '{s.Name}' (active profile '{profile.Name}', range {c.Minimum}-{c.Maximum}) does not allow {newCapacity} instances: autoscale will set it back to {restore} within about a minute; disable the setting or change its range to test manual scaling.");
                }
            }

            return warnings.Count == 0 ? null : string.Join(" ", warnings);
        }

        /// <summary>
        /// How long to wait before the next poll: what the service asked (Retry-After), else the
        /// default, never more than maxDelay, and never past the timeout. Null when the timeout is spent.
        /// </summary>
        public static TimeSpan? NextPollDelay(TimeSpan? retryAfter, TimeSpan elapsed, TimeSpan? timeout, TimeSpan defaultDelay, TimeSpan maxDelay)
        {
            var wait = retryAfter ?? defaultDelay;
            if (wait > maxDelay)
            {
                wait = maxDelay;
            }

            if (wait < TimeSpan.Zero)
            {
                wait = TimeSpan.Zero;
            }

            if (timeout != null)
            {
                var left = timeout.Value - elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                if (wait > left)
                {
                    wait = left;
                }
            }

            return wait;
        }
    }
}
