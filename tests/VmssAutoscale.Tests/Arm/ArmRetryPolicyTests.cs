using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Azure.Arm;
using VmssAutoscale.Errors;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Tests.Arm
{
    /// <summary>
    /// Issue 24, item 4: a host that cannot be reached is reported within seconds (one quick retry,
    /// announced); throttling and 5xx keep their retries, each announced with its wait. The waits are
    /// read from the delay hook, never from the clock.
    /// </summary>
    public class ArmRetryPolicyTests
    {
        private const string ScaleSet = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss";

        /// <summary>A network that fails every request the way the socket layer does.</summary>
        private sealed class FailingNetwork : HttpMessageHandler
        {
            private readonly Func<Exception> failure;

            public FailingNetwork(Func<Exception> failure) => this.failure = failure;

            public int Requests { get; private set; }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Requests++;
                throw failure();
            }
        }

        private static (LiveAzureSession Session, List<TimeSpan> Waits) Session(HttpMessageHandler handler, Uri? endpoint = null)
        {
            var waits = new List<TimeSpan>();
            var session = new LiveAzureSession(
                new AzureConnectionOptions { ResourceManagerUrl = endpoint ?? new Uri("https://arm.test/"), AccessToken = "token", MaxRetries = 6, MaxRetryDelay = TimeSpan.FromSeconds(60) },
                handler,
                (wait, ct) =>
                {
                    waits.Add(wait);
                    return Task.CompletedTask;
                });
            return (session, waits);
        }

        private static string[] Warnings(LiveAzureSession session) =>
            session.Log.Drain().Where(m => m.Key == SourceLogLevel.Warning).Select(m => m.Value).ToArray();

        public static IEnumerable<object[]> Unreachable() => new[]
        {
            new object[] { SocketError.ConnectionRefused },
            new object[] { SocketError.HostNotFound },
            new object[] { SocketError.NetworkUnreachable },
        };

        [Theory]
        [MemberData(nameof(Unreachable))]
        public async Task A_host_that_cannot_be_reached_gets_one_quick_announced_retry_then_a_connection_error(SocketError error)
        {
            var network = new FailingNetwork(() => new HttpRequestException("No connection could be made.", new SocketException((int)error)));
            var (session, waits) = Session(network);
            using (session)
            {
                var e = await Assert.ThrowsAsync<ModuleException>(() => session.GetScaleSetJsonAsync(ScaleSet, CancellationToken.None));
                Assert.Equal(ErrorIds.ConnectionFailed, e.ErrorId);
                Assert.Equal(ErrorCategory.ConnectionError, e.Category);
                Assert.Equal(2, network.Requests);
                Assert.Equal(new[] { ArmRetryPolicy.UnreachableRetryDelay }, waits);
                // Issue 24: reported within 10 s. The delay hook saw the only wait, so the policy's own delay is the bound (no clock is read).
                Assert.True(ArmRetryPolicy.UnreachableRetryDelay < TimeSpan.FromSeconds(10), "the one retry of an unreachable host must come within the 10-s budget");
                var warning = Assert.Single(Warnings(session));
                Assert.StartsWith("Could not connect to arm.test for GET " + ScaleSet, warning, StringComparison.Ordinal);
                Assert.EndsWith("retrying once in 1 s.", warning, StringComparison.Ordinal);
            }
        }

        [Fact]
        public async Task A_refused_port_on_this_machine_is_reported_after_one_retry()
        {
            // A port that was just free: nothing listens, so the socket layer refuses it.
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            using var network = new HttpClientHandler();
            var (session, waits) = Session(network, new Uri($"https://127.0.0.1:{port}/"));
            using (session)
            {
                var e = await Assert.ThrowsAsync<ModuleException>(() => session.GetScaleSetJsonAsync(ScaleSet, CancellationToken.None));
                Assert.Equal(ErrorIds.ConnectionFailed, e.ErrorId);
                Assert.Equal(new[] { ArmRetryPolicy.UnreachableRetryDelay }, waits);
                Assert.Equal(2, session.RequestCount);
            }
        }

        [Fact]
        public async Task A_refused_certificate_is_not_retried()
        {
            var network = new FailingNetwork(() => new HttpRequestException("The SSL connection could not be established.", new AuthenticationException("The remote certificate is invalid.")));
            var (session, waits) = Session(network);
            using (session)
            {
                await Assert.ThrowsAsync<ModuleException>(() => session.GetScaleSetJsonAsync(ScaleSet, CancellationToken.None));
                Assert.Equal(1, network.Requests);
                Assert.Empty(waits);
            }
        }

        [Fact]
        public async Task Throttling_and_server_errors_keep_their_retries_and_each_is_announced_with_its_wait()
        {
            var answers = new Queue<HttpStatusCode>(new[] { (HttpStatusCode)429, HttpStatusCode.ServiceUnavailable, HttpStatusCode.BadGateway });
            var network = new ScriptedArm(_ =>
            {
                if (answers.Count == 0)
                {
                    return ScriptedArm.Json("{\"name\":\"vmss\"}");
                }

                var r = ScriptedArm.Json("{}", answers.Dequeue());
                if (r.StatusCode == (HttpStatusCode)429)
                {
                    r.Headers.TryAddWithoutValidation("Retry-After", "2");
                }

                return r;
            });
            var (session, waits) = Session(network);
            using (session)
            {
                await session.GetScaleSetJsonAsync(ScaleSet, CancellationToken.None);
                Assert.Equal(3, waits.Count);
                Assert.Equal(TimeSpan.FromSeconds(2), waits[0]);
                var warnings = Warnings(session);
                Assert.Equal(3, warnings.Length);
                Assert.Equal($"Azure Resource Manager answered GET {ScaleSet} with HTTP 429 (throttled); retrying in 2 s (retry 1 of 6).", warnings[0]);
                Assert.StartsWith($"Azure Resource Manager answered GET {ScaleSet} with HTTP 503 (server error); retrying in ", warnings[1], StringComparison.Ordinal);
                Assert.EndsWith("s (retry 2 of 6).", warnings[1], StringComparison.Ordinal);
                Assert.Contains("HTTP 502", warnings[2], StringComparison.Ordinal);
            }
        }
    }
}
