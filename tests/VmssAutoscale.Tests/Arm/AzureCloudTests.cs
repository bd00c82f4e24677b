using System;
using VmssAutoscale.Sources;
using Xunit;

namespace VmssAutoscale.Tests.Arm
{
    /// <summary>One cloud record: the ARM endpoint, audience and storage suffix of each cloud, found by name or by the ARM host.</summary>
    public class AzureCloudTests
    {
        [Theory]
        [InlineData("https://management.azure.com/", "AzureCloud", "core.windows.net")]
        [InlineData("https://management.usgovcloudapi.net/", "AzureUSGovernment", "core.usgovcloudapi.net")]
        [InlineData("https://management.chinacloudapi.cn/", "AzureChinaCloud", "core.chinacloudapi.cn")]
        [InlineData("http://127.0.0.1:5111/", "AzureCloud", "core.windows.net")]
        public void The_ARM_host_names_the_cloud_and_its_storage_suffix(string arm, string cloud, string suffix)
        {
            var found = AzureClouds.ForResourceManager(new Uri(arm));
            Assert.Equal(cloud, found.Name);
            Assert.Equal(suffix, found.StorageSuffix);
        }

        [Fact]
        public void Every_known_cloud_finds_itself_by_its_own_endpoint()
        {
            foreach (var cloud in AzureClouds.Known.Values)
            {
                Assert.Same(cloud, AzureClouds.ForResourceManager(new Uri(cloud.ResourceManagerUrl)));
                Assert.StartsWith("core.", cloud.StorageSuffix);
            }

            Assert.Same(AzureClouds.Public, AzureClouds.ForResourceManager(null));
        }
    }
}
