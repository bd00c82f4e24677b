using System;
using System.Threading;
using System.Threading.Tasks;

namespace VmssAutoscale.Sources.Sampling
{
    /// <summary>
    /// The autoscale setting's own platform metrics (what the real engine observed), as the
    /// Azure Monitor metrics response body, so a snapshot can keep and replay it unchanged. Live
    /// sessions read it with one request per setting; a snapshot answers from what it stored.
    /// </summary>
    public interface IAutoscaleSettingMetricSource
    {
        /// <summary>The metrics response of one setting over [start, end), every dimension split.</summary>
        Task<string> GetSettingMetricsJsonAsync(string settingId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken);
    }
}
