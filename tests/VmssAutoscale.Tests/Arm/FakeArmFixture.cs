using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Azure.Arm;
using VmssAutoscale.FakeArm;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Tests.Arm
{
    /// <summary>A live session wired to the in-process fake ARM, with waits recorded instead of slept.</summary>
    internal sealed class FakeArmFixture : IDisposable
    {
        public const string Token = "fake-token-7c1e";

        public FakeArmFixture(int fleet = 0, int maxRetries = 6, string? token = Token, Uri? endpoint = null)
        {
            Service = new FakeArmService(new[] { Token }, fleet);
            Session = new LiveAzureSession(
                new AzureConnectionOptions { ResourceManagerUrl = endpoint ?? new Uri("https://fake.arm.test/"), AccessToken = token, MaxRetries = maxRetries, MaxRetryDelay = TimeSpan.FromSeconds(60) },
                new FakeArmHandler(Service),
                (wait, ct) =>
                {
                    lock (Waits)
                    {
                        Waits.Add(wait);
                    }

                    return DelayHook(wait, ct);
                });
        }

        public FakeArmService Service { get; }

        public LiveAzureSession Session { get; }

        public List<TimeSpan> Waits { get; } = new List<TimeSpan>();

        /// <summary>What a retry wait really does; by default nothing (tests never sleep).</summary>
        public Func<TimeSpan, CancellationToken, Task> DelayHook { get; set; } = (w, ct) =>
        {
            ct.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        };

        public static string WebScaleSet => FakeArmService.ScaleSetId("rg-web", "vmss-web");

        public void Dispose() => Session.Dispose();
    }
}
