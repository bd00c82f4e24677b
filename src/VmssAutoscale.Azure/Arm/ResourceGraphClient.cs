using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Azure.Arm
{
    /// <summary>
    /// Azure Resource Graph (POST /providers/Microsoft.ResourceGraph/resources, api-version
    /// 2021-03-01) over the session's authenticated pipeline, so it shares the bearer token, the
    /// retry policy (ARG throttles with 429 and Retry-After like ARM) and the error mapping.
    /// </summary>
    internal sealed class ResourceGraphClient
    {
        public const string ApiVersion = "2021-03-01";

        /// <summary>The REST API refuses more subscriptions than this in one request (Resource Graph troubleshooting guide, "Too many subscriptions").</summary>
        public const int MaxSubscriptionsPerRequest = 1000;

        /// <summary>The largest $top the API accepts; fewer, larger pages cost fewer requests against ARG's per-user quota.</summary>
        public const int MaxPageSize = 1000;

        private readonly ArmRestClient client;
        private readonly SourceLog log;

        public ResourceGraphClient(ArmRestClient client, SourceLog log)
        {
            this.client = client;
            this.log = log;
        }

        /// <summary>The request body: the QueryRequest of the 2021-03-01 spec, with paging options.</summary>
        public static string BodyFor(IReadOnlyList<string> subscriptionIds, string query, string? skipToken, int top)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteStartArray("subscriptions");
                foreach (var s in subscriptionIds)
                {
                    w.WriteStringValue(s);
                }

                w.WriteEndArray();
                w.WriteString("query", query);
                w.WriteStartObject("options");
                w.WriteNumber("$top", top);
                if (skipToken != null)
                {
                    w.WriteString("$skipToken", skipToken);
                }

                w.WriteString("resultFormat", "objectArray");
                w.WriteEndObject();
                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }

        public async Task<IReadOnlyList<string>> QueryAsync(IReadOnlyList<string> subscriptionIds, string query, CancellationToken cancellationToken, int pageSize = MaxPageSize)
        {
            var rows = new List<string>();
            var distinct = subscriptionIds.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            for (var start = 0; start < distinct.Count; start += MaxSubscriptionsPerRequest)
            {
                var batch = distinct.Skip(start).Take(MaxSubscriptionsPerRequest).ToList();
                rows.AddRange(await QueryBatchAsync(batch, query, Math.Max(1, Math.Min(pageSize, MaxPageSize)), cancellationToken).ConfigureAwait(false));
            }

            return rows;
        }

        private async Task<IReadOnlyList<string>> QueryBatchAsync(IReadOnlyList<string> subscriptions, string query, int top, CancellationToken cancellationToken)
        {
            var access = ArmAccess.QueryResourceGraph(subscriptions.Count);
            var meter = ReadBudgets.FromEnvironment().Meter(access.What);
            var rows = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string? skipToken = null;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                meter.Page();
                var response = await client.SendAsync(
                    ArmWritePermit.ResourceGraphQuery, $"/providers/Microsoft.ResourceGraph/resources?api-version={ApiVersion}", BodyFor(subscriptions, query, skipToken, top), access, cancellationToken).ConfigureAwait(false);
                meter.Read(response.Body.Length);

                using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(response.Body) ? "{}" : response.Body);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    break;
                }

                if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
                {
                    foreach (var row in data.EnumerateArray())
                    {
                        meter.Item();
                        rows.Add(row.GetRawText());
                    }
                }

                skipToken = root.TryGetProperty("$skipToken", out var t) && t.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(t.GetString()) ? t.GetString() : null;
                if (skipToken == null && root.TryGetProperty("resultTruncated", out var truncated) && truncated.ValueKind == JsonValueKind.String
                    && string.Equals(truncated.GetString(), "true", StringComparison.OrdinalIgnoreCase))
                {
                    log.Warning($"Azure Resource Graph truncated the result at {rows.Count} rows without a page token; scale sets beyond that were not found. Narrow the search with -SubscriptionId.");
                }

                if (skipToken != null && !seen.Add(skipToken))
                {
                    log.Warning($"Azure Resource Graph returned the same page token twice; stopped after {meter.Pages} pages ({rows.Count} rows) to avoid an endless loop. The list may be incomplete.");
                    break;
                }
            }
            while (skipToken != null);

            return rows;
        }
    }
}
