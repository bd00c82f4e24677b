using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using VmssAutoscale.Errors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// One overall deadline per cmdlet invocation, on top of the per-request one (5 minutes, retries
    /// and body included): a runbook that reads many scale sets, or a server that answers each
    /// request just inside its own limit, still ends. The default (30 minutes) is far above what a
    /// diagnosis of one scale set or a fleet of hundreds takes, and below Azure Automation's 3-hour
    /// fair-share limit, so a stuck job ends with an error rather than being unloaded mid-way.
    /// It is set for all commands of a process by the environment variable
    /// <see cref="EnvironmentVariable"/> (whole seconds), the way runbooks and pipelines set things
    /// once, rather than by a parameter on every cmdlet. Invoke-VmssManualScale keeps its own wait
    /// limit instead, since once its change is accepted it must return its result, not an error.
    /// </summary>
    public sealed class CommandDeadline : IDisposable
    {
        public const string EnvironmentVariable = "VMSSAUTOSCALE_COMMAND_TIMEOUT_SEC";

        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

        /// <summary>The largest value taken: a week, so that the arithmetic of timers never overflows.</summary>
        public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(7);

        private readonly CancellationTokenSource source;
        private readonly CancellationToken user;
        private readonly string command;

        public CommandDeadline(CancellationToken user, TimeSpan timeout, string command)
        {
            this.user = user;
            this.command = command;
            Timeout = timeout;
            source = CancellationTokenSource.CreateLinkedTokenSource(user);
            source.CancelAfter(timeout);
        }

        public TimeSpan Timeout { get; }

        /// <summary>Cancelled by Ctrl+C or when the deadline passes.</summary>
        public CancellationToken Token => source.Token;

        /// <summary>True when the deadline, not the user, cancelled the work.</summary>
        public bool Expired => source.IsCancellationRequested && !user.IsCancellationRequested;

        /// <summary>The timeout the environment asks for, or the default; a value that is not a positive whole number of seconds is an error.</summary>
        public static TimeSpan Resolve(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return DefaultTimeout;
            }

            if (!long.TryParse(value!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
            {
                throw new ModuleException(ErrorIds.InvalidOption, ErrorCategory.InvalidArgument,
                    $"The environment variable {EnvironmentVariable} is '{Model.TerminalText.Clean(value!)}': give the command deadline as a positive whole number of seconds (e.g. 1800), or remove the variable for the default of {DefaultTimeout.TotalMinutes:0} minutes.",
                    EnvironmentVariable);
            }

            return seconds >= MaxTimeout.TotalSeconds ? MaxTimeout : TimeSpan.FromSeconds(seconds);
        }

        /// <summary>The error that ends a command whose deadline passed; <paramref name="done"/> says what it still returned.</summary>
        public ModuleException Error(string? done = null) =>
            new ModuleException(ErrorIds.CommandTimeout, ErrorCategory.OperationTimeout,
                $"{command} did not finish within its deadline of {Describe(Timeout)} and stopped{(done == null ? "." : "; " + done)} " +
                $"Try again when Azure answers faster, narrow the command (one resource group or scale set), or set the environment variable {EnvironmentVariable} to a longer deadline in seconds.",
                command);

        public void Dispose() => source.Dispose();

        private static string Describe(TimeSpan t) =>
            t.TotalSeconds < 120 ? $"{t.TotalSeconds:0} s" : t.TotalMinutes < 120 ? $"{t.TotalMinutes:0.#} min" : $"{t.TotalHours:0.#} h";
    }
}
