using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;
using VmssAutoscale.Sources.Sampling;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>What the service observed for a scale set (its settings' run history), and the bodies a snapshot keeps.</summary>
    public sealed record CollectedRunHistory
    {
        public IReadOnlyList<RunHistoryRecord> Records { get; init; } = Array.Empty<RunHistoryRecord>();

        public IReadOnlyList<SnapshotSettingMetrics> Bodies { get; init; } = Array.Empty<SnapshotSettingMetrics>();

        /// <summary>Why it could not be read (no permission, a bundle without it); null when it was.</summary>
        public string? Unavailable { get; init; }
    }

    /// <summary>
    /// Reads the run history of each setting that targets a scale set for a diagnosis: one request
    /// per setting, whatever the instance count. It is evidence, not a prerequisite: a failure
    /// leaves the rest of the diagnosis standing and is reported as the reason it is missing.
    /// </summary>
    public static class RunHistoryCollector
    {
        public static async Task<CollectedRunHistory> ReadAsync(Capability<IAutoscaleSettingMetricSource> history, IReadOnlyList<AutoscaleSetting> settings, string scaleSetId, DateTime startUtc, DateTime endUtc, SourceLog log, CancellationToken cancellationToken)
        {
            var source = history.Source;
            if (source == null)
            {
                return new CollectedRunHistory { Unavailable = history.Unavailable };
            }

            var records = new List<RunHistoryRecord>();
            var bodies = new List<SnapshotSettingMetrics>();
            foreach (var setting in settings.Where(s => s.Id != null))
            {
                try
                {
                    var body = await source.GetSettingMetricsJsonAsync(setting.Id!, startUtc, endUtc, cancellationToken).ConfigureAwait(false);
                    records.AddRange(AutoscaleSettingMetrics.Read(body, setting.Id!, setting, scaleSetId).Where(r => r.Time >= startUtc && r.Time < endUtc));
                    bodies.Add(new SnapshotSettingMetrics { SettingId = setting.Id!, Body = JsonParser.Parse(body) });
                }
                catch (ModuleException e) when (e.ErrorId == ErrorIds.NotInSnapshot)
                {
                    // Said without the bundle's path, so a bundle gives the same finding wherever it is read.
                    return new CollectedRunHistory { Records = records, Bodies = bodies, Unavailable = $"the snapshot holds no run history of '{setting.Name}' (it was exported before the module read run history)" };
                }
                catch (ModuleException e)
                {
                    log.Verbose($"The run history of '{setting.Name}' could not be read ({e.Message}).");
                    return new CollectedRunHistory { Records = records, Bodies = bodies, Unavailable = $"the run history of '{setting.Name}' could not be read ({e.Message})" };
                }
            }

            return new CollectedRunHistory { Records = records, Bodies = bodies };
        }
    }
}
