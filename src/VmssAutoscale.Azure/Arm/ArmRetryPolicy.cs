using System;
using System.IO;
using System.Net.Http;
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
    /// (the benchmarks report requests, retries included), and each retry is logged for -Verbose.
    /// </summary>
    internal sealed class ArmRetryPolicy : HttpPipelinePolicy
    {
        private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(800);

        /// <summary>Waits at least this long are announced with a warning.</summary>
        private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(10);
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

                if (retry >= maxRetries)
                {
                    // Out of budget: the caller maps the last response (429 -> LimitsExceeded) or rethrows the failure.
                    failure?.Throw();
                    return;
                }

                var wait = (failure == null ? RetryAfter.Of(message.Response) : null) ?? Backoff(retry);
                if (wait > maxDelay)
                {
                    wait = maxDelay;
                }

                if (wait >= LongWait)
                {
                    // A long pause looks like a hang: say so where the user looks, not only in -Verbose.
                    log.Warning(failure == null
                        ? $"Azure Resource Manager answered {message.Request.Method} {message.Request.Uri.ToUri().AbsolutePath} with HTTP {status} and asked to wait; retrying in {wait.TotalSeconds:0} s (retry {retry + 1} of {maxRetries})."
                        : $"{message.Request.Method} {message.Request.Uri.ToUri().AbsolutePath} failed; retrying in {wait.TotalSeconds:0} s (retry {retry + 1} of {maxRetries}).");
                }

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
