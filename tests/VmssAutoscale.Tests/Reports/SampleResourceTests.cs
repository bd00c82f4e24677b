using System;
using System.IO;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;
using Xunit;

namespace VmssAutoscale.Tests.Reports
{
    /// <summary>Samples carry their resource, namespace and aggregate columns through the CSV reader, the object input and snapshots.</summary>
    public class SampleResourceTests
    {
        private const string Queue = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/jobs/services/queue/queues/work";

        [Fact]
        public void Csv_optional_columns_are_read_and_rows_without_them_belong_to_the_target()
        {
            var csv = "Timestamp,Instance,MetricName,Value,ResourceId,Namespace,Maximum,Count\n"
                + "2024-05-01T10:00:00Z,work,ApproximateMessageCount,120," + Queue + ",,,\n"
                + "2024-05-01T10:00:00Z,web_0,\"Percentage CPU\",30,,,95,4\n";
            using var reader = new SampleCsvReader(new StringReader(csv), "test.csv");
            var rows = reader.ReadAll().ToList();
            Assert.Equal(Queue, rows[0].ResourceId);
            Assert.Equal(string.Empty, rows[0].Namespace);
            Assert.True(double.IsNaN(rows[0].Maximum));
            Assert.Equal(string.Empty, rows[1].ResourceId);
            Assert.Equal(95, rows[1].Maximum);
            Assert.Equal(4, rows[1].Count);
            Assert.True(double.IsNaN(rows[1].Minimum));
        }

        [Fact]
        public void Csv_without_optional_columns_reads_as_before()
        {
            using var reader = new SampleCsvReader(new StringReader("Instance,Timestamp,MetricName,Value\nweb_0,2024-05-01T10:00:00Z,Percentage CPU,30\n"), "test.csv");
            var row = reader.ReadAll().Single();
            Assert.Equal(string.Empty, row.ResourceId);
            Assert.True(double.IsNaN(row.Count));
        }

        [Theory]
        [InlineData("Count", "-1")]
        [InlineData("Maximum", "high")]
        public void A_bad_optional_cell_names_its_line_and_column(string column, string cell)
        {
            using var reader = new SampleCsvReader(new StringReader($"Instance,Timestamp,MetricName,Value,{column}\nweb_0,2024-05-01T10:00:00Z,Percentage CPU,30,{cell}\n"), "test.csv");
            var e = Assert.Throws<SampleFormatException>(() => reader.ReadAll().ToList());
            Assert.Equal(2, e.Line);
            Assert.Equal(column, e.Column);
        }

        [Fact]
        public void Object_samples_carry_ResourceId_Namespace_and_aggregates_and_empty_strings_are_absent()
        {
            // AddObject needs a PowerShell host (Pester drives it); the conversion it calls is tested here.
            var r = SampleInput.Convert("work", "2024-05-01T10:00:00Z", "ActiveMessageCount", "7", 1, new SampleColumns(Queue, "Microsoft.ServiceBus/namespaces", "", null, 3));
            Assert.Equal(Queue, r.ResourceId);
            Assert.Equal("Microsoft.ServiceBus/namespaces", r.Namespace);
            Assert.True(double.IsNaN(r.Minimum));
            Assert.Equal(3, r.Count);
        }

        [Fact]
        public void Snapshots_exported_before_samples_carried_a_resource_still_load_and_new_fields_round_trip()
        {
            var path = Path.Combine(TestFiles.RepoRoot, "examples", "healthy", "snapshot.json");
            // The example names each sample's resource, as the module exports samples now; an older bundle is made by removing it.
            var current = File.ReadAllText(path);
            var text = System.Text.RegularExpressions.Regex.Replace(current, "\"resourceId\": \"[^\"]*\",\\s*(?=\"source\")", string.Empty);
            Assert.NotEqual(current, text);
            var old = SnapshotSerializer.FromNode(JsonParser.Parse(text), path);
            Assert.All(old.ScaleSets.SelectMany(s => s.Samples), s => Assert.Equal(string.Empty, s.ResourceId));

            var index = text.IndexOf("\"metricName\"", text.IndexOf("\"samples\"", StringComparison.Ordinal), StringComparison.Ordinal);
            var withResource = text.Insert(index, "\"resourceId\": \"" + Queue + "\", \"namespace\": \"azure.vm.linux.guestmetrics\", ");
            var read = SnapshotSerializer.FromNode(JsonParser.Parse(withResource), path);
            var again = SnapshotSerializer.FromNode(JsonParser.Parse(SnapshotSerializer.ToJson(read)), path);
            var first = again.ScaleSets.SelectMany(s => s.Samples).First();
            Assert.Equal(Queue, first.ResourceId);
            Assert.Equal("azure.vm.linux.guestmetrics", first.Namespace);
        }
    }
}
