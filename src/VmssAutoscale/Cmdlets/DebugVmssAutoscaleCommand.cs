using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Walks the whole autoscale troubleshooting guide for a scale set and says what is wrong, most
    /// likely cause first: Finding objects, then one Diagnosis with the AbleToScale, ScalingActive
    /// and ScalingLimited conditions. Reads only; never changes anything. Works live or on a
    /// snapshot bundle (-Snapshot), with the same findings.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Debug, "VmssAutoscale", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(Finding), typeof(VmssAutoscale.Model.Diagnosis))]
    public sealed class DebugVmssAutoscaleCommand : DiagnosisCmdlet
    {
        private const string AllSet = "All";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SnapshotSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ResourceGroupNameCompleter))]
        public override string? ResourceGroupName { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SnapshotSet)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ScaleSetNameCompleter))]
        public override string? VMScaleSetName { get; set; }

        /// <summary>Every scale set that an autoscale setting targets (fleet mode): one Diagnosis each, no Finding objects.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        /// <summary>A snapshot bundle (folder or snapshot.json) to diagnose instead of live Azure.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SnapshotSet)]
        [Parameter(ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = AllSet)]
        [ValidateNotNullOrEmpty]
        public override string? Snapshot { get; set; }

        /// <summary>Subscriptions: one for a name, a list for -All.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = AllSet)]
        [ValidateNotNullOrEmpty]
        public string[]? SubscriptionId { get; set; }

        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = AllSet)]
        public override SwitchParameter AllowKeyAccess { get; set; }

        /// <summary>Scale sets diagnosed at once in fleet mode (default 8).</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        private protected override IReadOnlyList<string> Targets() => ParameterSetName == AllSet
            ? Runner.AllWithSettings(SubscriptionId)
            : base.Targets();

        private protected override string? TargetSubscription => SubscriptionId?.FirstOrDefault();

        protected override void ProcessRecord()
        {
            if (TimedOut)
            {
                return;
            }

            var r = Runner;
            var ids = TargetsOrReport();
            if (ids == null)
            {
                return;
            }

            if (ids.Count == 0)
            {
                WriteWarning("No scale set has an autoscale setting in the subscription(s) searched.");
                return;
            }

            var options = new DiagnosisOptions { SamplePeriod = SamplePeriod, EventPeriod = EventPeriod, LoadedCoresPerInstance = LoadedCoresPerInstance };
            var fleet = ParameterSetName == AllSet || ids.Count > 1;
            try
            {
                foreach (var (id, _, result, error) in r.Run(ids, options, FindingsOfTemplate, fleet ? ThrottleLimit : 1, progress: fleet))
                {
                    if (error != null || result == null)
                    {
                        WriteError(DiagnosisRunner.Error(id, error ?? new InvalidOperationException("no result")));
                        continue;
                    }

                    if (ParameterSetName != AllSet)
                    {
                        foreach (var f in Diagnoser.Ordered(result.Diagnosis.Findings))
                        {
                            WriteObject(f);
                        }
                    }

                    WriteObject(result.Diagnosis);
                }
            }
            catch (ModuleException e) when (e.ErrorId == ErrorIds.CommandTimeout)
            {
                // The diagnoses already written stay on the pipeline; later inputs are not read.
                TimedOut = true;
                WriteError(Record(e));
            }

            if (r.RequestCount is int n)
            {
                WriteVerbose($"{n} HTTP requests sent in this session so far ({ids.Count} scale set(s)).");
            }
        }
    }
}
