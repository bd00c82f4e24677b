using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;
using static VmssAutoscale.Diagnosis.DiagnosisContext;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// The guide's "check the instance view of VMs in the VM Scale Set": ties the scale-set-level
    /// findings to the VMs behind them. ScaleSetState names the VMs that are not running or whose
    /// agent or extensions failed; DiagnosticsData joins the instances that wrote no data (named
    /// as the samples name them: VM name, computer name or instance ID) to their VM and says why.
    /// </summary>
    public static class InstanceChecks
    {
        // Extensions that carry guest metrics to autoscale: WAD/LAD, the Azure Monitor Agent, the legacy agents.
        private static readonly string[] MonitoringExtensionMarks = { "Diagnostic", "AzureMonitor", "MonitoringAgent", "OmsAgent" };

        public static Finding ScaleSetState(DiagnosisContext c, Finding state)
        {
            var guide = c.Input.Guide;
            if (guide.Instances == null)
            {
                return With(state, evidence: new[] { $"Each VM's instance view: not read ({guide.InstancesUnavailable ?? "no source"})." });
            }

            var vms = guide.Instances;
            var unhealthy = vms.Where(v => v.Problem != null).ToList();
            var evidence = new List<string> { $"VMs: {vms.Count} listed; power states {string.Join(", ", vms.GroupBy(v => v.PowerState, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"))}." };
            evidence.AddRange(unhealthy.Select(v => $"{Label(v)}: {v.Problem}."));
            if (unhealthy.Count == 0 || state.Status != FindingStatus.Pass)
            {
                return With(state, evidence: evidence);
            }

            return With(
                state,
                FindingStatus.Warn,
                DiagnosisSeverity.Medium,
                $"{unhealthy.Count} of {vms.Count} VM{(vms.Count == 1 ? string.Empty : "s")} {(unhealthy.Count == 1 ? "is" : "are")} not healthy: {ByCause(unhealthy.Select(v => (Label(v), v.Problem!)), Unhealthy)}. They count toward the capacity autoscale manages but add no working capacity.",
                evidence,
                UnhealthyRemedy(unhealthy));
        }

        /// <summary>
        /// One cause and the VMs it holds for: up to two by name, with the extension's error; more as a
        /// count and the failure alone, each VM named with its error in the evidence (names and one error
        /// repeated for every VM would fill the 80-column view, and DiagnosticsData quotes the error of a
        /// VM that went silent).
        /// </summary>
        private static string Unhealthy(string names, int count, string cause) =>
            count > MaxNamesInSummary ? $"for each of {count} (named, with the error, in Evidence), {ErrorMessage.Replace(cause, string.Empty)}" : $"{names}: {cause}";

        /// <summary>The quoted error after a failed extension in <see cref="VmInstance.Problem"/>: ' with "..."' up to the next cause or the end.</summary>
        private static readonly System.Text.RegularExpressions.Regex ErrorMessage = new System.Text.RegularExpressions.Regex(@" with "".*?""(?=;|$)");

        /// <summary>The remedy for the problems found, and only those: starting a VM says nothing to one whose extension failed.</summary>
        private static string UnhealthyRemedy(IReadOnlyList<VmInstance> unhealthy)
        {
            var remedies = new List<string>();
            if (unhealthy.Any(v => !v.IsRunning))
            {
                remedies.Add("Start the stopped or deallocated VMs (or delete them and let the scale set replace them).");
            }

            if (unhealthy.Any(v => v.IsRunning || v.FailedExtensions.Count > 0))
            {
                remedies.Add("Repair the failed extensions: reinstall them or reimage the VMs.");
            }

            return string.Join(" ", remedies);
        }

        private const int MaxNamesInSummary = 2;

        public static Finding DiagnosticsData(DiagnosisContext c, Finding data)
        {
            var guide = c.Input.Guide;
            if (guide.Instances == null || data.Status == FindingStatus.Skipped)
            {
                return data;
            }

            var metrics = c.Input.RuleMetricNames;
            var samples = c.Input.Samples.Samples.Where(s => metrics.Contains(s.MetricName, StringComparer.Ordinal)).ToList();
            var silentAfter = c.Input.Options.SilentAfter;
            var silent = new List<(VmInstance Vm, string Name, DateTime? Last)>();
            foreach (var vm in guide.Instances)
            {
                var mine = samples.Where(s => vm.Matches(s.Instance)).ToList();
                var last = mine.Count == 0 ? (DateTime?)null : mine.Max(s => s.Timestamp);
                if (last == null || c.Input.Now - last.Value > silentAfter)
                {
                    silent.Add((vm, mine.FirstOrDefault()?.Instance ?? vm.Name, last));
                }
            }

            var agentFailures = guide.Instances
                .SelectMany(v => v.FailedExtensions.Where(IsMonitoring).Select(e => (Vm: v, Extension: e)))
                .Where(x => !silent.Any(s => ReferenceEquals(s.Vm, x.Vm)))
                .ToList();
            if (silent.Count == 0 && agentFailures.Count == 0)
            {
                return With(data, evidence: new[] { $"All {guide.Instances.Count} VMs wrote recent data and no monitoring agent reports a failure." });
            }

            var lines = silent.Select(s => $"{SilentName(s.Name, s.Vm)} is silent{(s.Last is DateTime t ? " since " + Time(t) : " (no data in the window)")}: {Why(s.Vm, named: true)}").ToList();
            var failures = agentFailures.Select(x => $"{Label(x.Vm)} still reports, but its {x.Extension.Name} failed{(string.IsNullOrEmpty(x.Extension.Message) ? string.Empty : " with \"" + x.Extension.Message + "\"")}").ToList();
            lines.AddRange(failures);

            // The summary names each cause once, with the VMs it holds for; the per-VM lines (with their times) are the evidence.
            var silentByCause = ByCause(
                silent.Select(s => (SilentName(s.Name, s.Vm), Why(s.Vm, named: false))),
                (names, count, cause) => count > 1 ? $"{names} are silent; for each, {cause}" : lines.First(l => l.StartsWith(names + " is silent", StringComparison.Ordinal)));
            var joined = string.Join("; ", new[] { silentByCause }.Where(x => x.Length > 0).Concat(failures.Take(3))) + (failures.Count > 3 ? $"; and {failures.Count - 3} more" : string.Empty) + ".";
            if (data.Status == FindingStatus.Pass)
            {
                return With(
                    data,
                    FindingStatus.Warn,
                    DiagnosisSeverity.Medium,
                    $"The instances that report are healthy, but {joined} Autoscale averages only the instances that report.",
                    lines,
                    "Start the VM or repair its monitoring extension (its message above says why it failed), then check that its data reaches the metrics autoscale reads.",
                    ConditionReasons.MetricUnavailable);
            }

            // A counter the agent does not collect (or cannot: a wrong metric name) silences every instance alike:
            // the verdict already says why, so the per-VM lines stay in the evidence, where the view need not print them.
            if (data.Reason == ConditionReasons.UnsupportedMetric)
            {
                return With(data, evidence: lines);
            }

            // When every silent instance's VM is not running, the VM is the cause: the advice on the extension would point the wrong way.
            var stopped = silent.Count > 0 && agentFailures.Count == 0 && silent.All(x => !x.Vm.IsRunning);
            return With(data, summary: data.Summary + " By VM: " + joined, evidence: lines,
                remediation: stopped ? "Start the stopped or deallocated VMs; their diagnostics data resumes when they run." : null);
        }

        private static string SilentName(string name, VmInstance vm) =>
            name + (string.Equals(name, vm.Name, StringComparison.OrdinalIgnoreCase) ? string.Empty : " (VM " + vm.Name + ")");

        /// <summary>"a, b and c: cause; d: other cause": each distinct cause once, with the names it holds for, at most three causes.</summary>
        private static string ByCause(IEnumerable<(string Name, string Cause)> items, Func<string, int, string, string> line)
        {
            var groups = items.GroupBy(i => i.Cause, StringComparer.Ordinal).ToList();
            var shown = groups.Take(3).Select(g =>
            {
                var names = g.Select(i => i.Name).ToList();
                var list = names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
                return line(list, names.Count, g.Key);
            });
            return string.Join("; ", shown) + (groups.Count > 3 ? $"; and {groups.Skip(3).Sum(g => g.Count())} more" : string.Empty);
        }

        private static bool IsMonitoring(VmExtensionStatus e) =>
            MonitoringExtensionMarks.Any(m => (e.Type ?? string.Empty).IndexOf(m, StringComparison.OrdinalIgnoreCase) >= 0 || e.Name.IndexOf(m, StringComparison.OrdinalIgnoreCase) >= 0);

        /// <summary>Why a VM is silent; <paramref name="named"/> false leaves its name out, so that VMs silent for the same reason are named once, together.</summary>
        private static string Why(VmInstance vm, bool named)
        {
            if (vm.Problem is string problem)
            {
                return problem;
            }

            return $"its VM{(named ? " (" + vm.Name + ")" : string.Empty)} is running and no extension reports a failure, so look inside the VM at the agent's own log";
        }

        private static string Label(VmInstance v) => v.ComputerName != null && !string.Equals(v.ComputerName, v.Name, StringComparison.OrdinalIgnoreCase) ? $"{v.Name} ({v.ComputerName})" : v.Name;

        /// <summary>A copy of a finding with what changed; evidence is appended, never replaced.</summary>
        internal static Finding With(Finding f, string? status = null, string? severity = null, string? summary = null, IEnumerable<string>? evidence = null, string? remediation = null, string? reason = null) => new Finding
        {
            Check = f.Check,
            Step = f.Step,
            Status = status ?? f.Status,
            Severity = severity ?? f.Severity,
            Summary = summary ?? f.Summary,
            Evidence = f.Evidence.Concat(evidence ?? Array.Empty<string>()).ToList(),
            Remediation = remediation ?? f.Remediation,
            Reason = reason ?? f.Reason,
            VMScaleSetName = f.VMScaleSetName,
            ResourceGroupName = f.ResourceGroupName,
            ResourceId = f.ResourceId,
        };
    }
}
