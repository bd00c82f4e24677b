using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Templates;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Finds what is wrong in an autoscale ARM template (or a deployed setting) before it bites:
    /// wiring, metric names per OS, diagnostics storage, thresholds. A thin shell over Templates/.
    /// </summary>
    // The default set is Setting so that piped AutoscaleSetting objects bind to -Setting: with Path as
    // default the binder converts them to strings first. Positional and piped paths still choose Path.
    [Cmdlet(VerbsDiagnostic.Test, "VmssAutoscaleTemplate", DefaultParameterSetName = SettingSet)]
    [OutputType(typeof(TemplateFinding))]
    public sealed class TestVmssAutoscaleTemplateCommand : VmssAutoscaleCmdlet
    {
        private const string PathSet = "Path";
        private const string TemplateSet = "Template";
        private const string SettingSet = "Setting";

        private string? worst;
        private int failures;

        /// <summary>Template files; wildcards allowed. Accepts FullName from Get-ChildItem.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>The template as JSON text, or as an object (hashtable or PSCustomObject from ConvertFrom-Json).</summary>
        [Parameter(Mandatory = true, ParameterSetName = TemplateSet)]
        [ValidateNotNull]
        public object Template { get; set; } = string.Empty;

        /// <summary>A deployed autoscale setting (from Get-VmssAutoscaleSetting); only the checks that need no template run.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SettingSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        [SettingArgument]
        public AutoscaleSetting Setting { get; set; } = new AutoscaleSetting();

        /// <summary>A deployment parameters file (azuredeploy.parameters.json).</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = TemplateSet)]
        [ValidateNotNullOrEmpty]
        public string? ParameterPath { get; set; }

        /// <summary>Parameter values that override the defaults and the parameters file.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = TemplateSet)]
        public Hashtable? TemplateParameterObject { get; set; }

        /// <summary>End with a terminating error when a finding of this severity or worse exists (for CI gates).</summary>
        [Parameter]
        [ValidateSet("Error", "Warning")]
        public string? FailOn { get; set; }

        /// <summary>How many cores the workload keeps busy per instance (a single-threaded load is 1).</summary>
        [Parameter]
        [ValidateRange(0.0, 1024.0)]
        public double LoadedCoresPerInstance { get; set; } = -1;

        /// <summary>vCPUs per instance, when the VM size is not in the template or not known offline.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int CoresPerInstance { get; set; }

        private TemplateAnalysisOptions Options => new TemplateAnalysisOptions
        {
            CoresPerInstance = CoresPerInstance > 0 ? CoresPerInstance : (int?)null,
            LoadedCoresPerInstance = MyInvocation.BoundParameters.ContainsKey(nameof(LoadedCoresPerInstance)) ? LoadedCoresPerInstance : (double?)null,
        };

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case SettingSet:
                    Emit(TemplateAnalyzer.AnalyzeSetting(Setting, Options));
                    break;
                case TemplateSet:
                    Analyze(() => TemplateReader.Evaluate(TemplateNode(), null, ParametersDocument(), ParameterPathResolved, Overrides()), "Template");
                    break;
                default:
                    foreach (var p in Path)
                    {
                        foreach (var file in Resolve(p))
                        {
                            WriteVerbose($"Analysing template '{file}'.");
                            Analyze(() => TemplateReader.Evaluate(ParseWithWarnings(File.ReadAllText(file), file), file, ParametersDocument(), ParameterPathResolved, Overrides()), file);
                        }
                    }

                    break;
            }
        }

        protected override void EndProcessing()
        {
            if (FailOn == null)
            {
                return;
            }

            var threshold = FailOn.Equals("Warning", StringComparison.OrdinalIgnoreCase) ? FindingSeverity.Warning : FindingSeverity.Error;
            if ((worst != null && FindingSeverity.Rank(worst) >= FindingSeverity.Rank(threshold)) || failures > 0)
            {
                var what = failures > 0 ? $"{failures} template(s) could not be evaluated" : $"a finding of severity {worst} was reported";
                Fail(ErrorIds.TemplateCheckFailed, ErrorCategory.InvalidResult, FailOn,
                    $"Test-VmssAutoscaleTemplate -FailOn {FailOn}: {what}. Fix the findings above (see Get-Help about_VmssAutoscale_TemplateRules) or relax -FailOn.");
            }
        }

        private string? ParameterPathResolved => ParameterPath == null ? null : ResolveFilePath(ParameterPath);

        private JsonNode? ParametersDocument()
        {
            var file = ParameterPathResolved;
            if (file == null)
            {
                return null;
            }

            if (!File.Exists(file))
            {
                throw new TemplateEvaluationException("the parameters file does not exist; check -ParameterPath", "$", 0, file);
            }

            return ParseWithWarnings(File.ReadAllText(file), file);
        }

        private JsonNode ParseWithWarnings(string text, string file)
        {
            var warnings = new List<string>();
            var node = TemplateReader.Parse(text, file, warnings);
            foreach (var w in warnings)
            {
                WriteWarning($"{file}, {w}");
            }

            return node;
        }

        private IReadOnlyDictionary<string, JsonNode>? Overrides()
        {
            if (TemplateParameterObject == null)
            {
                return null;
            }

            var values = new Dictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in TemplateParameterObject)
            {
                var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                values[key] = PowerShellJson.From(entry.Value, "-TemplateParameterObject." + key);
            }

            return values;
        }

        private JsonNode TemplateNode()
        {
            var value = Template is PSObject ps ? ps.BaseObject : Template;
            return value is string text ? ParseWithWarnings(text, "Template") : PowerShellJson.From(Template, "-Template");
        }

        private void Analyze(Func<EvaluatedTemplate> evaluate, string source)
        {
            TemplateAnalysis analysis;
            try
            {
                analysis = TemplateAnalyzer.Analyze(evaluate(), Options);
            }
            catch (TemplateEvaluationException e)
            {
                ReportEvaluationError(e, source);
                return;
            }
            catch (ModuleException e)
            {
                failures++;
                WriteError(ModuleErrors.Record(e));
                return;
            }
            catch (IOException e)
            {
                failures++;
                Report(ErrorIds.TemplateReadFailed, ErrorCategory.ReadError, source, $"Cannot read '{source}': {e.Message}", e);
                return;
            }

            foreach (var e in analysis.Errors)
            {
                ReportEvaluationError(e, source);
            }

            Emit(analysis.Findings);
        }

        private void ReportEvaluationError(TemplateEvaluationException e, string source)
        {
            failures++;
            Report(ErrorIds.TemplateEvaluationFailed, ErrorCategory.InvalidData, e.File ?? source,
                $"Cannot evaluate the template: {e.Message}. Fix the template at that line, or supply the missing values.", e);
        }

        private void Emit(IEnumerable<TemplateFinding> findings)
        {
            foreach (var f in findings)
            {
                if (worst == null || FindingSeverity.Rank(f.Severity) > FindingSeverity.Rank(worst))
                {
                    worst = f.Severity;
                }

                WriteObject(f);
            }
        }

        private IEnumerable<string> Resolve(string path)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(path))
            {
                var file = ResolveFilePath(path);
                if (!File.Exists(file))
                {
                    failures++;
                    Report(Directory.Exists(file) ? "PathIsDirectory" : ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, path,
                        Directory.Exists(file) ? $"'{file}' is a folder; give the path of a template file." : $"The file '{file}' does not exist. Check the path.");
                    return new string[0];
                }

                return new[] { file };
            }

            // A wildcard that matches nothing resolves to an empty list rather than throwing; both must
            // count as a failure, or a mistyped glob in a CI gate checks nothing and passes.
            Collection<string> resolved;
            try
            {
                resolved = GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException)
            {
                resolved = new Collection<string>();
            }

            if (resolved.Count == 0)
            {
                failures++;
                Report(ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path, $"No file matches '{path}'. Check the path and the wildcard.");
            }

            return resolved;
        }
    }
}
