using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// The fake ARM over HTTPS on 127.0.0.1 with a self-signed certificate made at start-up:
    /// Azure.Core's bearer policy refuses plain http, and a real TLS endpoint is what the module's
    /// -ResourceManagerUrl path must work with. Minimal HTTP/1.1: Content-Length bodies, keep-alive.
    /// </summary>
    public sealed class LoopbackServer : IDisposable
    {
        private readonly FakeArmService service;
        private readonly TcpListener listener;
        private readonly X509Certificate2 certificate;
        private readonly CancellationTokenSource stop = new CancellationTokenSource();

        public LoopbackServer(FakeArmService service, int port = 0)
        {
            this.service = service;
            certificate = CreateCertificate();
            listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptLoop);
        }

        public int Port { get; }

        public Uri Url => new Uri($"https://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
            certificate.Dispose();
        }

        private async Task AcceptLoop()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token).ConfigureAwait(false);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }

                _ = Task.Run(() => Serve(client));
            }
        }

        private async Task Serve(TcpClient client)
        {
            using (client)
            {
                // Answers go out in one write with Nagle off: a head/body split meets the client's
                // delayed ACK and costs ~40 ms per request, which made the fleet test crawl.
                client.NoDelay = true;
                try
                {
                    using var ssl = new SslStream(client.GetStream(), false);
                    await ssl.AuthenticateAsServerAsync(certificate, false, false).ConfigureAwait(false);
                    while (!stop.IsCancellationRequested)
                    {
                        var request = await ReadRequest(ssl).ConfigureAwait(false);
                        if (request == null)
                        {
                            return;
                        }

                        await service.DelayAsync(request, stop.Token).ConfigureAwait(false);
                        var response = service.Handle(request);
                        await WriteResponse(ssl, response).ConfigureAwait(false);
                    }
                }
                catch (IOException)
                {
                    // The client closed the connection (or cancelled mid-request): nothing to answer.
                }
                catch (System.Security.Authentication.AuthenticationException)
                {
                    // A client that does not trust the certificate hangs up during the handshake.
                }
            }
        }

        private async Task<FakeRequest?> ReadRequest(Stream stream)
        {
            var head = new StringBuilder();
            var buffer = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer.AsMemory(0, 1), stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    return null;
                }

                head.Append((char)buffer[0]);
            }

            var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var first = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines[1..])
            {
                var i = line.IndexOf(':');
                if (i > 0)
                {
                    headers[line[..i].Trim()] = line[(i + 1)..].Trim();
                }
            }

            var length = headers.TryGetValue("Content-Length", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 0;
            var body = new byte[length];
            var read = 0;
            while (read < length)
            {
                var n = await stream.ReadAsync(body.AsMemory(read, length - read), stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    return null;
                }

                read += n;
            }

            var host = headers.TryGetValue("Host", out var h) ? h : $"127.0.0.1:{Port}";
            return new FakeRequest { Method = first[0], Uri = new Uri($"https://{host}{first[1]}"), Headers = headers, Body = Encoding.UTF8.GetString(body) };
        }

        private static async Task WriteResponse(Stream stream, FakeResponse response)
        {
            var body = Encoding.UTF8.GetBytes(response.Body);
            var head = new StringBuilder();
            head.Append("HTTP/1.1 ").Append(response.Status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Reason(response.Status)).Append("\r\n");
            foreach (var h in response.Headers)
            {
                head.Append(h.Key).Append(": ").Append(h.Value).Append("\r\n");
            }

            head.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\nConnection: keep-alive\r\n\r\n");
            var headBytes = Encoding.ASCII.GetBytes(head.ToString());
            var all = new byte[headBytes.Length + body.Length];
            headBytes.CopyTo(all, 0);
            body.CopyTo(all, headBytes.Length);
            await stream.WriteAsync(all).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
        }

        private static string Reason(int status) => status switch
        {
            200 => "OK", 201 => "Created", 202 => "Accepted", 204 => "No Content", 400 => "Bad Request", 401 => "Unauthorized",
            403 => "Forbidden", 404 => "Not Found", 429 => "Too Many Requests", 500 => "Internal Server Error", 503 => "Service Unavailable", _ => "Status",
        };

        private static X509Certificate2 CreateCertificate()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
            using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

            // Round-trip through PFX: SslStream on Windows cannot use an ephemeral key directly.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
        }
    }
}
