using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>Knobs of a diagnosis that are not data: how far back to look and what the user knows that Azure does not.</summary>
    public sealed class DiagnosisOptions
    {
        /// <summary>How much sample history to read before the reference time (for the engine and the report's charts).</summary>
        public TimeSpan SamplePeriod { get; init; } = TimeSpan.FromHours(1);

        /// <summary>How much activity-log history to read before the reference time.</summary>
        public TimeSpan EventPeriod { get; init; } = TimeSpan.FromHours(24);

        /// <summary>vCPUs the load keeps busy on each instance, when the user knows it; otherwise it is inferred from flat-topped samples.</summary>
        public int? LoadedCoresPerInstance { get; init; }

        public EngineOptions Engine { get; init; } = EngineOptions.Default;

        /// <summary>Data older than this at the reference time makes an instance Silent (diagnostics check).</summary>
        public TimeSpan SilentAfter { get; init; } = TimeSpan.FromMinutes(15);

        /// <summary>ServiceAgreement: a replayed value within this many units of the service's observed value agrees (about_VmssAutoscale_Engine, "Replay against the service").</summary>
        public double ServiceAgreementAbsolute { get; init; } = 1.0;

        /// <summary>ServiceAgreement: or within this fraction of the service's value, whichever is larger.</summary>
        public double ServiceAgreementRelative { get; init; } = 0.05;

        /// <summary>ServiceAgreement: gaps only in minutes this close to the reference time are put down to ingestion lag.</summary>
        public TimeSpan ServiceAgreementRecent { get; init; } = TimeSpan.FromMinutes(5);
    }

    /// <summary>
    /// Everything one scale set's diagnosis is computed from. Pure data: the checks never read a
    /// source or a clock. A record, so a later stage changes it with <c>with</c> and keeps every
    /// other member: a copy written out field by field once dropped the run history and the Azure
    /// Monitor Agent reads whenever -TemplatePath was given.
    /// </summary>
    public sealed record DiagnosisInput
    {
        public DateTime Now { get; init; }

        public string Source { get; init; } = "Live";

        public ScaleSetInfo ScaleSet { get; init; } = new ScaleSetInfo();

        /// <summary>The scale set GET body, for the diagnostics extension configuration.</summary>
        public string ScaleSetJson { get; init; } = "{}";

        public DiagnosticsConfiguration? DiagnosticsConfiguration { get; init; }

        /// <summary>The autoscale settings whose target is this scale set.</summary>
        public IReadOnlyList<AutoscaleSetting> Settings { get; init; } = Array.Empty<AutoscaleSetting>();

        public IReadOnlyList<ActivityLogRecord> ActivityLog { get; init; } = Array.Empty<ActivityLogRecord>();

        public IReadOnlyList<ScaleEvent> Events { get; init; } = Array.Empty<ScaleEvent>();

        public SampleReadResult Samples { get; init; } = new SampleReadResult();

        /// <summary>Findings of the template checks (-TemplatePath); empty when no template was given.</summary>
        public IReadOnlyList<Finding> TemplateFindings { get; init; } = Array.Empty<Finding>();

        public DiagnosisOptions Options { get; init; } = new DiagnosisOptions();

        /// <summary>Each VM's instance view, Resource Health and Service Health (the guide's last steps).</summary>
        public GuideObservations Guide { get; init; } = new GuideObservations();

        /// <summary>What the real engine observed over the sample period (the settings' run history), with why it is missing when it is.</summary>
        public CollectedRunHistory RunHistory { get; init; } = new CollectedRunHistory { Unavailable = "the run history was not read" };

        /// <summary>The Azure Monitor Agent path: agent, identity, associated data collection rules.</summary>
        public Sources.Sampling.AmaConfiguration Ama { get; init; } = new Sources.Sampling.AmaConfiguration();

        /// <summary>The declared reads (Sources/Reads/ReadRegistry): a check takes its value with <c>Reads.Of(SomeRead.Unit)</c>.</summary>
        public Sources.Reads.ReadResults Reads { get; init; } = Sources.Reads.ReadResults.None;

        public AutoscaleSetting? Setting => Settings.FirstOrDefault();

        /// <summary>Metric names the setting's rules read from this scale set (other resources' metrics are not ours to sample).</summary>
        public IReadOnlyList<string> RuleMetricNames => RuleMetricNamesOf(Settings, ScaleSet.ResourceId);

        /// <summary>The start of the most recent scale action of any cause, for cooldowns.</summary>
        public DateTime? LastScaleActionTime => LastScaleAction?.Time;

        /// <summary>The most recent successful write of the setting (activity log): an update after the last scale action clears every rule's cooldown.</summary>
        public DateTime? LastSettingUpdateTime => SettingUpdates.Latest(ActivityLog, Setting?.Id, Now);

        /// <summary>The direction of the most recent scale action, from the scale events: under CooldownMode LastFiredRule it picks the cooldown that applies.</summary>
        public ScaleDirection? LastScaleActionDirection => LastScaleAction?.Direction switch
        {
            ScaleEventDirection.Out => ScaleDirection.Increase,
            ScaleEventDirection.In => ScaleDirection.Decrease,
            _ => null,
        };

        private ScaleEvent? LastScaleAction =>
            Events.Where(e => e.Time <= Now && e.Status != "Failed" && e.Cause != ScaleEventCause.FlappingDeferred).OrderBy(e => e.Time).LastOrDefault();

        /// <summary>True while a scale operation still runs: the scale set is Updating, or an action started and has not ended.</summary>
        public bool ScaleOperationInProgress =>
            string.Equals(ScaleSet.ProvisioningState, "Updating", StringComparison.OrdinalIgnoreCase)
            || Events.Any(e => e.EndTime == null && (e.Status == "Started" || e.Status == "InProgress") && Now - e.Time < TimeSpan.FromHours(1));

        public static IReadOnlyList<string> RuleMetricNamesOf(IEnumerable<AutoscaleSetting> settings, string scaleSetId) =>
            Sources.Sampling.SamplePlanner.RequestsFromSettings(settings, scaleSetId)
                .Where(r => VmssAutoscale.Model.ResourceIds.AreEqual(r.ResourceId, scaleSetId))
                .Select(r => r.MetricName)
                .Distinct(StringComparer.Ordinal)
                .ToList();
    }
}
