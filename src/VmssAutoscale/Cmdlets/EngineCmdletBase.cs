using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Engine;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// The inputs Test-VmssAutoscaleThreshold and Invoke-VmssAutoscaleSimulation share: the
    /// setting (pipeline or -Path), the samples (-Sample, -SamplePath, or objects piped in with
    /// Instance, Timestamp, MetricName and Value bound by property name) and the engine options.
    /// </summary>
    public abstract class EngineCmdletBase : VmssAutoscaleCmdlet
    {
        private readonly List<AutoscaleSetting> settings = new List<AutoscaleSetting>();
        private readonly SampleInput pipedSamples = new SampleInput();
        private int badSamples;
        private int wrongShape;
        private object? firstWrongShape;

        /// <summary>The autoscale setting, typically piped from Get-VmssAutoscaleSetting.</summary>
        [Parameter(ValueFromPipeline = true)]
        [SettingArgument]
        public AutoscaleSetting? Setting { get; set; }

        /// <summary>A file holding the autoscale setting (a setting, a list response or an ARM template).</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Sample objects with Instance, Timestamp, MetricName and Value (Import-Csv output works).</summary>
        [Parameter]
        public object[]? Sample { get; set; }

        /// <summary>A CSV file of samples with the columns Instance, Timestamp, MetricName and Value, read natively.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SamplePath { get; set; }

        /// <summary>Bound by property name from piped samples.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public object? Instance { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public object? Timestamp { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public object? MetricName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public object? Value { get; set; }

        /// <summary>Bound by property name from piped samples: the resource the metric belongs to (empty: the setting's target).</summary>
        /// <remarks>Virtual so that a cmdlet that also reads a scale set by ID shows it (PowerShell binds the most derived declaration).</remarks>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public virtual object? ResourceId { get; set; }

        /// <summary>Bound by property name from piped samples: the metric namespace (empty: the resource's default).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public object? Namespace { get; set; }

        /// <summary>Bound by property name from piped samples that aggregate several raw values.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public object? Minimum { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public object? Maximum { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public object? Count { get; set; }

        /// <summary>
        /// Every piped object, so that one that is neither a setting nor a sample (wrong shape) is
        /// caught and refused with one error naming what was expected and found, instead of a
        /// binding error per object and then a decision made without data.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>When the last scale action (either direction) started; cooldowns run from it.</summary>
        [Parameter]
        [ValidateEngineTime]
        public DateTime? LastScaleActionTime { get; set; }

        /// <summary>
        /// The direction of the action at -LastScaleActionTime (Increase or Decrease). Only -Option
        /// CooldownMode LastFiredRule reads it: the cooldown of the rule that fired last applies.
        /// </summary>
        [Parameter]
        [ValidateSet("Increase", "Decrease")]
        public string? LastScaleActionDirection { get; set; }

        /// <summary>-LastScaleActionDirection as the engine reads it (ValidateSet has checked the name).</summary>
        protected ScaleDirection? LastDirection => EnumNames.Match<ScaleDirection>(LastScaleActionDirection);

        /// <summary>When the autoscale setting was last updated: an update after the last scale action clears every rule's cooldown.</summary>
        [Parameter]
        [ValidateEngineTime]
        public DateTime? LastSettingUpdateTime { get; set; }

        [Parameter]
        [ValidateRange(1, 1024)]
        public int? CoresPerInstance { get; set; }

        [Parameter]
        [ValidateRange(0, 1024)]
        public int? LoadedCoresPerInstance { get; set; }

        /// <summary>Overrides EngineOptions.IngestionLag.</summary>
        [Parameter]
        [DurationArgument]
        public TimeSpan? IngestionLag { get; set; }

        /// <summary>Every open choice of the engine; see about_VmssAutoscale_Engine.</summary>
        [Parameter]
        public EngineOptions? Option { get; set; }

        protected IReadOnlyList<AutoscaleSetting> Settings => settings;

        protected override void ProcessRecord()
        {
            if (Setting != null)
            {
                settings.Add(Setting);
                Setting = null;
            }

            else if (Instance != null && Timestamp != null && MetricName != null && Value != null)
            {
                var extra = new SampleColumns(ResourceId, Namespace, Minimum, Maximum, Count);
                AddSample(() => pipedSamples.Add(Instance, Timestamp, MetricName, Value, extra));
            }
            else if (InputObject?.BaseObject is System.Collections.IDictionary dict && SampleProperties.All(n => dict.Keys.Cast<object>().Any(k => string.Equals(k?.ToString(), n, StringComparison.OrdinalIgnoreCase))))
            {
                // A hashtable's keys do not bind by property name; read it as -Sample does.
                AddSample(() => pipedSamples.AddObject(dict));
            }
            else if (InputObject != null)
            {
                wrongShape++;
                firstWrongShape ??= InputObject;
            }

            // A piped setting binds ResourceId too; nothing bound for one record may leak into the next.
            Instance = Timestamp = MetricName = Value = ResourceId = Namespace = Minimum = Maximum = Count = null;
            InputObject = null;
        }

        /// <summary>The properties a piped sample needs, in the order the message names them.</summary>
        private static readonly string[] SampleProperties = { "Instance", "Timestamp", "MetricName", "Value" };

        /// <summary>One terminating error for every piped object that was neither a setting nor a sample: no decision is made from a partial input.</summary>
        private void RefuseWrongShape()
        {
            if (wrongShape == 0)
            {
                return;
            }

            var ps = firstWrongShape as PSObject ?? PSObject.AsPSObject(firstWrongShape!);
            var found = ps.BaseObject is System.Collections.IDictionary dict
                ? dict.Keys.Cast<object>().Select(k => k?.ToString() ?? string.Empty).ToList()
                : ps.Properties.Select(p => p.Name).ToList();
            var missing = SampleProperties.Where(n => !found.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
            var shown = found.Count == 0 ? "none" : string.Join(", ", found.Take(12)) + (found.Count > 12 ? $", ... ({found.Count} in all)" : string.Empty);
            var what = ps.BaseObject is string ? "a string" : $"a {ps.BaseObject.GetType().Name}";
            Fail(ErrorIds.PipedInputNotSample, ErrorCategory.InvalidArgument, firstWrongShape,
                $"{wrongShape} piped object(s) are neither an autoscale setting nor a metric sample, so no decision was made. " +
                $"A sample needs the properties {string.Join(", ", SampleProperties)}; the first object ({what}) has: {shown} " +
                $"(missing: {string.Join(", ", missing)}). Pipe Get-VmssDiagnosticsSample or Import-Csv output, or rename the properties with Select-Object.");
        }

        /// <summary>Reads -Path, checks that exactly one setting source and at most one sample source were used.</summary>
        protected void ResolveInputs()
        {
            RefuseWrongShape();

            if (LastScaleActionDirection != null && LastScaleActionTime == null)
            {
                Fail(ErrorIds.DirectionWithoutTime, ErrorCategory.InvalidArgument, LastScaleActionDirection,
                    "-LastScaleActionDirection says which way the last scale action went; give its time with -LastScaleActionTime too.");
            }

            if (LoadedCoresPerInstance > CoresPerInstance)
            {
                // Otherwise the core check finds nothing to say and the mistake goes unnoticed.
                Fail(ErrorIds.InvalidCoreCount, ErrorCategory.InvalidArgument, LoadedCoresPerInstance,
                    $"-LoadedCoresPerInstance {LoadedCoresPerInstance} is more than -CoresPerInstance {CoresPerInstance}: an instance cannot keep more cores busy than it has.");
            }

            if (Path != null)
            {
                if (settings.Count > 0)
                {
                    Fail(ErrorIds.SettingTwice, ErrorCategory.InvalidArgument, Path, "Give the autoscale setting either from the pipeline or with -Path, not both.");
                }

                foreach (var file in ResolveFiles(Path, nameof(Path)))
                {
                    if (!File.Exists(file))
                    {
                        Fail(ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, file, $"The setting file '{file}' does not exist. Check -Path.");
                    }

                    try
                    {
                        var read = SettingDocumentReader.Read(File.ReadAllText(file), file);
                        settings.AddRange(read);
                        WarnDefects(read);
                    }
                    catch (AutoscaleFormatException e)
                    {
                        Fail(ErrorIds.InvalidAutoscaleSetting, ErrorCategory.InvalidData, file, $"'{file}' is not a valid autoscale setting: {e.Message}. Fix the value at that JSON path.", e);
                    }
                }
            }

            if (settings.Count == 0)
            {
                settings.AddRange(SettingsFromScaleSet());
            }

            if (settings.Count == 0)
            {
                Fail(ErrorIds.SettingRequired, ErrorCategory.InvalidArgument, null, "No autoscale setting was given. Pipe Get-VmssAutoscaleSetting output into this command or use -Path with a setting or template file.");
            }

            // The engine cannot reason about a range that is empty or does not hold its default: refuse it
            // rather than decide something the service would never have accepted.
            foreach (var setting in settings)
            {
                if (SettingGuard.Problem(setting) is string problem)
                {
                    Fail(ErrorIds.InvalidAutoscaleSetting, ErrorCategory.InvalidData, setting.Name, $"The autoscale setting '{setting.Name}' cannot be evaluated: {problem}. The service refuses such a setting; fix the capacity.");
                }
            }

            var sources = (Sample != null ? 1 : 0) + (SamplePath != null ? 1 : 0) + (pipedSamples.Count > 0 || badSamples > 0 ? 1 : 0);
            if (sources > 1)
            {
                Fail(ErrorIds.SamplesTwice, ErrorCategory.InvalidArgument, null, "Give the samples one way: -Sample, -SamplePath, or objects piped in, not several.");
            }

            if (sources == 0 && !ReadsScaleSet)
            {
                // Without samples every rule lacks data; an answer at "now" would look like a verdict on nothing.
                FailWithoutSamples("none were given");
            }

            if (Sample != null)
            {
                foreach (var item in Sample)
                {
                    AddSample(() => pipedSamples.AddObject(item));
                }
            }
        }

        /// <summary>The settings of the scale set a cmdlet reads (live or from a bundle) when none was given; none by default.</summary>
        protected virtual IEnumerable<AutoscaleSetting> SettingsFromScaleSet() => Array.Empty<AutoscaleSetting>();

        /// <summary>The cmdlet reads the setting and samples of a scale set (live or a bundle) when none are given.</summary>
        protected virtual bool ReadsScaleSet => false;

        /// <summary>Samples were given (-Sample, -SamplePath or piped), so none are read from a scale set.</summary>
        protected bool SamplesGiven => Sample != null || SamplePath != null || pipedSamples.Count > 0 || badSamples > 0;

        /// <summary>The error for a command that has no samples to evaluate: it names the ways to give them.</summary>
        protected void FailWithoutSamples(string why)
        {
            var name = MyInvocation.MyCommand.Name;
            Fail(ErrorIds.SamplesRequired, ErrorCategory.InvalidArgument, SamplePath,
                $"{name} needs metric samples, and {why}. Give them with -SamplePath <file.csv> (columns Instance, Timestamp, MetricName, Value), " +
                $"with -Sample <objects>, or from the pipeline: Get-VmssDiagnosticsSample -ResourceGroupName <rg> -VMScaleSetName <name> | {name} ..., " +
                $"Get-VmssDiagnosticsSample -Snapshot <bundle> ... | {name} ..., or Import-Csv samples.csv | {name} ....");
        }

        /// <summary>
        /// Samples given as objects (-Sample or the pipeline), in time order. Objects carry no order
        /// a user wrote (Get-VmssDiagnosticsSample's table reads come grouped by table partition),
        /// so sorting them is said on the verbose stream only; a CSV file out of order still warns
        /// with its line numbers, because there the order is the file's.
        /// </summary>
        protected IReadOnlyList<SampleRecord> ObjectSamples()
        {
            if (pipedSamples.WasUnsorted)
            {
                WriteVerbose("The samples were not in time order; they were sorted by Timestamp.");
            }

            return pipedSamples.Sorted();
        }

        protected EngineOptions EffectiveOptions()
        {
            var options = (Option ?? EngineOptions.Default).Clone();
            if (IngestionLag is TimeSpan lag)
            {
                options.IngestionLag = lag;
            }

            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Fail(ErrorIds.InvalidOption, ErrorCategory.InvalidArgument, options, e.Message, e);
            }

            return options;
        }

        /// <summary>
        /// Said when a setting is read from -Path: what the documentation calls invalid (Model/SettingDefects).
        /// A piped setting was read, and warned about, by Get-VmssAutoscaleSetting.
        /// </summary>
        private void WarnDefects(IEnumerable<AutoscaleSetting> read)
        {
            foreach (var setting in read)
            {
                foreach (var defect in SettingDefects.Find(setting))
                {
                    WriteWarning($"Autoscale setting '{setting.Name}', {defect.Message}. The engine evaluates it as written. {defect.Fix}");
                }
            }
        }

        /// <summary>Warns about rule metrics that no sample has, naming what the samples do have.</summary>
        protected void WarnMissingMetrics(IEnumerable<AutoscaleSetting> all, ICollection<string> seen)
        {
            if (seen.Count == 0)
            {
                return;
            }

            foreach (var name in all.SelectMany(s => s.Profiles).SelectMany(p => p.Rules).Select(r => r.MetricName).Distinct(StringComparer.Ordinal))
            {
                if (seen.Contains(name))
                {
                    continue;
                }

                var caseOnly = seen.FirstOrDefault(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase));
                var hint = caseOnly != null
                    ? $" '{caseOnly}' differs only in case: the rule's metricName must match the recorded counter name exactly."
                    : $" The samples have: {string.Join(", ", seen.Take(10).Select(s => "'" + s + "'"))}.";
                WriteWarning($"No sample has the MetricName '{name}' that a rule uses, so that rule has no data.{hint}");
            }
        }

        /// <summary>The failures that come from the user's input or files, reported as ErrorRecords rather than stack traces.</summary>
        protected static bool IsInputError(Exception e) =>
            e is TimeZoneNotFoundException || e is InvalidTimeZoneException || e is SampleOrderException || e is SampleFormatException
            || e is IOException || e is UnauthorizedAccessException;

        protected void FailOnEngineError(Exception e)
        {
            switch (e)
            {
                case TimeZoneNotFoundException tz:
                    Fail(ErrorIds.UnknownTimeZone, ErrorCategory.InvalidData, null, tz.Message, tz);
                    break;
                case InvalidTimeZoneException itz:
                    Fail(ErrorIds.UnknownTimeZone, ErrorCategory.InvalidData, null, itz.Message, itz);
                    break;
                case SampleOrderException order:
                    Fail(ErrorIds.UnsortedSamples, ErrorCategory.InvalidData, SamplePath, order.Message, order);
                    break;
                case SampleFormatException format:
                    Fail(ErrorIds.InvalidSample, ErrorCategory.InvalidData, SamplePath, $"A sample in '{SamplePath}' cannot be read: {format.Message}.", format);
                    break;
                case IOException io:
                    Fail(ErrorIds.SampleFileUnreadable, ErrorCategory.ReadError, SamplePath, $"Cannot read '{SamplePath}': {io.Message}", io);
                    break;
                case UnauthorizedAccessException ua:
                    Fail(ErrorIds.SampleFileUnreadable, ErrorCategory.PermissionDenied, SamplePath, $"Cannot read '{SamplePath}': {ua.Message}", ua);
                    break;
            }
        }

        /// <summary>The -SamplePath file, resolved and checked.</summary>
        protected string SampleFile()
        {
            var files = ResolveFiles(SamplePath!, nameof(SamplePath));
            if (files.Count > 1)
            {
                Fail(ErrorIds.AmbiguousSamplePath, ErrorCategory.InvalidArgument, SamplePath,
                    $"'{SamplePath}' matches {files.Count} files, but -SamplePath reads one CSV. Name one file, or pipe several: Get-ChildItem <pattern> | Import-Csv | Sort-Object {{ [datetime]$_.Timestamp }}.");
            }

            var file = files[0];
            if (!File.Exists(file))
            {
                Fail(ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, file, $"The sample file '{file}' does not exist. Check -SamplePath.");
            }

            return file;
        }

        /// <summary>
        /// A -Path or -SamplePath argument resolved as PowerShell's own cmdlets do: wildcards expand
        /// (and must match something), a literal path is taken against the current location.
        /// </summary>
        private IReadOnlyList<string> ResolveFiles(string path, string parameter)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(path))
            {
                return new[] { ResolveFilePath(path) };
            }

            Collection<string> matches;
            try
            {
                matches = GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException)
            {
                matches = new Collection<string>();
            }

            if (matches.Count == 0)
            {
                Fail(ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path, $"No file matches '{path}' (-{parameter}). Check the path and the wildcard.");
            }

            return matches;
        }

        private void AddSample(Action add)
        {
            try
            {
                add();
            }
            catch (SampleFormatException e)
            {
                badSamples++;
                Report(ErrorIds.InvalidSample, ErrorCategory.InvalidData, e.Line, $"Sample {e.Message}; the sample was skipped.", e);
            }
        }
    }
}
