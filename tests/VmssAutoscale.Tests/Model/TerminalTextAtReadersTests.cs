using System.IO;
using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using VmssAutoscale.Sources.Sampling;
using Xunit;

namespace VmssAutoscale.Tests.Model
{
    /// <summary>
    /// Issue 12 item 7 at the readers: data strings lose control and escape characters where they
    /// enter the model, once per distinct name for the CSV reader, and rows still group by name.
    /// The end-to-end check over every output object is tests/Pester/TerminalSafety.Tests.ps1.
    /// </summary>
    public class TerminalTextAtReadersTests
    {
        private const string Esc = "\u001b";
        private const string Planted = Esc + "[31m\u0007\r" + Esc + "]8;;https://evil.example/" + Esc + "\\x" + Esc + "]8;;" + Esc + "\\\u009b2J";
        private const string ScaleSetId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";

        private static bool IsSafe(string? s) => s == null || s.All(c => !(c < ' ' || (c >= '\u007f' && c <= '\u009f')));

        private static string Json(string s) => System.Text.Json.JsonSerializer.Serialize(s);

        [Fact]
        public void Csv_names_are_cleaned_once_per_distinct_name_and_rows_still_share_them()
        {
            // Quoted, since a CSV field cannot hold a raw CR; the reader refuses line breaks inside a record.
            var name = Planted.Replace("\r", string.Empty);
            var csv = "Instance,Timestamp,MetricName,Value,ResourceId,Namespace\n"
                + string.Join("\n", Enumerable.Range(0, 3).Select(m => $"\"web_0{name}\",2024-05-01T10:0{m}:00Z,\"CPU{name}\",30,\"/sub/x{name}\",\"ns{name}\""))
                + "\n";
            using var reader = new SampleCsvReader(new StringReader(csv), "test.csv");
            var rows = reader.ReadAll().ToList();

            Assert.Equal(3, rows.Count);
            Assert.All(rows, r => Assert.True(IsSafe(r.Instance) && IsSafe(r.MetricName) && IsSafe(r.ResourceId) && IsSafe(r.Namespace)));
            Assert.StartsWith("web_0[31m", rows[0].Instance, System.StringComparison.Ordinal);
            Assert.Same(rows[0].Instance, rows[2].Instance);
            Assert.Same(rows[0].MetricName, rows[2].MetricName);
        }

        [Fact]
        public void Unquoted_csv_names_read_by_row_prediction_are_cleaned_too()
        {
            // Unquoted names repeat row after row, the shape the reader's prediction path takes: a name that
            // cleaning changes must not be handed out raw by that path (bug found when the two branches met).
            var name = Planted.Replace("\r", string.Empty);
            var csv = "Instance,Timestamp,MetricName,Value\n"
                + string.Join("\n", Enumerable.Range(0, 30).SelectMany(m => new[] { 0, 1 }.Select(i => $"web_{i}{name},2024-05-01T10:{m:00}:00Z,CPU{name},30")))
                + "\n";
            using var reader = new SampleCsvReader(new StringReader(csv), "test.csv");
            var rows = reader.ReadAll().ToList();

            Assert.Equal(60, rows.Count);
            Assert.All(rows, r => Assert.True(IsSafe(r.Instance) && IsSafe(r.MetricName), r.Instance + " / " + r.MetricName));
            Assert.Equal(2, rows.Select(r => r.Instance).Distinct().Count());
        }

        [Fact]
        public void Activity_log_flattened_fields_and_properties_are_cleaned()
        {
            var body = "{ \"caller\": " + Json("eve" + Planted) + ", \"subStatus\": " + Json("Conflict" + Planted) + ", \"status\": { \"value\": \"Started\" },"
                + " \"eventName\": " + Json("BeginRequest" + Planted) + ", \"operationName\": { \"value\": \"Microsoft.Compute/virtualMachineScaleSets/write\" },"
                + " \"eventTimestamp\": \"2024-05-01T10:00:00Z\", \"properties\": { \"statusMessage\": " + Json("{\"message\":\"" + Planted + "\"}") + ", " + Json("key" + Planted) + ": \"v\" } }";

            var record = ActivityLogReader.Read(body);

            Assert.True(IsSafe(record.Caller) && IsSafe(record.SubStatus) && IsSafe(record.EventName));
            Assert.All(record.Properties, p => Assert.True(IsSafe(p.Key) && IsSafe(p.Value)));
            Assert.Equal("Started", record.Status);
        }

        [Fact]
        public void Run_history_dimension_values_are_cleaned()
        {
            var body = "{ \"value\": [ { \"name\": { \"value\": \"ObservedMetricValue\" }, \"errorCode\": \"Success\", \"timeseries\": [ { \"metadatavalues\": [ { \"name\": { \"value\": \"metrictriggersource\" }, \"value\": "
                + Json("Percentage CPU" + Planted) + " } ], \"data\": [ { \"timeStamp\": \"2024-05-01T10:00:00Z\", \"average\": 50 } ] } ] } ] }";

            var records = AutoscaleSettingMetrics.Read(body, ScaleSetId + "/x", null, ScaleSetId);

            var record = Assert.Single(records);
            Assert.True(IsSafe(record.MetricTriggerSource));
            Assert.StartsWith("Percentage CPU", record.MetricTriggerSource, System.StringComparison.Ordinal);
        }
    }
}
