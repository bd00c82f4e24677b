using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>
    /// When an autoscale setting was updated, read from its writes in the activity log. An update
    /// "resets the scale action timestamp and clears the cooldown state for all rules"
    /// (autoscale-understanding-settings.md, ms.date 08/19/2026), so Debug-VmssAutoscale's decision and
    /// its report's replay need these times.
    /// </summary>
    public static class SettingUpdates
    {
        public const string WriteOperation = "Microsoft.Insights/autoscaleSettings/write";

        /// <summary>
        /// The times of the setting's successful writes up to <paramref name="now"/>, oldest first. The
        /// Succeeded record's time is taken: the new setting applies once the write has succeeded. A null
        /// <paramref name="settingId"/> takes every autoscale-setting write.
        /// </summary>
        public static IReadOnlyList<DateTime> Times(IEnumerable<ActivityLogRecord> records, string? settingId, DateTime now) =>
            records
                .Where(r => string.Equals(r.OperationName, WriteOperation, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(r.Status, "Succeeded", StringComparison.OrdinalIgnoreCase)
                    && (settingId == null || r.ResourceId == null || ResourceIds.AreEqual(r.ResourceId, settingId)))
                .Select(r => ProfileSelector.AsUtc(r.EventTimestamp))
                .Where(t => t <= ProfileSelector.AsUtc(now))
                .Distinct()
                .OrderBy(t => t)
                .ToList();

        /// <summary>The most recent successful write up to <paramref name="now"/>; null when the activity log read has none.</summary>
        public static DateTime? Latest(IEnumerable<ActivityLogRecord> records, string? settingId, DateTime now) =>
            Times(records, settingId, now) is { Count: > 0 } times ? times[times.Count - 1] : null;
    }
}
