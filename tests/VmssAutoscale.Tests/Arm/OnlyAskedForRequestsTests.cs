using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using VmssAutoscale.Azure.Arm;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using Xunit;

namespace VmssAutoscale.Tests.Arm
{
    /// <summary>Issue 25 item 1: a URL built from a value the module read goes only where the user asked.</summary>
    public class OnlyAskedForRequestsTests
    {
        private const string Sub = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg";
        private const string ScaleSet = Sub + "/providers/Microsoft.Compute/virtualMachineScaleSets/web";
        private const string Workspace = Sub + "/providers/Microsoft.OperationalInsights/workspaces/law";

        public static TheoryData<string> HostileWorkspaceIds => new TheoryData<string>
        {
            ScaleSet + "/deallocate?api-version=2024-07-01#",
            Workspace + "/../../../Microsoft.Compute/virtualMachineScaleSets/web/powerOff",
            Workspace + "/%2e%2e/%2E%2E/x",
            Workspace + "/./x",
            Workspace + "\\..\\x",
            Sub + "//providers/Microsoft.OperationalInsights/workspaces/law",
            Workspace + "/tables/x",
            Workspace + "/",
            ScaleSet,
            "https://evil.example" + Workspace,
            "subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law",
            Workspace + "\u001b[31m",
            Workspace + " x",
            Workspace + "'",
            Sub + "/providers/Microsoft.OperationalInsights/law",
            Sub + "/providers/Microsoft.OperationalInsights/workspaces/..",
            string.Empty,
        };

        [Theory]
        [MemberData(nameof(HostileWorkspaceIds))]
        public void A_hostile_workspace_id_is_not_a_workspace_id(string id)
        {
            // A trailing slash is the one harmless difference the readers trim before they check.
            if (id == Workspace + "/")
            {
                Assert.Null(ArmResourceId.Problem(id.TrimEnd('/'), ArmResourceType.Workspace));
                Assert.NotNull(ArmResourceId.Problem(id, ArmResourceType.Workspace));
                return;
            }

            Assert.NotNull(ArmResourceId.Problem(id, ArmResourceType.Workspace));
        }

        [Theory]
        [InlineData(Workspace, "Workspace")]
        [InlineData(ScaleSet, "ScaleSet")]
        [InlineData(Sub + "/providers/microsoft.insights/autoscalesettings/web-autoscale", "AutoscaleSetting")]
        [InlineData(Sub + "/providers/Microsoft.Insights/dataCollectionRules/dcr-1.a_b(c)", "DataCollectionRule")]
        [InlineData(Sub + "/providers/Microsoft.Compute/virtualMachineScaleSets/web/virtualMachines/0", "ScaleSetVm")]
        public void A_real_id_of_the_expected_type_is_accepted_and_no_other_type(string id, string type)
        {
            var types = new[] { ArmResourceType.Workspace, ArmResourceType.ScaleSet, ArmResourceType.AutoscaleSetting, ArmResourceType.DataCollectionRule, ArmResourceType.ScaleSetVm };
            var expected = (ArmResourceType)typeof(ArmResourceType).GetProperty(type)!.GetValue(null)!;
            Assert.Null(ArmResourceId.Problem(id, expected));
            Assert.All(types.Where(t => t != expected), t => Assert.NotNull(ArmResourceId.Problem(id, t)));
        }

