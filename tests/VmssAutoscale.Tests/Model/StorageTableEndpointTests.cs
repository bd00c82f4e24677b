using System;
using VmssAutoscale.Model;
using Xunit;

namespace VmssAutoscale.Tests.Model
{
    public class StorageTableEndpointTests
    {
        [Theory]
        [InlineData("https://diagacct.table.core.windows.net/")]
        [InlineData("https://DIAGACCT.table.core.usgovcloudapi.net/")]
        [InlineData("https://diagacct.table.core.chinacloudapi.cn/")]
        [InlineData("https://diagacct.z17.table.storage.azure.net/")]
        [InlineData("http://127.0.0.1:10002/diagacct/")]
        [InlineData("https://[::1]:10002/diagacct")]
        public void The_accounts_own_endpoints_are_accepted(string endpoint) =>
            Assert.Null(StorageTableEndpoint.Problem(new Uri(endpoint), "diagacct"));

        [Fact]
        public void On_Azure_Stack_Hub_the_suffix_is_the_ARM_endpoints_domain()
        {
            var arm = new Uri("https://management.local.azurestack.external/");
            Assert.Null(StorageTableEndpoint.Problem(new Uri("https://diagacct.table.local.azurestack.external/"), "diagacct", arm));
            Assert.NotNull(StorageTableEndpoint.Problem(new Uri("https://diagacct.table.local.azurestack.external/"), "diagacct"));
            Assert.NotNull(StorageTableEndpoint.Problem(new Uri("https://diagacct.table.attacker.example/"), "diagacct", arm));
        }

        [Theory]
        [InlineData("https://attacker.example/", "host")]
        [InlineData("https://diagacct.table.core.windows.net.attacker.example/x", "host")]
        [InlineData("https://other.table.core.windows.net/", "host")]
        [InlineData("https://table.core.windows.net/", "host")]
        [InlineData("https://diagacct.blob.core.windows.net/", "host")]
        [InlineData("https://user:pw@diagacct.table.core.windows.net/", "user info")]
        [InlineData("https://diagacct.table.core.windows.net/?sv=1", "query")]
        [InlineData("http://diagacct.table.core.windows.net/", "https")]
        [InlineData("http://10.0.0.5:10002/diagacct/", "emulator")]
        [InlineData("http://127.0.0.1:10002/otheraccount/", "emulator")]
        [InlineData("ftp://diagacct.table.core.windows.net/", "http(s)")]
        public void Anything_else_is_refused_with_the_reason(string endpoint, string? reasonPart)
        {
            var problem = StorageTableEndpoint.Problem(new Uri(endpoint), "diagacct");
            Assert.NotNull(problem);
            if (reasonPart != null)
            {
                Assert.Contains(reasonPart, problem);
            }
        }
    }
}
