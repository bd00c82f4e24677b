using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Gets autoscale settings: from files or JSON text offline, and (live parameter sets) the
    /// settings that target a scale set.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VmssAutoscaleSetting", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AutoscaleSetting))]
    public sealed class GetVmssAutoscaleSettingCommand : VmssAutoscaleCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string JsonSet = "Json";

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

        protected override void ProcessRecord()
        {
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
                    Report("PathNotFound", ErrorCategory.ObjectNotFound, path, $"No file matches '{path}'. Check the path and the wildcard.");
                }

                return resolved;
            }
            catch (ItemNotFoundException)
            {
                Report("PathNotFound", ErrorCategory.ObjectNotFound, path, $"No file matches '{path}'. Check the path and the wildcard.");
                return new string[0];
            }
        }

        private void ReadFile(string file)
        {
            if (Directory.Exists(file))
            {
                Report("PathIsDirectory", ErrorCategory.InvalidArgument, file, $"'{file}' is a folder. Give the path of a JSON file (a setting, a list response or a template).");
                return;
            }

            if (!File.Exists(file))
            {
                Report("FileNotFound", ErrorCategory.ObjectNotFound, file, $"The file '{file}' does not exist. Check the path.");
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
                Report("InvalidAutoscaleSetting", ErrorCategory.InvalidData, source, $"'{source}' is not a valid autoscale setting: {e.Message}. Fix the value at that JSON path.", e);
                return;
            }

            if (settings.Count == 0)
            {
                WriteWarning($"'{source}' holds no autoscale setting.");
            }

            foreach (var setting in settings)
            {
                WriteObject(setting);
            }
        }
    }
}
