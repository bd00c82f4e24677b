using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using VmssAutoscale.Sources.Sampling;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// The Azure Monitor Agent verdict for Get-VmssDiagnosticsSample -Summary: the same
    /// AzureMonitorAgent check Debug-VmssAutoscale runs, over the samples the cmdlet read, so both
    /// name a broken agent path with the same reason code.
    /// </summary>
    public static class AmaSummary
    {
        /// <summary>The AzureMonitorAgent finding; null when no rule reads (or should read) an agent guest metric.</summary>
        public static Finding? Evaluate(string scaleSetJson, IReadOnlyList<AutoscaleSetting> settings, AmaConfiguration ama, IReadOnlyList<MetricSample> samples, DateTime now, TimeSpan silentAfter)
        {
            var info = ScaleSetReader.Read(scaleSetJson, null, (_, _) => null, settings.Select(s => s.Id ?? s.Name).ToList());
            var input = new DiagnosisInput
            {
                Now = now,
                Source = "Summary",
                ScaleSet = info,
                ScaleSetJson = scaleSetJson,
                DiagnosticsConfiguration = DiagnosticsExtensionReader.Read(scaleSetJson),
                Settings = settings.Where(s => ResourceIds.AreEqual(s.TargetResourceUri, info.ResourceId)).ToList(),
                Samples = new SampleReadResult { Samples = samples },
                Options = new DiagnosisOptions { SilentAfter = silentAfter },
                Ama = ama,
            };
            return Evaluate(new DiagnosisContext(input));
        }

        /// <summary>The AzureMonitorAgent finding of a diagnosis context (a bundle read as Debug reads it); null when there is nothing to say.</summary>
        public static Finding? Evaluate(DiagnosisContext context)
        {
            var finding = AmaChecks.AzureMonitorAgent(context);
            // Skipped only because no rule reads a guest metric: there is nothing to say; Skipped because the rules could not be read is said.
            return finding.Status == FindingStatus.Skipped && context.Input.Ama.Unavailable == null ? null : finding;
        }

        /// <summary>Puts the finding's reason and message on the verdict.</summary>
        public static void Apply(DiagnosticsVerdict verdict, Finding? finding)
        {
            if (finding == null)
            {
                return;
            }

            verdict.AgentReason = finding.Reason;
            verdict.AgentMessage = string.IsNullOrEmpty(finding.Remediation) ? finding.Summary : $"{finding.Summary} {finding.Remediation}";
        }
    }
}
