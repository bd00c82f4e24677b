using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;
using VmssAutoscale.Templates;
using Xunit.Abstractions;

namespace VmssAutoscale.Tests.Fuzz
{
    /// <summary>
    /// A seeded fuzz suite over the readers that take input from files and services: the JSON parser,
    /// the duration parser, the template evaluator and analyzer, the sample CSV reader and the snapshot
    /// reader. Every input must end in a result or in one of the module's own errors (which the cmdlets
    /// turn into ErrorRecords), within a generous liveness and allocation budget.
    /// The seed is fixed (CI is repeatable); set VMSSAUTOSCALE_FUZZ_SEED to a number to replay a run, or
    /// to "random" for a new one; VMSSAUTOSCALE_FUZZ_ITERATIONS scales the number of inputs. A failure
    /// prints the seed, the iteration and the input.
    /// </summary>
    public partial class FuzzTests
    {
        private const int DefaultSeed = 20261129;

        // A budget for liveness, not a performance assertion: a case that takes this long is a hang.
        private static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(20);
        private const long MaxAllocatedBytes = 1L << 30;

        private static readonly Type[] ModuleErrors =
        {
            typeof(JsonParseException), typeof(TemplateEvaluationException), typeof(AutoscaleFormatException),
            typeof(SampleFormatException), typeof(SnapshotFormatException), typeof(ModuleException),
        };

        private readonly ITestOutputHelper output;

        public FuzzTests(ITestOutputHelper output) => this.output = output;

        private static int Seed()
        {
            var value = Environment.GetEnvironmentVariable("VMSSAUTOSCALE_FUZZ_SEED");
            if (string.Equals(value, "random", StringComparison.OrdinalIgnoreCase))
            {
                return Environment.TickCount & int.MaxValue;
            }

            return int.TryParse(value, out var seed) ? seed : DefaultSeed;
        }

