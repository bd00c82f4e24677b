using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using VmssAutoscale.Engine;
using VmssAutoscale.Sources;
using Xunit;

namespace VmssAutoscale.Tests.Engine
{
    /// <summary>
    /// The CSV reader's row-prediction path (a row read by matching the predicted instance, the previous
    /// timestamp and metric) must give exactly what the line-by-line path gives: the same records, bit for
    /// bit, with the same line numbers, and the same error at the same line. Randomized CSV with fixed
    /// seeds, built to hit the edges: names that are prefixes of others, quoted names holding commas and
    /// quotes, every line ending, blank lines, values the fast decimal parser refuses, and blocks that end
    /// inside a row.
    /// </summary>
    public class CsvPredictionEquivalenceTests
    {
        private static readonly string[] Instances = { "vm_1", "vm_10", "vm_100", "vm_2", "\"vm_3\"", "\"a,b\"", "\"q\"\"x\"", "vm_ä", "vm 4" };
        private static readonly string[] Metrics = { "Percentage CPU", "cpu", "\"Percentage CPU\"", "Network In" };
        private static readonly string[] Values = { "12.5", "7", "-3", "+4", "0", "1e3", " 7", "7 ", ".5", "5.", "0.000000000000000001", "12345678901234567", "99.99", "-0", "1,5" };
        private static readonly string[] Endings = { "\n", "\r\n", "\r" };

        [Theory]
        [InlineData(1, false)]
        [InlineData(2, false)]
        [InlineData(3, true)]
        [InlineData(4, true)]
        [InlineData(5, false)]
        [InlineData(6, true)]
        [InlineData(7, false)]
        [InlineData(8, true)]
        public void The_prediction_path_reads_what_the_line_path_reads(int seed, bool smallReads)
        {
            var random = new Random(seed);
            for (var file = 0; file < 40; file++)
            {
                var csv = Csv(random);
                var chunkSeed = random.Next();
                var fast = Read(csv, smallReads ? chunkSeed : -1, reference: false);
                var reference = Read(csv, smallReads ? chunkSeed : -1, reference: true);
                Assert.Equal(reference.Count, fast.Count);
                for (var i = 0; i < reference.Count; i++)
                {
                    Assert.Equal(reference[i], fast[i]);
                }
            }
        }