        [Fact]
        public void Require_names_the_field_and_never_echoes_the_value()
        {
            var e = Assert.Throws<ModuleException>(() => ArmResourceId.Require(Workspace + "\u001b[2J", ArmResourceType.Workspace, "The diagnostic setting's workspaceId"));
            Assert.Equal(ErrorIds.UntrustedResourceId, e.ErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.SecurityError, e.Category);
            Assert.StartsWith("The diagnostic setting's workspaceId is not the resource ID of a Log Analytics workspace", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', e.Message);
        }

        [Theory]
        [MemberData(nameof(HostileWorkspaceIds))]
        public async Task The_live_session_sends_nothing_for_a_hostile_workspace_id(string id)
        {
            var arm = new ScriptedArm(r => ScriptedArm.Json("{\"tables\":[]}"));
            using var session = arm.Session();
            if (id == Workspace + "/")
            {
                return; // the trailing slash is trimmed and the workspace queried (above)
            }

            await Assert.ThrowsAsync<ModuleException>(() => session.QueryWorkspaceJsonAsync(id, "x", DateTime.UtcNow.AddHours(-1), DateTime.UtcNow, CancellationToken.None));
            Assert.Empty(arm.Seen);
        }

        [Theory]
        [InlineData(ScaleSet + "/deallocate?api-version=2024-07-01#/query")]
        [InlineData(Workspace + "/../../../Microsoft.Compute/virtualMachineScaleSets/web/powerOff/x/../query")]
        [InlineData(Workspace + "/%2e%2e/%2e%2e/%2e%2e/Microsoft.Compute/virtualMachineScaleSets/web/restart/query")]
        [InlineData(ScaleSet + "/query")]
        [InlineData("/providers/Microsoft.ResourceGraph/resources/../../subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web/deallocate")]
        public async Task The_client_refuses_a_POST_whose_path_is_not_the_permits_shape(string path)
        {
            var (client, arm) = Client();
            var e = await Assert.ThrowsAsync<ModuleException>(() => client.SendAsync(ArmWritePermit.LogAnalyticsQuery, path, "{}", Access, CancellationToken.None));
            Assert.Contains(e.ErrorId, new[] { ErrorIds.RequestNotAllowed, ErrorIds.UntrustedLink });
            Assert.Empty(arm.Seen);
        }

        [Fact]
        public async Task The_client_sends_a_permitted_POST_and_a_GET()
        {
            var (client, arm) = Client();
            await client.SendAsync(ArmWritePermit.LogAnalyticsQuery, Workspace + "/query?api-version=2017-10-01", "{}", Access, CancellationToken.None);
            await client.SendAsync(ArmWritePermit.ResourceGraphQuery, "/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01", "{}", Access, CancellationToken.None);
            await client.GetAsync(ScaleSet + "?api-version=2024-07-01", Access, CancellationToken.None);
            Assert.Equal(new[] { "POST", "POST", "GET" }, arm.Methods);
        }

        [Fact]
        public void Each_permit_allows_its_own_shape_only()
        {
            Assert.True(ArmWritePermit.ScaleSetCapacity.Allows(ScaleSet));
            Assert.False(ArmWritePermit.ScaleSetCapacity.Allows(ScaleSet + "/deallocate"));
            Assert.False(ArmWritePermit.ScaleSetCapacity.Allows(Workspace));
            Assert.True(ArmWritePermit.StorageListKeys.Allows(Sub + "/providers/Microsoft.Storage/storageAccounts/diag/listKeys"));
            Assert.False(ArmWritePermit.StorageListKeys.Allows(Sub + "/providers/Microsoft.Storage/storageAccounts/diag/regenerateKey"));
            Assert.False(ArmWritePermit.LogAnalyticsQuery.Allows(Workspace + "/purge"));
            Assert.False(ArmWritePermit.ResourceGraphQuery.Allows("/providers/Microsoft.ResourceGraph/resourceChanges"));
            Assert.Equal(RequestMethod.Patch, ArmWritePermit.ScaleSetCapacity.Method);
        }

        [Fact]
        public async Task A_flexible_filter_keeps_a_quote_inside_its_literal()
        {
            var arm = new ScriptedArm(r => ScriptedArm.Json("{\"value\":[]}"));
            using var session = arm.Session();

            // The id check refuses a quote first; the filter's own escaping is tested on the helper.
            var vms = VmssAutoscale.Sources.Reads.VirtualMachinesRead.Unit;
            await Assert.ThrowsAsync<ModuleException>(() => vms.FetchAsync(session, new ScaleSetInfo { ResourceId = ScaleSet + "' or name ne 'x", OrchestrationMode = "Flexible" }, null, CancellationToken.None));
            Assert.Empty(arm.Seen);
            await vms.FetchAsync(session, new ScaleSetInfo { ResourceId = ScaleSet, OrchestrationMode = "Flexible" }, null, CancellationToken.None);
            Assert.Contains("$filter='virtualMachineScaleSet/id' eq '" + ScaleSet + "'", Uri.UnescapeDataString(arm.Seen.Single().Uri.Query), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("a'b", "'a''b'")]
        [InlineData("a\\b", "'a\\b'")]
        [InlineData("a\nb\r\tc", "'abc'")]
        [InlineData("' or name ne 'x", "''' or name ne ''x'")]
        public void OData_literals_double_quotes_and_drop_controls(string value, string literal) =>
            Assert.Equal(literal, QueryLiterals.OData(value));

        [Theory]
        [InlineData("a\"b", '"', "\"a\\\"b\"")]
        [InlineData("a'b", '"', "\"a'b\"")]
        [InlineData("a'b", '\'', "'a\\'b'")]
        [InlineData("a\\b", '"', "\"a\\\\b\"")]
        [InlineData("a\nb", '"', "\"a\\nb\"")]
        [InlineData("a\r\nb\tc\u0001", '\'', "'a\\r\\nb\\tc'")]
        public void Kql_literals_escape_quotes_backslashes_and_newlines(string value, char quote, string literal) =>
            Assert.Equal(literal, QueryLiterals.Kql(value, quote));

        private static readonly ArmAccess Access = new ArmAccess("a test read", "x/read", "Reader", "/");

        private static (ArmRestClient Client, RecordingArm Arm) Client()
        {
            var arm = new RecordingArm();
            var options = new TestClientOptions { Transport = new HttpClientTransport(arm) };
            options.Retry.MaxRetries = 0;
            var pipeline = HttpPipelineBuilder.Build(options);
            return (new ArmRestClient(pipeline, new Uri("https://arm.test/"), new SourceLog()), arm);
        }

        private sealed class TestClientOptions : ClientOptions
        {
        }

        private sealed class RecordingArm : HttpMessageHandler
        {
            public System.Collections.Generic.List<(string Method, Uri Uri)> Seen { get; } = new System.Collections.Generic.List<(string, Uri)>();

            public string[] Methods => Seen.Select(s => s.Method).ToArray();

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Seen.Add((request.Method.Method, request.RequestUri!));
                return Task.FromResult(ScriptedArm.Json("{}"));
            }
        }
    }
}
