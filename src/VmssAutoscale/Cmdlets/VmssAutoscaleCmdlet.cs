using System;
using System.Management.Automation;
using System.Threading;
using VmssAutoscale.Errors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// What every cmdlet of the module shares: one cancellation token per invocation that Ctrl+C
    /// cancels, and error records built the same way everywhere (stable id, category, target,
    /// a message that says what happened and what to do).
    /// </summary>
    public abstract class VmssAutoscaleCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource cancellation = new CancellationTokenSource();
        private CommandDeadline? deadline;
        private bool disposed;

        /// <summary>
        /// Cancelled when the user presses Ctrl+C (StopProcessing), or when the command's overall
        /// deadline passes (see <see cref="CommandDeadline"/>); the deadline starts at the first use.
        /// </summary>
        protected CancellationToken CancellationToken => UsesCommandDeadline ? Deadline!.Token : cancellation.Token;

        /// <summary>False for a cmdlet that bounds its own waits and must return its result when they end (Invoke-VmssManualScale).</summary>
        protected virtual bool UsesCommandDeadline => true;

        /// <summary>The invocation's overall deadline; null for a cmdlet that keeps its own bounds.</summary>
        internal CommandDeadline? Deadline
        {
            get
            {
                if (!UsesCommandDeadline)
                {
                    return null;
                }

                if (deadline == null)
                {
                    TimeSpan timeout;
                    try
                    {
                        timeout = CommandDeadline.Resolve(Environment.GetEnvironmentVariable(CommandDeadline.EnvironmentVariable));
                    }
                    catch (ModuleException e)
                    {
                        ThrowTerminatingError(ModuleErrors.Record(e));
                        throw;
                    }

                    deadline = new CommandDeadline(cancellation.Token, timeout, MyInvocation?.MyCommand?.Name ?? GetType().Name);
                }

                return deadline;
            }
        }

        protected override void StopProcessing()
        {
            cancellation.Cancel();
            base.StopProcessing();
        }

        /// <summary>Stops the cmdlet with an ErrorRecord; nothing after this point runs.</summary>
        protected void Fail(string errorId, ErrorCategory category, object? target, string message, Exception? inner = null) =>
            ThrowTerminatingError(ModuleErrors.Record(errorId, category, target, message, inner));

        /// <summary>Reports a failure for one input and lets the pipeline go on with the next.</summary>
        protected void Report(string errorId, ErrorCategory category, object? target, string message, Exception? inner = null) =>
            WriteError(ModuleErrors.Record(errorId, category, target, message, inner));

        /// <summary>
        /// The one reading of a time parameter: a time without a zone (DateTimeKind.Unspecified, as
        /// <c>[datetime]'2024-05-01 10:00'</c> gives) is local time, PowerShell's own convention, so
        /// it means the same in every cmdlet; a UTC or local time keeps its meaning. See
        /// about_VmssAutoscale, DATES AND TIMES.
        /// </summary>
        protected static DateTime? ToUtc(DateTime? time) =>
            time is DateTime t ? (t.Kind == DateTimeKind.Utc ? t : t.ToUniversalTime()) : (DateTime?)null;

        /// <summary>The time "now" means for -Last and default periods: the clock, or a snapshot's collection time (the cmdlets that read one override it).</summary>
        protected virtual DateTime ReferenceNow => DateTime.UtcNow;

        /// <summary>Times before this are refused: no Azure service keeps data that old.</summary>
        private static readonly DateTime EarliestTime = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>What the source keeps: the end is clamped to now and the start to now minus the retention (with a warning).</summary>
        protected sealed record PeriodLimits(TimeSpan Retention, string Keeps);

        /// <summary>
        /// The one period resolver of the read cmdlets: -StartTime, -EndTime and -Last (the period
        /// ending at -EndTime, or at the reference time: now, or a bundle's collection time). Both
        /// -StartTime and -Last is ConflictingWindow; an empty or reversed period is InvalidTimeRange,
        /// whichever cmdlet asked. With <paramref name="limits"/> the end is at most the reference time,
        /// the start at most the retention back, and both whole seconds, as Azure's requests state them.
        /// </summary>
        protected (DateTime Start, DateTime End) ResolvePeriod(DateTime? startTime, DateTime? endTime, TimeSpan? last, TimeSpan defaultPeriod, PeriodLimits? limits)
        {
            if (startTime != null && last != null)
            {
                throw new ModuleException(ErrorIds.ConflictingWindow, ErrorCategory.InvalidArgument, "Give either -StartTime or -Last, not both: -Last counts back from -EndTime (or now).", last);
            }

            // A time before Azure existed is a mistake, and [DateTime]::MinValue minus a period is not a time at all.
            foreach (var given in new[] { ToUtc(startTime), ToUtc(endTime) })
            {
                if (given != null && given.Value < EarliestTime)
                {
                    throw new ModuleException(ErrorIds.InvalidTimeRange, ErrorCategory.InvalidArgument,
                        $"The time {given.Value:u} is before {EarliestTime:yyyy}; Azure keeps nothing that old. Give -StartTime and -EndTime within the last days (e.g. -StartTime (Get-Date).AddHours(-6)).", given.Value);
                }
            }

            var now = ReferenceNow;
            var end = ToUtc(endTime) ?? now;
            if (limits != null && end > now)
            {
                end = now;
            }

            var start = ToUtc(startTime) ?? end - (last ?? defaultPeriod);
            if (limits != null)
            {
                if (start < now - limits.Retention)
                {
                    WriteWarning($"{limits.Keeps}; the start time {start:u} was moved to {(now - limits.Retention):u}.");
                    start = now - limits.Retention;
                }

                // Requests state times in whole seconds (yyyy-MM-ddTHH:mm:ssZ): the period filtered on must be the
                // one asked for, or a grain starting a fraction of a second before a fractional start is dropped
                // (ten minutes back from 18:50:00.3 gave nine one-minute grains instead of ten).
                start = WholeSecond(start);
                end = WholeSecond(end);
            }

            if (start >= end)
            {
                throw new ModuleException(ErrorIds.InvalidTimeRange, ErrorCategory.InvalidArgument,
                    $"The start time {start:u} is not before the end time {end:u}: the period is empty. Give -StartTime earlier than -EndTime"
                    + (limits == null ? "." : $", within the last {limits.Retention.TotalDays:0} days."),
                    startTime ?? (object?)last ?? endTime);
            }

            return (start, end);
        }

        private static DateTime WholeSecond(DateTime t) => new DateTime(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Kind);

        /// <summary>
        /// Warnings quote names and server text: every warning a cmdlet writes loses control and escape
        /// characters here, so a name from a bundle cannot rewrite the user's console.
        /// </summary>
        protected new void WriteWarning(string text) => base.WriteWarning(Model.TerminalText.Clean(text, keepLineBreaks: true));

        /// <summary>As <see cref="WriteWarning"/>, for verbose messages.</summary>
        protected new void WriteVerbose(string text) => base.WriteVerbose(Model.TerminalText.Clean(text, keepLineBreaks: true));

        /// <summary>Resolves a user-supplied path against the current PowerShell location, not the process directory.</summary>
        protected string ResolveFilePath(string path) => GetUnresolvedProviderPathFromPSPath(path);

        public void Dispose()
        {
            if (!disposed)
            {
                disposed = true;
                deadline?.Dispose();
                cancellation.Dispose();
            }

            GC.SuppressFinalize(this);
        }
    }
}
