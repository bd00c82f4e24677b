using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// The days of a recurring profile as their names ("Monday"), the form the autoscale API
    /// documents (Microsoft.Insights/autoscaleSettings, Recurrence.schedule.days: "the collection
    /// of days that the profile takes effect on. Possible values are Sunday through Saturday").
    /// A DayOfWeek list would reach ConvertTo-Json as numbers (1 for Monday) in both PowerShell
    /// editions, and a runbook comparing with 'Monday' would read it wrong (the convention in
    /// <see cref="NamedValues"/>). Scripts that want the enum cast: <c>[DayOfWeek[]] $r.Days</c>.
    /// The engine asks <see cref="Contains(DayOfWeek)"/>; Export-Csv writes one name per line.
    /// </summary>
    public sealed class DayNames : ReadOnlyCollection<string>
    {
        public static readonly DayNames Empty = new DayNames(Array.Empty<DayOfWeek>());

        private DayNames(IEnumerable<DayOfWeek> days)
            : base(days.Select(d => d.ToString()).ToArray())
        {
        }

        /// <summary>The days given, in their order; null gives the empty list.</summary>
        public static DayNames Of(IEnumerable<DayOfWeek>? days) => days == null ? Empty : new DayNames(days);

        public static implicit operator DayNames(DayOfWeek[]? days) => Of(days);

        public static implicit operator DayNames(List<DayOfWeek>? days) => Of(days);

        /// <summary>True when <paramref name="day"/> is one of the days.</summary>
        public bool Contains(DayOfWeek day) => Contains(day.ToString());

        public override string ToString() => string.Join("\n", this);
    }
}