        [Fact]
        public void A_plain_day_is_read_through_the_prediction_path_and_matches()
        {
            // The shape the benchmark file has: 100 instances in the same order every minute.
            var sb = new StringBuilder("Instance,Timestamp,MetricName,Value\n");
            var random = new Random(99);
            for (var m = 0; m < 60; m++)
            {
                var t = new DateTime(2024, 5, 1, 0, m, 0, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                for (var i = 0; i < 100; i++)
                {
                    sb.Append("vmss_").Append(i).Append(',').Append(t).Append(",Percentage CPU,").Append(Math.Round(random.NextDouble() * 100, 2).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
                }
            }

            var csv = sb.ToString();
            var fast = Read(csv, -1, reference: false);
            Assert.Equal(6000, fast.Count);
            Assert.Equal(Read(csv, -1, reference: true), fast);
        }

        /// <summary>
        /// The parallel reader (the file cut into blocks at line ends, parsed by several workers, merged in
        /// order) must give exactly what the sequential reader gives on the same file: the same records bit
        /// for bit, in the same order, with the same line numbers, and the same error at the same line after
        /// the same records. Blocks of a few dozen to a few hundred bytes, so every file spans many blocks.
        /// </summary>
        [Theory]
        [InlineData(31)]
        [InlineData(32)]
        [InlineData(33)]
        [InlineData(34)]
        [InlineData(35)]
        [InlineData(36)]
        public void The_parallel_reader_reads_what_the_sequential_reader_reads(int seed)
        {
            var random = new Random(seed);
            var path = TestFiles.ScratchPath($"parallel-{seed}", ".csv");
            try
            {
                var parallelFiles = 0;
                for (var file = 0; file < 25; file++)
                {
                    var csv = Csv(random, maxRows: 2000);
                    File.WriteAllText(path, csv, new UTF8Encoding(encoderShouldEmitUTF8Identifier: random.Next(3) == 0));
                    var sequential = ReadFile(path, new SampleCsvReader(path) { Workers = 0 });
                    var parallel = new SampleCsvReader(path) { Workers = random.Next(1, 4), ParallelMinBytes = 0, BlockBytes = random.Next(1, 400), QueuedBlocksPerWorker = random.Next(1, 3) };
                    var read = ReadFile(path, parallel);
                    Assert.Equal(sequential.Count, read.Count);
                    for (var i = 0; i < sequential.Count; i++)
                    {
                        Assert.Equal(sequential[i], read[i]);
                    }

                    Assert.False(parallel.WorkersRunning);
                    if (parallel.UsedParallelPath)
                    {
                        parallelFiles++;
                    }
                }

                // Headers ending in a lone \r keep the sequential path; most files must have gone the parallel way.
                Assert.True(parallelFiles >= 10, $"only {parallelFiles} of 25 files were read in parallel");
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void Stopping_early_stops_the_parallel_workers()
        {
            var path = TestFiles.ScratchPath("parallel-stop", ".csv");
            try
            {
                var sb = new StringBuilder("Instance,Timestamp,MetricName,Value\n");
                for (var m = 0; m < 200; m++)
                {
                    for (var i = 0; i < 50; i++)
                    {
                        sb.Append("vm_").Append(i).Append(",2024-05-01T").Append((m / 60).ToString("00")).Append(':').Append((m % 60).ToString("00")).Append(":00Z,cpu,").Append(i).Append('\n');
                    }
                }

                File.WriteAllText(path, sb.ToString());
                using var reader = new SampleCsvReader(path) { Workers = 2, ParallelMinBytes = 0, BlockBytes = 512, QueuedBlocksPerWorker = 1 };
                var taken = 0;
                foreach (var record in reader.ReadAll())
                {
                    if (++taken == 100)
                    {
                        Assert.True(reader.WorkersRunning);
                        break;
                    }
                }

                // Leaving the loop (the end of a pipeline, Ctrl+C) disposes the enumerator, which stops and waits for the workers.
                Assert.False(reader.WorkersRunning);
                Assert.Equal(100, taken);
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static List<string> ReadFile(string path, SampleCsvReader reader)
        {
            using (reader)
            {
                return Read(reader);
            }
        }

        private static string Csv(Random random, int maxRows = 300)
        {
            var columns = new List<string> { "Instance", "Timestamp", "MetricName", "Value" };
            Shuffle(columns, random);
            if (random.Next(6) == 0)
            {
                // An extra column, or an optional one, turns the prediction path off: both must still agree.
                columns.Insert(random.Next(columns.Count + 1), random.Next(2) == 0 ? "Note" : "Namespace");
            }

            var sb = new StringBuilder(string.Join(",", columns)).Append(Endings[random.Next(Endings.Length)]);
            var order = new List<string>(Instances);
            var metric = Metrics[random.Next(Metrics.Length)];
            var rows = random.Next(1, maxRows);
            var minute = 0;
            var k = 0;
            for (var r = 0; r < rows; r++)
            {
                if (random.Next(12) == 0)
                {
                    minute++;
                }

                if (random.Next(40) == 0)
                {
                    Shuffle(order, random);
                }

                if (random.Next(30) == 0)
                {
                    metric = Metrics[random.Next(Metrics.Length)];
                }

                var instance = random.Next(10) == 0 ? Instances[random.Next(Instances.Length)] : order[k++ % order.Count];
                var time = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc).AddMinutes(minute);
                var timestamp = random.Next(25) switch
                {
                    0 => time.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                    1 => time.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ss'+02:00'", System.Globalization.CultureInfo.InvariantCulture),
                    2 => "\"" + time.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) + "\"",
                    _ => time.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                };
                var value = random.Next(3) == 0 ? Values[random.Next(Values.Length)] : Math.Round(random.NextDouble() * 100, random.Next(4)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var cells = new List<string>();
                foreach (var c in columns)
                {
                    cells.Add(c switch
                    {
                        "Instance" => instance,
                        "Timestamp" => timestamp,
                        "MetricName" => metric,
                        "Value" => value,
                        "Namespace" => random.Next(2) == 0 ? string.Empty : "Microsoft.Compute/virtualMachineScaleSets",
                        _ => "n" + random.Next(3),
                    });
                }

                sb.Append(string.Join(",", cells));
                if (random.Next(60) == 0)
                {
                    // A row with a field too many or too few.
                    sb.Append(random.Next(2) == 0 ? ",extra" : string.Empty);
                }

                if (r < rows - 1 || random.Next(2) == 0)
                {
                    sb.Append(Endings[random.Next(Endings.Length)]);
                }

                if (random.Next(50) == 0 && r < rows - 1)
                {
                    sb.Append(Endings[random.Next(Endings.Length)]);
                }
            }

            return sb.ToString();
        }

        /// <summary>Every record the reader gives, then the error that stopped it, as comparable strings.</summary>
        private static List<string> Read(string csv, int chunkSeed, bool reference)
        {
            TextReader text = chunkSeed < 0 ? new StringReader(csv) : new ChunkReader(csv, new Random(chunkSeed));
            return Read(new SampleCsvReader(text, "test") { UseReferencePath = reference });
        }

        private static List<string> Read(SampleCsvReader reader)
        {
            var read = new List<string>();
            try
            {
                foreach (var s in reader.ReadAll())
                {
                    read.Add(string.Join("|", s.Instance, s.MetricName, s.UtcTicks, BitConverter.DoubleToInt64Bits(s.Value), s.Line, s.ResourceId, s.Namespace, BitConverter.DoubleToInt64Bits(s.Minimum), BitConverter.DoubleToInt64Bits(s.Maximum), BitConverter.DoubleToInt64Bits(s.Count)));
                }
            }
            catch (SampleFormatException e)
            {
                read.Add("error: " + e.Message);
            }

            return read;
        }

        private static void Shuffle<T>(List<T> list, Random random)
        {
            for (var i = list.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (list[i], list[j]) = (list[j], list[i]);
            }
        }

        /// <summary>Hands out the text in random small pieces, so blocks end inside rows and between \r and \n.</summary>
        private sealed class ChunkReader : TextReader
        {
            private readonly string text;
            private readonly Random random;
            private int pos;

            public ChunkReader(string text, Random random)
            {
                this.text = text;
                this.random = random;
            }

            public override int Read(char[] buffer, int index, int count)
            {
                var n = Math.Min(Math.Min(count, text.Length - pos), random.Next(1, 90));
                if (n <= 0)
                {
                    return 0;
                }

                text.CopyTo(pos, buffer, index, n);
                pos += n;
                return n;
            }
        }
    }
}
