using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Reports;
using VmssAutoscale.Tests.Arm;
using Xunit;

namespace VmssAutoscale.Tests.Reports
{
    /// <summary>Issue 25 items 5 and 6: header-style secrets, C1 controls in exported JSON, and the smaller refusals.</summary>
    public class HostileTextTests
    {
        [Theory]
        [InlineData("x-ms-client-secret: s3cr3t-value-123", "x-ms-client-secret: ")]
        [InlineData("Ocp-Apim-Subscription-Key: 0123456789abcdef", "Ocp-Apim-Subscription-Key: ")]
        [InlineData("X-API-TOKEN:abc.def.ghi", "X-API-TOKEN:")]
        [InlineData("request failed\nx-functions-Signature: zzzz9999\nnext line", "x-functions-Signature: ")]
        [InlineData("ProxyPassword : hunter2", "ProxyPassword : ")]
        [InlineData("client_credential: very-secret", "client_credential: ")]
        public void A_header_style_secret_is_removed(string text, string name)
        {
            var redacted = SecretRedactor.RedactText(text);
            Assert.Contains(name + "[REDACTED]", redacted, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t", redacted, StringComparison.Ordinal);
            Assert.DoesNotContain("0123456789abcdef", redacted, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", redacted, StringComparison.Ordinal);
            Assert.DoesNotContain("zzzz9999", redacted, StringComparison.Ordinal);
            Assert.DoesNotContain("very-secret", redacted, StringComparison.Ordinal);
        }

        [Fact]
        public void A_header_without_a_secret_word_is_kept() =>
            Assert.Equal("Content-Type: application/json", SecretRedactor.RedactText("Content-Type: application/json"));

        [Fact]
        public void Exported_json_escapes_C1_controls()
        {
            var text = JsonWriter.Write(JsonNode.From("a\u009b2Jb\u0085c\u00a0d"), indented: false);
            Assert.Equal("\"a\\u009b2Jb\\u0085c\u00a0d\"", text);
            Assert.Equal("a\u009b2Jb\u0085c\u00a0d", JsonParser.Parse(text).StringValue);
        }

        [Theory]
        [InlineData("0001-01-01T00:00:00Z")]
        [InlineData("9999-12-31T23:59:59Z")]
        public void A_bundle_time_no_bundle_can_hold_is_a_format_error(string collectedAt)
        {
            var root = JsonParser.Parse("{\"format\":\"VmssAutoscale.Snapshot\",\"formatVersion\":1,\"collectedAt\":\"" + collectedAt + "\",\"windowStart\":\"2026-11-01T10:00:00Z\",\"windowEnd\":\"2026-11-01T11:00:00Z\",\"scaleSets\":[]}");
            var e = Assert.Throws<SnapshotFormatException>(() => SnapshotSerializer.FromNode(root, "b.json"));
            Assert.Contains("collectedAt", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_answer_nested_past_64_levels_is_called_that_not_truncated()
        {
            var deep = "{\"value\":" + new string('[', 70) + new string(']', 70) + "}";
            var arm = new ScriptedArm(r => ScriptedArm.Json(deep));
            using var session = arm.Session();
            var e = await Assert.ThrowsAsync<ModuleException>(() => session.ListScaleSetJsonAsync("s", "rg", CancellationToken.None));
            Assert.Equal(ErrorIds.InvalidResponse, e.ErrorId);
            Assert.Contains("nested deeper than 64 levels", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("truncated", e.Message, StringComparison.Ordinal);
        }
    }
}
