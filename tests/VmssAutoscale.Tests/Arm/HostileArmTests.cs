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

        public LiveAzureSession Session(Uri? endpoint = null, Func<TimeSpan, CancellationToken, Task>? delay = null) =>
            new LiveAzureSession(
                new AzureConnectionOptions { ResourceManagerUrl = endpoint ?? new Uri("https://arm.test/"), AccessToken = "secret-token-1f3a", MaxRetries = 2 },
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
    }
}
