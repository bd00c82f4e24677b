using System;
using Azure.Data.Tables;
using VmssAutoscale.TestData;

namespace VmssAutoscale.Tests.Storage
{
    /// <summary>
    /// One Azurite for every storage test class: started on a free loopback port, seeded once with
    /// every scenario, stopped when the collection ends. A missing Azurite fails the tests with the
    /// command to install it; it never turns them into silent passes.
    /// </summary>
    public sealed class AzuriteFixture : IDisposable
    {
        public AzuriteFixture()
        {
            Server = AzuriteServer.Start(TestFiles.RepoRoot);
            Service = new TableServiceClient(Server.ConnectionString);
            RowsSeeded = Scenarios.SeedAll(Service);
        }

        public AzuriteServer Server { get; }

        public TableServiceClient Service { get; }

        public long RowsSeeded { get; }

        public void Dispose() => Server.Dispose();
    }

    [CollectionDefinition(Name)]
    public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
    {
        public const string Name = "Azurite";
    }
}
