using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// The input plus what every check shares: the active profile and the engine's decision now,
    /// computed once from the real samples on first use (a caller that runs one check, such as
    /// Get-VmssDiagnosticsSample's agent verdict, does not pay for a replay it never reads), and
    /// the conditions the checks set as they decide.
    /// </summary>
    public sealed class DiagnosisContext
    {
        private readonly Lazy<Evaluation> evaluation;
        private readonly List<DiagnosisCondition> proposed = new List<DiagnosisCondition>();

        public DiagnosisContext(DiagnosisInput input)
        {
            Input = input;
            evaluation = new Lazy<Evaluation>(() => Evaluate(input));
        }

        public DiagnosisInput Input { get; }

        public ScaleSetInfo ScaleSet => Input.ScaleSet;

        public AutoscaleSetting? Setting => Input.Setting;

        public AutoscaleProfile? Profile => evaluation.Value.Profile;

        /// <summary>The engine's decision at the reference time; null without a setting, or when the setting is one the service refuses.</summary>
        public AutoscaleDecision? Decision => evaluation.Value.Decision;

        /// <summary>Why the service would refuse the setting (a capacity minimum above its maximum, a default outside the range); null when it would accept it.</summary>
        public string? SettingRefusal => evaluation.Value.Refusal;

        /// <summary>
        /// A check sets a condition where it decides, with its reason and message, as the Kubernetes HPA controller
        /// sets its own; the diagnosis keeps, per condition, the reason ranked first in ConditionReasons.Precedence.
        /// </summary>
        public void SetCondition(string type, bool? status, string reason, string message) =>
            proposed.Add(new DiagnosisCondition { Type = type, Status = status, Reason = reason, Message = message });

        /// <summary>Sets a condition from the finding the check decided on: its Reason, and its Summary as the message.</summary>
        public Finding SetsCondition(Finding finding, string type, bool? status)
        {
            SetCondition(type, status, finding.Reason ?? throw new InvalidOperationException($"Finding {finding.Check} sets {type} without a reason."), finding.Summary);
            return finding;
        }

        /// <summary>The conditions set so far, in the order they were set.</summary>
        public IReadOnlyList<DiagnosisCondition> ConditionsSet => proposed;

        /// <summary>Each instance's own value over a rule's window at the reference time.</summary>
        public IReadOnlyList<InstanceObservation> PerInstance(ScaleRule rule) =>
            evaluation.Value.Observed.Observe(rule.MetricTrigger, Input.Now, Input.ScaleSet.Capacity, perInstance: true).PerInstance;

        /// <summary>The engine's observed value of a rule at another minute than the reference time (the replay held against the service's run history).</summary>
        public double? ObservedAt(ScaleRule rule, DateTime minute) =>
            evaluation.Value.Observed.Observe(rule.MetricTrigger, minute, Input.ScaleSet.Capacity, perInstance: false).Value;

        /// <remarks>
        /// Summaries and evidence quote data (names, counters, messages, rule names of data
        /// collection rules): the readers clean what they read, and the one factory of findings
        /// cleans the text again, so a value a reader passed on raw still cannot reach a view.
        /// </remarks>
        public Finding Make(string check, string step, string status, string severity, string summary, IEnumerable<string>? evidence = null, string remediation = "", string? reason = null) =>
            new Finding
            {
                Check = check,
                Step = step,
                Status = status,
                Severity = severity,
                Summary = TerminalText.Clean(summary, keepLineBreaks: true),
                Evidence = (evidence ?? Array.Empty<string>()).Select(e => TerminalText.Clean(e, keepLineBreaks: true)).ToList(),
                Remediation = TerminalText.Clean(remediation, keepLineBreaks: true),
                Reason = reason,
                VMScaleSetName = ScaleSet.VMScaleSetName,
                ResourceGroupName = ScaleSet.ResourceGroupName,
                ResourceId = ScaleSet.ResourceId,
            };

        private static Evaluation Evaluate(DiagnosisInput input)
        {
            var store = new MetricWindowStore(input.Setting?.TargetResourceUri ?? input.ScaleSet.ResourceId);
            foreach (var s in input.Samples.Samples.OrderBy(s => s.Timestamp))
            {
                // Duplicates and stragglers are dropped the way the engine drops them; the diagnostics check reports on data quality.
                store.Add(SampleRecord.From(s));
            }

            var result = new Evaluation { Observed = new StoreObservedValueSource(store, input.Options.Engine) };
            if (input.Setting is AutoscaleSetting rejected && SettingGuard.Problem(rejected) is string refused)
            {
                // The service would have refused this setting: there is no decision of its engine to reproduce.
                result.Refusal = refused;
            }
            else if (input.Setting is AutoscaleSetting setting)
            {
                result.Profile = ProfileSelector.Select(setting, input.Now, input.Options.Engine).Profile;
                result.Decision = new AutoscaleEngine(input.Options.Engine).Evaluate(
                    new EvaluationContext
                    {
                        Setting = setting,
                        Time = input.Now,
                        CurrentCapacity = input.ScaleSet.Capacity,
                        LastScaleActionTime = input.LastScaleActionTime,
                        LastScaleActionDirection = input.LastScaleActionDirection,
                        LastSettingUpdateTime = input.LastSettingUpdateTime,
                        ScaleOperationInProgress = input.ScaleOperationInProgress,
                        CoresPerInstance = input.ScaleSet.VCpusPerInstance,
                        LoadedCoresPerInstance = input.Options.LoadedCoresPerInstance,
                    },
                    result.Observed);
            }

            return result;
        }

        public static string Num(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        public static string Minutes(TimeSpan t) => t.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min";

        public static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";

        private sealed class Evaluation
        {
            public StoreObservedValueSource Observed { get; set; } = null!;

            public AutoscaleProfile? Profile { get; set; }

            public AutoscaleDecision? Decision { get; set; }

            public string? Refusal { get; set; }
        }
    }
}
