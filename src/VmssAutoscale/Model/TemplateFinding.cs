namespace VmssAutoscale.Model
{
    /// <summary>How bad a template finding is; ordered so that a larger value is worse (used by -FailOn).</summary>
    /// <remarks>Names, not an enum: output objects carry them as strings so that ConvertTo-Json and
    /// Export-Csv write the name on every PowerShell (see <see cref="NamedValues"/>).</remarks>
    public static class FindingSeverity
    {
        public const string Information = nameof(Information);
        public const string Warning = nameof(Warning);
        public const string Error = nameof(Error);

        public static readonly System.Collections.Generic.IReadOnlyList<string> All = new[] { Information, Warning, Error };

        /// <summary>Larger is worse: Information 0, Warning 1, Error 2 (-1 for a name not in the list).</summary>
        public static int Rank(string? severity) => NamedValues.Rank(All, severity);
    }

    /// <summary>
    /// One problem found in an autoscale ARM template or deployed setting. RuleName is stable and
    /// documented in about_VmssAutoscale_TemplateRules, so CI pipelines can filter on it.
    /// </summary>
    public sealed class TemplateFinding
    {
        public string RuleName { get; init; } = string.Empty;

        public string Severity { get; init; } = FindingSeverity.Information;

        public string Message { get; init; } = string.Empty;

        /// <summary>The resource the finding is about (autoscale setting, scale set or extension name).</summary>
        public string? ResourceName { get; init; }

        public string? ResourceType { get; init; }

        /// <summary>JSON path of the offending value inside the template, e.g. resources[6].properties.profiles[0].rules[1].</summary>
        public string? Path { get; init; }

        /// <summary>1-based line in the template file; 0 when the input was not a file (a deployed setting, a hashtable).</summary>
        public int Line { get; init; }

        public string Remediation { get; init; } = string.Empty;

        /// <summary>The template file or "Setting" source the finding came from.</summary>
        public string? Source { get; init; }

        /// <summary>Where the rule is explained (its section of about_VmssAutoscale_TemplateRules).</summary>
        public string? HelpLink { get; init; }

        public override string ToString() => $"{Severity} {RuleName}: {Message}";
    }
}
