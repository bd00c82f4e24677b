using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Gets autoscale settings: from files or JSON text offline, and (live parameter sets) the
    /// settings that target a scale set, one setting by name, or all settings of a resource group
    /// or subscription.
    /// </summary>
    /// <remarks>
    /// The default parameter set is the subscription listing, as for Get-AzAutoscaleSetting: with
    /// no argument the command lists live settings. A positional argument or piped text still
    /// binds -Path, so `Get-VmssAutoscaleSetting ./setting.json` works as before.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "VmssAutoscaleSetting", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(AutoscaleSetting))]
    public sealed class GetVmssAutoscaleSettingCommand : VmssAutoscaleCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string JsonSet = "Json";
        private const string ScaleSetSet = "ByScaleSet";
        private const string ResourceIdSet = "ByResourceId";
        private const string NameSet = "ByName";
        private const string ListSet = "List";
        private LiveAzure? azure;

        /// <summary>Files to read; wildcards allowed. Accepts FullName from Get-ChildItem.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>
        /// JSON text of a setting, a list response, a template or an activity-log profile. Not bound
        /// from the pipeline: piped strings are paths, as for Get-Content.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = JsonSet)]
        [ValidateNotNullOrEmpty]
        public string Json { get; set; } = string.Empty;

        /// <summary>The resource group of the scale set (ByScaleSet), of the setting (ByName), or to list (List).</summary>
        // By-name sets do not bind from the pipeline here: objects that carry ResourceId (ours,
        // Get-AzVmss's Id, an autoscale setting's target) would then match two parameter sets at
        // once and PowerShell would refuse to choose. The resource ID alone identifies the scale set.
        [Parameter(Mandatory = true, ParameterSetName = ScaleSetSet)]
        [Parameter(Mandatory = true, ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ResourceGroupNameCompleter))]
        public string? ResourceGroupName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ScaleSetSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ScaleSetNameCompleter))]
        public string VMScaleSetName { get; set; } = string.Empty;

        /// <summary>The scale set's resource ID; Get-AzVmss objects bind their Id here.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ResourceIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string ResourceId { get; set; } = string.Empty;

        /// <summary>The name of the autoscale setting itself.</summary>
        [Parameter(Mandatory = true, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        [Parameter(ParameterSetName = ScaleSetSet)]
        [Parameter(ParameterSetName = ResourceIdSet)]
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        /// <summary>A snapshot bundle (Export-VmssAutoscaleReport) to read the live parameter sets from instead of Azure.</summary>
        [Parameter(ParameterSetName = ScaleSetSet)]
        [Parameter(ParameterSetName = ResourceIdSet)]
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? Snapshot { get; set; }

        private bool IsLive => ParameterSetName == ScaleSetSet || ParameterSetName == ResourceIdSet || ParameterSetName == NameSet || ParameterSetName == ListSet;

        protected override void EndProcessing() => azure?.Flush();

        // Opened on the first live record, not in BeginProcessing: there the parameter set is still
        // the default one even when piped file paths will select -Path, and an offline read must
        // never sign in or load the Azure assembly.
        private void ProcessLive()
        {
            try
            {
                azure ??= Snapshot != null ? LiveAzure.FromSnapshot(this, CancellationToken, ResolveFilePath(Snapshot)) : LiveAzure.Open(this, CancellationToken);
            }
            catch (ModuleException e)
            {
                ThrowTerminatingError(ModuleErrors.Record(e));
            }

            var live = azure!;
            try
            {
                switch (ParameterSetName)
                {
                    case NameSet:
                        {
                            var subscription = live.Subscription(null, SubscriptionId);
                            var body = live.Run(ct => live.Sources.Settings.GetSettingJsonAsync(subscription, ResourceGroupName!, Name, ct));
                            WriteAll(ScaleSetInfoService.Parse(new[] { body }, live.Sources.Log));
                            break;
                        }

                    case ListSet:
                        {
                            var subscription = live.Subscription(null, SubscriptionId);
                            WriteAll(ScaleSetInfoService.Parse(live.Run(ct => live.Sources.Settings.ListSettingJsonAsync(subscription, ResourceGroupName, ct)), live.Sources.Log));
                            break;
                        }

                    default:
                        {
                            var id = ScaleSetTarget.Id(live, ParameterSetName == ResourceIdSet ? ResourceId : null, ResourceGroupName, VMScaleSetName, SubscriptionId);
                            var settings = live.Run(ct => live.ScaleSets.SettingsTargetingAsync(id, ct));
                            if (settings.Count == 0)
                            {
                                WriteWarning($"No autoscale setting targets the scale set '{ResourceIds.ResourceGroup(id)}/{ResourceIds.LastSegment(id)}' in its subscription: nothing scales it automatically.");
                            }

                            WriteAll(settings);
                            break;
                        }
                }
            }
            catch (ModuleException e)
            {
                WriteError(ModuleErrors.Record(e));
            }

            live.Flush();
        }

        private void WriteAll(IEnumerable<AutoscaleSetting> settings)
        {
            foreach (var s in settings)
            {
                WarnOutOfRange(s);
                WriteObject(s);
            }
        }

        protected override void ProcessRecord()
        {
            if (IsLive)
            {
                ProcessLive();
                return;
            }

            switch (ParameterSetName)
            {
                case JsonSet:
                    Emit(() => SettingDocumentReader.Read(Json, "Json"), "Json");
                    break;
                case LiteralPathSet:
                    foreach (var p in LiteralPath)
                    {
                        ReadFile(GetUnresolvedProviderPathFromPSPath(p));
                    }

                    break;
                default:
                    foreach (var p in Path)
                    {
                        foreach (var file in ResolvePaths(p))
                        {
                            ReadFile(file);
                        }
                    }

                    break;
            }
        }

        private IEnumerable<string> ResolvePaths(string path)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(path))
            {
                return new[] { GetUnresolvedProviderPathFromPSPath(path) };
            }

            try
            {
                var resolved = GetResolvedProviderPathFromPSPath(path, out _);
                if (resolved.Count == 0)
                {
                    Report(ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path, $"No file matches '{path}'. Check the path and the wildcard.");
                }

                return resolved;
            }
            catch (ItemNotFoundException)
            {
                Report(ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path, $"No file matches '{path}'. Check the path and the wildcard.");
                return new string[0];
            }
        }

        private void ReadFile(string file)
        {
            if (Directory.Exists(file))
            {
                Report(ErrorIds.PathIsDirectory, ErrorCategory.InvalidArgument, file, $"'{file}' is a folder. Give the path of a JSON file (a setting, a list response or a template).");
                return;
            }

            if (!File.Exists(file))
            {
                Report(ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, file, $"The file '{file}' does not exist. Check the path.");
                return;
            }

            WriteVerbose($"Reading autoscale settings from '{file}'.");
            Emit(() => SettingDocumentReader.Read(File.ReadAllText(file), file), file);
        }

        private void Emit(System.Func<IReadOnlyList<AutoscaleSetting>> read, string source)
        {
            IReadOnlyList<AutoscaleSetting> settings;
            try
            {
                settings = read();
            }
            catch (AutoscaleFormatException e)
            {
                Report(ErrorIds.InvalidAutoscaleSetting, ErrorCategory.InvalidData, source, $"'{source}' is not a valid autoscale setting: {e.Message}. Fix the value at that JSON path.", e);
                return;
            }

            if (settings.Count == 0)
            {
                WriteWarning($"'{source}' holds no autoscale setting.");
            }

            foreach (var setting in settings)
            {
                WarnOutOfRange(setting);
                WriteObject(setting);
            }
        }

        /// <summary>Said when the setting is read: what the service would refuse (see SettingRanges).</summary>
        private void WarnOutOfRange(AutoscaleSetting setting)
        {
            foreach (var problem in SettingRanges.Problems(setting))
            {
                WriteWarning($"Autoscale setting '{setting.Name}', {problem}.");
            }
        }
    }
}
