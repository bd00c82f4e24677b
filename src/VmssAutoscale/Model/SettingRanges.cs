using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// The ranges the autoscale service accepts when a setting is written (
    /// timeGrain 1 minute to 12 hours, timeWindow 5 minutes to 12 hours, cooldown 1 minute to 1 week;
    /// Autoscale Settings REST API 2022-10-01, ScaleRule and ScaleCapacity, learn.microsoft.com, read
    /// 2026-11-29), and the capacity rule minimum &lt;= default &lt;= maximum. A setting from a file can
    /// break them where a deployed one cannot: each break is said when the setting is read, and the
    /// engine cmdlets refuse a capacity they cannot reason about.
    /// </summary>
    public static class SettingRanges
    {
        public static readonly TimeSpan MinTimeGrain = TimeSpan.FromMinutes(1);
        public static readonly TimeSpan MaxTimeGrain = TimeSpan.FromHours(12);
        public static readonly TimeSpan MinTimeWindow = TimeSpan.FromMinutes(5);
        public static readonly TimeSpan MaxTimeWindow = TimeSpan.FromHours(12);
        public static readonly TimeSpan MinCooldown = TimeSpan.FromMinutes(1);
        public static readonly TimeSpan MaxCooldown = TimeSpan.FromDays(7);

        /// <summary>What the capacity of a profile breaks; null when minimum &lt;= default &lt;= maximum and none is negative.</summary>
        public static string? CapacityProblem(AutoscaleProfile profile)
        {
            var c = profile.Capacity;
            if (c.Minimum < 0 || c.Maximum < 0 || c.Default < 0)
            {
                return $"profile '{profile.Name}': capacity minimum {c.Minimum}, maximum {c.Maximum} and default {c.Default} must not be negative";
            }

            if (c.Minimum > c.Maximum)
            {
                return $"profile '{profile.Name}': capacity minimum {c.Minimum} is greater than maximum {c.Maximum}";
            }

            return c.Default < c.Minimum || c.Default > c.Maximum
                ? $"profile '{profile.Name}': capacity default {c.Default} is outside minimum {c.Minimum} to maximum {c.Maximum}"
                : null;
        }

        /// <summary>Everything in the setting the service would refuse, one sentence each, with what the documentation calls invalid (<see cref="SettingDefects"/>).</summary>
        public static IReadOnlyList<string> Problems(AutoscaleSetting setting)
        {
            var problems = new List<string>();
            foreach (var profile in setting.Profiles)
            {
                if (CapacityProblem(profile) is string capacity)
                {
                    problems.Add(capacity);
                }

                for (var i = 0; i < profile.Rules.Count; i++)
                {
                    var rule = profile.Rules[i];
                    var where = $"profile '{profile.Name}', rule {i + 1} ({rule.MetricTrigger.MetricName})";
                    Check(problems, where, "timeGrain", rule.MetricTrigger.TimeGrainSpan, MinTimeGrain, MaxTimeGrain);
                    Check(problems, where, "timeWindow", rule.MetricTrigger.TimeWindowSpan, MinTimeWindow, MaxTimeWindow);
                    Check(problems, where, "cooldown", rule.ScaleAction.CooldownSpan, MinCooldown, MaxCooldown);
                }
            }

            problems.AddRange(SettingDefects.Find(setting).Select(d => d.Message));
            return problems;
        }

        private static void Check(List<string> problems, string where, string name, TimeSpan value, TimeSpan min, TimeSpan max)
        {
            if (value < min || value > max)
            {
                problems.Add($"{where}: {name} {IsoDuration.Format(value)} is outside the {IsoDuration.Format(min)} to {IsoDuration.Format(max)} the service accepts");
            }
        }
    }
}
