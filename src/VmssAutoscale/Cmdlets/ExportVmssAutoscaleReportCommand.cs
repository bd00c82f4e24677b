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
        public string? SubscriptionId { get; set; }

        private protected override string? TargetSubscription => SubscriptionId;

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

            // The diagnosis and the report's charts use the periods Debug-VmssAutoscale uses, also on a
            // re-export: what the new bundle keeps beyond them comes from the source as it is (Kept).
            var options = new DiagnosisOptions { SamplePeriod = SamplePeriod, EventPeriod = EventPeriod, LoadedCoresPerInstance = LoadedCoresPerInstance };
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
            var kept = Kept(collected);
            raw.Add(collected.Raw with { ActivityLog = kept.ActivityLog, Samples = kept.Samples, Findings = result.Diagnosis.Findings });
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
                ModuleVersion = HtmlReport.CurrentModuleVersion,
                CollectedAt = now,
                WindowStart = WindowStart(now),
                WindowEnd = now,
                Description = source?.Description,
                ScaleSets = raw,
                AutoscaleSettings = settings.Values.ToList(),
                Template = template ?? source?.Template,
                TemplateFileName = TemplatePath != null ? System.IO.Path.GetFileName(TemplatePath) : source?.TemplateFileName,
            };
            try
            {
                // Whole or not at all: both files under temporary names first, then renamed into place.
                using var bundle = new BundleWriter(dir);
                bundle.Write(Reports.Snapshot.FileName, w => SnapshotSerializer.Write(snapshot, w));
                bundle.Write("report.html", w => w.Write(HtmlReport.Render(results, snapshot.Description, source?.ModuleVersion)));
                bundle.Commit();
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
        /// The samples and activity log the bundle keeps for one scale set. Read live, they are what
        /// the diagnosis read. Re-exported, they come from the source bundle: all of them unless
        /// -SamplePeriod or -EventPeriod is given (the defaults suit a live collection, not a bundle
        /// that already holds what support asked for), and the samples of every metric, not only the
        /// rules'. The source's samples are handed to the writer as the compact store they were read
        /// into, so no per-sample record is kept for them: a bundle of millions of samples re-exports
        /// in about the memory Debug-VmssAutoscale -Snapshot takes on it.
        /// </summary>
        private (IReadOnlyList<MetricSample> Samples, IReadOnlyList<JsonNode> ActivityLog) Kept(CollectedScaleSet collected)
        {
            var source = Runner.SnapshotSource?.Snapshot.ScaleSets.FirstOrDefault(s => ResourceIds.AreEqual(s.ResourceId, collected.Raw.ResourceId));
            if (source == null)
            {
                return (collected.Raw.Samples, collected.Raw.ActivityLog);
            }

            var samples = source.Samples;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(SamplePeriod)))
            {
                var start = Runner.Now - SamplePeriod;
                var end = Runner.Now;
                samples = source.Samples is SampleStore store
                    ? store.InTimeOrder(i => store.TimestampAt(i) >= start && store.TimestampAt(i) < end)
                    : source.Samples.Where(x => x.Timestamp >= start && x.Timestamp < end).OrderBy(x => x.Timestamp).ToList();
            }

            var activityLog = MyInvocation.BoundParameters.ContainsKey(nameof(EventPeriod)) ? collected.Raw.ActivityLog : source.ActivityLog;
            return (samples, activityLog);
        }

        /// <summary>
        /// Start of the period the bundle covers: the periods before the reference time, or earlier
        /// when a re-export kept older samples or the source's own window started earlier.
        /// </summary>
        private DateTime WindowStart(DateTime now)
        {
            var start = now - (SamplePeriod > EventPeriod ? SamplePeriod : EventPeriod);
            if (Runner.SnapshotSource?.Snapshot is Reports.Snapshot source
                && !(MyInvocation.BoundParameters.ContainsKey(nameof(SamplePeriod)) && MyInvocation.BoundParameters.ContainsKey(nameof(EventPeriod)))
                && source.WindowStart < start)
            {
                start = source.WindowStart;
            }

            foreach (var set in raw)
            {
                if (set.Samples is SampleStore store)
                {
                    for (var i = 0; i < store.Count; i++)
                    {
                        var t = store.TimestampAt(i);
                        start = t < start ? t : start;
                    }
                }
                else if (set.Samples.Count > 0)
                {
                    var t = set.Samples.Min(x => x.Timestamp);
                    start = t < start ? t : start;
                }
            }

            return start;
        }
    }
}
