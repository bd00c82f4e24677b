using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Sources.Sampling;
using static VmssAutoscale.Json.JsonValues;

namespace VmssAutoscale.Azure.Arm
{
    /// <summary>
    /// Host metrics per VM from the Azure Monitor metrics REST API (Metrics - List, microsoft.insights
    /// metrics, REST API reference): one GET on the
    /// scale set for every requested metric, split by the VMName dimension, so a whole scale set
    /// costs one request however many instances it has.
    /// </summary>
    internal sealed class MetricsClient
    {
        /// <summary>One Metrics REST API version for every metrics read (host, guest, other resources, the setting's own).</summary>
        public const string ApiVersion = VmssAutoscale.Sources.Sampling.AutoscaleSettingMetrics.ApiVersion;
        public const string SourceName = "AzureMonitor";

        private readonly ArmRestClient client;

        public MetricsClient(ArmRestClient client)
        {
            this.client = client;
        }

        /// <summary>The request path; public so tests can pin the exact query the service gets.</summary>
        public static string PathFor(string scaleSetId, IReadOnlyList<string> metricNames, DateTime startUtc, DateTime endUtc, int instanceCountHint) =>
            PathFor(HostQuery(scaleSetId, metricNames, startUtc, endUtc, instanceCountHint));

        /// <summary>The host metrics of a scale set: its default namespace, one series per VM.</summary>
        public static MetricQuery HostQuery(string scaleSetId, IReadOnlyList<string> metricNames, DateTime startUtc, DateTime endUtc, int instanceCountHint) => new MetricQuery
        {
            ResourceId = scaleSetId,
            Namespace = "Microsoft.Compute/virtualMachineScaleSets",
            MetricNames = metricNames,
            StartUtc = startUtc,
            EndUtc = endUtc,
            SplitByVmName = true,
            InstanceCountHint = instanceCountHint,
        };

        public static string PathFor(MetricQuery query)
        {
            // A comma inside a metric name is written %2 (the API's own escape); the list separator stays a comma.
            var names = string.Join(",", query.MetricNames.Select(n => Uri.EscapeDataString(n.Replace(",", "%2"))));
            var path = query.ResourceId.TrimEnd('/')
                + "/providers/Microsoft.Insights/metrics?api-version=" + ApiVersion
                + "&metricnamespace=" + Uri.EscapeDataString(query.Namespace)
                + "&metricnames=" + names
                + "&timespan=" + Uri.EscapeDataString(Iso(query.StartUtc) + "/" + Iso(query.EndUtc))
                + "&interval=PT1M"
                + "&aggregation=" + Uri.EscapeDataString("Average,Minimum,Maximum,Count");
            if (!query.SplitByVmName)
            {
                return path;
            }

            // top limits the number of series (default 10): it must cover every VM of the scale set.
            var top = Math.Max(query.InstanceCountHint, 1000).ToString(CultureInfo.InvariantCulture);
            return path + "&$filter=" + Uri.EscapeDataString("VMName eq '*'") + "&top=" + top;
        }

        public Task<IReadOnlyList<MetricSample>> GetAsync(
            string scaleSetId, IReadOnlyList<string> metricNames, DateTime startUtc, DateTime endUtc, int instanceCountHint, CancellationToken cancellationToken) =>
            GetAsync(HostQuery(scaleSetId, metricNames, startUtc, endUtc, instanceCountHint), cancellationToken);

        public async Task<IReadOnlyList<MetricSample>> GetAsync(MetricQuery query, CancellationToken cancellationToken)
        {
            var what = query.SplitByVmName && query.Namespace.Equals("Microsoft.Compute/virtualMachineScaleSets", StringComparison.OrdinalIgnoreCase)
                ? $"the host metrics of scale set '{Model.ResourceIds.LastSegment(query.ResourceId)}'"
                : $"the {query.Namespace} metrics of '{Model.ResourceIds.LastSegment(query.ResourceId)}'";
            var access = new ArmAccess(what, "Microsoft.Insights/metrics/read", "Monitoring Reader (or Reader)", query.ResourceId);
            var body = await client.GetAsync(PathFor(query), access, cancellationToken).ConfigureAwait(false);
            return Parse(body, query.ResourceId, query.SampleNamespace);
        }

        /// <summary>
        /// Reads a metrics response: one series per VM (metadatavalues "vmname", lower-cased by the
        /// service), one point per minute. Points without an average carry no data and are skipped,
        /// as autoscale skips empty grains; a metric that failed (errorCode) is an error, not silence.
        /// </summary>
        public static IReadOnlyList<MetricSample> Parse(string body) => Parse(body, string.Empty, string.Empty);

        /// <param name="resourceId">The resource the samples belong to (MetricSample.ResourceId).</param>
        /// <param name="metricNamespace">The namespace the samples carry; empty for a resource's default one.</param>
        public static IReadOnlyList<MetricSample> Parse(string body, string resourceId, string metricNamespace)
        {
            var root = JsonParser.Parse(body);
            var samples = new List<MetricSample>();
            foreach (var metric in root["value"]?.Items ?? Array.Empty<JsonNode>())
            {
                var name = Text(metric["name"]?["value"]) ?? string.Empty;
                var code = Text(metric["errorCode"]);
                if (code != null && !code.Equals("Success", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ModuleException(
                        ErrorIds.MetricUnavailable, System.Management.Automation.ErrorCategory.InvalidResult,
                        $"Azure Monitor could not return the metric '{name}': {code} {Text(metric["errorMessage"])}".TrimEnd(),
                        name);
                }

                foreach (var series in metric["timeseries"]?.Items ?? Array.Empty<JsonNode>())
                {
                    var instance = (series["metadatavalues"]?.Items ?? Array.Empty<JsonNode>())
                        .Where(m => string.Equals(Text(m["name"]?["value"]), "vmname", StringComparison.OrdinalIgnoreCase))
                        .Select(m => Text(m["value"]))
                        .FirstOrDefault() ?? string.Empty;
                    foreach (var point in series["data"]?.Items ?? Array.Empty<JsonNode>())
                    {
                        var average = Number(point["average"]);
                        if (average == null || !DateTime.TryParse(Text(point["timeStamp"]), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
                        {
                            continue;
                        }

                        samples.Add(new MetricSample
                        {
                            Instance = instance,
                            Timestamp = DateTime.SpecifyKind(time, DateTimeKind.Utc),
                            MetricName = name,
                            ResourceId = resourceId,
                            Namespace = metricNamespace,
                            Value = average.Value,
                            Minimum = Number(point["minimum"]),
                            Maximum = Number(point["maximum"]),
                            Count = Number(point["count"]),
                            Source = SourceName,
                        });
                    }
                }
            }

            // The service groups points by series (VM); consumers of a pipeline (Test-VmssAutoscaleThreshold,
            // the simulation) expect time order and warn otherwise. One response holds everything, so sorting costs nothing in latency.
            return samples.OrderBy(s => s.Timestamp).ThenBy(s => s.Instance, StringComparer.Ordinal).ToList();
        }

        private static string Iso(DateTime t) => Storage.DiagnosticsKeys.ToUtc(t).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        // Metric names and VMName dimension values come from the service: cleaned for the terminal where they enter the samples.
        private static double? Number(JsonNode? n) => n != null && n.Kind == JsonKind.Number ? n.NumberValue : (double?)null;
    }
}
