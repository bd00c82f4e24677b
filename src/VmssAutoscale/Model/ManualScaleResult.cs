using System;

namespace VmssAutoscale.Model
{
    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class ManualScaleStatus
    {
        public const string Succeeded = nameof(Succeeded);
        public const string Failed = nameof(Failed);
        public const string Canceled = nameof(Canceled);
        public const string AlreadyAtCapacity = nameof(AlreadyAtCapacity);
        public const string Accepted = nameof(Accepted);
        public const string TimedOut = nameof(TimedOut);

        /// <summary>Azure accepted the change, then its progress could not be read (see Error); it may still be running.</summary>
        public const string Unknown = nameof(Unknown);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { Succeeded, Failed, Canceled, AlreadyAtCapacity, Accepted, TimedOut, Unknown };
    }

    /// <summary>What a manual capacity change did (Invoke-VmssManualScale).</summary>
    public sealed class ManualScaleResult
    {
        public string ResourceId { get; init; } = string.Empty;

        public string ResourceGroupName { get; init; } = string.Empty;

        public string VMScaleSetName { get; init; } = string.Empty;

        /// <summary>The capacity before the change; null when the model had no valid sku.capacity.</summary>
        public int? FromCapacity { get; init; }

        public int ToCapacity { get; init; }

        public string Status { get; init; } = ManualScaleStatus.Succeeded;

        public string? ProvisioningState { get; init; }

        public DateTime StartTime { get; init; }

        public DateTime? EndTime { get; init; }

        internal TimeSpan? DurationSpan => EndTime - StartTime;

        /// <summary>Duration, as ISO 8601 text (PT1M30S): what ConvertTo-Json writes (see Cmdlets/SerializedForm.cs).</summary>
        public string? Duration => DurationSpan is TimeSpan span ? IsoDuration.Format(span) : null;

        /// <summary>Why autoscale may undo the change (an enabled setting whose active profile does not allow the capacity).</summary>
        public string? AutoscaleWarning { get; init; }

        /// <summary>The ARM error of a failed operation (code: message).</summary>
        public string? Error { get; init; }

        /// <summary>The URL that reports the operation's status, so a caller that used -NoWait can follow it.</summary>
        public string? OperationUrl { get; init; }

        public override string ToString() => $"{VMScaleSetName} {FromCapacity?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}->{ToCapacity} {Status}";
    }

    /// <summary>The state of a capacity change in flight, as the ARM long-running-operation protocol reports it.</summary>
    public sealed class CapacityOperation
    {
        public string ScaleSetId { get; init; } = string.Empty;

        /// <summary>Azure-AsyncOperation URL, else Location URL, else null (poll the resource itself).</summary>
        public string? PollUrl { get; init; }

        /// <summary>"AsyncOperation", "Location" or "Resource": how to read the poll response.</summary>
        public string PollKind { get; init; } = "Resource";

        /// <summary>InProgress, Succeeded, Failed or Canceled.</summary>
        public string Status { get; init; } = "InProgress";

        public string? ProvisioningState { get; init; }

        public string? Error { get; init; }

        /// <summary>How long the service asked us to wait before the next poll (Retry-After).</summary>
        public TimeSpan? RetryAfter { get; init; }

        public bool IsTerminal =>
            Status.Equals("Succeeded", StringComparison.OrdinalIgnoreCase)
            || Status.Equals("Failed", StringComparison.OrdinalIgnoreCase)
            || Status.Equals("Canceled", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What Connect-VmssAutoscale set; never holds the token.</summary>
    public sealed class ConnectionInfo
    {
        public string Environment { get; init; } = "AzureCloud";

        public string ResourceManagerUrl { get; init; } = string.Empty;

        public string? SubscriptionId { get; init; }

        public string? TenantId { get; init; }

        /// <summary>AccessToken, AzContext or DefaultCredentialChain (managed identity, environment, Azure CLI).</summary>
        public string CredentialSource { get; init; } = string.Empty;

        public bool SkipCertificateCheck { get; init; }

        public override string ToString() => $"{Environment} {ResourceManagerUrl} ({CredentialSource})";
    }

    public sealed class SubscriptionInfo
    {
        public string SubscriptionId { get; init; } = string.Empty;

        public string? DisplayName { get; init; }

        public string? State { get; init; }

        public string? TenantId { get; init; }
    }
}
