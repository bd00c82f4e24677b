using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// Turns activity-log records into scale events: the Start / In progress / Succeeded / Failed
    /// records of one operation become one event, manual capacity writes are told apart from the
    /// engine's own writes, and patterns that explain "it does not scale" are flagged.
    /// </summary>
    public static class ScaleEventMerger
    {
        /// <summary>How close a Compute write must be to an autoscale action to count as that action's own write.</summary>
        public static readonly TimeSpan EngineWriteWindow = TimeSpan.FromMinutes(2);

        /// <summary>How soon after a manual change an opposite autoscale action counts as reverting it.</summary>
        public static readonly TimeSpan RevertWindow = TimeSpan.FromMinutes(10);

        private static readonly Regex JwtLike = new Regex(@"^eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.", RegexOptions.CultureInvariant);

        /// <summary>The records merged with the settings' longest cooldown (5 minutes without rules) telling a flap.</summary>
        public static IReadOnlyList<ScaleEvent> Merge(IEnumerable<ActivityLogRecord> records, IEnumerable<AutoscaleSetting> settings) =>
            Merge(records, settings.SelectMany(s => s.Profiles).SelectMany(p => p.Rules).Select(r => r.ScaleAction.CooldownSpan).DefaultIfEmpty(TimeSpan.FromMinutes(5)).Max());

        public static IReadOnlyList<ScaleEvent> Merge(IEnumerable<ActivityLogRecord> records, TimeSpan cooldown)
        {
            var unique = records
                .GroupBy(r => r.EventDataId ?? $"{r.OperationId}|{r.Status}|{r.EventTimestamp.Ticks}", StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .ToList();

            var autoscale = unique.Where(IsAutoscaleAction)
                .GroupBy(OperationKey, StringComparer.OrdinalIgnoreCase)
                .Select(g => FromAutoscale(g.OrderBy(r => r.EventTimestamp).ToList()))
                .ToList();

            // Group every write record by its operation first, then keep the operations that set
            // capacity: only the Started record carries the request body, so filtering records
            // before grouping would drop the Accepted/Succeeded/Failed records that give the end.
            var manual = unique.Where(IsScaleSetWrite)
                .GroupBy(OperationKey, StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Any(r => IsCapacityWrite(r, out _)))
                .Select(g => FromCapacityWrite(g.OrderBy(r => r.EventTimestamp).ToList()))
                .Where(m => !autoscale.Any(a => IsEngineWrite(a, m)))
                .ToList();

            var events = autoscale.Concat(manual).OrderBy(e => e.Time).ToList();
            return Platform.ScaleFailureExplainer.Explain(Flag(events, cooldown), unique);
        }

        public static bool IsAutoscaleAction(ActivityLogRecord r) =>
            r.OperationName.IndexOf("Microsoft.Insights/AutoscaleSettings/", StringComparison.OrdinalIgnoreCase) >= 0
            && (r.OperationName.EndsWith("/Scaleup/Action", StringComparison.OrdinalIgnoreCase)
                || r.OperationName.EndsWith("/Scaledown/Action", StringComparison.OrdinalIgnoreCase)
                || r.OperationName.EndsWith("/Flapping/Action", StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The records of one operation share its operationId; some records (seen on older events)
        /// carry only the correlationId. A correlationId alone can span several operations of one
        /// deployment, so it is the fallback, not the key.
        /// </summary>
        private static string OperationKey(ActivityLogRecord r) =>
            !string.IsNullOrEmpty(r.OperationId) ? r.OperationId! : !string.IsNullOrEmpty(r.CorrelationId) ? r.CorrelationId! : r.EventDataId ?? string.Empty;

        private static bool IsScaleSetWrite(ActivityLogRecord r) =>
            r.OperationName.Equals("Microsoft.Compute/virtualMachineScaleSets/write", StringComparison.OrdinalIgnoreCase);

        /// <summary>A write on a scale set whose request body sets sku.capacity (the only write that scales).</summary>
        public static bool IsCapacityWrite(ActivityLogRecord r, out int capacity)
        {
            capacity = 0;
            if (!IsScaleSetWrite(r) || !r.Properties.TryGetValue("requestbody", out var body))
            {
                return false;
            }

            try
            {
                var root = JsonParser.Parse(body);
                if (JsonValues.Int(root["sku"]?["capacity"]) is int c)
                {
                    capacity = c;
                    return true;
                }
            }
            catch (JsonParseException)
            {
                // Request bodies are sometimes truncated in the activity log; such a write says nothing about capacity.
            }

            return false;
        }

        private static ScaleEvent FromAutoscale(IReadOnlyList<ActivityLogRecord> group)
        {
            var first = group[0];
            var terminal = group.LastOrDefault(IsTerminal);
            var last = terminal ?? group[group.Count - 1];
            var from = group.Select(r => r.OldInstancesCount).FirstOrDefault(v => v != null) ?? CountFromText(group, "Current instance count");
            var to = group.Select(r => r.NewInstancesCount).LastOrDefault(v => v != null) ?? CountFromText(group, "Actual new instance count");
            var op = first.OperationName;
            var direction = op.EndsWith("/Scaleup/Action", StringComparison.OrdinalIgnoreCase) ? ScaleEventDirection.Out
                : op.EndsWith("/Scaledown/Action", StringComparison.OrdinalIgnoreCase) ? ScaleEventDirection.In
                : DirectionOf(from, to);
            var cause = !op.EndsWith("/Flapping/Action", StringComparison.OrdinalIgnoreCase) ? ScaleEventCause.Autoscale
                : group.Any(r => string.Equals(r.EventName, "FlappingOccurred", StringComparison.OrdinalIgnoreCase)) ? ScaleEventCause.FlappingAdjusted
                : ScaleEventCause.FlappingDeferred;
            return new ScaleEvent
            {
                Time = first.EventTimestamp,
                EndTime = terminal?.EventTimestamp,
                Direction = direction,
                FromCapacity = from,
                ToCapacity = to,
                Status = NormalizeStatus(last.Status),
                Cause = cause,
                Caller = SafeCaller(group.Select(r => r.Caller).FirstOrDefault(c => !string.IsNullOrEmpty(c))),
                OperationId = first.OperationId,
                Description = group.Select(r => r.Description).FirstOrDefault(d => !string.IsNullOrEmpty(d)),
                ResourceId = group.Select(r => r.TargetResourceId).FirstOrDefault(t => t != null),
                AutoscaleSettingId = first.ResourceId,
                Records = group,
            };
        }

        private static ScaleEvent FromCapacityWrite(IReadOnlyList<ActivityLogRecord> group)
        {
            var first = group[0];
            var terminal = group.LastOrDefault(IsTerminal);
            IsCapacityWrite(group.First(r => IsCapacityWrite(r, out _)), out var to);
            return new ScaleEvent
            {
                Time = first.EventTimestamp,
                EndTime = terminal?.EventTimestamp,
                // Which way is known only from an earlier event's capacity (Flag fills it in): "None" would say nothing changed.
                Direction = ScaleEventDirection.Set,
                FromCapacity = null,
                ToCapacity = to,
                Status = NormalizeStatus((terminal ?? group[group.Count - 1]).Status),
                Cause = ScaleEventCause.Manual,
                Caller = SafeCaller(group.Select(r => r.Caller).FirstOrDefault(c => !string.IsNullOrEmpty(c))),
                OperationId = first.OperationId,
                Description = $"Capacity set to {to.ToString(CultureInfo.InvariantCulture)} by a write on the scale set.",
                ResourceId = first.ResourceId,
                Records = group,
            };
        }

        private static bool IsEngineWrite(ScaleEvent autoscale, ScaleEvent write) =>
            autoscale.ToCapacity == write.ToCapacity
            && write.Time >= autoscale.Time - TimeSpan.FromSeconds(30)
            && write.Time <= (autoscale.EndTime ?? autoscale.Time) + EngineWriteWindow;

        private static IReadOnlyList<ScaleEvent> Flag(List<ScaleEvent> events, TimeSpan cooldown)
        {
            var flags = events.Select(_ => new List<string>()).ToList();
            var capacity = (int?)null;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];

                // A manual write does not say where it started from: the last known capacity does.
                if (e.Cause == ScaleEventCause.Manual && capacity != null)
                {
                    events[i] = e = Copy(e, capacity, DirectionOf(capacity, e.ToCapacity));
                }

                if (IsSucceeded(e) && e.ToCapacity != null)
                {
                    capacity = e.ToCapacity;
                }
            }

            var window = TimeSpan.FromTicks(cooldown.Ticks * 2);
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                for (var j = i + 1; j < events.Count; j++)
                {
                    var next = events[j];
                    var gap = next.Time - e.Time;
                    if (e.Cause != ScaleEventCause.Manual && next.Cause != ScaleEventCause.Manual
                        && e.Direction == ScaleEventDirection.Out && next.Direction == ScaleEventDirection.In && gap <= window)
                    {
                        var text = $"Scale-in {Minutes(gap)} after a scale-out, within twice the cooldown ({Minutes(cooldown)}): the scale-out and scale-in thresholds are probably too close (flapping).";
                        flags[i].Add(text);
                        flags[j].Add(text);
                    }

                    if (e.Cause == ScaleEventCause.Manual && next.Cause != ScaleEventCause.Manual && gap <= RevertWindow
                        && e.FromCapacity != null && e.ToCapacity != e.FromCapacity
                        && Math.Sign((next.ToCapacity ?? 0) - (next.FromCapacity ?? 0)) == -Math.Sign((e.ToCapacity ?? 0) - e.FromCapacity.Value))
                    {
                        var text = $"Autoscale changed the capacity back from {e.ToCapacity} to {next.ToCapacity} {Minutes(gap)} after the manual change: the active profile's range does not allow {e.ToCapacity}. Disable the setting or widen its range to test manual scaling.";
                        flags[i].Add(text);
                        flags[j].Add(text);
                    }
                }
            }

            var failed = events.Where(e => e.Status == "Failed" && e.Cause != ScaleEventCause.Manual).ToList();
            if (failed.Count >= 2)
            {
                foreach (var e in failed)
                {
                    flags[events.IndexOf(e)].Add($"{failed.Count} scale actions failed in this period: look at the error of the scale set's write operations (quota, allocation, extension failures).");
                }
            }

            return events.Select((e, i) => flags[i].Count == 0 ? e : Copy(e, e.FromCapacity, e.Direction, flags[i].Distinct().ToList())).ToList();
        }

        private static ScaleEvent Copy(ScaleEvent e, int? from, string direction, IReadOnlyList<string>? flags = null) => new ScaleEvent
        {
            Time = e.Time,
            EndTime = e.EndTime,
            Direction = direction,
            FromCapacity = from,
            ToCapacity = e.ToCapacity,
            Status = e.Status,
            Cause = e.Cause,
            Caller = e.Caller,
            OperationId = e.OperationId,
            Description = e.Description,
            ResourceId = e.ResourceId,
            AutoscaleSettingId = e.AutoscaleSettingId,
            Flags = flags ?? e.Flags,
            Records = e.Records,
        };

        private static bool IsTerminal(ActivityLogRecord r) =>
            r.Status.Equals("Succeeded", StringComparison.OrdinalIgnoreCase) || r.Status.Equals("Failed", StringComparison.OrdinalIgnoreCase)
            || r.Status.Equals("Canceled", StringComparison.OrdinalIgnoreCase);

        private static bool IsSucceeded(ScaleEvent e) => e.Status == "Succeeded";

        private static string NormalizeStatus(string status) =>
            status.Replace(" ", string.Empty) switch
            {
                var s when s.Equals("Succeeded", StringComparison.OrdinalIgnoreCase) => "Succeeded",
                var s when s.Equals("Failed", StringComparison.OrdinalIgnoreCase) => "Failed",
                var s when s.Equals("Canceled", StringComparison.OrdinalIgnoreCase) => "Canceled",
                var s when s.Equals("InProgress", StringComparison.OrdinalIgnoreCase) || s.Equals("Accepted", StringComparison.OrdinalIgnoreCase) => "InProgress",
                var s when s.Equals("Started", StringComparison.OrdinalIgnoreCase) || s.Equals("Start", StringComparison.OrdinalIgnoreCase) => "Started",
                var s => s,
            };

        private static string DirectionOf(int? from, int? to) =>
            from == null || to == null || from == to ? ScaleEventDirection.None : to > from ? ScaleEventDirection.Out : ScaleEventDirection.In;

        // Flapping records carry the counts in the text: "Current instance count: '6', ... Actual new instance count: '4'".
        private static int? CountFromText(IEnumerable<ActivityLogRecord> group, string label)
        {
            foreach (var d in group.Select(r => r.Description).Where(d => d != null))
            {
                // [0-9] and TryParse: \d matches other scripts' digits, and a count too long for an int is not a count.
                var m = Regex.Match(d!, Regex.Escape(label) + @":\s*'?([0-9]+)'?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                if (m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    return count;
                }
            }

            return null;
        }

        /// <summary>A caller is a UPN, an app ID or a service name; anything that looks like a token is not shown.</summary>
        public static string? SafeCaller(string? caller) =>
            caller != null && JwtLike.IsMatch(caller) ? "(redacted)" : caller;

        private static string Minutes(TimeSpan t) =>
            t.TotalMinutes >= 1 ? $"{Math.Round(t.TotalMinutes, 1).ToString(CultureInfo.InvariantCulture)} min" : $"{Math.Round(t.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s";
    }
}
