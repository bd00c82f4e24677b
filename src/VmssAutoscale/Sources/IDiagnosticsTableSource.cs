using System;
using System.Collections.Generic;
using System.Threading;
using VmssAutoscale.Model;

namespace VmssAutoscale.Sources
{
    /// <summary>Which table layout to read. Auto is resolved from the diagnostics extension before a query is built.</summary>
    public enum DiagnosticsTableFormat
    {
        Auto,

        /// <summary>WADMetricsPT1MP10DV2S&lt;date&gt; / PT1H aggregate tables (WAD, LAD 3.0, LAD 2.3 with a Metrics resourceId).</summary>
        WADMetrics,

        /// <summary>WADPerformanceCountersTable: raw Windows samples, one row per counter and sample.</summary>
        WADPerformanceCounters,

        /// <summary>LAD 2.3 wide tables (LinuxCpuVer2v0 and siblings): one column per counter.</summary>
        LAD23,
    }

    /// <summary>One read of the diagnostics tables: which layout, which counters, which period.</summary>
    public sealed class DiagnosticsTableQuery
    {
        /// <summary>A concrete layout; never Auto.</summary>
        public DiagnosticsTableFormat Format { get; init; } = DiagnosticsTableFormat.WADMetrics;

        /// <summary>Counter names exactly as the agent records them (and as autoscale rules spell them).</summary>
        public IReadOnlyList<string> MetricNames { get; init; } = Array.Empty<string>();

        /// <summary>Inclusive start, UTC.</summary>
        public DateTime StartTime { get; init; }

        /// <summary>Exclusive end, UTC.</summary>
        public DateTime EndTime { get; init; }

        /// <summary>The &lt;Metrics resourceId&gt; the agent writes under: the WADMetrics PartitionKey.</summary>
        public string? MetricsResourceId { get; init; }

        /// <summary>Aggregation period of the WADMetrics table to read (PT1M or PT1H).</summary>
        public TimeSpan TransferPeriod { get; init; } = TimeSpan.FromMinutes(1);

        /// <summary>LAD 2.3 eventVolume (Small, Medium, Large): how many hash partitions exist.</summary>
        public string? EventVolume { get; init; }

        /// <summary>LAD 2.3 host names, when known, so only their hash partitions are read.</summary>
        public IReadOnlyList<string> HostNames { get; init; } = Array.Empty<string>();
    }

    /// <summary>How to reach and authenticate to the diagnostics storage account.</summary>
    public enum TableAuthentication
    {
        /// <summary>A connection string given by the caller (key or SAS inside; never echoed).</summary>
        ConnectionString,

        /// <summary>A SAS token given by the caller.</summary>
        SharedAccessSignature,

        /// <summary>Microsoft Entra ID with the session's credential (needs Storage Table Data Reader).</summary>
        EntraId,

        /// <summary>An account key fetched with listKeys (only with -AllowKeyAccess).</summary>
        AccountKey,
    }

    public sealed class TableAccess
    {
        public TableAuthentication Authentication { get; init; }

        public string? ConnectionString { get; init; }

        /// <summary>The table service endpoint, e.g. https://acct.table.core.windows.net or an Azurite URL.</summary>
        public Uri? TableEndpoint { get; init; }

        public string? StorageAccountName { get; init; }

        public string? SasToken { get; init; }

        public string? AccountKey { get; init; }

        /// <summary>
        /// The session's token credential for Entra ID, carried as object because its type lives in
        /// the isolated Azure assembly and must not appear in this assembly's signatures.
        /// </summary>
        public object? TokenCredential { get; init; }

        /// <summary>A description that is safe to print: where, and how, never with what secret.</summary>
        public string Describe() =>
            Authentication switch
            {
                TableAuthentication.ConnectionString => "a connection string (secret not shown)",
                TableAuthentication.SharedAccessSignature => $"{TableEndpoint} with a SAS token (not shown)",
                TableAuthentication.EntraId => $"{TableEndpoint} with Microsoft Entra ID",
                _ => $"{TableEndpoint} with an account key from listKeys (not shown)",
            };
    }

    /// <summary>What a read found besides samples: which tables exist, how much was read.</summary>
    public sealed class DiagnosticsReadReport
    {
        public List<string> TablesRead { get; } = new List<string>();

        public List<string> TablesMissing { get; } = new List<string>();

        public long RowsReturned { get; set; }

        public int Requests { get; set; }
    }

    /// <summary>
    /// Reads diagnostics tables into samples. The implementation lives in the isolated
    /// VmssAutoscale.Azure assembly; this interface and the records above are all the cmdlet sees.
    /// </summary>
    public interface IDiagnosticsTableSource
    {
        /// <summary>Samples in table order as pages arrive; <paramref name="verbose"/> gets each request's description (no secrets).</summary>
        IEnumerable<MetricSample> Read(DiagnosticsTableQuery query, DiagnosticsReadReport report, Action<string> verbose, CancellationToken cancellationToken);
    }
}
