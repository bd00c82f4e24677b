using System;
using System.Collections.Generic;
using System.Management.Automation;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Debug-VmssAutoscale and Export-VmssAutoscaleReport: the scale set target of ScaleSetCmdlet
    /// plus a -Snapshot parameter set that picks scale sets from a bundle, and what a diagnosis
    /// needs (a template, samples read earlier, periods, key access). Both open a DiagnosisRunner
    /// instead of the plain session, so live and snapshot runs give the same findings.
    /// </summary>
    public abstract class DiagnosisCmdlet : ScaleSetCmdlet
    {
        /// <summary>An ARM template to run the template checks on as well (the bundle also keeps it, redacted).</summary>
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
        public virtual SwitchParameter AllowKeyAccess { get; set; }

        /// <summary>How much metric history to read before now (default one hour).</summary>
        [Parameter]
        [DurationArgument]
        public TimeSpan SamplePeriod { get; set; } = TimeSpan.FromHours(1);

        /// <summary>How much activity-log history to read before now (default 24 hours).</summary>
        [Parameter]
        [DurationArgument]
        public TimeSpan EventPeriod { get; set; } = TimeSpan.FromHours(24);

        /// <summary>The diagnosis over the source set opened in BeginProcessing.</summary>
        private protected DiagnosisRunner Runner { get; private set; } = null!;

        /// <summary>Checks the periods before anything is read, then opens the source set (the snapshot when -Snapshot is given) and the runner over it.</summary>
        protected override void BeginProcessing()
        {
            if (SamplePeriod <= TimeSpan.Zero || EventPeriod <= TimeSpan.Zero)
            {
                Fail(ErrorIds.InvalidPeriod, ErrorCategory.InvalidArgument, SamplePeriod, "-SamplePeriod and -EventPeriod must be positive, e.g. (New-TimeSpan -Hours 1).");
            }

            base.BeginProcessing();
            Runner = DiagnosisRunner.Over(this, CancellationToken, Azure, Sample, AllowKeyAccess);
        }

        /// <summary>The scale set IDs of the current pipeline input: a resource ID, a group and name, or (snapshot) every match.</summary>
        private protected virtual IReadOnlyList<string> Targets() => Runner.Resolve(ResourceId, ResourceGroupName, VMScaleSetName, TargetSubscription);

        /// <summary>Set when the command's deadline passed: later pipeline inputs are not read.</summary>
        private protected bool TimedOut { get; set; }

        /// <summary>The targets, or null after reporting why there are none for this input (the pipeline goes on).</summary>
        private protected IReadOnlyList<string>? TargetsOrReport()
        {
            try
            {
                return Targets();
            }
            catch (ModuleException e)
            {
                TimedOut = e.ErrorId == ErrorIds.CommandTimeout;
                WriteError(Record(e));
                return null;
            }
        }

        private protected IReadOnlyList<Finding> FindingsOfTemplate(ScaleSetInfo scaleSet) =>
            TemplatePath == null ? Array.Empty<Finding>() : DiagnosisRunner.TemplateFindingsOrFailure(ResolveFilePath(TemplatePath), scaleSet);
    }
}