        private static int Iterations(int baseline) =>
            int.TryParse(Environment.GetEnvironmentVariable("VMSSAUTOSCALE_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : baseline;

        /// <summary>Runs each generated input; fails with the seed, iteration and input on anything but a result or a module error.</summary>
        private void Run(string target, int iterations, Func<Random, string> generate, Action<string> consume)
        {
            var seed = Seed();
            output.WriteLine($"{target}: seed {seed}, {iterations} inputs (VMSSAUTOSCALE_FUZZ_SEED={seed} replays this run)");
            var random = new Random(seed);
            for (var i = 0; i < iterations; i++)
            {
                var input = generate(random);
                Exception? failure = null;
                long allocated = 0;
                var worker = new Thread(
                    () =>
                    {
                        var before = GC.GetAllocatedBytesForCurrentThread();
                        try
                        {
                            consume(input);
                        }
                        catch (Exception e) when (ModuleErrors.Contains(e.GetType()))
                        {
                        }
                        catch (Exception e)
                        {
                            failure = e;
                        }

                        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    },
                    16 * 1024 * 1024);
                worker.Start();
                var ended = worker.Join(HangAfter);
                var shown = input.Length > 2000 ? input.Substring(0, 2000) + "..." : input;
                Assert.True(ended, $"{target} seed {seed} iteration {i}: no answer after {HangAfter.TotalSeconds} s for input:\n{shown}");
                Assert.True(failure == null, $"{target} seed {seed} iteration {i}: {failure?.GetType().Name}: {failure?.Message}\n{failure?.StackTrace}\ninput:\n{shown}");
                Assert.True(allocated < MaxAllocatedBytes, $"{target} seed {seed} iteration {i}: allocated {allocated:N0} bytes for input:\n{shown}");
            }
        }

        /// <summary>Byte-level damage to a valid text: the shapes real broken input takes.</summary>
        private static string Mutate(Random r, string text, string alphabet)
        {
            var sb = new StringBuilder(text);
            var edits = 1 + r.Next(6);
            for (var e = 0; e < edits; e++)
            {
                var at = sb.Length == 0 ? 0 : r.Next(sb.Length);
                switch (r.Next(7))
                {
                    case 0:
                        if (sb.Length > 0)
                        {
                            sb.Remove(at, Math.Min(sb.Length - at, 1 + r.Next(8)));
                        }

                        break;
                    case 1:
                        sb.Insert(at, alphabet[r.Next(alphabet.Length)]);
                        break;
                    case 2:
                        if (sb.Length > 0)
                        {
                            sb[at] = alphabet[r.Next(alphabet.Length)];
                        }

                        break;
                    case 3:
                        // Repeat a slice: duplicated keys, repeated elements, deeper nesting.
                        var length = Math.Min(sb.Length - at, 1 + r.Next(40));
                        var slice = sb.ToString(at, length);
                        sb.Insert(at, string.Concat(Enumerable.Repeat(slice, 1 + r.Next(r.Next(2) == 0 ? 3 : 300))));
                        break;
                    case 4:
                        sb.Length = at; // truncated
                        break;
                    case 5:
                        sb.Insert(at, (char)r.Next(0, 0x3000));
                        break;
                    default:
                        sb.Insert(at, new string(r.Next(2) == 0 ? '[' : '{', r.Next(1, 2000)));
                        break;
                }
            }

            return sb.ToString();
        }

        private const string JsonAlphabet = "{}[]\":,0123456789.eE+-truefalsn \\/u\n\t abcxyz";

        private static readonly string[] JsonSeeds =
        {
            "{\"a\": [1, 2.5, -3e2, true, false, null], \"b\": {\"c\": \"d\\u0041\\n\"}}",
            "[{\"name\":\"x\",\"value\":{\"nested\":[[],[{}]]}}]",
            "// comment\n{ /* block */ \"k\": \"v\" }",
        };

        [Fact]
        public void Json_parser() =>
            Run("JsonParser", Iterations(3000), r => Mutate(r, JsonSeeds[r.Next(JsonSeeds.Length)], JsonAlphabet), text =>
            {
                var warnings = new List<string>();
                var node = JsonParser.Parse(text, warnings);
                JsonWriter.Write(node);
            });

        [Fact]
        public void Duration_parser() =>
            Run("IsoDuration", Iterations(5000), r => Mutate(r, new[] { "PT5M", "P1DT12H", "PT0.5S", "P1W", "PT12H" }[r.Next(5)], "PTWDHMS0123456789.-+ 9"), text =>
            {
                if (IsoDuration.TryParse(text, out var value))
                {
                    IsoDuration.Format(value);
                }
            });

        private static readonly string[] Functions =
        {
            "concat", "replace", "padLeft", "string", "json", "createArray", "createObject", "union", "range", "take", "skip",
            "substring", "split", "length", "add", "mul", "div", "mod", "if", "equals", "copyIndex", "variables", "parameters",
            "resourceId", "format", "base64", "base64ToString", "uriComponent", "first", "last", "min", "max", "int", "bool",
        };

        private static string Expression(Random r, int depth)
        {
            if (depth > 6 || r.Next(3) == 0)
            {
                switch (r.Next(5))
                {
                    case 0: return r.Next(-5, 2000).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    case 1: return "'" + new string('a', r.Next(0, 6)) + "'";
                    case 2: return "variables('v" + r.Next(4) + "')";
                    case 3: return "parameters('p" + r.Next(3) + "')";
                    default: return "copyIndex()";
                }
            }

            var args = Enumerable.Range(0, r.Next(0, 4)).Select(_ => Expression(r, depth + 1));
            var call = Functions[r.Next(Functions.Length)] + "(" + string.Join(", ", args) + ")";
            return r.Next(6) == 0 ? call + "[" + r.Next(3) + "]" : call;
        }

        private static string Template(Random r)
        {
            string Quote(string expression) => JsonWriter.Quote("[" + expression + "]");
            var variables = string.Join(",", Enumerable.Range(0, 4).Select(i => $"\"v{i}\": {Quote(Expression(r, 0))}"));
            var parameters = string.Join(",", Enumerable.Range(0, 3).Select(i => $"\"p{i}\": {{\"type\": \"string\", \"defaultValue\": {Quote(Expression(r, 0))}}}"));
            var resource = "{\"type\": \"Microsoft.Insights/autoscalesettings\", \"apiVersion\": \"2022-10-01\", \"name\": " + Quote(Expression(r, 0))
                + ", \"copy\": {\"name\": \"c\", \"count\": " + Quote(Expression(r, 0)) + "}, \"properties\": {\"enabled\": true, \"targetResourceUri\": " + Quote(Expression(r, 0))
                + ", \"profiles\": [{\"name\": \"p\", \"capacity\": {\"minimum\": " + Quote(Expression(r, 0)) + ", \"maximum\": \"3\", \"default\": \"1\"}, \"rules\": []}]}}";
            var text = "{\"$schema\": \"x\", \"contentVersion\": \"1.0.0.0\", \"parameters\": {" + parameters + "}, \"variables\": {" + variables + "}, \"resources\": [" + resource + "]}";
            return r.Next(4) == 0 ? Mutate(r, text, JsonAlphabet + "()'[],") : text;
        }

        [Fact]
        public void Template_evaluator_and_analyzer() =>
            Run("TemplateEvaluator", Iterations(1500), Template, text =>
            {
                var evaluated = TemplateReader.Read(text, "fuzz.json");
                TemplateAnalyzer.Analyze(evaluated);
            });

        private static readonly string CsvSeed =
            "Instance,Timestamp,MetricName,Value\n"
            + "vm_0,2024-05-01T11:00:00Z,Percentage CPU,55.5\n"
            + "\"vm_1\",2024-05-01T11:01:00+02:00,\"Percentage, CPU\",1e2\n"
            + "vm_2,2024-05-01 11:02:00,Percentage CPU,-0.25\n";

        [Fact]
        public void Sample_csv_reader() =>
            Run("SampleCsvReader", Iterations(3000), r => Mutate(r, CsvSeed, "\",\n\r0123456789:-TZ.eE+ ab_"), text =>
            {
                using var reader = new SampleCsvReader(new StringReader(text), "fuzz.csv");
                foreach (var sample in reader.ReadAll())
                {
                    _ = sample.Value;
                }
            });

        private static readonly Lazy<string> SnapshotSeed = new Lazy<string>(() =>
            File.ReadAllText(Path.Combine(TestFiles.RepoRoot, "examples", "one-hot-instance", "snapshot.json")));

        [Fact]
        public void Snapshot_reader() =>
            Run("SnapshotReader", Iterations(300), r => Mutate(r, SnapshotSeed.Value, JsonAlphabet), text =>
            {
                var snapshot = SnapshotSerializer.FromNode(JsonParser.Parse(text), "fuzz.json");
                SnapshotSerializer.ToJson(snapshot);
            });

        /// <summary>
        /// The streaming reader of bundle files against the whole-tree reader: the same input gives the
        /// same snapshot, or both refuse it with a module error.
        /// </summary>
        [Fact]
        public void Snapshot_file_reader_agrees_with_the_tree_reader()
        {
            var file = TestFiles.ScratchPath("fuzz", ".json");
            try
            {
                Run("SnapshotFileReader", Iterations(300), r => Mutate(r, SnapshotSeed.Value, JsonAlphabet), text =>
                {
                    File.WriteAllText(file, text, new UTF8Encoding(false));
                    string? tree = null;
                    try
                    {
                        tree = SnapshotSerializer.ToJson(SnapshotSerializer.FromNode(JsonParser.Parse(text), file));
                    }
                    catch (Exception e) when (e is JsonParseException || e is SnapshotFormatException)
                    {
                        // Then the file reader must refuse it too (below).
                    }

                    if (tree == null)
                    {
                        Xunit.Assert.Throws<SnapshotFormatException>(() => SnapshotSerializer.Read(file));
                    }
                    else
                    {
                        Xunit.Assert.Equal(tree, SnapshotSerializer.ToJson(SnapshotSerializer.Read(file)));
                    }
                });
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
