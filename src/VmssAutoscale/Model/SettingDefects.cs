using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace VmssAutoscale.Model
{
    /// <summary>One thing in a setting the public documentation or the REST specification calls invalid.</summary>
    public sealed class SettingDefect
    {
        /// <summary>The template rule that reports it (TemplateRuleCatalog), e.g. MultipleDefaultProfiles.</summary>
        public string RuleName { get; init; } = string.Empty;

        /// <summary>Index of the profile it is in (the second default profile, for MultipleDefaultProfiles).</summary>
        public int ProfileIndex { get; init; }

        /// <summary>Index of the rule within the profile; null when the defect is the profile's.</summary>
        public int? RuleIndex { get; init; }

        /// <summary>What is wrong, with the numbers and the source that says so.</summary>
        public string Message { get; init; } = string.Empty;

        /// <summary>What to change.</summary>
        public string Fix { get; init; } = string.Empty;
    }

    /// <summary>
    /// Settings the public documentation calls invalid, beyond the ranges of <see cref="SettingRanges"/>.
    /// One place for the three checks, used where a setting is read (Get-VmssAutoscaleSetting's
    /// warnings), by Test-VmssAutoscaleTemplate (one catalog rule each) and so by Debug-VmssAutoscale's
    /// SettingRules check, which runs the template rules on the deployed setting:
    /// - a fixedDate profile longer than 365 days: "The number of days between the start and end times
    ///   of a fixedDate profile can't exceed 365 days." (autoscale-understanding-settings.md, ms.date 08/19/2026);
    /// - a scale action value below 1: "the number of instances that are involved in the scaling action.
    ///   This value must be 1 or greater." (Azure/azure-rest-api-specs, monitor
    ///   Microsoft.Insights/stable/2022-10-01/autoscale_API.json @08670c29a7ecb5f32a5247951a248b2705c5c75e, ScaleAction.value);
    /// - more than one default profile (neither fixedDate nor recurrence): "A setting can have only one
    ///   default profile." (autoscale-understanding-settings.md, ms.date 08/19/2026).
    /// </summary>
    public static class SettingDefects
    {
        public const string FixedDateTooLong = nameof(FixedDateTooLong);
        public const string ScaleActionValueBelowOne = nameof(ScaleActionValueBelowOne);
        public const string MultipleDefaultProfiles = nameof(MultipleDefaultProfiles);

        /// <summary>The longest fixed-date profile the documentation allows.</summary>
        public static readonly TimeSpan LongestFixedDate = TimeSpan.FromDays(365);

        public static IReadOnlyList<SettingDefect> Find(AutoscaleSetting setting)
        {
            var defects = new List<SettingDefect>();
            var profiles = setting.Profiles;
            var firstDefault = -1;
            for (var p = 0; p < profiles.Count; p++)
            {
                var profile = profiles[p];
                if (profile.FixedDate is FixedDateWindow window && Length(window) is var length && length > LongestFixedDate)
                {
                    defects.Add(new SettingDefect
                    {
                        RuleName = FixedDateTooLong,
                        ProfileIndex = p,
                        Message = Invariant($"profile '{profile.Name}': its fixedDate runs {length.TotalDays:0.##} days, from {window.Start:yyyy-MM-ddTHH:mm} to {window.End:yyyy-MM-ddTHH:mm}; the documentation says the days between start and end can't exceed 365"),
                        Fix = "Shorten the fixedDate to at most 365 days, or use a recurrence profile (or the default profile) for a standing schedule.",
                    });
                }

                if (profile.IsDefault)
                {
                    if (firstDefault < 0)
                    {
                        firstDefault = p;
                    }
                    else
                    {
                        defects.Add(new SettingDefect
                        {
                            RuleName = MultipleDefaultProfiles,
                            ProfileIndex = p,
                            Message = Invariant($"profile '{profile.Name}' is a second default profile (neither fixedDate nor recurrence) besides '{profiles[firstDefault].Name}'; a setting can have only one default profile"),
                            Fix = "Keep one default profile: merge the others into it, or give each a recurrence or a fixedDate.",
                        });
                    }
                }

                for (var r = 0; r < profile.Rules.Count; r++)
                {
                    var action = profile.Rules[r].ScaleAction;
                    if (action.Value < 1)
                    {
                        defects.Add(new SettingDefect
                        {
                            RuleName = ScaleActionValueBelowOne,
                            ProfileIndex = p,
                            RuleIndex = r,
                            Message = Invariant($"profile '{profile.Name}', rule {r + 1} ({profile.Rules[r].MetricTrigger.MetricName}): scaleAction value {action.Value} ({action.Direction} {action.Type}); the REST specification says the value must be 1 or greater"),
                            Fix = "Set scaleAction.value to 1 or more (the number of instances, or the percentage for PercentChangeCount).",
                        });
                    }
                }
            }

            return defects;
        }

        /// <summary>The fixed date's length; with offsets, in absolute time.</summary>
        private static TimeSpan Length(FixedDateWindow window)
        {
            var start = window.Start - (window.StartOffsetSpan ?? TimeSpan.Zero);
            var end = window.End - (window.EndOffsetSpan ?? TimeSpan.Zero);
            return end - start;
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
