using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// The output convention every type the cmdlets write follows, so that plain
    /// <c>ConvertTo-Json</c> and <c>Export-Csv</c> read right in Windows PowerShell 5.1 and
    /// PowerShell 7 alike (5.1 has no <c>-EnumsAsStrings</c>, and neither edition lets a module
    /// change how an enum inside an object is written: both write its number):
    /// <list type="bullet">
    /// <item>A value from a fixed set (status, severity, decision, outcome, direction, cause, kind)
    /// is a <c>string</c> holding the name, declared as constants on a static class named as the
    /// enum would have been (<see cref="FindingStatus"/>), with an <c>All</c> list in order. C# code
    /// assigns and compares the constants exactly as it would enum members; where order matters
    /// (severity) the class has a <c>Rank</c>. Parse text with <see cref="Match"/>.</item>
    /// <item>A yes/no/unknown value is a <c>bool?</c> (a condition's Status: true, false, null),
    /// so <c>if ($c.Status)</c> in a runbook reads it the right way round.</item>
    /// <item>A collection property holds a <see cref="ReadableList{T}"/> (the <c>init</c> accessor
    /// wraps whatever it is given): JSON sees an array, and Export-Csv, which writes
    /// <c>ToString()</c>, gets the items' text one per line instead of a type name.</item>
    /// <item>Property names never change for serialization's sake; they are what the next
    /// cmdlet binds by name (ResourceGroupName, VMScaleSetName, ResourceId).</item>
    /// </list>
    /// Pester's Serialization.Tests.ps1 converts every output type both ways and checks this.
    /// The autoscale setting's own fixed sets (direction, operator, statistic, ...) are real enums
    /// inside the core, shown as these names on the output types: the rule is in Enums.cs.
    /// </summary>
    public static class NamedValues
    {
        /// <summary>The canonical name in <paramref name="allowed"/> that <paramref name="text"/> spells, ignoring case; null when none.</summary>
        public static string? Match(IReadOnlyList<string> allowed, string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var trimmed = text!.Trim();
            return allowed.FirstOrDefault(a => string.Equals(a, trimmed, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>The position of <paramref name="value"/> in <paramref name="ordered"/> (-1 when absent), for ordering by severity.</summary>
        public static int Rank(IReadOnlyList<string> ordered, string? value)
        {
            for (var i = 0; i < ordered.Count; i++)
            {
                if (string.Equals(ordered[i], value, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>
    /// A read-only list whose text is its items' text, one per line: what Export-Csv writes for a
    /// collection property, and how Format-List shows it when it is too long for one line.
    /// </summary>
    public sealed class ReadableList<T> : ReadOnlyCollection<T>
    {
        public static readonly ReadableList<T> Empty = new ReadableList<T>(Array.Empty<T>());

        private ReadableList(IList<T> items)
            : base(items)
        {
        }

        /// <summary>Wraps a copy of <paramref name="items"/>; null gives the empty list.</summary>
        public static ReadableList<T> Of(IEnumerable<T>? items) =>
            items == null ? Empty : items as ReadableList<T> ?? new ReadableList<T>(items.ToArray());

        public override string ToString() => string.Join("\n", this.Select(i => i?.ToString() ?? string.Empty));
    }

    /// <summary>A read-only string map whose text is one <c>name=value</c> per line, for the same reason as <see cref="ReadableList{T}"/>.</summary>
    public sealed class ReadableDictionary : ReadOnlyDictionary<string, string>
    {
        public static readonly ReadableDictionary Empty = new ReadableDictionary(new Dictionary<string, string>());

        private ReadableDictionary(IDictionary<string, string> items)
            : base(items)
        {
        }

        /// <summary>Wraps a copy of <paramref name="items"/> (keys keep their comparer when it is a Dictionary); null gives the empty map.</summary>
        public static ReadableDictionary Of(IReadOnlyDictionary<string, string>? items)
        {
            if (items == null)
            {
                return Empty;
            }

            if (items is ReadableDictionary readable)
            {
                return readable;
            }

            var comparer = (items as Dictionary<string, string>)?.Comparer ?? StringComparer.Ordinal;
            return new ReadableDictionary(items.ToDictionary(kv => kv.Key, kv => kv.Value, comparer));
        }

        public override string ToString() => string.Join("\n", this.Select(kv => kv.Key + "=" + kv.Value));
    }
}
