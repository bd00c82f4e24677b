using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;
using VmssAutoscale.Sources.Sampling;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>Where to read samples from: what the rules need (Auto), the diagnostics tables, or Azure Monitor host metrics.</summary>
    public enum DiagnosticsSampleSource
    {
        Auto,
        Tables,
        HostMetrics,
    }

    /// <summary>
    /// The performance data autoscale sees, per instance: guest counters from the WAD/LAD tables
    /// (key-range reads only) and host metrics from Azure Monitor. With -Summary, the health of
    /// that data per instance and a verdict for the scale set.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VmssDiagnosticsSample", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(MetricSample))]
    [OutputType(typeof(DiagnosticsHealth), typeof(DiagnosticsVerdict), ParameterSetName = new[] { NameSet, IdSet })]
    public sealed class GetVmssDiagnosticsSampleCommand : ScaleSetCmdlet
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        private protected override string? TargetSubscription => SubscriptionId;

        /// <summary>Without -StartTime or -Last: the last 30 minutes.</summary>
        public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(30);

        private readonly SecretRedactor redactor = new SecretRedactor();
        private long samplesEmitted;

        /// <summary>Metric names exactly as the rules spell them; default: the metrics of the autoscale rules.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? MetricName { get; set; }

        [Parameter]
        public DateTime? StartTime { get; set; }

        [Parameter]
        public DateTime? EndTime { get; set; }

        /// <summary>The window ending now (or at -EndTime); default 30 minutes.</summary>
        [Parameter]
        [DurationArgument]
        public TimeSpan? Last { get; set; }

        [Parameter]
        public DiagnosticsSampleSource Source { get; set; } = DiagnosticsSampleSource.Auto;

        /// <summary>Autoscale settings to take metric names and the expected resource from (Get-VmssAutoscaleSetting output).</summary>
        [Parameter]
        [SettingArgument]
        public AutoscaleSetting[]? Setting { get; set; }

        /// <summary>The scale set's GET body (path or JSON text), to read offline instead of asking Azure.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ScaleSetModel { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StorageAccountName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public Uri? TableEndpoint { get; set; }

        /// <summary>Never echoed: not in verbose, debug, errors or output.</summary>
        [Parameter]
        [AccessTokenTransformation]
        public SecureString? ConnectionString { get; set; }

        /// <summary>Never echoed: not in verbose, debug, errors or output.</summary>
        [Parameter]
        [AccessTokenTransformation]
        public SecureString? SasToken { get; set; }

        /// <summary>Allow fetching an account key with listKeys when Entra ID is refused.</summary>
        [Parameter]
        public SwitchParameter AllowKeyAccess { get; set; }

        [Parameter]
        public DiagnosticsTableFormat TableFormat { get; set; } = DiagnosticsTableFormat.Auto;

        /// <summary>The WADMetrics aggregation period to read: PT1M (default) or PT1H.</summary>
        [Parameter]
        [DurationArgument]
        public TimeSpan? TransferPeriod { get; set; }

        /// <summary>Instance names as the data spells them (host/computer names for tables, VM names for host metrics): -Summary reports those without data as Missing.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Instance { get; set; }

        [Parameter]
        public SwitchParameter Summary { get; set; }

        [Parameter]
        [DurationArgument]
        public TimeSpan LagTolerance { get; set; } = TimeSpan.FromMinutes(5);

        [Parameter]
        [DurationArgument]
        public TimeSpan SilentAfter { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>
        /// The session opens on first need, not here: with -ConnectionString or -SasToken the tables
        /// can be read without ARM, and a caller who is not signed in must not wait for the
        /// credential chain (see Run).
        /// </summary>
        protected override void BeginProcessing()
        {
        }

        protected override void ProcessRecord()
        {
            var connectionString = Plain(ConnectionString);
            var sas = Plain(SasToken);
            redactor.Add(connectionString);
            redactor.Add(sas);
            try
            {
                Run(connectionString, sas);
            }
            catch (ModuleException e)
            {
                WriteError(Record(e.ErrorId, e.Category, e.Target, redactor.Redact(e.Message)));
            }
            catch (OperationCanceledException) when (Deadline?.Expired == true)
            {
                // The storage table reads take the token directly, not through LiveAzure.Run.
                WriteError(Record(Deadline!.Error("the samples read before it were returned.")));
            }
            catch (ArgumentException e)
            {
                WriteError(Record(ErrorIds.InvalidDiagnosticsQuery, ErrorCategory.InvalidArgument, Target(), redactor.Redact(e.Message)));
            }
            catch (Json.JsonParseException e)
            {
                WriteError(Record(ErrorIds.InvalidScaleSetModel, ErrorCategory.InvalidData, ScaleSetModel, $"The scale set model is not valid JSON: {e.Message}"));
            }
        }

        private void Run(string? connectionString, string? sas)
        {
            if (Snapshot != null || (Summary && connectionString == null && sas == null && ReadsAsDebugDoes))
            {
                RunCollected();
                return;
            }

            var (start, end) = Window();
            var explicitAccess = connectionString != null || sas != null;
            var model = ScaleSetModel != null ? ReadModel(ScaleSetModel) : null;
            string? scaleSetId = ScaleSetIdFromParameters();
            if (ScaleSetModel == null)
            {
                // With -ConnectionString or -SasToken and -MetricName the tables can be read without
                // ARM, but the model still says which tables the extension writes (WAD, LAD 2.3,
                // WADMetrics) and under which resource ID: read it when signed in, and go on without
                // it only when ARM refuses (not signed in, no read access).
                var modelOptional = explicitAccess && MetricName != null && Source != DiagnosticsSampleSource.HostMetrics;
                try
                {
                    azure ??= LiveAzure.Open(this, CancellationToken);
                    if (modelOptional && !SignedIn(azure))
                    {
                        // Probing the whole credential chain off Azure takes seconds per call; a caller with its own
                        // storage access and no sign-in should not wait for it.
                        throw new ModuleException(ErrorIds.NotSignedIn, ErrorCategory.AuthenticationError, "not signed in: no Connect-VmssAutoscale token, Az context or credential environment", Target());
                    }

                    scaleSetId = TargetScaleSetId();
                    Verbose($"Reading the model of {scaleSetId}.");
                    model = azure.Run(ct => azure.Sources.ScaleSets.GetScaleSetJsonAsync(scaleSetId, ct));
                }
                catch (ModuleException e) when (modelOptional && (e.Category == ErrorCategory.AuthenticationError || e.Category == ErrorCategory.PermissionDenied || e.Category == ErrorCategory.ConnectionError))
                {
                    azure = null;
                    scaleSetId = ScaleSetIdFromParameters();

                    // Everything the model would have given was given (-TableFormat and the resource ID): no need to warn.
                    var message = redactor.Redact(ModelSkippedWarning(e.Message));
                    if (TableFormat != DiagnosticsTableFormat.Auto && scaleSetId != null)
                    {
                        WriteVerbose(message);
                    }
                    else
                    {
                        WriteWarning(message);
                    }
                }
            }

            scaleSetId ??= model != null ? Json.JsonParser.Parse(model)["id"]?.ScalarText : null;
            var settings = (IReadOnlyList<AutoscaleSetting>?)Setting;
            if (settings == null && azure != null && scaleSetId != null && (MetricName == null || Summary))
            {
                settings = azure.Run(ct => azure.ScaleSets.SettingsTargetingAsync(scaleSetId, ct));
            }

            settings ??= Array.Empty<AutoscaleSetting>();
            var requests = MetricName != null
                ? SamplePlanner.RequestsFromNames(MetricName, scaleSetId ?? string.Empty)
                : SamplePlanner.RequestsFromSettings(settings, scaleSetId ?? string.Empty);
            if (requests.Count == 0)
            {
                throw new ModuleException(ErrorIds.NoMetricName, ErrorCategory.InvalidArgument,
                    "No metric to read: no autoscale rule targets this scale set. Give -MetricName (e.g. 'Percentage CPU' or '\\Processor(_Total)\\% Processor Time') or -Setting.", Target());
            }

            var plan = Plan(requests, model, scaleSetId);
            var guest = plan.Where(r => r.Kind == SampleKind.DiagnosticsTables).SelectMany(r => r.MetricNames).ToList();

            // The scale set's own metrics are what the diagnostics verdict is about; another resource's metric (a queue) is shown, not judged.
            var metrics = plan.Where(r => r.Kind != SampleKind.ResourceMetrics).SelectMany(r => r.MetricNames).Distinct(StringComparer.Ordinal).ToList();
            var extension = model != null ? DiagnosticsExtensionReader.Read(model) : null;
            if (extension?.ReadProblem != null)
            {
                WriteWarning(extension.ReadProblem);
            }

            var collected = Summary ? new List<MetricSample>() : null;
            var report = new DiagnosticsReadReport();
            var format = DiagnosticsSamplePlanner.ResolveFormat(TableFormat, extension);
            var instances = Instance ?? Array.Empty<string>();
            foreach (var read in plan.Where(r => r.Kind != SampleKind.DiagnosticsTables))
            {
                if (azure == null || scaleSetId == null)
                {
                    throw new ModuleException(ErrorIds.HostMetricsNeedAzure, ErrorCategory.InvalidArgument,
                        $"{(read.Kind == SampleKind.HostMetrics ? "Host metrics" : "Metrics")} ({string.Join(", ", read.MetricNames)}) come from Azure Monitor: give the scale set by name or resource ID without -ScaleSetModel, and sign in (Connect-AzAccount or Connect-VmssAutoscale).", Target());
                }

                Verbose($"Azure Monitor metrics {string.Join(", ", read.MetricNames)} for {read.ResourceId} ({read.Kind}, {read.Namespace}), {start:o} to {end:o}{(read.Kind == SampleKind.ResourceMetrics ? string.Empty : ", split by VMName")} (one request).");
                var monitor = azure.Sources.Metrics.Require(Target());
                IReadOnlyList<MetricSample> samples;
                try
                {
                    samples = azure.Run(ct => monitor.GetMetricsAsync(read.ToQuery(start, end, instances.Length), ct));
                }
                catch (ModuleException e) when (Summary && read.Kind == SampleKind.HostMetrics && model != null && AmaConfiguration.FromModel(model).AgentType != null)
                {
                    // On an Azure Monitor Agent scale set, a guest counter read as a host metric (a rule without its
                    // metricNamespace) is refused by the service; that refusal is what the verdict's AgentReason
                    // explains (MetricNamespaceMissing), so -Summary still gives the verdict.
                    WriteWarning(redactor.Redact(e.Message));
                    continue;
                }

                foreach (var s in samples)
                {
                    Emit(s, collected);
                }
            }

            if (guest.Count > 0)
            {
                if (model != null && extension == null && !explicitAccess && StorageAccountName == null)
                {
                    // Nothing to read: the verdict (or the error) says why.
                    if (!Summary)
                    {
                        throw new ModuleException(ErrorIds.NoDiagnosticsExtension, ErrorCategory.ObjectNotFound,
                            $"The scale set has no diagnostics extension, so no table holds {string.Join(", ", guest)}. Add the WAD or LAD extension, or scale on 'Percentage CPU'.", Target());
                    }
                }
                else
                {
                    ReadTables(guest, start, end, format, extension, scaleSetId, connectionString, sas, instances, report, collected);
                }
            }

            if (collected != null)
            {
                var expected = settings.SelectMany(s => s.Profiles.SelectMany(p => p.Rules).Where(r => guest.Contains(r.MetricName)).Select(r => r.MetricTrigger.MetricResourceUri ?? s.TargetResourceUri)).FirstOrDefault(u => u != null)
                    ?? scaleSetId;
                var verdict = DiagnosticsHealthEvaluator.Evaluate(new DiagnosticsHealthInput
                {
                    ReferenceTime = DiagnosticsSamplePlanner.ReferenceTime(end, DateTime.UtcNow),
                    UsesHostMetrics = guest.Count == 0,
                    ModelRead = model != null,
                    Extension = extension,
                    ReadsAggregateTables = format == DiagnosticsTableFormat.WADMetrics,
                    MetricNames = metrics,
                    ExpectedResourceId = expected,
                    TablesRead = report.TablesRead,
                    TablesMissing = report.TablesMissing,
                    KnownInstances = instances,
                    Samples = collected,
                    LagTolerance = LagTolerance,
                    SilentAfter = SilentAfter,
                    VMScaleSetName = ResourceIds.LastSegment(scaleSetId) ?? NullIfEmpty(VMScaleSetName),
                    ResourceGroupName = ResourceIds.ResourceGroup(scaleSetId) ?? NullIfEmpty(ResourceGroupName),
                    ResourceId = scaleSetId,
                });
                if (model != null && azure != null && scaleSetId != null)
                {
                    var ama = azure.Run(ct => Sources.Reads.DataCollectionRead.ReadConfigurationAsync(azure.Sources.Reads, model, azure.Sources.Log, ct));
                    AmaSummary.Apply(verdict, AmaSummary.Evaluate(model, settings, ama, collected, verdict.ReferenceTime, SilentAfter));
                }

                foreach (var h in verdict.Instances)
                {
                    WriteObject(h);
                }

                WriteObject(verdict);
            }
        }

        /// <summary>The planner's routing, unless -Source forces one: Tables reads every metric from the tables, HostMetrics from Azure Monitor.</summary>
        private IReadOnlyList<PlannedRead> Plan(IReadOnlyList<MetricRequest> requests, string? model, string? scaleSetId)
        {
            var id = scaleSetId ?? string.Empty;
            if (Source != DiagnosticsSampleSource.Auto)
            {
                return new[]
                {
                    new PlannedRead
                    {
                        Kind = Source == DiagnosticsSampleSource.Tables ? SampleKind.DiagnosticsTables : SampleKind.HostMetrics,
                        ResourceId = id,
                        Namespace = Source == DiagnosticsSampleSource.Tables ? string.Empty : SamplePlanner.HostNamespace,
                        MetricNames = requests.Select(r => r.MetricName).Distinct(StringComparer.Ordinal).ToList(),
                    },
                };
            }

            // Without a model (explicit storage access offline) the extension is assumed: the caller pointed at its tables.
            var agents = model != null ? ScaleSetAgents.Of(ScaleSetReader.Read(model, null, (l, z) => null, Array.Empty<string>())) : new ScaleSetAgents { DiagnosticsExtension = true };
            return SamplePlanner.Plan(id, requests, agents);
        }

        private void ReadTables(
            List<string> metrics, DateTime start, DateTime end, DiagnosticsTableFormat format, DiagnosticsConfiguration? extension, string? scaleSetId,
            string? connectionString, string? sas, string[] instances, DiagnosticsReadReport report, List<MetricSample>? collected)
        {
            var partition = extension?.MetricsResourceId ?? scaleSetId;
            if (format == DiagnosticsTableFormat.WADMetrics && partition == null)
            {
                throw new ModuleException(ErrorIds.NoMetricsResourceId, ErrorCategory.InvalidArgument,
                    "WADMetrics rows are keyed by the resource ID the extension writes under: give -ResourceId or -ScaleSetModel.", Target());
            }

            var query = new DiagnosticsTableQuery
            {
                Format = format,
                MetricNames = metrics,
                StartTime = start,
                EndTime = end,
                MetricsResourceId = partition,
                TransferPeriod = DiagnosticsSamplePlanner.TransferPeriod(TransferPeriod),
                EventVolume = extension?.EventVolume,
                HostNames = format == DiagnosticsTableFormat.LAD23 ? instances : Array.Empty<string>(),
            };
            var access = Access(extension, connectionString, sas);
            Verbose($"Reading {format} tables through {access.Describe()} for {string.Join(", ", metrics)}, {start:o} to {end:o}.");
            var backend = DiagnosticsBackendLoader.Backend;
            var before = samplesEmitted;
            try
            {
                Stream(backend.OpenTables(access, azure?.Options), query, report, collected);
            }

            // Only before the first sample: switching credentials halfway would emit some rows twice.
            catch (ModuleException e) when (TableKeyFallback.Applies(e, access, AllowKeyAccess) && samplesEmitted == before && azure != null)
            {
                WriteWarning(redactor.Redact(TableKeyFallback.Warning(access.StorageAccountName!, e)));
                var account = FindAccount(access.StorageAccountName!) ?? throw new ModuleException(ErrorIds.StorageAccountNotFound, ErrorCategory.ObjectNotFound,
                    $"The storage account '{access.StorageAccountName}' is not in subscription {ResourceIds.Subscription(scaleSetId)}; listKeys needs its resource ID.", access.StorageAccountName);
                var log = new SourceLog();
                var keyed = azure.Run(ct => TableKeyFallback.KeyAccessAsync(backend, azure.Options, account, log, redactor.Add, ct));
                Drain(log);
                Stream(backend.OpenTables(keyed, azure.Options), query, new DiagnosticsReadReport(), collected, report);
            }

            Verbose($"{report.Requests} table request(s), {report.RowsReturned} row(s) returned; tables read: {string.Join(", ", report.TablesRead)}; missing: {(report.TablesMissing.Count == 0 ? "none" : string.Join(", ", report.TablesMissing))}.");
            if (report.TablesMissing.Count > 0 && report.TablesRead.Count == 0 && !Summary)
            {
                WriteWarning($"No table of the period exists ({string.Join(", ", report.TablesMissing)}): the extension has not written there. Run with -Summary for the verdict.");
            }
        }

        private void Stream(IDiagnosticsTableSource source, DiagnosticsTableQuery query, DiagnosticsReadReport report, List<MetricSample>? collected, DiagnosticsReadReport? into = null)
        {
            foreach (var s in source.Read(query, report, m => Verbose(m), CancellationToken))
            {
                Emit(s, collected);
            }

            if (into != null)
            {
                into.TablesRead.AddRange(report.TablesRead.Except(into.TablesRead));
                into.TablesMissing.Clear();
                into.TablesMissing.AddRange(report.TablesMissing);
                into.RowsReturned += report.RowsReturned;
                into.Requests += report.Requests;
            }
        }

        /// <summary>
        /// True when nothing given asks for a read the collector does not make (another storage
        /// account or endpoint, a model given offline, a forced source, table format or transfer
        /// period): then -Summary reads live exactly as Debug-VmssAutoscale does.
        /// </summary>
        private bool ReadsAsDebugDoes =>
            ScaleSetModel == null && StorageAccountName == null && TableEndpoint == null && Source == DiagnosticsSampleSource.Auto
            && TableFormat == DiagnosticsTableFormat.Auto && TransferPeriod == null;

        /// <summary>
        /// A bundle, and a live -Summary that asks for nothing else, are read the way
        /// Debug-VmssAutoscale reads them: the same collector over the same source set, with the
        /// window (default the 30 minutes before now or the bundle's collection time) as its sample
        /// period; -MetricName or -Setting read their metrics through the set's sample source.
        /// -Summary judges them with Debug's own verdict (DiagnosticsVerdicts) and agent check, so
        /// the two cannot disagree.
        /// </summary>
        private void RunCollected()
        {
            azure ??= OpenSession();
            var sources = azure.Sources;
            if (!sources.IsSnapshot && AllowKeyAccess)
            {
                sources = sources with { Samples = Capability<IMetricSampleSource>.Of(new LiveSampleSource(azure.Options, sources.Log, null, sources.Metrics.Require(Target()), allowKeyAccess: true)) };
            }

            var id = TargetScaleSetId();
            var (start, end) = Window();

            var options = new DiagnosisOptions { SamplePeriod = end - start, SilentAfter = SilentAfter };
            var collected = azure.Run(ct => new DiagnosisCollector(sources).CollectAsync(id, end, sources.Name, options, Array.Empty<Finding>(), ct)).Input;
            var settings = (IReadOnlyList<AutoscaleSetting>?)Setting ?? collected.Settings;
            var scaleSetId = collected.ScaleSet.ResourceId;
            var requests = MetricName != null ? SamplePlanner.RequestsFromNames(MetricName, scaleSetId) : SamplePlanner.RequestsFromSettings(settings, scaleSetId);
            var samples = MetricName == null && Setting == null
                ? collected.Samples
                : azure.Run(ct => sources.Samples.Require(Target()).ReadSamplesAsync(collected.ScaleSet, collected.ScaleSetJson, requests, start, end, ct));
            var input = collected with { Samples = samples };
            if (!Summary)
            {
                foreach (var sample in samples.Samples)
                {
                    WriteObject(sample);
                }

                return;
            }

            var context = new DiagnosisContext(input);
            var judged = MetricName != null || Setting != null
                ? requests.Where(r => ResourceIds.AreEqual(r.ResourceId, scaleSetId)).Select(r => r.MetricName).Distinct(StringComparer.Ordinal).ToList()
                : null;
            var verdict = DiagnosticsHealthEvaluator.Evaluate(DiagnosticsVerdicts.HealthInput(context, judged, LagTolerance, Instance));
            AmaSummary.Apply(verdict, AmaSummary.Evaluate(context));
            foreach (var h in verdict.Instances)
            {
                WriteObject(h);
            }

            WriteObject(verdict);
        }

        private TableAccess Access(DiagnosticsConfiguration? extension, string? connectionString, string? sas)
        {
            if (connectionString != null)
            {
                return new TableAccess { Authentication = TableAuthentication.ConnectionString, ConnectionString = connectionString };
            }

            var accountName = StorageAccountName ?? extension?.StorageAccount;
            var endpoint = TableEndpoint;
            if (endpoint == null)
            {
                if (accountName == null)
                {
                    throw new ModuleException(ErrorIds.NoStorageAccount, ErrorCategory.InvalidArgument,
                        "The diagnostics extension names no storage account in its public settings. Give -StorageAccountName, -TableEndpoint or -ConnectionString.", Target());
                }

                endpoint = (azure != null ? FindAccount(accountName)?.TableEndpoint : null) ?? new Uri($"https://{accountName}.table.{StorageSuffix()}/");
            }

            return sas != null
                ? new TableAccess { Authentication = TableAuthentication.SharedAccessSignature, TableEndpoint = endpoint, StorageAccountName = accountName, SasToken = sas }
                : new TableAccess { Authentication = TableAuthentication.EntraId, TableEndpoint = endpoint, StorageAccountName = accountName };
        }

        private StorageAccountEndpoint? FindAccount(string accountName)
        {
            var live = azure!;
            var subscription = live.Subscription(ByResourceId ? ResourceId : null, SubscriptionId);
            var log = new SourceLog();
            try
            {
                return live.Run(ct => DiagnosticsBackendLoader.Backend.FindStorageAccountAsync(live.Options, subscription, accountName, log, ct));
            }
            catch (ModuleException e) when (e.Category == ErrorCategory.PermissionDenied)
            {
                // Listing accounts is a convenience (exact endpoint, sovereign clouds); data access may still work.
                Verbose($"Could not look up storage account '{accountName}' ({e.ErrorId}); using its default table endpoint.");
                return null;
            }
            finally
            {
                Drain(log);
            }
        }

        private string StorageSuffix() => AzureClouds.ForResourceManager(azure?.Options.ResourceManagerUrl).StorageSuffix;

        /// <summary>The window, default the 30 minutes before now (a bundle's collection time with -Snapshot); a future -EndTime is kept (the lag is judged against now).</summary>
        private (DateTime Start, DateTime End) Window() => ResolvePeriod(StartTime, EndTime, Last, DefaultWindow, null);


        /// <summary>
        /// Signed in for the optional model read: a Connect-VmssAutoscale token or an Az context, or the
        /// environment of a non-interactive credential (service principal, workload identity, or the
        /// managed identity endpoint Azure Automation and App Service set).
        /// </summary>
        private static bool SignedIn(LiveAzure azure) =>
            azure.CredentialSource != "DefaultCredentialChain"
            || new[] { "AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE", "IDENTITY_ENDPOINT", "MSI_ENDPOINT" }.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));

        private string ModelSkippedWarning(string reason) =>
            $"The scale set model could not be read ({reason}); reading the tables with the storage access given, "
            + (TableFormat == DiagnosticsTableFormat.Auto
                ? "as WADMetrics (give -TableFormat WADPerformanceCounters or LAD23 for the other table formats, or -ScaleSetModel)."
                : $"as {TableFormat}.");

        private string? ScaleSetIdFromParameters()
        {
            if (ByResourceId)
            {
                return ResourceId!.TrimEnd('/');
            }

            return SubscriptionId != null ? ResourceIds.ScaleSetId(SubscriptionId, ResourceGroupName!, VMScaleSetName!) : null;
        }

        private string ReadModel(string value)
        {
            var trimmed = value.TrimStart();
            if (trimmed.StartsWith("{", StringComparison.Ordinal))
            {
                return value;
            }

            var path = ResolveFilePath(value);
            if (!File.Exists(path))
            {
                throw new ModuleException(ErrorIds.ScaleSetModelNotFound, ErrorCategory.ObjectNotFound, $"The scale set model file '{path}' does not exist. Give the path of the scale set's JSON (GET virtualMachineScaleSets) or the JSON text.", path);
            }

            return File.ReadAllText(path);
        }

        private void Emit(MetricSample sample, List<MetricSample>? collected)
        {
            samplesEmitted++;
            if (collected != null)
            {
                collected.Add(sample);
            }
            else
            {
                WriteObject(sample);
            }
        }

        private void Verbose(string message) => WriteVerbose(redactor.Redact(message));

        private void Drain(SourceLog log)
        {
            azure?.Flush();
            SourceSet.Pump(log, Verbose, w => WriteWarning(redactor.Redact(w)));
        }

        private string Target() => ByResourceId ? ResourceId! : $"{ResourceGroupName}/{VMScaleSetName}";

        private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

        private static string? Plain(SecureString? secure)
        {
            if (secure == null || secure.Length == 0)
            {
                return null;
            }

            var ptr = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                return Marshal.PtrToStringUni(ptr);
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }
    }
}
