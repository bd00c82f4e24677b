using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Azure.Arm;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Tests.Arm
{
    /// <summary>An ARM endpoint that answers from a script and records where every request went, with its token.</summary>
    internal sealed class ScriptedArm : HttpMessageHandler
    {
        private readonly Func<HttpRequestMessage, HttpResponseMessage> answer;

        public ScriptedArm(Func<HttpRequestMessage, HttpResponseMessage> answer) => this.answer = answer;

        public List<(Uri Uri, string? Authorization)> Seen { get; } = new List<(Uri, string?)>();

        public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
            new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        public LiveAzureSession Session(Uri? endpoint = null, Func<TimeSpan, CancellationToken, Task>? delay = null, TimeSpan? deadline = null, int maxResponseBytes = 64 * 1024 * 1024) =>
            new LiveAzureSession(
                new AzureConnectionOptions { ResourceManagerUrl = endpoint ?? new Uri("https://arm.test/"), AccessToken = "secret-token-1f3a", MaxRetries = 2, RequestDeadline = deadline ?? TimeSpan.FromMinutes(5), MaxResponseBytes = maxResponseBytes },
                this,
                delay ?? ((w, ct) => Task.CompletedTask));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Seen)
            {
                Seen.Add((request.RequestUri!, request.Headers.Authorization?.ToString()));
            }

            return Task.FromResult(answer(request));
        }
    }

    public class HostileArmTests
    {
        private const string ScaleSet = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss";

        [Theory]
        [InlineData(" https://evil.example/steal")]
        [InlineData("https://arm.test/page2 ")]
        [InlineData("\thttps://arm.test/page2")]
        [InlineData("https://arm.test/page2\u001b[31m")]
        [InlineData("https://arm.test/pa\u0000ge2")]
        [InlineData("https://arm.test/pa ge2")]
        [InlineData("https://evil.example/steal")]
        [InlineData("https://arm.test:8443/page2")]
        [InlineData("http://arm.test/page2")]
        [InlineData("https://user:pw@arm.test/page2")]
        [InlineData("//evil.example/steal")]
        [InlineData("https://arm.test\\@evil.example/")]
        [InlineData("https:/\\evil.example/")]
        [InlineData("file:///etc/passwd")]
        [InlineData("page2")]
        public async Task A_nextLink_that_is_not_strictly_on_the_endpoint_is_refused_and_gets_no_request(string nextLink)
        {
            var arm = new ScriptedArm(r => ScriptedArm.Json("{\"value\":[{\"id\":\"a\"}],\"nextLink\":" + System.Text.Json.JsonSerializer.Serialize(nextLink) + "}"));
            using var session = arm.Session();
            var e = await Assert.ThrowsAsync<ModuleException>(() => session.ListScaleSetJsonAsync("s", "rg", CancellationToken.None));
            Assert.Equal(ErrorIds.UntrustedLink, e.ErrorId);
            Assert.Single(arm.Seen);
            Assert.False(e.Message.IndexOf('\u001b') >= 0);
        }

        [Fact]
        public async Task A_nextLink_on_the_endpoint_is_followed()
        {
            var arm = new ScriptedArm(r => ScriptedArm.Json(r.RequestUri!.AbsolutePath.EndsWith("page2", StringComparison.Ordinal)
                ? "{\"value\":[{\"id\":\"b\"}]}"
                : "{\"value\":[{\"id\":\"a\"}],\"nextLink\":\"https://ARM.test:443/page2?api-version=1\"}"));
            using var session = arm.Session();
            Assert.Equal(2, (await session.ListScaleSetJsonAsync("s", "rg", CancellationToken.None)).Count);
        }

        [Theory]
        [InlineData("AsyncOperation", " https://evil.example/op")]
        [InlineData("Location", "https://evil.example/op")]
        [InlineData("AsyncOperation", "https://arm.test/op\r\nX-Injected: 1")]
        public async Task A_poll_link_that_is_not_strictly_on_the_endpoint_is_refused(string kind, string link)
        {
            var arm = new ScriptedArm(r => ScriptedArm.Json("{\"status\":\"Succeeded\"}"));
            using var session = arm.Session();
            var op = new CapacityOperation { ScaleSetId = ScaleSet, PollKind = kind, PollUrl = link };
            var e = await Assert.ThrowsAsync<ModuleException>(() => session.PollAsync(op, CancellationToken.None));
            Assert.Equal(ErrorIds.UntrustedLink, e.ErrorId);
            Assert.Empty(arm.Seen);
        }

        [Theory]
        [InlineData(HttpStatusCode.Found)]
        [InlineData(HttpStatusCode.TemporaryRedirect)]
        [InlineData((HttpStatusCode)308)]
        public async Task A_redirect_is_refused_and_its_body_not_used(HttpStatusCode status)
        {
            var arm = new ScriptedArm(r =>
            {
                var response = ScriptedArm.Json("{\"value\":[{\"id\":\"from-the-redirect\"}]}", status);
                response.Headers.Location = new Uri("https://evil.example/steal?sig=abc");
                return response;
            });
            using var session = arm.Session();
            var e = await Assert.ThrowsAsync<ModuleException>(() => session.ListScaleSetJsonAsync("s", "rg", CancellationToken.None));
            Assert.Equal(ErrorIds.RedirectRefused, e.ErrorId);
            Assert.Contains("https://evil.example", e.Message);
            Assert.DoesNotContain("sig=", e.Message);
            Assert.All(arm.Seen, s => Assert.Equal("arm.test", s.Uri.Host));
        }
    
        /// <summary>A body that never ends: a byte, then a pause, forever (each read well within NetworkTimeout).</summary>
        private sealed class TrickleStream : System.IO.Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => 0; set => throw new NotSupportedException(); }

            public override void Flush()
            {
            }

            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
                buffer[offset] = (byte)' ';
                return 1;
            }

            public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        [Fact]
        public async Task A_body_that_trickles_forever_ends_at_the_request_deadline()
        {
            var arm = new ScriptedArm(r => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new TrickleStream()) });
            using var session = arm.Session(deadline: TimeSpan.FromSeconds(1));
            var e = await Assert.ThrowsAsync<ModuleException>(() => session.GetScaleSetJsonAsync(ScaleSet, CancellationToken.None));
            Assert.Equal(ErrorIds.Timeout, e.ErrorId);
            Assert.Contains("GET " + ScaleSet, e.Message);
            Assert.DoesNotContain("api-version", e.Message);
        }

        [Fact]
        public async Task A_server_that_never_answers_ends_at_the_request_deadline()
        {
            var arm = new HangingArm();
            using var session = arm.Session(deadline: TimeSpan.FromSeconds(1));
            var e = await Assert.ThrowsAsync<ModuleException>(() => session.GetScaleSetJsonAsync(ScaleSet, CancellationToken.None));
            Assert.Equal(ErrorIds.Timeout, e.ErrorId);
        }

        [Theory]
        [InlineData("retry-after-ms", "1e300")]
        [InlineData("retry-after-ms", "NaN")]
        [InlineData("x-ms-retry-after-ms", "Infinity")]
        [InlineData("Retry-After", "99999999999999999999999999")]
        [InlineData("Retry-After", "9223372036854775807")]
        [InlineData("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")]
        public async Task Overflowing_retry_headers_wait_at_most_the_cap_and_end_in_a_throttling_error(string header, string value)
        {
            var waits = new List<TimeSpan>();
            var arm = new ScriptedArm(r =>
            {
                var response = ScriptedArm.Json("{}", (HttpStatusCode)429);
                response.Headers.TryAddWithoutValidation(header, value);
                return response;
            });
            using var session = arm.Session(delay: (w, ct) =>
            {
                waits.Add(w);
                return Task.CompletedTask;
            });
            var e = await Assert.ThrowsAsync<ModuleException>(() => session.GetScaleSetJsonAsync(ScaleSet, CancellationToken.None));
            Assert.Equal(ErrorIds.Throttled, e.ErrorId);
            Assert.Equal(2, waits.Count);
            Assert.All(waits, w => Assert.True(w <= TimeSpan.FromSeconds(60), w.ToString()));
        }

        [Theory]
        [InlineData("<html><body>Sign in</body></html>", "HTML")]
        [InlineData("null", "JSON null")]
        [InlineData("[]", "JSON an array")]
        [InlineData("{\"value\":[{\"id\":", "not complete JSON")]
        [InlineData("", "an empty body")]
        public async Task A_body_that_is_not_a_JSON_object_is_an_error_naming_the_request(string body, string problem)
        {
            var arm = new ScriptedArm(r => ScriptedArm.Json(body));
            using var session = arm.Session();
            var e = await Assert.ThrowsAsync<ModuleException>(() => session.GetScaleSetJsonAsync(ScaleSet, CancellationToken.None));
            Assert.Equal(ErrorIds.InvalidResponse, e.ErrorId);
            Assert.Contains("GET " + ScaleSet + " (HTTP 200)", e.Message);
            Assert.Contains(problem, e.Message);
            Assert.DoesNotContain("api-version", e.Message);
        }

        [Fact]
        public async Task A_listing_page_that_is_not_a_JSON_object_is_an_error_too()
        {
            var arm = new ScriptedArm(r => ScriptedArm.Json("<html>"));
            using var session = arm.Session();
            var e = await Assert.ThrowsAsync<ModuleException>(() => session.ListScaleSetJsonAsync("s", "rg", CancellationToken.None));
            Assert.Equal(ErrorIds.InvalidResponse, e.ErrorId);
        }

        [Fact]
        public async Task A_body_over_the_size_cap_is_refused()
        {
            var arm = new ScriptedArm(r => ScriptedArm.Json("{\"value\":\"" + new string('x', 100_000) + "\"}"));
            using var session = arm.Session(maxResponseBytes: 64 * 1024);
            var e = await Assert.ThrowsAsync<ModuleException>(() => session.GetScaleSetJsonAsync(ScaleSet, CancellationToken.None));
            Assert.Equal(ErrorIds.ResponseTooLarge, e.ErrorId);
            Assert.Contains("GET " + ScaleSet, e.Message);
        }

        [Fact]
        public async Task A_long_Retry_After_is_announced_with_a_warning()
        {
            var first = true;
            var arm = new ScriptedArm(r =>
            {
                if (!first)
                {
                    return ScriptedArm.Json("{\"id\":\"x\"}");
                }

                first = false;
                var response = ScriptedArm.Json("{}", (HttpStatusCode)429);
                response.Headers.TryAddWithoutValidation("Retry-After", "45");
                return response;
            });
            using var session = arm.Session();
            await session.GetScaleSetJsonAsync(ScaleSet, CancellationToken.None);
            var warning = Assert.Single(session.Log.Drain(), m => m.Key == SourceLogLevel.Warning);
            Assert.Contains("retrying in 45 s", warning.Value);
        }
    }

    /// <summary>An endpoint that accepts the request and never answers.</summary>
    internal sealed class HangingArm : HttpMessageHandler
    {
        public LiveAzureSession Session(TimeSpan deadline) =>
            new LiveAzureSession(new AzureConnectionOptions { ResourceManagerUrl = new Uri("https://arm.test/"), AccessToken = "t", MaxRetries = 2, RequestDeadline = deadline }, this, (w, ct) => Task.CompletedTask);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException("unreachable");
        }
    }
}
