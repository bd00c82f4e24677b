using System;
using System.Globalization;
using System.Management.Automation;
using VmssAutoscale.Model;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// How the times, numbers and durations of output objects read as text, whatever the culture
    /// (issue 24). Export-Csv writes each property with its value's ToString(), which is the
    /// culture's ("01.05.2024 11:30:00", "12,5" under de-DE), so a file written on one machine was
    /// refused by the module on the same machine. VmssAutoscale.Types.ps1xml puts each such property
    /// through <see cref="Of"/>: the value stays a DateTime, double or TimeSpan for scripts
    /// (comparisons, arithmetic, -is [datetime], ToString('yyyy-MM-dd') all work), wrapped so that
    /// its text without a format is ISO 8601 UTC, the invariant number, or the ISO 8601 duration
    /// (PT20M, as autoscale settings write them). ConvertTo-Json writes DateTime as ISO 8601 and
    /// numbers invariantly by itself; a TimeSpan it writes as its fields (see about_VmssAutoscale).
    /// </summary>
    public static class SerializedForm
    {
        // One parsed script for every wrapper. All the work is in C#: a script calling the value's own
        // ToString would find this override again (PowerShell keeps instance members with the boxed value).
        private static readonly ScriptBlock TextMethod = ScriptBlock.Create(
            "param($format, $provider) [VmssAutoscale.Cmdlets.SerializedForm]::Text($this, $format, $provider)");

        /// <summary>The value, wrapped so that its ToString() is the invariant text; null and other types as they are.</summary>
        public static object? Of(object? value)
        {
            var raw = value is PSObject ps ? ps.BaseObject : value;
            if (raw is not (DateTime or double or TimeSpan))
            {
                return value;
            }

            var wrapped = new PSObject(raw);
            wrapped.Methods.Add(new PSScriptMethod("ToString", TextMethod));
            return wrapped;
        }

        /// <summary>
        /// The wrapper's ToString: with no format the invariant text (2024-05-01T11:30:00Z, 12.5,
        /// PT20M); with one, what the value's own ToString(format, provider) gives.
        /// </summary>
        public static string Text(object? value, string? format, IFormatProvider? provider)
        {
            var raw = value is PSObject ps ? ps.BaseObject : value;
            // PowerShell passes a missing format as "", not null.
            if (!string.IsNullOrEmpty(format) && raw is IFormattable formattable)
            {
                return formattable.ToString(format, provider ?? CultureInfo.CurrentCulture);
            }

            return raw switch
            {
                DateTime t => AsUtc(t).ToString(t.Millisecond == 0 ? "yyyy-MM-ddTHH:mm:ss'Z'" : "yyyy-MM-ddTHH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                TimeSpan span => IsoDuration.Format(span),
                null => string.Empty,
                _ => Convert.ToString(raw, CultureInfo.InvariantCulture) ?? string.Empty,
            };
        }

        // Output times are UTC; a time without a kind is read as UTC, as the engine reads sample times.
        private static DateTime AsUtc(DateTime t) => t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t;
    }
}
