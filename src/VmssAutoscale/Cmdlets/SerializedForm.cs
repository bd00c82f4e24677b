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
    /// (PT20M, as autoscale settings write them).
    /// <para>
    /// ConvertTo-Json writes DateTime as ISO 8601 and numbers invariantly by itself, but it reads
    /// each object's CLR properties by reflection, at every depth, and never sees Types.ps1xml
    /// (PowerShell 7.6, JsonObject.ProcessCustomObject, github.com/PowerShell/PowerShell commit
    /// 929903692e, read 2026-12-07): a TimeSpan property becomes its 15 fields whatever the types file
    /// says. So a duration is a string on the CLR type: the public property (Cooldown) is the ISO
    /// text, and the TimeSpan code computes with is the internal CooldownSpan. Types.ps1xml gives
    /// scripts the TimeSpan back under the public name through <see cref="Duration"/>, so
    /// <c>$rule.ScaleAction.Cooldown.TotalMinutes</c>, comparisons and Sort-Object keep working.
    /// The other choice, a string property with no typed view, would have made scripts parse it.
    /// </para>
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
        /// A duration property's ISO 8601 text (what the CLR property holds and ConvertTo-Json writes)
        /// as the TimeSpan scripts see, wrapped like <see cref="Of"/>; null for null or empty text.
        /// </summary>
        public static object? Duration(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            return TryParseDuration(text!, out var span)
                ? Of(span)
                : throw new FormatException($"'{text}' is not an ISO 8601 duration such as PT20M.");
        }

        /// <summary>
        /// What <see cref="IsoDuration.Format"/> writes, read back: PT20M, and a negative duration
        /// (-PT2M, a lag when the newest sample is later than the reference time), which settings never hold.
        /// </summary>
        internal static bool TryParseDuration(string text, out TimeSpan span)
        {
            var trimmed = text.Trim();
            var negative = trimmed.StartsWith("-", StringComparison.Ordinal);
            var ok = IsoDuration.TryParse(negative ? trimmed.Substring(1) : trimmed, out span);
            span = negative ? span.Negate() : span;
            return ok;
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
