using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Platform
{
    /// <summary>
    /// Gives each failed scale event its error: first the statusMessage of a failed write on the scale
    /// set among its own records or within <see cref="WriteWindow"/> of it (the engine's write is a
    /// separate operation in the activity log), then the autoscale event's own description.
    /// </summary>
    public static class ScaleFailureExplainer
    {
        /// <summary>How far after the event's end a failed write on the scale set still counts as its write.</summary>
        public static readonly TimeSpan WriteWindow = TimeSpan.FromMinutes(2);

        public static IReadOnlyList<ScaleEvent> Explain(IReadOnlyList<ScaleEvent> events, IReadOnlyList<ActivityLogRecord> records)
        {
            var failedWrites = records
                .Where(r => r.OperationName.Equals("Microsoft.Compute/virtualMachineScaleSets/write", StringComparison.OrdinalIgnoreCase)
                    && r.Status.Equals("Failed", StringComparison.OrdinalIgnoreCase)
                    && r.Properties.ContainsKey("statusMessage"))
                .OrderBy(r => r.EventTimestamp)
                .ToList();
            return events.Select(e => e.Status == "Failed" && Detail(e, failedWrites) is ScaleFailureDetail d ? e.WithFailure(d.ErrorCode, d.ErrorMessage, d.FailureCause) : e).ToList();
        }

        private static ScaleFailureDetail? Detail(ScaleEvent e, IReadOnlyList<ActivityLogRecord> failedWrites)
        {
            var own = e.Records.Where(r => r.Properties.ContainsKey("statusMessage")).Select(r => r.Properties["statusMessage"]);
            var near = failedWrites
                .Where(r => r.EventTimestamp >= e.Time - TimeSpan.FromSeconds(30) && r.EventTimestamp <= (e.EndTime ?? e.Time) + WriteWindow)
                .Where(r => e.ResourceId == null || r.ResourceId == null || ResourceIds.AreEqual(r.ResourceId, e.ResourceId))
                .Select(r => r.Properties["statusMessage"]);
            return own.Concat(near).Select(ScaleFailureClassifier.FromStatusMessage).FirstOrDefault(d => d != null)
                ?? e.Records.Select(r => r.Description).Concat(new[] { e.Description }).Select(ScaleFailureClassifier.FromText).FirstOrDefault(d => d != null)
                ?? new ScaleFailureDetail { ErrorCode = null, ErrorMessage = null, FailureCause = FailureCause.Other };
        }
    }
}
