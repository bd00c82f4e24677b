using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// The verdict on a scale set's performance data, built from a diagnosis input. Debug-VmssAutoscale's
    /// DiagnosticsData check and Get-VmssDiagnosticsSample -Summary both come here, so one bundle gets
    /// one verdict: the summary once had its own reads and judged an Azure Monitor Agent scale set
    /// by the diagnostics extension it does not need ("NoDiagnosticsExtension" beside the agent's
    /// own reason), and a queue-driven one by a metric that is not its own.
    /// </summary>
    public static class DiagnosticsVerdicts
    {
        /// <summary>
        /// What the evaluator needs. No extension or table is involved (host-metric semantics) when the
        /// rules read only host metrics, only Azure Monitor Agent guest metrics, or no metric of the
        /// scale set at all, or when the samples came from Azure Monitor.
        /// </summary>
        /// <param name="metrics">The metric names to judge; default: those the rules read from the scale set.</param>
        public static DiagnosticsHealthInput HealthInput(DiagnosisContext context, IReadOnlyList<string>? metrics = null, TimeSpan? lagTolerance = null, IReadOnlyList<string>? knownInstances = null)
        {
            var input = context.Input;
            var names = metrics ?? input.RuleMetricNames;
            var samples = input.Samples;
            var noExtensionInvolved = names.Count == 0
                || names.All(m => MetricCatalog.Classify(m).Kind == MetricKind.HostMetric)
                || string.Equals(samples.SampleSource, "HostMetrics", StringComparison.OrdinalIgnoreCase)
                || AmaChecks.CoversAllRules(context);
            return new DiagnosticsHealthInput
            {
                ReferenceTime = input.Now,
                UsesHostMetrics = noExtensionInvolved,
                ModelRead = true,
                Extension = input.DiagnosticsConfiguration,
                ReadsAggregateTables = samples.TablesRead.Concat(samples.TablesMissing).Any(t => t.StartsWith("WADMetrics", StringComparison.OrdinalIgnoreCase)),
                MetricNames = names,
                ExpectedResourceId = input.ScaleSet.ResourceId,
                TablesRead = samples.TablesRead,
                TablesMissing = samples.TablesMissing,
                KnownInstances = knownInstances ?? Array.Empty<string>(),
                Samples = samples.Samples.Where(s => names.Contains(s.MetricName, StringComparer.Ordinal)).ToList(),
                LagTolerance = lagTolerance ?? new DiagnosticsHealthInput().LagTolerance,
                SilentAfter = input.Options.SilentAfter,
                VMScaleSetName = input.ScaleSet.VMScaleSetName,
                ResourceGroupName = input.ScaleSet.ResourceGroupName,
                ResourceId = input.ScaleSet.ResourceId,
            };
        }
    }
}
