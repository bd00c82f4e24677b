using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Writes a support bundle for one or more scale sets: snapshot.json (the scale set model,
    /// autoscale settings, scale events, samples, findings and the template, every secret
    /// redacted) and report.html (self-contained, with charts). What the troubleshooting guide
    /// asks to share with support, and what -Snapshot reads back offline.
    /// </summary>
    [Cmdlet(VerbsData.Export, "VmssAutoscaleReport", DefaultParameterSetName = NameSet, SupportsShouldProcess = true)]
    [OutputType(typeof(ReportBundle))]
    public sealed class ExportVmssAutoscaleReportCommand : DiagnosisCmdlet
    {
        private readonly List<DiagnosisResult> results = new List<DiagnosisResult>();
        private readonly List<SnapshotScaleSet> raw = new List<SnapshotScaleSet>();
        private readonly Dictionary<string, JsonNode> settings = new Dictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The folder to write the bundle into (created when missing).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        // One position further than the other cmdlets': -Path comes first.
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SnapshotSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ResourceGroupNameCompleter))]
        public override string? ResourceGroupName { get; set; }

        [Parameter(Mandatory = true, Position = 2, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SnapshotSet)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ScaleSetNameCompleter))]
        public override string? VMScaleSetName { get; set; }

        /// <summary>Re-export from an existing bundle (e.g. to refresh report.html with a newer module).</summary>
        [Parameter(Mandatory = true, ParameterSetName = SnapshotSet)]
        [Parameter(ParameterSetName = IdSet)]
        [ValidateNotNullOrEmpty]
        public override string? Snapshot { get; set; }

        [Parameter(ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public override string? SubscriptionId { get; set; }

        /// <summary>Overwrite snapshot.json and report.html when the folder already has them.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            if (Snapshot != null && BundleFolders.Inside(ResolveFilePath(Path), ResolveFilePath(Snapshot)) is string source)
            {
                Fail(ErrorIds.PathInsideSource, ErrorCategory.InvalidArgument, Path,
                    $"-Path '{ResolveFilePath(Path)}' is inside the bundle being re-exported ('{source}'); writing there would overwrite or mix with the source. Give a -Path outside it.");
            }

            base.BeginProcessing();
        }

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

            var options = new DiagnosisOptions { SamplePeriod = ReExportPeriod(SamplePeriod, nameof(SamplePeriod)), EventPeriod = ReExportPeriod(EventPeriod, nameof(EventPeriod)), LoadedCoresPerInstance = LoadedCoresPerInstance };
            try
            {
                foreach (var (id, collected, result, error) in r.Run(ids, options, FindingsOfTemplate, 4, progress: ids.Count > 1))
                {
                    Keep(id, collected, result, error);
                }
            }
            catch (ModuleException e) when (e.ErrorId == ErrorIds.CommandTimeout)
            {
                // Not terminating: EndProcessing still writes the bundle of the scale sets diagnosed in time.
                TimedOut = true;
                WriteError(Record(e));
            }
        }

        /// <summary>Keeps one scale set's diagnosis and raw data for the bundle, or reports why there is none.</summary>
        private void Keep(string id, CollectedScaleSet? collected, DiagnosisResult? result, Exception? error)
        {
            if (error != null || result == null || collected == null)
            {
                WriteError(DiagnosisRunner.Error(id, error ?? new InvalidOperationException("no result")));
                return;
            }

            results.Add(result);
            raw.Add(new SnapshotScaleSet
            {
                ResourceId = collected.Raw.ResourceId,
                Model = collected.Raw.Model,
                InstanceView = collected.Raw.InstanceView,
                VmSizes = collected.Raw.VmSizes,
                ActivityLog = collected.Raw.ActivityLog,
                Samples = collected.Raw.Samples,
                SampleSource = collected.Raw.SampleSource,
                TablesRead = collected.Raw.TablesRead,
                TablesMissing = collected.Raw.TablesMissing,
                VirtualMachines = collected.Raw.VirtualMachines,
                AvailabilityStatus = collected.Raw.AvailabilityStatus,
                ServiceHealthEvents = collected.Raw.ServiceHealthEvents,
                ServiceMetrics = collected.Raw.ServiceMetrics,
                DataCollectionRuleAssociations = collected.Raw.DataCollectionRuleAssociations,
                DataCollectionRules = collected.Raw.DataCollectionRules,
                Findings = result.Diagnosis.Findings,
            });
            foreach (var body in collected.SettingBodies)
            {
                settings[body["id"]?.StringValue ?? body["name"]?.StringValue ?? Guid.NewGuid().ToString()] = body;
            }
        }

        protected override void EndProcessing()
        {
            if (results.Count == 0)
            {
                return;
            }

            var dir = ResolveFilePath(Path);
            var snapshotPath = System.IO.Path.Combine(dir, Reports.Snapshot.FileName);
            var reportPath = System.IO.Path.Combine(dir, "report.html");
            if (!Force && (File.Exists(snapshotPath) || File.Exists(reportPath)))
            {
                Fail(ErrorIds.BundleExists, ErrorCategory.ResourceExists, dir, $"'{dir}' already holds a bundle. Give another -Path, or -Force to overwrite it.");
            }

            if (!ShouldProcess(dir, $"Write {Reports.Snapshot.FileName} and report.html for {string.Join(", ", results.Select(x => x.Diagnosis.VMScaleSetName))}"))
            {
                return;
            }

            var now = Runner.Now;
            JsonNode? template = null;
            if (TemplatePath != null)
            {
                try
                {
                    template = JsonParser.Parse(File.ReadAllText(ResolveFilePath(TemplatePath)));
                }
                catch (Exception e) when (e is IOException || e is JsonParseException || e is UnauthorizedAccessException)
                {
                    WriteWarning($"The template '{TemplatePath}' is not included in the bundle: {e.Message}");
                }
            }

            var source = Runner.SnapshotSource?.Snapshot;
            var snapshot = new Reports.Snapshot
            {
                ModuleVersion = typeof(ExportVmssAutoscaleReportCommand).Assembly.GetName().Version?.ToString(3) ?? string.Empty,
                CollectedAt = now,
                WindowStart = now - (SamplePeriod > EventPeriod ? SamplePeriod : EventPeriod),
                WindowEnd = now,
                Description = source?.Description,
                ScaleSets = raw,
                AutoscaleSettings = settings.Values.ToList(),
                Template = template ?? source?.Template,
                TemplateFileName = TemplatePath != null ? System.IO.Path.GetFileName(TemplatePath) : source?.TemplateFileName,
            };
            try
            {
                SnapshotSerializer.Write(snapshot, dir);
                File.WriteAllText(reportPath, HtmlReport.Render(results, snapshot.Description, snapshot.ModuleVersion), new UTF8Encoding(false));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Fail(ErrorIds.BundleWriteFailed, ErrorCategory.WriteError, dir, $"Could not write the bundle to '{dir}': {e.Message}", e);
            }

            WriteObject(new ReportBundle
            {
                Path = dir,
                SnapshotPath = snapshotPath,
                ReportPath = reportPath,
                VMScaleSetName = results.Select(x => x.Diagnosis.VMScaleSetName).ToList(),
                CollectedAt = now,
                FailCount = results.Sum(x => x.Diagnosis.FailCount),
                WarnCount = results.Sum(x => x.Diagnosis.WarnCount),
            });
        }

        /// <summary>
        /// Re-exporting a bundle keeps all of it unless a period is given: the defaults (1 h of samples,
        /// 24 h of events) suit a live collection, not a bundle that already holds what support asked for.
        /// </summary>
        private TimeSpan ReExportPeriod(TimeSpan given, string parameter)
        {
            var source = Runner.SnapshotSource?.Snapshot;
            if (source == null || MyInvocation.BoundParameters.ContainsKey(parameter))
            {
                return given;
            }

            var earliest = source.ScaleSets.SelectMany(s => s.Samples).Select(x => x.Timestamp).DefaultIfEmpty(Runner.Now).Min();
            var whole = Runner.Now - (earliest < source.WindowStart ? earliest : source.WindowStart) + TimeSpan.FromMinutes(1);
            return whole > given ? whole : given;
        }

    }
}
