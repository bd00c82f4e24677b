using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.FakeArm;
using VmssAutoscale.Model;
using VmssAutoscale.Sources.Sampling;
using Xunit;

namespace VmssAutoscale.Tests.Arm
{
    /// <summary>The autoscale log reads of the live session against the fake ARM: versions, shapes and the service's error bodies.</summary>
    public class AutoscaleLogsLiveTests
    {
        private static readonly string Setting = FakeArmService.SettingId("rg-web", "autoscale-web");

        private static void Seed(FakeArmFixture f, string mode, bool stringValues = false, bool reversed = false) =>
            f.Service.Handle(new FakeRequest
            {
                Method = "POST",
                Uri = new Uri("https://fake.arm.test/_fake/seed-logs"),
                Body = "{ \"diagnosticSettings\": [ { \"resourceGroup\": \"rg-web\", \"setting\": \"autoscale-web\", \"name\": \"to-law\", \"workspace\": \"law-autoscale\", \"categoryGroup\": \"allLogs\" } ],"
                    + $" \"workspaces\": [ {{ \"resourceGroup\": \"rg-web\", \"name\": \"law-autoscale\", \"mode\": \"{mode}\", \"stringValues\": {(stringValues ? "true" : "false")}, \"reversedColumns\": {(reversed ? "true" : "false")} }} ] }}",
            });

        private static Task<AutoscaleLogRead> Read(FakeArmFixture f, TimeSpan back) =>
            AutoscaleLogReader.ReadAsync(f.Session, Setting, "autoscale-web", FakeArmFixture.WebScaleSet, f.Service.Now - back, f.Service.Now, CancellationToken.None);

        [Theory]
        [InlineData(false, false)]
        [InlineData(true, true)]
        public async Task Reads_evaluations_and_actions_in_two_requests_whatever_the_column_order_or_value_form(bool stringValues, bool reversed)
        {
            using var f = new FakeArmFixture();
            Seed(f, "rows", stringValues, reversed);
            var read = await Read(f, TimeSpan.FromHours(6));
            Assert.Empty(read.Errors);
            Assert.Empty(read.Warnings);
            Assert.Equal(2, f.Service.Requests.Count);
            Assert.Contains("api-version=2021-05-01-preview", f.Service.Requests[0].Path);
            Assert.Equal(("POST", 200), (f.Service.Requests[1].Method, f.Service.Requests[1].Status));
            Assert.Contains("/workspaces/law-autoscale/query?api-version=2017-10-01", f.Service.Requests[1].Path);
            Assert.Contains(read.Records, r => r.Kind == AutoscaleLogKind.ScaleAction && r.NewInstanceCount != null && r.ResultType == "Succeeded");
            Assert.Contains(read.Records, r => r.SkipReason == "Cooldown");
            Assert.Contains(read.Records, r => r.SkipReason == "Flapping");
            Assert.All(read.Records.Where(r => r.MetricName != null), r => Assert.NotNull(r.Threshold));
        }

        [Fact]
        public async Task A_workspace_without_the_tables_names_the_missing_table_from_the_nested_error()
        {
            using var f = new FakeArmFixture();
            Seed(f, "noTable");
            var error = Assert.Single((await Read(f, TimeSpan.FromHours(1))).Errors);
            Assert.Equal((ErrorIds.LogQueryFailed, ErrorCategory.ObjectNotFound), (error.ErrorId, error.Category));
            Assert.Contains("Failed to resolve table expression named 'AutoscaleEvaluationsLog'", error.Message);
        }

        [Fact]
        public async Task A_forbidden_workspace_names_the_query_action_and_role()
        {
            using var f = new FakeArmFixture();
            Seed(f, "forbidden");
            var error = Assert.Single((await Read(f, TimeSpan.FromHours(1))).Errors);
            Assert.Equal((ErrorIds.LogQueryFailed, ErrorCategory.PermissionDenied), (error.ErrorId, error.Category));
            Assert.Contains("Microsoft.OperationalInsights/workspaces/query/read", error.Message);
            Assert.Contains("law-autoscale", error.Message);
        }
    }
}
