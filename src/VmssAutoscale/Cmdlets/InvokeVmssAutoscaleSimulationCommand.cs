using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using VmssAutoscale.Engine;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Replays the autoscale engine at a fixed interval over the samples' time range and writes
    /// the capacity timeline, or with -Summary one summary of what happened.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "VmssAutoscaleSimulation")]
    [OutputType(typeof(SimulationStep), typeof(SimulationSummary))]
    public sealed class InvokeVmssAutoscaleSimulationCommand : EngineCmdletBase
    {
        private const int ProgressId = 1;

        /// <summary>Capacity at the start; default: the instances seen in the first window.</summary>
        [Parameter]
        [ValidateRange(0, 10000)]
        public int? InitialCapacity { get; set; }

        /// <summary>Time between engine runs (default 1 minute).</summary>
        [Parameter]
        [DurationArgument]
        public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>First evaluation time; default: the first sample plus the longest rule window.</summary>
        [Parameter]
        [ValidateEngineTime]
        public DateTime? Start { get; set; }

        /// <summary>Last evaluation time; default: the minute after the newest sample.</summary>
        [Parameter]
        [ValidateEngineTime]
        public DateTime? End { get; set; }

        /// <summary>AsGiven (default) uses samples as recorded; RedistributeTotal spreads each minute's total load over the simulated capacity.</summary>
        [Parameter]
        public LoadModel LoadModel { get; set; } = LoadModel.AsGiven;

        /// <summary>
        /// Under RedistributeTotal: how long an added instance is paid for before it takes load (default 0:
        /// at once). Each minute's load is spread over the smallest capacity in force during the warmup before it.
        /// </summary>
        [Parameter]
        [DurationArgument]
        public TimeSpan InstanceWarmup { get; set; } = TimeSpan.Zero;

        /// <summary>Write one summary object instead of the timeline.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        protected override void EndProcessing()
        {
            ResolveInputs();
            if (Settings.Count != 1)
            {
                Fail(ErrorIds.OneSettingOnly, ErrorCategory.InvalidArgument, Settings.Count, $"A simulation replays one autoscale setting, but {Settings.Count} were given. Pick one, e.g. with Where-Object Name -eq '<name>'.");
            }

            if (Interval < TimeSpan.FromSeconds(1) || Interval > TimeLimits.LongestDuration)
            {
                Fail(ErrorIds.InvalidInterval, ErrorCategory.InvalidArgument, Interval, $"-Interval must lie between one second and {TimeLimits.LongestDuration.TotalDays:0} days; the real engine runs every 30 to 60 seconds.");
            }

            if (ToUtc(Start) > ToUtc(End))
            {
                Fail(ErrorIds.StartAfterEnd, ErrorCategory.InvalidArgument, Start, $"-Start {ToUtc(Start):yyyy-MM-dd HH:mm}Z is after -End {ToUtc(End):yyyy-MM-dd HH:mm}Z, so there is nothing to simulate. Swap them.");
            }

            if (InstanceWarmup < TimeSpan.Zero || InstanceWarmup > TimeSpan.FromHours(1))
            {
                Fail(ErrorIds.InvalidInstanceWarmup, ErrorCategory.InvalidArgument, InstanceWarmup, $"-InstanceWarmup {InstanceWarmup} is outside 0 to 1 hour. It is how long a new instance is paid for before it takes load; 0 means at once.");
            }

            if (InstanceWarmup > TimeSpan.Zero && LoadModel != LoadModel.RedistributeTotal)
            {
                Fail(ErrorIds.InvalidInstanceWarmup, ErrorCategory.InvalidArgument, InstanceWarmup, "-InstanceWarmup changes how load is spread over the simulated instances, which only -LoadModel RedistributeTotal does; with the samples as recorded (AsGiven) the warmup is already in them. Add -LoadModel RedistributeTotal or drop -InstanceWarmup.");
            }

            var options = EffectiveOptions();
            var setting = Settings[0];
            var simulator = new AutoscaleSimulator(setting, options, new SimulationOptions
            {
                Interval = Interval,
                InitialCapacity = InitialCapacity,
                LastScaleActionTime = ToUtc(LastScaleActionTime),
                LastScaleActionDirection = LastDirection,
                SettingUpdateTimes = ToUtc(LastSettingUpdateTime) is DateTime updated ? new[] { updated } : Array.Empty<DateTime>(),
                Start = ToUtc(Start),
                End = ToUtc(End),
                LoadModel = LoadModel,
                InstanceWarmup = InstanceWarmup,
                KeepDetail = !Summary.IsPresent,
                Explain = !Summary.IsPresent,
                CoresPerInstance = CoresPerInstance,
                LoadedCoresPerInstance = LoadedCoresPerInstance,
            });

            SampleCsvReader? reader = null;
            try
            {
                IEnumerable<SampleRecord> samples;
                Func<double> fraction;
                if (SamplePath != null)
                {
                    var file = SampleFile();
                    WriteVerbose($"Streaming samples from '{file}'.");
                    reader = new SampleCsvReader(file);
                    samples = reader.ReadAll();
                    var r = reader;
                    fraction = () => r.Fraction;
                }
                else
                {
                    var list = ObjectSamples();
                    samples = list;
                    fraction = () => list.Count == 0 ? 0 : Math.Min(1.0, (double)simulator.SamplesRead / list.Count);
                }

                Run(simulator, samples, fraction);
            }
            catch (Exception e) when (IsInputError(e))
            {
                FailOnEngineError(e);
            }
            finally
            {
                reader?.Dispose();
            }
        }

        private void Run(AutoscaleSimulator simulator, IEnumerable<SampleRecord> samples, Func<double> fraction)
        {
            var progress = new ProgressRecord(ProgressId, "Simulating autoscale", "Reading samples");
            var clock = Stopwatch.StartNew();
            var nextProgress = TimeSpan.FromMilliseconds(500);
            foreach (var step in simulator.Run(samples))
            {
                if (CancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C: stop reading at once; PowerShell discards what follows.
                    return;
                }

                if (!Summary.IsPresent)
                {
                    WriteObject(step);
                }

                if (clock.Elapsed >= nextProgress)
                {
                    nextProgress = clock.Elapsed + TimeSpan.FromMilliseconds(500);
                    progress.PercentComplete = (int)Math.Round(Math.Min(99, fraction() * 100));
                    progress.StatusDescription = $"{step.Time:yyyy-MM-dd HH:mm}Z, capacity {step.NewCapacity}, {simulator.SamplesRead:N0} samples read";
                    WriteProgress(progress);
                }
            }

            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);

            if (simulator.SamplesRead == 0)
            {
                WriteWarning("The samples are empty: there is nothing to simulate.");
            }

            if (simulator.Duplicates > 0)
            {
                WriteWarning($"{simulator.Duplicates} duplicate sample(s) (same instance, metric and timestamp) were ignored, the first at {(SamplePath != null ? "line" : "position")} {simulator.FirstDuplicateLine}; the first value was kept.");
            }

            WarnMissingMetrics(Settings, new List<string>(simulator.MetricsSeen));
            WriteVerbose($"Read {simulator.SamplesRead:N0} samples in {clock.Elapsed.TotalSeconds:0.0} s.");
            if (Summary.IsPresent)
            {
                WriteObject(simulator.Summary());
            }
        }
    }
}
