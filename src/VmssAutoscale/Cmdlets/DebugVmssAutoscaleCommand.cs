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
    public sealed class DebugVmssAutoscaleCommand : VmssAutoscaleCmdlet
    {
        private const string NameSet = "ByName";
        private const string IdSet = "ByResourceId";
        private const string AllSet = "All";
        private const string SnapshotSet = "Snapshot";
        private DiagnosisRunner? runner;

        // Set when the command's deadline passed: later inputs are not read.
        private bool timedOut;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SnapshotSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ResourceGroupNameCompleter))]
        public string? ResourceGroupName { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SnapshotSet)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ScaleSetNameCompleter))]
        public string? VMScaleSetName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string? ResourceId { get; set; }

        /// <summary>Every scale set that an autoscale setting targets (fleet mode): one Diagnosis each, no Finding objects.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        /// <summary>A snapshot bundle (folder or snapshot.json) to diagnose instead of live Azure.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SnapshotSet)]
        [Parameter(ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = AllSet)]
        [ValidateNotNullOrEmpty]
        public string? Snapshot { get; set; }

        /// <summary>Subscriptions: one for a name, a list for -All.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = AllSet)]
        [ValidateNotNullOrEmpty]
        public string[]? SubscriptionId { get; set; }

        /// <summary>An ARM template to run the template checks on as well.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TemplatePath { get; set; }

        /// <summary>vCPUs the load keeps busy on each instance, when known (otherwise inferred from flat CPU lines).</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int? LoadedCoresPerInstance { get; set; }

        /// <summary>Samples read earlier (Get-VmssDiagnosticsSample) to use instead of reading them live.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = IdSet)]
        public MetricSample[]? Sample { get; set; }

        /// <summary>
        /// Read the diagnostics tables with an account key from listKeys when Microsoft Entra ID
        /// cannot, as Get-VmssDiagnosticsSample -AllowKeyAccess does. The key is never shown or exported.
        /// </summary>
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = AllSet)]
        public SwitchParameter AllowKeyAccess { get; set; }

        /// <summary>How much metric history to read before now (default one hour).</summary>
        [Parameter]
        public TimeSpan SamplePeriod { get; set; } = TimeSpan.FromHours(1);

        /// <summary>How much activity-log history to read before now (default 24 hours).</summary>
        [Parameter]
        public TimeSpan EventPeriod { get; set; } = TimeSpan.FromHours(24);

        /// <summary>Scale sets diagnosed at once in fleet mode (default 8).</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        protected override void BeginProcessing()
        {
            if (SamplePeriod <= TimeSpan.Zero || EventPeriod <= TimeSpan.Zero)
            {
                Fail(ErrorIds.InvalidPeriod, ErrorCategory.InvalidArgument, SamplePeriod, "-SamplePeriod and -EventPeriod must be positive, e.g. (New-TimeSpan -Hours 1).");
            }

            runner = DiagnosisRunner.Open(this, CancellationToken, Snapshot == null ? null : ResolveFilePath(Snapshot), Sample, AllowKeyAccess);
        }

        protected override void ProcessRecord()
        {
            if (timedOut)
            {
                return;
            }

            var r = runner!;
            IReadOnlyList<string> ids;
            try
            {
                ids = ParameterSetName == AllSet
                    ? r.AllWithSettings(SubscriptionId)
                    : r.Resolve(ResourceId, ResourceGroupName, VMScaleSetName, SubscriptionId?.FirstOrDefault());
            }
            catch (ModuleException e)
            {
                timedOut = e.ErrorId == ErrorIds.CommandTimeout;
                WriteError(Record(e));
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
                foreach (var (id, _, result, error) in r.Run(ids, options, Template, fleet ? ThrottleLimit : 1, progress: fleet))
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
                timedOut = true;
                WriteError(Record(e));
            }

            if (r.RequestCount is int n)
            {
                WriteVerbose($"{n} HTTP requests sent in this session so far ({ids.Count} scale set(s)).");
            }
        }

        private IReadOnlyList<Finding> Template(ScaleSetInfo scaleSet) =>
            TemplatePath == null ? Array.Empty<Finding>() : DiagnosisRunner.TemplateFindingsOrFailure(ResolveFilePath(TemplatePath), scaleSet);
    }
}
