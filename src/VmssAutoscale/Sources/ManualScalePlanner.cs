using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    /// <summary>The decisions of a manual scale that do not need Azure: checks, warnings and poll timing.</summary>
    public static class ManualScalePlanner
    {
        /// <summary>Largest capacity any scale set accepts; above it a request is pointless.</summary>
        public const int PlatformMaximum = 1000;

        /// <summary>
        /// The shortest pause between two polls, whatever Retry-After says: a service that answers
        /// "Retry-After: 0" would otherwise be polled thousands of times a second.
        /// </summary>
        public static readonly TimeSpan MinPollDelay = TimeSpan.FromSeconds(1);

        /// <summary>
        /// How long Invoke-VmssManualScale waits when -TimeoutSeconds is not given. A scale-out of a
        /// large set can take long, but an unattended runbook must not wait without end; the result
        /// then says the operation is still running and how to check it.
        /// </summary>
        public static readonly TimeSpan DefaultWaitLimit = TimeSpan.FromMinutes(30);

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
                // The engine's profile selection, so the warning agrees with what autoscale will do.
                var profile = VmssAutoscale.Engine.ProfileSelector.Select(s, utcNow).Profile;
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

            if (wait < MinPollDelay)
            {
                wait = MinPollDelay;
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
