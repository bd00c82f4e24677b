using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Azure.Arm
{
    /// <summary>
    /// Retries throttling (429) and transient failures (408, 500, 502, 503, 504, broken
    /// connections), honouring Retry-After and otherwise backing off exponentially. It replaces
    /// Azure.Core's default retry policy (ClientOptions.RetryPolicy) for three reasons: the wait
    /// is injectable so tests never sleep on real Retry-After seconds, every attempt is counted
    /// (the benchmarks report requests, retries included), and each retry is announced as a
    /// warning with its wait, so a slow command never looks hung (issue 24).
    /// A host that cannot be reached at all (connection refused, name not found, network
    /// unreachable) gets one quick retry, not the full back-off: that answer rarely changes
    /// within a minute, and the user should hear about a wrong URL or a missing proxy within
    /// seconds. A refused TLS certificate gets no retry.
    /// </summary>
    internal sealed class ArmRetryPolicy : HttpPipelinePolicy
    {
        private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(800);

        /// <summary>The wait before the one retry of a host that could not be reached.</summary>
        public static readonly TimeSpan UnreachableRetryDelay = TimeSpan.FromSeconds(1);

        /// <summary>Retries of a host that could not be reached: one, in case a connection was dropped while it was being made.</summary>
        public const int UnreachableRetries = 1;

        private readonly int maxRetries;
        private readonly TimeSpan maxDelay;
        private readonly Func<TimeSpan, CancellationToken, Task> delay;
        private readonly SourceLog log;
        private int attempts;

        public ArmRetryPolicy(int maxRetries, TimeSpan maxDelay, Func<TimeSpan, CancellationToken, Task>? delay, SourceLog log)
        {
            this.maxRetries = maxRetries;
            this.maxDelay = maxDelay;
            this.delay = delay ?? Task.Delay;
            this.log = log;
        }

        /// <summary>HTTP requests sent through this pipeline, retries included.</summary>
        public int Attempts => Volatile.Read(ref attempts);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            for (var retry = 0; ; retry++)
            {
                ExceptionDispatchInfo? failure = null;
                Interlocked.Increment(ref attempts);
                try
                {
                    await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                }
                catch (Exception e) when (IsTransient(e, message.CancellationToken))
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }

                var status = failure == null ? message.Response.Status : 0;
                if (failure == null && !IsRetriable(status))
                {
                    return;
                }

                var unreachable = failure != null && IsUnreachable(failure.SourceException);
                var budget = unreachable ? Math.Min(UnreachableRetries, maxRetries) : maxRetries;
                if (retry >= budget)
                {
                    // Out of budget: the caller maps the last response (429 -> LimitsExceeded) or rethrows the failure.
                    failure?.Throw();
                    return;
                }

                var wait = unreachable ? UnreachableRetryDelay : (failure == null ? RetryAfter.Of(message.Response) : null) ?? Backoff(retry);
                if (wait > maxDelay)
                {
                    wait = maxDelay;
                }

                // Every pause is said where the user looks, not only in -Verbose: a silent one looks like a hang.
                var path = message.Request.Uri.ToUri().AbsolutePath;
                var seconds = wait.TotalSeconds.ToString(wait < TimeSpan.FromSeconds(10) ? "0.##" : "0", CultureInfo.InvariantCulture);
                log.Warning(failure == null
                    ? $"Azure Resource Manager answered {message.Request.Method} {path} with HTTP {status} ({Reason(status)}); retrying in {seconds} s (retry {retry + 1} of {budget})."
                    : unreachable
                        ? $"Could not connect to {message.Request.Uri.Host} for {message.Request.Method} {path} ({FirstLine(failure.SourceException)}); retrying once in {seconds} s."
                        : $"{message.Request.Method} {path} failed ({FirstLine(failure.SourceException)}); retrying in {seconds} s (retry {retry + 1} of {budget}).");

                log.Verbose(failure == null
                    ? $"{message.Request.Method} {ArmUrls.ForLog(message.Request.Uri.ToUri())} -> {status}; retry {retry + 1} of {maxRetries} in {wait.TotalSeconds:0.###} s."
                    : $"{message.Request.Method} {ArmUrls.ForLog(message.Request.Uri.ToUri())} failed ({failure.SourceException.Message}); retry {retry + 1} of {maxRetries} in {wait.TotalSeconds:0.###} s.");
                if (message.HasResponse)
                {
                    message.Response.ContentStream?.Dispose();
                }

                await delay(wait, message.CancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// True when no connection could be made: the socket error of a refused connection, an
        /// unknown host or an unreachable network (and the WebException statuses .NET Framework
        /// reports them with). A connection that broke or timed out after it was made is not this.
        /// </summary>
        internal static bool IsUnreachable(Exception? e)
        {
            for (; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    return socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NoData
                        or SocketError.TryAgain or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable;
                }

                if (e is WebException web)
                {
                    return web.Status is WebExceptionStatus.ConnectFailure or WebExceptionStatus.NameResolutionFailure or WebExceptionStatus.ProxyNameResolutionFailure;
                }
            }

            return false;
        }

        private static string Reason(int status) => status switch
        {
            429 => "throttled",
            408 => "request timeout",
            _ => "server error",
        };

        /// <summary>The innermost message: "Connection refused", not the three wrappers around it.</summary>
        private static string FirstLine(Exception e)
        {
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }

            var text = e.Message ?? e.GetType().Name;
            var end = text.IndexOfAny(new[] { '\r', '\n' });
            return (end >= 0 ? text.Substring(0, end) : text).TrimEnd('.');
        }

        public static bool IsRetriable(int status) =>
            status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;

        // A refused TLS certificate will be refused again: retrying it only delays the error by a minute.
        private static bool IsTransient(Exception e, CancellationToken token) =>
            !token.IsCancellationRequested
            && (e is RequestFailedException { Status: 0 } || e is IOException || e is HttpRequestException || e is OperationCanceledException)
            && !IsCertificateFailure(e);

        private static bool IsCertificateFailure(Exception? e)
        {
            for (; e != null; e = e.InnerException)
            {
                if (e is System.Security.Authentication.AuthenticationException)
                {
                    return true;
                }
            }

            return false;
        }

        private static TimeSpan Backoff(int retry)
        {
            // 0.8 s, 1.6 s, 3.2 s, ... with +-20 % jitter so a fleet of clients does not retry in step.
            var jitter = 0.8 + (0.4 * ThreadSafeRandom.NextDouble());
            return TimeSpan.FromMilliseconds(BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 10)) * jitter);
        }

        private static class ThreadSafeRandom
        {
            private static readonly Random Seed = new Random();

            public static double NextDouble()
            {
                lock (Seed)
                {
                    return Seed.NextDouble();
                }
            }
        }
    }
}
