using System;
using System.Management.Automation;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Lets a TimeSpan parameter take the ISO 8601 duration the module writes (PT20M, as autoscale
    /// settings and the output objects' JSON and CSV hold it), besides what PowerShell converts by
    /// itself (a TimeSpan, 00:20:00). Also the 15 fields ConvertTo-Json wrote for a TimeSpan before
    /// durations were text, so JSON saved by an older version reads back. Anything else is left to
    /// PowerShell's own conversion and its error.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DurationArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            switch (value)
            {
                case TimeSpan span:
                    return span;
                case string text when LooksIso(text):
                    return SerializedForm.TryParseDuration(text, out var parsed)
                        ? parsed
                        : throw new ArgumentTransformationMetadataException(
                            $"'{text}' is not a duration: give an ISO 8601 duration such as PT20M or P1DT2H, or a TimeSpan such as 00:20:00.");
                case PSCustomObject when inputData is PSObject fields && fields.Properties["Ticks"]?.Value is object ticks:
                    return TimeSpan.FromTicks(Convert.ToInt64(ticks, System.Globalization.CultureInfo.InvariantCulture));
                default:
                    return inputData;
            }
        }

        // PT20M, P1D, -PT2M: PowerShell's own TimeSpan text never starts with P.
        private static bool LooksIso(string text)
        {
            var t = text.Trim();
            return t.StartsWith("P", StringComparison.OrdinalIgnoreCase) || t.StartsWith("-P", StringComparison.OrdinalIgnoreCase);
        }
    }
}
