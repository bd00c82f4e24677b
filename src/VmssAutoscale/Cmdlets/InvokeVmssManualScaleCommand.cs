using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Changes a scale set's capacity by hand (the guide's "can you manually scale in or out?"):
    /// if that works, scaling itself is fine and the problem is in autoscale.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "VmssManualScale", DefaultParameterSetName = NameCapacitySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ManualScaleResult))]
    public sealed class InvokeVmssManualScaleCommand : VmssAutoscaleCmdlet
    {
        private const string NameCapacitySet = "ByNameCapacity";
        private const string NameDeltaSet = "ByNameDelta";
        private const string IdCapacitySet = "ByResourceIdCapacity";
        private const string IdDeltaSet = "ByResourceIdDelta";

        /// <summary>Its own wait limit (-TimeoutSeconds, 30 minutes by default) bounds it, and after an accepted change it returns its result, never a deadline error.</summary>
        protected override bool UsesCommandDeadline => false;

        /// <summary>How often to poll when the service does not say (Retry-After).</summary>
        private static readonly TimeSpan DefaultPollDelay = TimeSpan.FromSeconds(5);

        /// <summary>Longest pause between polls whatever Retry-After says, so progress stays alive.</summary>
        private static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(30);

        private LiveAzure? azure;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameCapacitySet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameDeltaSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ResourceGroupNameCompleter))]
        public string ResourceGroupName { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = NameCapacitySet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = NameDeltaSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ScaleSetNameCompleter))]
        public string VMScaleSetName { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = IdCapacitySet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, ParameterSetName = IdDeltaSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string ResourceId { get; set; } = string.Empty;

        // Declared as double, not int: PowerShell would silently round 2.5 to 2 when binding an int,
        // and a capacity the user did not ask for must never be sent.

        /// <summary>The instance count to set.</summary>
        [Parameter(Mandatory = true, ParameterSetName = NameCapacitySet)]
        [Parameter(Mandatory = true, ParameterSetName = IdCapacitySet)]
        public double Capacity { get; set; }

        /// <summary>Instances to add (positive) or remove (negative).</summary>
        [Parameter(Mandatory = true, ParameterSetName = NameDeltaSet)]
        [Parameter(Mandatory = true, ParameterSetName = IdDeltaSet)]
        public double Delta { get; set; }

        /// <summary>Return as soon as Azure accepted the change, without waiting for it to finish.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary>Stop waiting after this many seconds (the Azure operation continues); 1800 (30 minutes) when not given.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int? TimeoutSeconds { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        private bool IsDelta => ParameterSetName == NameDeltaSet || ParameterSetName == IdDeltaSet;

        private TimeSpan WaitLimit => TimeoutSeconds == null ? ManualScalePlanner.DefaultWaitLimit : TimeSpan.FromSeconds(TimeoutSeconds.Value);

        protected override void BeginProcessing()
        {
            // Refuse a bad number before any sign-in or request.
            var refusal = IsDelta
                ? (Math.Abs(Delta % 1) > 0 || double.IsNaN(Delta) ? $"-Delta {Delta.ToString(CultureInfo.InvariantCulture)} is not a whole number of instances." : Math.Abs(Delta) > ManualScalePlanner.PlatformMaximum ? $"-Delta {Delta.ToString(CultureInfo.InvariantCulture)} is larger than any scale set." : null)
                : ManualScalePlanner.Refusal(Capacity, "-Capacity");
            if (refusal != null)
            {
                Fail(ErrorIds.InvalidCapacity, ErrorCategory.InvalidArgument, IsDelta ? Delta : Capacity, refusal);
            }

            try
            {
                azure = LiveAzure.Open(this, CancellationToken);
            }
            catch (ModuleException e)
            {
                ThrowTerminatingError(Record(e));
            }
        }

        protected override void ProcessRecord()
        {
            var live = azure!;
            try
            {
                var id = ScaleSetTarget.Id(live, ParameterSetName.StartsWith("ByResourceId", StringComparison.Ordinal) ? ResourceId : null, ResourceGroupName, VMScaleSetName, SubscriptionId);
                var info = live.Run(ct => live.ScaleSets.GetAsync(id, ct));
                var label = $"{info.ResourceGroupName}/{info.VMScaleSetName}";
                if (info.CapacityProblem != null)
                {
                    // Never guess: a missing capacity read as 0 turned "-Delta 1" into a scale-in to 1.
                    if (IsDelta)
                    {
                        Report(ErrorIds.InvalidScaleSetModel, ErrorCategory.InvalidData, id,
                            $"Cannot add {Delta.ToString(CultureInfo.InvariantCulture)} instances to scale set '{label}': {info.CapacityProblem}, so the current capacity is unknown. Give the capacity you want with -Capacity instead, after checking the instance count (Get-VmssAutoscaleTarget).");
                        return;
                    }

                    WriteWarning($"Scale set '{label}': {info.CapacityProblem}; its current capacity is unknown, so the change to {(int)Capacity} is sent as asked.");
                }

                var target = IsDelta ? info.Capacity + (int)Delta : (int)Capacity;
                if (target < 0)
                {
                    Report(ErrorIds.InvalidCapacity, ErrorCategory.InvalidArgument, id, $"Scale set '{label}' has {info.Capacity} instances; -Delta {Delta} would make {target}. Give a delta of at least -{info.Capacity}.");
                    return;
                }

                if (target > info.MaximumCapacity)
                {
                    Report(ErrorIds.InvalidCapacity, ErrorCategory.InvalidArgument, id,
                        $"Scale set '{label}' can hold at most {info.MaximumCapacity} instances ({(info.SinglePlacementGroup == false ? "platform limit" : "single placement group")}); {target} was refused before any change.");
                    return;
                }

                var start = DateTime.UtcNow;
                if (target == info.Capacity && info.CapacityProblem == null)
                {
                    WriteObject(Result(info, target, ManualScaleStatus.AlreadyAtCapacity, info.ProvisioningState, start, start, null, null, null));
                    return;
                }

                var settings = live.Run(ct => live.ScaleSets.SettingsTargetingAsync(id, ct));
                var autoscaleWarning = ManualScalePlanner.AutoscaleWarning(settings, target, start);
                if (autoscaleWarning != null)
                {
                    WriteWarning(autoscaleWarning);
                }

                if (info.ProvisioningState != null && !IsTerminal(info.ProvisioningState))
                {
                    WriteWarning($"Scale set '{label}' is in provisioning state '{info.ProvisioningState}': another operation is running, so this change may be rejected (409) or wait behind it.");
                }

                if (!ShouldProcess($"scale set '{label}'", $"Set capacity from {(info.CapacityProblem == null ? info.Capacity.ToString(CultureInfo.InvariantCulture) : "(unknown)")} to {target}"))
                {
                    return;
                }

                var operation = live.Run(ct => live.Sources.Writes.Require(id).BeginSetCapacityAsync(id, target, ct));
                if (NoWait && !operation.IsTerminal)
                {
                    WriteObject(Result(info, target, ManualScaleStatus.Accepted, operation.ProvisioningState, start, null, autoscaleWarning, null, operation.PollUrl));
                    return;
                }

                bool timedOut;
                try
                {
                    operation = Wait(live, operation, label, info.Capacity, target, out timedOut);
                }
                catch (ModuleException e)
                {
                    // Azure accepted the change: whatever went wrong while watching it, the caller gets the
                    // result (status Unknown, the operation URL to follow) as well as the error.
                    WriteError(Record(e));
                    WriteObject(Result(info, target, ManualScaleStatus.Unknown, operation.ProvisioningState, start, null, autoscaleWarning, e.Message, operation.PollUrl));
                    return;
                }

                var status = timedOut ? ManualScaleStatus.TimedOut
                    : operation.Status.Equals("Succeeded", StringComparison.OrdinalIgnoreCase) ? ManualScaleStatus.Succeeded
                    : operation.Status.Equals("Canceled", StringComparison.OrdinalIgnoreCase) ? ManualScaleStatus.Canceled
                    : ManualScaleStatus.Failed;
                if (timedOut)
                {
                    WriteWarning($"Stopped waiting after {WaitLimit.TotalSeconds:0} s; the capacity change of '{label}' continues in Azure (it is still running). Check it later with Get-VmssAutoscaleTarget (ProvisioningState, Capacity), or follow the result's OperationUrl; wait longer with -TimeoutSeconds.");
                }

                var result = Result(info, target, status, operation.ProvisioningState, start, timedOut ? (DateTime?)null : DateTime.UtcNow, autoscaleWarning, operation.Error, operation.PollUrl);
                if (status == ManualScaleStatus.Failed)
                {
                    Report(ErrorIds.ScaleFailed, ErrorCategory.InvalidResult, id, $"Scaling '{label}' from {result.FromCapacity?.ToString(CultureInfo.InvariantCulture) ?? "(unknown)"} to {target} failed: {result.Error ?? "no error detail"}.");
                }

                WriteObject(result);
            }
            catch (ModuleException e)
            {
                WriteError(Record(e));
            }
        }

        protected override void EndProcessing() => azure?.Flush();

        private CapacityOperation Wait(LiveAzure live, CapacityOperation operation, string label, int from, int to, out bool timedOut)
        {
            var progress = new ProgressRecord(1, $"Scaling {label} from {from} to {to}", "Waiting for Azure") { PercentComplete = -1 };
            var watch = Stopwatch.StartNew();
            var timeout = WaitLimit;
            timedOut = false;
            try
            {
                while (!operation.IsTerminal)
                {
                    var wait = ManualScalePlanner.NextPollDelay(operation.RetryAfter, watch.Elapsed, timeout, DefaultPollDelay, MaxPollDelay);
                    if (wait == null)
                    {
                        timedOut = true;
                        break;
                    }

                    progress.StatusDescription = $"{operation.Status} ({operation.ProvisioningState ?? "Updating"}), {watch.Elapsed.TotalSeconds:0} s";
                    WriteProgress(progress);
                    var current = operation;
                    live.Run(async ct =>
                    {
                        await Task.Delay(wait.Value, ct).ConfigureAwait(false);
                        return true;
                    });
                    operation = live.Run(ct => live.Sources.Writes.Require(current.ScaleSetId).PollAsync(current, ct));
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the pipeline is stopping, so only the host can still be told. Azure does
                // not cancel a scale operation because we stopped watching it.
                Host?.UI?.WriteWarningLine($"Stopped waiting for the capacity change of '{label}' ({from} -> {to}); the Azure operation continues. Check it with Get-VmssAutoscaleTarget.");
                throw;
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                if (!CancellationToken.IsCancellationRequested)
                {
                    WriteProgress(progress);
                }
            }

            return operation;
        }

        private static bool IsTerminal(string state) =>
            state.Equals("Succeeded", StringComparison.OrdinalIgnoreCase) || state.Equals("Failed", StringComparison.OrdinalIgnoreCase) || state.Equals("Canceled", StringComparison.OrdinalIgnoreCase);

        private static ManualScaleResult Result(ScaleSetInfo info, int to, string status, string? state, DateTime start, DateTime? end, string? warning, string? error, string? url) => new ManualScaleResult
        {
            ResourceId = info.ResourceId,
            ResourceGroupName = info.ResourceGroupName,
            VMScaleSetName = info.VMScaleSetName,
            FromCapacity = info.CapacityProblem == null ? info.Capacity : (int?)null,
            ToCapacity = to,
            Status = status,
            ProvisioningState = state,
            StartTime = start,
            EndTime = end,
            AutoscaleWarning = warning,
            // The service's words and its operation URL may carry a signature or an echoed token.
            Error = error == null ? null : SecretRedactor.RedactText(error),
            OperationUrl = url == null ? null : SecretRedactor.RedactText(url),
        };
    }
}
