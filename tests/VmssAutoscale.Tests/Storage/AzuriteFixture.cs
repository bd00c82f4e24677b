using System;
using Azure.Data.Tables;
using VmssAutoscale.TestData;

namespace VmssAutoscale.Tests.Storage
{
    /// <summary>
    /// One Azurite for every storage test class: started on a free loopback port, seeded once with
    /// every scenario, stopped when the collection ends. Where Azurite cannot run (no Node.js, not
    /// installed) the fixture starts nothing and every <see cref="AzuriteFactAttribute"/> test is
    /// reported as skipped with the reason; it never turns them into silent passes.
    /// </summary>
    public sealed class AzuriteFixture : IDisposable
    {
        public AzuriteFixture()
        {
            if (AzuriteFactAttribute.MissingReason != null)
            {
                Server = null!;
                Service = null!;
                return;
            }

            Server = AzuriteServer.Start(TestFiles.RepoRoot);
            Service = new TableServiceClient(Server.ConnectionString);
            RowsSeeded = Scenarios.SeedAll(Service);
        }

        public AzuriteServer Server { get; }

        public TableServiceClient Service { get; }

        public long RowsSeeded { get; }

        public void Dispose() => Server?.Dispose();
    }

    /// <summary>A test against Azurite: skipped, with the reason, where Azurite cannot run.</summary>
    public sealed class AzuriteFactAttribute : FactAttribute
    {
        public AzuriteFactAttribute()
        {
            if (MissingReason != null)
            {
                Skip = MissingReason;
            }
        }

        public static string? MissingReason { get; } = AzuriteServer.MissingReason(TestFiles.RepoRoot);
    }

    [CollectionDefinition(Name)]
    public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
    {
        public const string Name = "Azurite";
    }
}
