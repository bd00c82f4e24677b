using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace VmssAutoscale.TestData
{
    /// <summary>
    /// Starts azurite-table from tests/azurite (installed by build.ps1 with npm ci from the lock
    /// file) on a free loopback port, in memory, and stops it on Dispose.
    /// </summary>
    public sealed class AzuriteServer : IDisposable
    {
        /// <summary>Azurite's documented development account key; it protects nothing.</summary>
        public const string AccountName = "devstoreaccount1";
        public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

        private readonly Process process;

        private AzuriteServer(Process process, int port)
        {
            this.process = process;
            Port = port;
        }

        public int Port { get; }

        public Uri TableEndpoint => new Uri($"http://127.0.0.1:{Port}/{AccountName}");

        public string ConnectionString =>
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint={TableEndpoint};";

        /// <summary>
        /// Why Azurite cannot run on this machine (Node.js not on PATH, or tests/azurite not installed),
        /// or null when it can. Tests that need it are skipped with this reason, never passed.
        /// </summary>
        public static string? MissingReason(string repoRoot)
        {
            if (!OnPath("node"))
            {
                return "Azurite tests not run: Node.js (node, with npm) is not on PATH; install Node.js 20 or later to run them.";
            }

            var script = MainScript(repoRoot);
            return File.Exists(script)
                ? null
                : $"Azurite tests not run: Azurite is not installed ({script} is missing); run: npm ci --prefix tests/azurite (build.ps1 -Task Test does this when npm is present).";
        }

        /// <param name="repoRoot">The repository root (holds tests/azurite).</param>
        /// <param name="nodeHeapMegabytes">Node's heap limit; the 1M-row benchmark needs more than the default.</param>
        public static AzuriteServer Start(string repoRoot, int? nodeHeapMegabytes = null)
        {
            var missing = MissingReason(repoRoot);
            if (missing != null)
            {
                throw new InvalidOperationException(missing);
            }

            var script = MainScript(repoRoot);

            var port = FreePort();
            var info = new ProcessStartInfo("node")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            if (nodeHeapMegabytes is int heap)
            {
                info.ArgumentList.Add($"--max-old-space-size={heap}");
            }

            info.ArgumentList.Add(script);
            foreach (var arg in new[]
            {
                "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent",

                // Azurite collects usage telemetry unless told not to; a test run sends nothing anywhere.
                "--disableTelemetry",
            })
            {
                info.ArgumentList.Add(arg);
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");

            // Drain both pipes so a chatty Azurite never blocks on a full buffer.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new AzuriteServer(process, port);
            server.WaitUntilListening(TimeSpan.FromSeconds(30));
            return server;
        }

        public void Dispose()
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        private static string MainScript(string repoRoot) =>
            Path.Combine(repoRoot, "tests", "azurite", "node_modules", "azurite", "dist", "src", "table", "main.js");

        private static bool OnPath(string command)
        {
            var names = Environment.OSVersion.Platform == PlatformID.Win32NT ? new[] { command + ".exe", command + ".cmd" } : new[] { command };
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
            {
                foreach (var name in names)
                {
                    if (dir.Length > 0 && File.Exists(Path.Combine(dir, name)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private void WaitUntilListening(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening on port {Port}.");
                }

                try
                {
                    using var client = new TcpClient();
                    client.Connect(IPAddress.Loopback, Port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(100);
                }
            }

            Dispose();
            throw new TimeoutException($"Azurite did not listen on port {Port} within {timeout.TotalSeconds} s.");
        }
    }
}
