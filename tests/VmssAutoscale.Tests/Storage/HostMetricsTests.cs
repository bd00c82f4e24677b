using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core.Pipeline;
using VmssAutoscale.Azure.Arm;
using VmssAutoscale.Azure.Storage;
using VmssAutoscale.Errors;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Tests.Storage
{
    /// <summary>Host metrics through the fake ARM transport, with bodies shaped like the metrics REST examples (2018-01-01 / 2024-02-01 GetMetric).</summary>
    public class HostMetricsTests
    {
        private const string ScaleSetId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";
        private static readonly DateTime Start = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);

        /// <summary>The GetMetric example's envelope with the VMSS metric, the vmname dimension, a point without data and one VM silent after two minutes.</summary>
        public static readonly string Body = @"{
  ""cost"": 0, ""timespan"": ""2024-05-01T10:00:00Z/2024-05-01T10:05:00Z"", ""interval"": ""PT1M"",
  ""namespace"": ""Microsoft.Compute/virtualMachineScaleSets"", ""resourceregion"": ""eastus"",
  ""value"": [ {
    ""id"": """ + ScaleSetId + @"/providers/Microsoft.Insights/metrics/Percentage CPU"",
    ""type"": ""Microsoft.Insights/metrics"",
    ""name"": { ""value"": ""Percentage CPU"", ""localizedValue"": ""Percentage CPU"" },
    ""displayDescription"": ""The percentage of allocated compute units that are currently in use by the Virtual Machine(s)"",
    ""unit"": ""Percent"",
    ""timeseries"": [
      { ""metadatavalues"": [ { ""name"": { ""value"": ""vmname"", ""localizedValue"": ""vmname"" }, ""value"": ""web_0"" } ],
        ""data"": [
          { ""timeStamp"": ""2024-05-01T10:00:00Z"", ""average"": 41.2, ""maximum"": 55.0, ""minimum"": 30.1, ""count"": 4.0 },
          { ""timeStamp"": ""2024-05-01T10:01:00Z"", ""average"": 43.0, ""maximum"": 50.0, ""minimum"": 40.0, ""count"": 4.0 },
          { ""timeStamp"": ""2024-05-01T10:02:00Z"", ""count"": 0.0 },
          { ""timeStamp"": ""2024-05-01T10:03:00Z"", ""average"": 47.5, ""maximum"": 60.0, ""minimum"": 35.0, ""count"": 4.0 } ] },
      { ""metadatavalues"": [ { ""name"": { ""value"": ""vmname"", ""localizedValue"": ""vmname"" }, ""value"": ""web_1"" } ],
        ""data"": [
          { ""timeStamp"": ""2024-05-01T10:00:00Z"", ""average"": 90.0, ""maximum"": 99.0, ""minimum"": 80.0, ""count"": 4.0 },
          { ""timeStamp"": ""2024-05-01T10:01:00Z"", ""average"": 91.0, ""maximum"": 99.0, ""minimum"": 80.0, ""count"": 4.0 },
          { ""timeStamp"": ""2024-05-01T10:02:00Z"", ""count"": 0.0 },
          { ""timeStamp"": ""2024-05-01T10:03:00Z"", ""count"": 0.0 } ] } ],
    ""errorCode"": ""Success"" } ] }";

        private sealed class FakeArm : HttpMessageHandler
        {
            private readonly string body;

            public FakeArm(string body)
            {
                this.body = body;
            }

            public List<Uri> Requests { get; } = new List<Uri>();

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Requests.Add(request.RequestUri!);
                Assert.Equal("Bearer fake-arm-token", request.Headers.Authorization?.ToString());
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
            }
        }

        private static readonly AzureConnectionOptions Connection = new AzureConnectionOptions { AccessToken = "fake-arm-token", MaxRetries = 0 };

        [Fact]
        public async Task One_request_for_every_instance_split_by_VMName()
        {
            var arm = new FakeArm(Body);
            var backend = new DiagnosticsBackend(new HttpClientTransport(arm));
            var samples = await backend.GetHostMetricsAsync(Connection, ScaleSetId, new[] { "Percentage CPU" }, Start, Start.AddMinutes(5), 2, new SourceLog(), default);

            var request = Assert.Single(arm.Requests);
            var query = Uri.UnescapeDataString(request.Query);
            Assert.Equal(ScaleSetId + "/providers/Microsoft.Insights/metrics", request.AbsolutePath);
            Assert.Contains("$filter=VMName eq '*'", query);
            Assert.Contains("metricnames=Percentage CPU", query);
            Assert.Contains("timespan=2024-05-01T10:00:00Z/2024-05-01T10:05:00Z", query);
            Assert.Contains("interval=PT1M", query);
            Assert.Contains("aggregation=Average,Minimum,Maximum,Count", query);
            Assert.Contains("top=1000", query);
            Assert.Contains("api-version=2023-10-01", query);

            var web0 = samples.Where(s => s.Instance == "web_0").ToList();
            Assert.Equal(new[] { 41.2, 43.0, 47.5 }, web0.Select(s => s.Value));
            Assert.Equal(new[] { Start, Start.AddMinutes(1), Start.AddMinutes(3) }, web0.Select(s => s.Timestamp));
            Assert.All(samples, s => Assert.Equal(DateTimeKind.Utc, s.Timestamp.Kind));
            Assert.Equal(30.1, web0[0].Minimum);
            Assert.Equal(55.0, web0[0].Maximum);
            Assert.Equal(4, web0[0].Count);
            Assert.Equal(new[] { 90.0, 91.0 }, samples.Where(s => s.Instance == "web_1").Select(s => s.Value));
            Assert.All(samples, s => Assert.Equal("Percentage CPU", s.MetricName));
            Assert.All(samples, s => Assert.Equal("AzureMonitor", s.Source));

            // In time order across VMs, as Test-VmssAutoscaleThreshold and the simulation read a pipeline.
            Assert.Equal(samples.OrderBy(s => s.Timestamp).ThenBy(s => s.Instance, StringComparer.Ordinal).Select(s => (s.Timestamp, s.Instance)), samples.Select(s => (s.Timestamp, s.Instance)));
        }

        [Fact]
        public void Several_metrics_go_in_one_list_and_a_comma_in_a_name_uses_the_APIs_escape()
        {
            var path = MetricsClient.PathFor(ScaleSetId, new[] { "Percentage CPU", "Network In Total", "A,B" }, Start, Start.AddMinutes(30), 1500);
            Assert.Contains("metricnames=Percentage%20CPU,Network%20In%20Total,A%252B", path);
            Assert.Contains("top=1500", path);
        }

        [CorpusFact]
        public void The_published_GetMetric_examples_parse_and_a_failed_metric_is_an_error()
        {
            var example = VmssAutoscale.Json.JsonParser.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(TestFiles.CorpusRoot!, "rest-examples", "monitor__2018-01-01__GetMetric.json")));
            var samples = MetricsClient.Parse(example["responses"]!["200"]!["body"]!.ToString());

            // Two blob types; only the 02:23 points carry an average.
            Assert.Equal(new[] { 0.0, 245.0 }, samples.Select(s => s.Value));
            Assert.Equal(new[] { new DateTime(2017, 4, 14, 2, 23, 0, DateTimeKind.Utc) }, samples.Select(s => s.Timestamp).Distinct());

            var failed = VmssAutoscale.Json.JsonParser.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(TestFiles.CorpusRoot!, "rest-examples", "monitor__2024-02-01__GetMetricError.json")));
            var body = failed["responses"]!["200"]!["body"]!.ToString();
            var e = Assert.Throws<ModuleException>(() => { MetricsClient.Parse(body); });
            Assert.Equal("MetricUnavailable", e.ErrorId);
            Assert.Contains("InvalidSamplingType", e.Message);
        }

        private sealed class Unreachable : HttpMessageHandler
        {
            public int Calls { get; private set; }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Calls++;
                throw new HttpRequestException("The SSL connection could not be established, see inner exception.");
            }
        }

        // The backend's ARM calls (metrics, storage lookup, listKeys) share the session's retry
        // policy, so a dead or untrusted endpoint ends in the module's ConnectionFailed error after
        // the configured retries, not in an SDK AggregateException after the SDK's own.
        [Fact]
        public async Task An_unreachable_endpoint_is_a_ConnectionFailed_error_after_the_configured_retries()
        {
            var handler = new Unreachable();
            var backend = new DiagnosticsBackend(new HttpClientTransport(handler));
            var connection = new AzureConnectionOptions { AccessToken = "fake-arm-token", MaxRetries = 1, MaxRetryDelay = TimeSpan.FromMilliseconds(1) };
            var e = await Assert.ThrowsAsync<ModuleException>(
                () => backend.GetHostMetricsAsync(connection, ScaleSetId, new[] { "Percentage CPU" }, Start, Start.AddMinutes(5), 2, new SourceLog(), default));
            Assert.Equal("ConnectionFailed", e.ErrorId);
            Assert.Equal(2, handler.Calls);
        }
    }
}
