using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// Holds the module's replay against what the real engine observed: for each rule and recent
    /// minute of the setting's run history, the observed value the module computes from the samples
    /// beside the service's ObservedMetricValue. Agreement means the module read the data the
    /// engine read, so its explanation can be trusted; a gap names where the module's view differs.
    /// </summary>
    public static class ServiceAgreementChecks
    {
        public const string Check = "ServiceAgreement";

        public static Finding ServiceAgreement(DiagnosisContext c)
        {
            var history = c.Input.RunHistory;
            var setting = c.Setting;
            if (setting == null)
            {
                return c.Make(Check, GuideSteps.Average, FindingStatus.Skipped, DiagnosisSeverity.Info, "No autoscale setting: there is no run history to compare with.");
            }

            if (history.Unavailable != null)
            {
                // A bundle without run history lacks data, not a permission: granting a role changes nothing in it.
                var fromBundle = c.Input.Source.StartsWith("Snapshot", StringComparison.OrdinalIgnoreCase);
                return c.Make(Check, GuideSteps.Average, FindingStatus.Skipped, DiagnosisSeverity.Info, $"The run history could not be read: {history.Unavailable}.",
                    remediation: fromBundle
                        ? "Export the bundle again with this module (Export-VmssAutoscaleReport) to keep the setting's run history, then compare the replay with what the service observed."
                        : "Grant Monitoring Reader (Microsoft.Insights/metrics/read) on the autoscale setting to compare the module's replay with what the service observed.");
            }

            var options = c.Input.Options;
            var rules = setting.Profiles.SelectMany(p => p.Rules).ToList();
            var gaps = new List<Gap>();
            var compared = 0;
            foreach (var record in history.Records.Where(r => r.ObservedMetricValue != null && r.MetricThreshold != null && r.Time <= c.Input.Now))
            {
                var rule = RuleOf(record, rules);
                if (rule == null || record.Time - rule.MetricTrigger.TimeWindowSpan < c.Input.Now - options.SamplePeriod)
                {
                    // A minute whose window reaches before the samples read cannot be replayed fairly.
                    continue;
                }

                compared++;
                var ours = c.ObservedAt(rule, record.Time);
                var service = record.ObservedMetricValue!.Value;
                var tolerance = Math.Max(options.ServiceAgreementAbsolute, options.ServiceAgreementRelative * Math.Abs(service));
                if (ours == null || Math.Abs(ours.Value - service) > tolerance)
                {
                    gaps.Add(new Gap(record.Time, rule, ours, service));
                }
            }

            if (compared == 0)
            {
                return c.Make(Check, GuideSteps.Average, FindingStatus.Skipped, DiagnosisSeverity.Info,
                    "The run history has no minute to compare with the samples read (the engine did not run, or ran before the sample period).");
            }

            var summaryOk = string.Format(CultureInfo.InvariantCulture,
                "The module's replay agrees with the service's observed value on all {0} rule-minute{1} of the run history (within {2} or {3:0.#}%).",
                compared, compared == 1 ? string.Empty : "s", DiagnosisContext.Num(options.ServiceAgreementAbsolute), options.ServiceAgreementRelative * 100);
            if (gaps.Count == 0)
            {
                return c.Make(Check, GuideSteps.Average, FindingStatus.Pass, DiagnosisSeverity.Info, summaryOk);
            }

            var largest = gaps.OrderByDescending(g => g.Size).Take(3).ToList();
            var evidence = largest.Select(g => string.Format(CultureInfo.InvariantCulture, "{0} '{1}' {2} {3}: the service observed {4}, the module computes {5}.",
                DiagnosisContext.Time(g.Time), g.Rule.MetricName, ScaleRule.OperatorSymbol(g.Rule.MetricTrigger.ComparisonOperator), DiagnosisContext.Num(g.Rule.MetricTrigger.Threshold),
                DiagnosisContext.Num(g.Service), g.Ours is double o ? DiagnosisContext.Num(o) : "nothing (no samples in the window)")).ToList();
            var cause = Cause(gaps, c.Input.Now, options);
            var summary = string.Format(CultureInfo.InvariantCulture,
                "The module's replay differs from what the service observed on {0} of {1} rule-minutes; the largest gap is at {2} ({3} against the service's {4}). Likely cause: {5}.",
                gaps.Count, compared, DiagnosisContext.Time(largest[0].Time), largest[0].Ours is double v ? DiagnosisContext.Num(v) : "no data", DiagnosisContext.Num(largest[0].Service), cause);
            return c.Make(Check, GuideSteps.Average, FindingStatus.Warn, DiagnosisSeverity.Medium, summary, evidence,
                "Trust the service's values (Get-VmssAutoscaleRunHistory) for what the engine saw; make the module read the same data (its samples, their source and period) before relying on its explanation.");
        }

        /// <summary>
        /// The likeliest reason, from the shape of the gaps: minutes the module has no value for
        /// (data it could not read), gaps only in the newest minutes (ingestion lag), otherwise a
        /// different metric source (e.g. the module read the tables, the engine another namespace).
        /// </summary>
        private static string Cause(IReadOnlyList<Gap> gaps, DateTime now, DiagnosisOptions options)
        {
            if (gaps.All(g => g.Ours == null))
            {
                return "data the module could not read (its samples do not cover these minutes)";
            }

            if (gaps.All(g => now - g.Time <= options.ServiceAgreementRecent))
            {
                return "ingestion lag (only the newest minutes differ: data the engine had not seen yet, or the module read later)";
            }

            return "a different metric source (the module's samples are not the data the engine reads for this rule)";
        }

        /// <summary>The setting's rule a run-history row belongs to: the same threshold, and its metric named by the row's dimension values when several rules share the threshold.</summary>
        public static ScaleRule? RuleOf(RunHistoryRecord record, IReadOnlyList<ScaleRule> rules)
        {
            var same = rules.Where(r => Math.Abs(r.MetricTrigger.Threshold - record.MetricThreshold!.Value) < 1e-9).ToList();
            if (same.Count <= 1)
            {
                return same.FirstOrDefault();
            }

            var text = (record.MetricTriggerRule ?? string.Empty) + " " + (record.MetricTriggerSource ?? string.Empty);
            var named = same.Where(r => text.IndexOf(r.MetricName, StringComparison.OrdinalIgnoreCase) >= 0).ToList();
            return named.Count == 1 ? named[0] : null;
        }

        private sealed class Gap
        {
            public Gap(DateTime time, ScaleRule rule, double? ours, double service)
            {
                Time = time;
                Rule = rule;
                Ours = ours;
                Service = service;
            }

            public DateTime Time { get; }

            public ScaleRule Rule { get; }

            public double? Ours { get; }

            public double Service { get; }

            public double Size => Ours is double o ? Math.Abs(o - Service) : double.PositiveInfinity;
        }
    }
}
