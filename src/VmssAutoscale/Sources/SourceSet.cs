using System;
using System.Collections.Generic;
using System.Management.Automation;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Errors;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources.Reads;
using VmssAutoscale.Sources.Sampling;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// Every source one command reads, opened once by the base cmdlet: live Azure or one snapshot
    /// bundle behind the same members. The reads every source answers are plain properties; a
    /// read only some sources answer is a <see cref="Capability{T}"/> that is either there or says
    /// why not, so no caller casts a session to learn what it can do. The collector, the read
    /// cmdlets and Export all read through it; ReadRegistry lists what each member reads and
    /// where a bundle keeps it.
    /// </summary>
    /// <remarks>A record: a cmdlet that brings its own samples (-Sample) changes <see cref="Samples"/> with <c>with</c>.</remarks>
    public sealed record SourceSet
    {
        /// <summary>A set from its parts; the capabilities not given are absent. Live and bundle sets come from <see cref="Live"/> and <see cref="FromSnapshot"/>; tests compose their own.</summary>
        public SourceSet(IScaleSetSource scaleSets, ISettingSource settings, IScaleEventSource events, ISubscriptionSource subscriptions, IDeclaredReadSource reads, SourceLog log)
        {
            ScaleSets = scaleSets;
            Settings = settings;
            Events = events;
            Subscriptions = subscriptions;
            Reads = reads;
            Log = log;
            settingLookup = new Lazy<SettingLookup>(() => new SettingLookup(Settings, ResourceGraph.Source, Log));
        }

        private readonly Lazy<SettingLookup> settingLookup;

        /// <summary>
        /// How every cmdlet of this command finds the settings that target a scale set (Resource Graph,
        /// falling back to the subscription's list, shared between scale sets): Debug's collector and
        /// the read cmdlets' ScaleSetInfoService use this one lookup.
        /// </summary>
        public SettingLookup SettingLookup => settingLookup.Value;

        /// <summary>"Live", or "Snapshot" and the bundle's path: what a diagnosis records as its source.</summary>
        public string Name { get; init; } = "Live";

        /// <summary>The bundle; null for live Azure.</summary>
        public SnapshotSource? Snapshot { get; init; }

        public bool IsSnapshot => Snapshot != null;

        /// <summary>Messages of worker threads, written on the pipeline thread by <see cref="Pump"/>.</summary>
        public SourceLog Log { get; }

        /// <summary>HTTP requests sent so far (0 for a bundle).</summary>
        public Func<int> RequestCount { get; init; } = () => 0;

        public IScaleSetSource ScaleSets { get; }

        public ISettingSource Settings { get; }

        /// <summary>Activity-log records.</summary>
        public IScaleEventSource Events { get; }

        public ISubscriptionSource Subscriptions { get; }

        /// <summary>The declared reads of ReadRegistry.ScaleSetReads: fetched live, or the sections a bundle kept.</summary>
        public IDeclaredReadSource Reads { get; }

        /// <summary>Samples of the rules' metrics for a diagnosis.</summary>
        public Capability<IMetricSampleSource> Samples { get; init; } = Capability<IMetricSampleSource>.Absent("No sample source is open.");

        /// <summary>The settings' run history (platform metrics of Microsoft.Insights/autoscalesettings).</summary>
        public Capability<IAutoscaleSettingMetricSource> RunHistory { get; init; } = Absent<IAutoscaleSettingMetricSource>();

        /// <summary>Azure Resource Graph (SettingLookup, fleet mode).</summary>
        public Capability<IResourceGraphSource> ResourceGraph { get; init; } = Absent<IResourceGraphSource>();

        /// <summary>Azure Monitor metrics queried at will (Get-VmssDiagnosticsSample's host metrics).</summary>
        public Capability<IAzureMonitorMetricSource> Metrics { get; init; } = Absent<IAzureMonitorMetricSource>();

        /// <summary>The autoscale resource logs in Log Analytics (Get-VmssAutoscaleRunHistory -IncludeLogs).</summary>
        public Capability<IAutoscaleLogSource> Logs { get; init; } = Absent<IAutoscaleLogSource>();

        /// <summary>Capacity changes (Invoke-VmssManualScale).</summary>
        public Capability<IScaleOperations> Writes { get; init; } = Absent<IScaleOperations>();

        /// <summary>Generic ARM GETs, for reads outside the declared units (e.g. a storage account lookup); live only.</summary>
        public Capability<IArmReader> Arm { get; init; } = Absent<IArmReader>();

        /// <summary>Why a bundle has no Logs capability; a cmdlet may say it before it opens the bundle.</summary>
        public const string NoLogsInSnapshot =
            "-IncludeLogs reads the autoscale logs from a Log Analytics workspace, and snapshots do not carry them. Run without -Snapshot to read them live, or without -IncludeLogs to read the snapshot's run history.";

        /// <summary>Live Azure: the session answers every read and may change capacity.</summary>
        /// <param name="samples">The sample source for diagnoses (LiveSampleSource over the same session).</param>
        public static SourceSet Live(IAzureSession session, IMetricSampleSource samples) =>
            new SourceSet(session, session, session, session, new LiveDeclaredReads(session), session.Log)
            {
                RequestCount = () => session.RequestCount,
                Samples = Capability<IMetricSampleSource>.Of(samples),
                RunHistory = Capability<IAutoscaleSettingMetricSource>.Of(session),
                ResourceGraph = Capability<IResourceGraphSource>.Of(session),
                Metrics = Capability<IAzureMonitorMetricSource>.Of(session),
                Logs = Capability<IAutoscaleLogSource>.Of(session),
                Writes = Capability<IScaleOperations>.Of(session),
                Arm = Capability<IArmReader>.Of(session),
            };

        /// <summary>A bundle: what it kept, and for the rest the reason a bundle cannot answer.</summary>
        public static SourceSet FromSnapshot(SnapshotSource bundle)
        {
            var path = bundle.Snapshot.Path;
            return new SourceSet(bundle, bundle, bundle, bundle, bundle, bundle.Log)
            {
                Name = "Snapshot " + path,
                Snapshot = bundle,
                Samples = Capability<IMetricSampleSource>.Of(bundle),
                RunHistory = Capability<IAutoscaleSettingMetricSource>.Of(bundle),
                ResourceGraph = Capability<IResourceGraphSource>.Absent(
                    $"'{path}' is a snapshot: Azure Resource Graph cannot be queried offline. Run the command against live Azure (without -Snapshot)."),
                Metrics = Capability<IAzureMonitorMetricSource>.Absent(
                    $"'{path}' is a snapshot: it holds the samples it was exported with, and Azure Monitor cannot be queried offline. Run the command against live Azure (without -Snapshot)."),
                Logs = Capability<IAutoscaleLogSource>.Absent(NoLogsInSnapshot),
                Writes = Capability<IScaleOperations>.Absent(
                    $"'{path}' is a snapshot: it can be read, not scaled. Run the command against live Azure (without -Snapshot).", ErrorIds.SnapshotIsReadOnly),
                Arm = Capability<IArmReader>.Absent(
                    $"'{path}' is a snapshot: Azure Resource Manager cannot be asked offline. Run the command against live Azure (without -Snapshot)."),
            };
        }

        /// <summary>Opens a bundle (a folder or its snapshot.json); an unreadable one is an InvalidSnapshot ModuleException.</summary>
        /// <param name="cancellationToken">The command's deadline and Stop, checked while the file is read.</param>
        public static SourceSet OpenSnapshot(string path, System.Threading.CancellationToken cancellationToken = default)
        {
            try
            {
                return FromSnapshot(new SnapshotSource(SnapshotSerializer.Read(path, cancellationToken)));
            }
            catch (SnapshotFormatException e)
            {
                throw new ModuleException(ErrorIds.InvalidSnapshot, ErrorCategory.InvalidData, e.Message, path, e);
            }
        }

        /// <summary>
        /// The one log pump: writes what worker threads queued, on the calling (pipeline) thread.
        /// Every cmdlet drains its source set here, and drains a side log (a storage read's) here too.
        /// </summary>
        public static void Pump(SourceLog log, Action<string> verbose, Action<string> warning)
        {
            foreach (var m in log.Drain())
            {
                if (m.Key == SourceLogLevel.Warning)
                {
                    warning(m.Value);
                }
                else
                {
                    verbose(m.Value);
                }
            }
        }

        public void Pump(Action<string> verbose, Action<string> warning) => Pump(Log, verbose, warning);

        private static Capability<T> Absent<T>()
            where T : class => Capability<T>.Absent("This source cannot answer it.");
    }
}
