using System;
using System.Collections.Generic;

namespace VmssAutoscale.Model
{
    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class ScaleEventDirection
    {
        public const string None = nameof(None);
        public const string Out = nameof(Out);
        public const string In = nameof(In);

        /// <summary>The capacity was set to a count (a manual write) from a count no record says; ToCapacity holds where it went.</summary>
        public const string Set = nameof(Set);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { None, Out, In, Set };
    }

    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class ScaleEventCause
    {
        public const string Autoscale = nameof(Autoscale);
        public const string Manual = nameof(Manual);
        public const string FlappingAdjusted = nameof(FlappingAdjusted);
        public const string FlappingDeferred = nameof(FlappingDeferred);
        public const string Unknown = nameof(Unknown);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { Autoscale, Manual, FlappingAdjusted, FlappingDeferred, Unknown };
    }

    /// <summary>One activity-log record, unmerged (Get-VmssScaleEvent -Raw); the fields scale history needs.</summary>
    public sealed class ActivityLogRecord
    {
        public DateTime EventTimestamp { get; init; }

        public string OperationName { get; init; } = string.Empty;

        public string? EventName { get; init; }

        public string? Category { get; init; }

        public string Status { get; init; } = string.Empty;

        public string? SubStatus { get; init; }

        public string? Level { get; init; }

        public string? OperationId { get; init; }

        public string? CorrelationId { get; init; }

        public string? EventDataId { get; init; }

        public string? Caller { get; init; }

        public string? ResourceId { get; init; }

        public string? Description { get; init; }

        /// <summary>The resource the action changed (autoscale events carry the scale set ID in properties.ResourceName).</summary>
        public string? TargetResourceId { get; init; }

        public int? OldInstancesCount { get; init; }

        public int? NewInstancesCount { get; init; }

        public IReadOnlyDictionary<string, string> Properties { get; init => field = ReadableDictionary.Of(value); } = ReadableDictionary.Empty;

        public override string ToString() => $"{EventTimestamp:u} {OperationName} {Status}";
    }

    /// <summary>One scale operation: its Start / In progress / Succeeded / Failed records merged.</summary>
    public sealed class ScaleEvent
    {
        public DateTime Time { get; init; }

        public DateTime? EndTime { get; init; }

        internal TimeSpan? DurationSpan => EndTime - Time;

        /// <summary>Duration, as ISO 8601 text (PT1M35S): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string? Duration => DurationSpan is TimeSpan span ? IsoDuration.Format(span) : null;

        public string Direction { get; init; } = ScaleEventDirection.None;

        public int? FromCapacity { get; init; }

        public int? ToCapacity { get; init; }

        /// <summary>The last status seen: Started, InProgress, Succeeded, Failed.</summary>
        public string Status { get; init; } = string.Empty;

        public string Cause { get; init; } = ScaleEventCause.Autoscale;

        /// <summary>A user principal name, an application ID, or the autoscale service; never a token.</summary>
        public string? Caller { get; init; }

        public string? OperationId { get; init; }

        public string? Description { get; init; }

        public string? ResourceId { get; init; }

        public string? AutoscaleSettingId { get; init; }

        /// <summary>Patterns that explain "it does not scale", e.g. an out/in pair within twice the cooldown.</summary>
        public IReadOnlyList<string> Flags { get; init => field = ReadableList<string>.Of(value); } = ReadableList<string>.Empty;

        public IReadOnlyList<ActivityLogRecord> Records { get; init => field = ReadableList<ActivityLogRecord>.Of(value); } = ReadableList<ActivityLogRecord>.Empty;

        /// <summary>The error code of a failed action (from the scale set's failed write, or the autoscale event's description); null otherwise.</summary>
        public string? ErrorCode { get; private set; }

        public string? ErrorMessage { get; private set; }

        /// <summary>Quota, Allocation, SizeRestricted, Locked, Policy, Image, Network, InstanceCeiling or Other; null unless the action failed.</summary>
        public string? FailureCause { get; private set; }

        /// <summary>This event with why it failed (Platform.ScaleFailureExplainer), the rest unchanged.</summary>
        internal ScaleEvent WithFailure(string? errorCode, string? errorMessage, string failureCause)
        {
            var copy = (ScaleEvent)MemberwiseClone();
            copy.ErrorCode = errorCode;
            copy.ErrorMessage = errorMessage;
            copy.FailureCause = failureCause;
            return copy;
        }

        public override string ToString() => $"{Time:u} {Direction} {FromCapacity}->{ToCapacity} {Status} ({Cause})";
    }
}
