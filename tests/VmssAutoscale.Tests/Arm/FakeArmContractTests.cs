using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using VmssAutoscale.FakeArm;

namespace VmssAutoscale.Tests.Arm
{
    /// <summary>
    /// The fake ARM answers in the shapes of the public REST examples: for each operation the
    /// module calls, tests/fixtures/rest-shapes/fake-arm-shapes.json lists the property paths the
    /// published example has and the module reads (written from reading Azure/azure-rest-api-specs;
    /// the file names the example path and commit). A fake answer that drifts from the service's shape
    /// would let a reader pass against the fake and fail against Azure. When the optional public
    /// corpus is present (TestFiles.CorpusRoot) the corpus test checks the same paths against the published examples, so the shape
    /// descriptions themselves cannot drift from the examples (skipped, with its reason, when absent).
    /// </summary>
    public class FakeArmContractTests
    {
        private static readonly DateTime PeriodEnd = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

        public static IEnumerable<object[]> Operations() => Shapes().Select(s => new object[] { (string)s["operation"]! });

        [Theory]
        [MemberData(nameof(Operations))]
        public void The_fake_answers_in_the_shape_of_the_public_example(string operation)
        {
            var shape = Shape(operation);
            var service = new FakeArmService(new[] { FakeArmFixture.Token }, now: PeriodEnd);
            var path = ((string)shape["request"]!)
                .Replace("{subscription}", FakeArmService.Subscription, StringComparison.Ordinal)
                .Replace("{start}", PeriodEnd.AddHours(-6).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{end}", PeriodEnd.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var answer = service.Handle(new FakeRequest
            {
                Uri = new Uri("https://fake.arm.test" + path),
                Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = "Bearer " + FakeArmFixture.Token },
            });

            Assert.True(answer.Status == 200, $"{operation}: HTTP {answer.Status} {answer.Body}");
            Assert.Empty(Missing(JsonNode.Parse(answer.Body), Required(shape)));
        }

        [CorpusTheory]
        [MemberData(nameof(Operations))]
        public void The_shape_holds_for_the_published_example(string operation)
        {
            var shape = Shape(operation);
            var file = Path.Combine(TestFiles.CorpusRoot!, "rest-examples", (string)shape["exampleFile"]!);
            var body = JsonNode.Parse(File.ReadAllText(file))!["responses"]!["200"]!["body"];
            Assert.Empty(Missing(body, Required(shape)));
        }

        [Fact]
        public void A_missing_property_an_empty_array_and_a_wrong_kind_are_each_reported()
        {
            var body = JsonNode.Parse("{\"sku\":{\"capacity\":\"4\"},\"value\":[],\"list\":[{\"id\":\"a\"},{}]}");
            var missing = Missing(body, new[] { "sku.capacity:number", "sku.name:string", "value[].id:string", "list[].id:string", "sku:object" });
            Assert.Equal(
                new[] { "sku.capacity is String, not number", "sku.name is missing", "value[] is missing or empty", "list[].id is missing" },
                missing);
        }

        /// <summary>Each failed path, described; empty when the body has every path with its kind.</summary>
        internal static IReadOnlyList<string> Missing(JsonNode? body, IEnumerable<string> required)
        {
            var failures = new List<string>();
            foreach (var spec in required)
            {
                var colon = spec.LastIndexOf(':');
                var path = spec.Substring(0, colon);
                var kind = spec.Substring(colon + 1);
                var nodes = new List<JsonNode?> { body };
                var walked = new List<string>();
                string? failure = null;
                foreach (var segment in path.Split('.'))
                {
                    var isArray = segment.EndsWith("[]", StringComparison.Ordinal);
                    var name = isArray ? segment.Substring(0, segment.Length - 2) : segment;
                    walked.Add(segment);
                    var next = new List<JsonNode?>();
                    foreach (var node in nodes)
                    {
                        var child = (node as JsonObject)?[name];
                        if (isArray)
                        {
                            if (child is not JsonArray items || items.Count == 0)
                            {
                                failure = string.Join(".", walked) + " is missing or empty";
                                break;
                            }

                            next.AddRange(items);
                        }
                        else if (child == null)
                        {
                            failure = string.Join(".", walked) + " is missing";
                            break;
                        }
                        else
                        {
                            next.Add(child);
                        }
                    }

                    if (failure != null)
                    {
                        break;
                    }

                    nodes = next;
                }

                var wrong = failure == null ? nodes.FirstOrDefault(n => !IsKind(n!, kind)) : null;
                if (failure == null && wrong != null)
                {
                    failure = $"{path} is {wrong.GetValueKind()}, not {kind}";
                }

                if (failure != null)
                {
                    failures.Add(failure);
                }
            }

            return failures;
        }

        private static bool IsKind(JsonNode node, string kind) => kind switch
        {
            "string" => node.GetValueKind() == System.Text.Json.JsonValueKind.String,
            "number" => node.GetValueKind() == System.Text.Json.JsonValueKind.Number,
            "boolean" => node.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            "object" => node is JsonObject,
            "array" => node is JsonArray,
            _ => throw new ArgumentException("unknown kind " + kind),
        };

        private static IEnumerable<JsonObject> Shapes() =>
            JsonNode.Parse(TestFiles.ReadFixture("rest-shapes", "fake-arm-shapes.json"))!["endpoints"]!.AsArray().Select(e => e!.AsObject());

        private static JsonObject Shape(string operation) => Shapes().Single(s => (string)s["operation"]! == operation);

        private static IEnumerable<string> Required(JsonObject shape) => shape["required"]!.AsArray().Select(r => (string)r!);
    }
}
