using System;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Templates
{
    /// <summary>Checks that need only the autoscale setting: limits, capacities, durations, rule directions.</summary>
    internal static class SettingChecks
    {
        // Service bounds from the autoscale REST spec (Azure/azure-rest-api-specs,
        // monitor autoscale_API.json: timeGrain PT1M..PT12H, timeWindow PT5M..PT12H).
        // The service's ranges live in one place, shared with Get-VmssAutoscaleSetting's read-time warnings.
        private static readonly TimeSpan MinGrain = SettingRanges.MinTimeGrain;
        private static readonly TimeSpan MaxGrain = SettingRanges.MaxTimeGrain;
        private static readonly TimeSpan MinWindow = SettingRanges.MinTimeWindow;
        private static readonly TimeSpan MaxWindow = SettingRanges.MaxTimeWindow;
        private static readonly TimeSpan MinCooldown = SettingRanges.MinCooldown;
        private static readonly TimeSpan MaxCooldown = SettingRanges.MaxCooldown;

        public static void Run(SettingUnderTest s, TemplateAnalysisOptions options, FindingSink sink)
        {
            var setting = s.Setting;
            if (!setting.Enabled)
            {
                sink.Add("AutoscaleDisabled", FindingSeverity.Warning,
                    $"Autoscale setting '{s.Name}' has enabled = false, so none of its rules ever run and the scale set stays at whatever capacity it has.",
                    "Set properties.enabled to true (or remove the setting if autoscale is not wanted).",
                    s, s.Properties?["enabled"]);
            }

            if (setting.Profiles.Count > 20)
            {
                sink.Add("TooManyProfilesOrRules", FindingSeverity.Error,
                    $"Autoscale setting '{s.Name}' has {setting.Profiles.Count} profiles; the service accepts at most 20, so the deployment fails.",
                    "Merge profiles or split the schedule across fewer recurrences (at most 20 profiles).",
                    s, s.Properties?["profiles"]);
            }

            CheckDefects(s, sink);
            for (var p = 0; p < setting.Profiles.Count; p++)
            {
                var profile = setting.Profiles[p];
                var profileNode = s.ProfileNode(p);
                if (profile.Rules.Count > 10)
                {
                    sink.Add("TooManyProfilesOrRules", FindingSeverity.Error,
                        $"Profile '{profile.Name}' has {profile.Rules.Count} rules; the service accepts at most 10 per profile, so the deployment fails.",
                        "Keep at most 10 rules per profile: combine rules on the same metric.",
                        s, profileNode?["rules"]);
                }

                CheckCapacity(s, p, options, sink);
                CheckDirections(s, p, sink);
                for (var r = 0; r < profile.Rules.Count; r++)
                {
                    CheckDurations(s, p, r, sink);
                    CheckOperator(s, p, r, sink);
                }
            }
        }

        /// <summary>What the documentation calls invalid (Model/SettingDefects: the same check Get-VmssAutoscaleSetting warns with).</summary>
        private static void CheckDefects(SettingUnderTest s, FindingSink sink)
        {
            foreach (var d in SettingDefects.Find(s.Setting))
            {
                var at = d.RuleName switch
                {
                    SettingDefects.FixedDateTooLong => s.ProfileNode(d.ProfileIndex)?["fixedDate"],
                    SettingDefects.ScaleActionValueBelowOne => s.RuleNode(d.ProfileIndex, d.RuleIndex ?? 0)?["scaleAction"]?["value"],
                    _ => s.ProfileNode(d.ProfileIndex),
                };
                sink.Add(d.RuleName, FindingSeverity.Error, $"Autoscale setting '{s.Name}', {d.Message}.", d.Fix, s, at);
            }
        }

        private static void CheckCapacity(SettingUnderTest s, int p, TemplateAnalysisOptions options, FindingSink sink)
        {
            var profile = s.Setting.Profiles[p];
            var c = profile.Capacity;
            var at = s.ProfileNode(p)?["capacity"];
            const string Fix = "Make minimum <= default <= maximum, all whole numbers within the scale set's limit.";
            if (c.Minimum < 0 || c.Maximum < 0 || c.Default < 0)
            {
                sink.Add("CapacityInvalid", FindingSeverity.Error, $"Profile '{profile.Name}' has a negative capacity ({c}).", Fix, s, at);
            }

            if (c.Minimum > c.Maximum)
            {
                sink.Add("CapacityInvalid", FindingSeverity.Error,
                    $"Profile '{profile.Name}' has minimum {c.Minimum} above maximum {c.Maximum}; the service rejects it.", Fix, s, at);
            }
            else if (c.Default < c.Minimum || c.Default > c.Maximum)
            {
                sink.Add("CapacityInvalid", FindingSeverity.Error,
                    $"Profile '{profile.Name}' has default {c.Default} outside [{c.Minimum}, {c.Maximum}]; the default is what autoscale scales to when metrics are missing.", Fix, s, at);
            }

            if (c.Maximum > options.ScaleSetCapacityLimit)
            {
                sink.Add("CapacityInvalid", FindingSeverity.Error,
                    $"Profile '{profile.Name}' has maximum {c.Maximum}, above the scale set limit of {options.ScaleSetCapacityLimit} instances, so autoscale can never reach it.", Fix, s, at);
            }
        }

        private static void CheckDirections(SettingUnderTest s, int p, FindingSink sink)
        {
            var profile = s.Setting.Profiles[p];
            var outs = profile.Rules.Count(r => r.ScaleDirection == ScaleDirection.Increase);
            var ins = profile.Rules.Count(r => r.ScaleDirection == ScaleDirection.Decrease);
            if (outs > 0 && ins == 0)
            {
                sink.Add("OneWayScaling", FindingSeverity.Warning,
                    $"Profile '{profile.Name}' has {outs} scale-out rule(s) and no scale-in rule: the scale set grows under load and never shrinks back (until a profile change or manual action).",
                    "Add a Decrease rule on the same metric with a threshold well below the scale-out threshold (e.g. out > 60, in < 30).",
                    s, s.ProfileNode(p)?["rules"]);
            }
            else if (ins > 0 && outs == 0)
            {
                sink.Add("OneWayScaling", FindingSeverity.Warning,
                    $"Profile '{profile.Name}' has {ins} scale-in rule(s) and no scale-out rule: the scale set shrinks to the minimum and never grows under load.",
                    "Add an Increase rule on the same metric with a threshold well above the scale-in threshold.",
                    s, s.ProfileNode(p)?["rules"]);
            }
        }

        private static void CheckDurations(SettingUnderTest s, int p, int r, FindingSink sink)
        {
            var rule = s.Setting.Profiles[p].Rules[r];
            var node = s.RuleNode(p, r);
            var t = rule.MetricTrigger;
            void Out(string field, TimeSpan value, TimeSpan min, TimeSpan max, Model.ScaleRule _)
            {
                sink.Add("RuleDurationOutOfRange", FindingSeverity.Error,
                    $"Rule {r + 1} of profile '{s.Setting.Profiles[p].Name}' has {field} {IsoDuration.Format(value)}, outside the service's bounds {IsoDuration.Format(min)} to {IsoDuration.Format(max)}; the deployment fails or the rule never evaluates.",
                    $"Use a {field} between {IsoDuration.Format(min)} and {IsoDuration.Format(max)}.",
                    s, field == "cooldown" ? node?["scaleAction"]?["cooldown"] : node?["metricTrigger"]?[field]);
            }

            if (t.TimeGrainSpan < MinGrain || t.TimeGrainSpan > MaxGrain)
            {
                Out("timeGrain", t.TimeGrainSpan, MinGrain, MaxGrain, rule);
            }

            if (t.TimeWindowSpan < MinWindow || t.TimeWindowSpan > MaxWindow)
            {
                Out("timeWindow", t.TimeWindowSpan, MinWindow, MaxWindow, rule);
            }
            else if (t.TimeWindowSpan < t.TimeGrainSpan)
            {
                sink.Add("RuleDurationOutOfRange", FindingSeverity.Error,
                    $"Rule {r + 1} of profile '{s.Setting.Profiles[p].Name}' has timeWindow {IsoDuration.Format(t.TimeWindowSpan)} shorter than its timeGrain {IsoDuration.Format(t.TimeGrainSpan)}, so the window holds no complete grain.",
                    "Make timeWindow at least as long as timeGrain (typically PT1M grain, PT5M or longer window).",
                    s, node?["metricTrigger"]?["timeWindow"]);
            }

            if (rule.ScaleAction.CooldownSpan < MinCooldown || rule.ScaleAction.CooldownSpan > MaxCooldown)
            {
                Out("cooldown", rule.ScaleAction.CooldownSpan, MinCooldown, MaxCooldown, rule);
            }
        }

        private static void CheckOperator(SettingUnderTest s, int p, int r, FindingSink sink)
        {
            var rule = s.Setting.Profiles[p].Rules[r];
            var op = rule.MetricTrigger.ComparisonOperator;
            var greater = op == ComparisonOperator.GreaterThan || op == ComparisonOperator.GreaterThanOrEqual;
            var less = op == ComparisonOperator.LessThan || op == ComparisonOperator.LessThanOrEqual;
            if (!greater && !less || rule.ScaleDirection == ScaleDirection.None)
            {
                return;
            }

            // For free-memory or idle-time style metrics a low value means load, so the expected pairing flips.
            var inverted = MetricCatalog.LowMeansBusy(rule.MetricName);
            var outWhenHigh = !inverted;
            var contradicts = rule.ScaleDirection == ScaleDirection.Increase ? (outWhenHigh ? less : greater) : (outWhenHigh ? greater : less);
            if (!contradicts)
            {
                return;
            }

            var threshold = rule.MetricTrigger.Threshold.ToString(CultureInfo.InvariantCulture);
            var action = rule.ScaleDirection == ScaleDirection.Increase ? "adds instances" : "removes instances";
            var when = greater ? "rises above" : "falls below";
            sink.Add("DirectionContradictsOperator", FindingSeverity.Warning,
                $"Rule {r + 1} of profile '{s.Setting.Profiles[p].Name}' {action} when {rule.MetricName} {when} {threshold}{(inverted ? " (for this metric a low value means busy)" : string.Empty)}: scaling goes the wrong way for the load.",
                rule.ScaleDirection == ScaleDirection.Increase
                    ? $"Use {(outWhenHigh ? "GreaterThan" : "LessThan")} for a scale-out rule on {rule.MetricName}, or change the direction to Decrease."
                    : $"Use {(outWhenHigh ? "LessThan" : "GreaterThan")} for a scale-in rule on {rule.MetricName}, or change the direction to Increase.",
                s, s.RuleNode(p, r)?["metricTrigger"]?["operator"]);
        }
    }
}
