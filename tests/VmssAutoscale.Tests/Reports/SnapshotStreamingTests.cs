using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using Xunit;

namespace VmssAutoscale.Tests.Reports
{
    /// <summary>
    /// Issue 12, item 10: snapshot.json is read forward once (samples into a column store) and
    /// written sample by sample. Reading and writing must give what the whole-tree path gave, for
    /// every bundle, and say where a broken one breaks with the file's own line numbers.
    /// </summary>
    public class SnapshotStreamingTests
    {
        private static readonly DateTime T0 = new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc);

        private static string Bundle(string samples, string before = "", string after = "") =>
            "{\n  \"format\": \"VmssAutoscale.Snapshot\",\n  \"formatVersion\": 1,\n  \"collectedAt\": \"2026-11-01T11:00:00Z\",\n"
            + "  \"windowStart\": \"2026-11-01T10:00:00Z\",\n  \"windowEnd\": \"2026-11-01T11:00:00Z\",\n" + before
            + "  \"scaleSets\": [\n    {\n      \"resourceId\": \"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web\",\n"
            + "      \"model\": {\"name\": \"web\"},\n      \"samples\": " + samples + ",\n      \"findings\": []" + after + "\n    }\n  ]\n}\n";

        private static string Sample(int minute, double value, string instance = "web_0") =>
            "{\n        \"instance\": \"" + instance + "\",\n        \"timestamp\": \"" + T0.AddMinutes(minute).ToString("yyyy-MM-ddTHH:mm:ssZ") + "\",\n        \"metricName\": \"Percentage CPU\",\n        \"value\": "
            + value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n      }";

        private static Snapshot ReadText(string text)
        {
            var dir = TestFiles.ScratchPath("stream");
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, Snapshot.FileName), text, new UTF8Encoding(false));
                return SnapshotSerializer.Read(dir);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        private static string Describe(Snapshot s) => string.Join("\n", s.ScaleSets.SelectMany(x => x.Samples).Select(x =>
            $"{x.Instance}|{x.Timestamp:o}|{x.MetricName}|{x.Value}|{x.ResourceId}|{x.Namespace}|{x.Minimum}|{x.Maximum}|{x.Count}|{x.Source}|{x.Table}"));

        [Fact]
        public void Every_committed_example_reads_the_same_streamed_as_from_the_whole_tree_and_writes_back_byte_for_byte()
        {
            var examples = TestFiles.ExampleBundles();
            Assert.NotEmpty(examples);
            foreach (var dir in examples)
            {
                var file = Path.Combine(dir, Snapshot.FileName);
                var text = File.ReadAllText(file);
                var streamed = SnapshotSerializer.Read(dir);
                var tree = SnapshotSerializer.FromNode(JsonParser.Parse(text), file);
                Assert.Equal(Describe(tree), Describe(streamed));
                Assert.Equal(text, SnapshotSerializer.ToJson(streamed));
                Assert.Equal(text, JsonWriter.Write(SecretRedactor.Redact(SnapshotSerializer.ToNode(tree)), indented: true) + "\n");
            }
        }

        [Fact]
        public void Comments_escaped_keys_other_cases_and_a_repeated_samples_key_read_as_the_parser_reads_them()
        {
            var text = Bundle("[ // the first minute\n      " + Sample(0, 10) + ", /* a } and a \" in a comment */\n      " + Sample(1, 20) + "\n    ]")
                .Replace("\"scaleSets\"", "\"Scale\\u0053ets\"")
                .Replace("\"findings\": []", "\"findings\": [],\n      \"SAMPLES\": [" + Sample(5, 50) + "]");
            var s = ReadText(text);
            var tree = SnapshotSerializer.FromNode(JsonParser.Parse(text), "x");
            Assert.Equal(Describe(tree), Describe(s));
            var only = Assert.Single(s.ScaleSets.Single().Samples);
            Assert.Equal(50, only.Value);
            Assert.Equal(T0.AddMinutes(5), only.Timestamp);
        }

        [Fact]
        public void A_bad_sample_is_named_by_its_line_in_the_file()
        {
            var text = Bundle("[\n      " + Sample(0, 10) + ",\n      " + Sample(1, 20).Replace("\"value\": 20", "\"value\": \"high\"") + "\n    ]");
            var line = text.Split('\n').ToList().FindIndex(l => l.Contains("\"value\": \"high\"")) + 1;
            var e = Assert.Throws<SnapshotFormatException>(() => ReadText(text));
            var sampleStart = text.Split('\n').ToList().FindLastIndex(line - 1, l => l.TrimEnd().EndsWith("{", StringComparison.Ordinal)) + 1;
            Assert.Contains($"line {sampleStart}: a sample needs", e.Message);
        }

        [Fact]
        public void A_broken_value_after_the_samples_is_named_by_its_line_in_the_file()
        {
            var text = Bundle("[\n      " + Sample(0, 10) + ",\n      " + Sample(1, 20) + "\n    ]", after: ",\n      \"instanceView\": {\"x\": tru}");
            var line = text.Split('\n').ToList().FindIndex(l => l.Contains("tru}")) + 1;
            var e = Assert.Throws<SnapshotFormatException>(() => ReadText(text));
            Assert.Contains($"line {line},", e.Message);
        }

        [Theory]
        [InlineData("the document ends inside")]
        public void A_bundle_truncated_inside_its_samples_is_refused(string said)
        {
            var text = Bundle("[\n      " + Sample(0, 10) + ",\n      " + Sample(1, 20) + "\n    ]");
            var cut = text.Substring(0, text.IndexOf("\"value\": 20", StringComparison.Ordinal));
            var e = Assert.Throws<SnapshotFormatException>(() => ReadText(cut));
            Assert.Contains(said, e.Message);
        }

        [Fact]
        public void A_trailing_comma_in_the_samples_is_refused_as_the_parser_refuses_it()
        {
            var text = Bundle("[\n      " + Sample(0, 10) + ",\n    ]");
            Assert.Throws<JsonParseException>(() => JsonParser.Parse(text));
            Assert.Throws<SnapshotFormatException>(() => ReadText(text));
        }

        [Fact]
        public void Sample_strings_are_redacted_when_written_as_in_the_whole_tree()
        {
            var sas = "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=SECRETsignature123";
            var snapshot = new Snapshot
            {
                CollectedAt = T0,
                WindowStart = T0,
                WindowEnd = T0.AddHours(1),
                ScaleSets = new[]
                {
                    new SnapshotScaleSet
                    {
                        ResourceId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web",
                        Model = JsonParser.Parse("{\"name\":\"web\"}"),
                        Samples = Enumerable.Range(0, 3).Select(m => new MetricSample { Instance = "web_0", Timestamp = T0.AddMinutes(m), MetricName = "Percentage CPU", Value = m, Source = sas, Minimum = m == 1 ? 0.5 : (double?)null }).ToList(),
                    },
                    new SnapshotScaleSet { ResourceId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/empty", Model = JsonParser.Parse("{\"name\":\"empty\"}") },
                },
            };
            var streamed = SnapshotSerializer.ToJson(snapshot);
            Assert.DoesNotContain("SECRETsignature123", streamed);
            Assert.Equal(JsonWriter.Write(SecretRedactor.Redact(SnapshotSerializer.ToNode(snapshot)), indented: true) + "\n", streamed);
            var back = ReadText(streamed);
            Assert.Equal(0.5, back.ScaleSets[0].Samples[1].Minimum);
            Assert.Null(back.ScaleSets[0].Samples[0].Minimum);
            Assert.Empty(back.ScaleSets[1].Samples);
        }

        [Fact]
        public void The_store_keeps_every_column_and_sorts_only_when_the_samples_came_out_of_order()
        {
            var store = new SampleStore();
            store.Add(new MetricSample { Instance = "a", Timestamp = T0.AddMinutes(2), MetricName = "m", Value = 1 });
            store.Add(new MetricSample { Instance = "b", Timestamp = T0, MetricName = "m", Value = 2, Count = 4, Table = "t" });
            store.Add(new MetricSample { Instance = "c", Timestamp = T0, MetricName = "n", Value = 3, ResourceId = "/r", Namespace = "ns" });
            Assert.False(store.IsTimeOrdered);
            Assert.Equal(3, store.Count);
            var sorted = store.InTimeOrder(_ => true);
            Assert.Equal(new[] { "b", "c", "a" }, sorted.Select(s => s.Instance));
            Assert.Equal(4, sorted[0].Count);
            Assert.Equal("t", sorted[0].Table);
            Assert.Null(sorted[1].Count);
            Assert.Equal("/r", sorted[1].ResourceId);
            Assert.Equal("ns", sorted[1].Namespace);
            Assert.Equal(DateTimeKind.Utc, sorted[2].Timestamp.Kind);
            Assert.Equal(new[] { "c" }, store.InTimeOrder(i => store.MetricNameAt(i) == "n").Select(s => s.Instance));
            Assert.Throws<ArgumentOutOfRangeException>(() => store[3]);
        }
    }
}
