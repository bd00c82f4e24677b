using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Platform;
using VmssAutoscale.Sources;
using Xunit;

namespace VmssAutoscale.Tests.Platform
{
    /// <summary>Why a scale action failed (statusMessage and descriptions) and who else writes the capacity.</summary>
    public class ScaleFailureTests
    {
        private const string Vmss = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";
        private const string Setting = "/subscriptions/s1/resourceGroups/rg/providers/microsoft.insights/autoscalesettings/as";
        private static readonly DateTime T0 = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

        internal static string Status(string code, string message, string? detailCode = null, string? detailMessage = null) =>
            "{\"status\":\"Failed\",\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\""
            + (detailCode == null ? string.Empty : ",\"details\":[{\"code\":\"" + detailCode + "\",\"message\":\"" + detailMessage + "\"}]") + "}}";

        [Theory]
        [InlineData("OperationNotAllowed", "Operation could not be completed as it results in exceeding approved standardDSv3Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: westeurope, Current Limit: 32, Current Usage: 24, Additional Required: 12.", null, "OperationNotAllowed", "Quota")]
        [InlineData("OperationNotAllowed", "The requested number of instances (120) exceeds the total limit of '100' Virtual Machine instances for the scale set.", null, "OperationNotAllowed", "InstanceCeiling")]
        [InlineData("ZonalAllocationFailed", "Allocation failed. We do not have sufficient capacity for the requested VM size in this zone.", null, "ZonalAllocationFailed", "Allocation")]
        [InlineData("Conflict", "The operation failed.", "SkuNotAvailable", "SkuNotAvailable", "SizeRestricted")]
        [InlineData("ScopeLocked", "The scope '/subscriptions/s1/resourceGroups/rg' cannot perform write operation because following scope(s) are locked: '/subscriptions/s1/resourceGroups/rg'. Please remove the lock and try again.", null, "ScopeLocked", "Locked")]
        [InlineData("RequestDisallowedByPolicy", "Resource 'web' was disallowed by policy.", null, "RequestDisallowedByPolicy", "Policy")]
        [InlineData("BadRequest", "One or more errors occurred.", "GalleryImageNotFound", "GalleryImageNotFound", "Image")]
        [InlineData("NetworkingInternalOperationError", "Subnet default has no free address.", "SubnetIsFull", "SubnetIsFull", "Network")]
        [InlineData("InternalServerError", "Something went wrong.", null, "InternalServerError", "Other")]
        public void A_status_message_gives_the_code_that_names_the_cause(string code, string message, string? detail, string expectedCode, string cause)
        {
            var d = ScaleFailureClassifier.FromStatusMessage(Status(code, detail == null ? message : "outer", detail, detail == null ? null : message))!;
            Assert.Equal((expectedCode, cause, message), (d.ErrorCode, d.FailureCause, d.ErrorMessage));
        }

        [Fact]
        public void Text_without_a_known_code_or_limit_names_no_cause()
        {
            Assert.Null(ScaleFailureClassifier.FromText("The autoscale engine attempting to scale up resource from 5 instances count to 6 instances count."));
            Assert.Null(ScaleFailureClassifier.FromStatusMessage("{\"status\":\"Failed\"}"));
            Assert.Equal(FailureCause.Quota, ScaleFailureClassifier.FromText("Failed: QuotaExceeded for family standardDSv3Family")!.FailureCause);
        }

        private static string Event(string resourceId, string operation, string status, DateTime time, string caller, string operationId, string? description = null, string? properties = null) =>
            "{\"caller\":\"" + caller + "\",\"operationId\":\"" + operationId + "\",\"eventDataId\":\"" + Guid.NewGuid() + "\",\"resourceId\":\"" + resourceId + "\","
            + "\"operationName\":{\"value\":\"" + operation + "\"},\"status\":{\"value\":\"" + status + "\"},\"eventTimestamp\":\"" + time.ToString("o") + "\","
            + "\"description\":" + (description == null ? "\"\"" : "\"" + description + "\"") + ",\"properties\":" + (properties ?? "{}") + "}";

        private static string Quoted(string json) => "\"" + json.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        [Fact]
        public void A_failed_autoscale_event_takes_the_error_of_the_scale_sets_failed_write_beside_it()
        {
            var status = Status("OperationNotAllowed", "Operation could not be completed as it results in exceeding approved standardDSv3Family Cores quota. Current Limit: 32, Current Usage: 24, Additional Required: 12.");
            var bodies = new[]
            {
                Event(Setting, "Microsoft.Insights/AutoscaleSettings/Scaleup/Action", "Started", T0, "Microsoft.Insights/autoscaleSettings", "op1", "The autoscale engine attempting to scale up resource '" + Vmss + "' from 3 instances count to 6 instances count.", "{\"ResourceName\":\"" + Vmss + "\",\"OldInstancesCount\":\"3\",\"NewInstancesCount\":\"6\"}"),
                Event(Setting, "Microsoft.Insights/AutoscaleSettings/Scaleup/Action", "Failed", T0.AddSeconds(40), "Microsoft.Insights/autoscaleSettings", "op1", "The autoscale engine failed to scale", "{\"ResourceName\":\"" + Vmss + "\"}"),
                Event(Vmss, "Microsoft.Compute/virtualMachineScaleSets/write", "Failed", T0.AddSeconds(35), "5d4f2e3c-autoscale", "op2", null, "{\"statusCode\":\"Conflict\",\"statusMessage\":" + Quoted(status) + "}"),
                // Another failure an hour later with nothing but its description.
                Event(Setting, "Microsoft.Insights/AutoscaleSettings/Scaleup/Action", "Failed", T0.AddHours(1), "Microsoft.Insights/autoscaleSettings", "op3", "Scale up failed: ScopeLocked on resource group rg", "{\"ResourceName\":\"" + Vmss + "\"}"),
                Event(Setting, "Microsoft.Insights/AutoscaleSettings/Scaleup/Action", "Failed", T0.AddHours(2), "Microsoft.Insights/autoscaleSettings", "op4", "The autoscale engine failed.", "{\"ResourceName\":\"" + Vmss + "\"}"),
                Event(Setting, "Microsoft.Insights/AutoscaleSettings/Scaleup/Action", "Succeeded", T0.AddHours(3), "Microsoft.Insights/autoscaleSettings", "op5", "ok", "{\"ResourceName\":\"" + Vmss + "\"}"),
            };
            var events = ScaleEventMerger.Merge(bodies.Select(ActivityLogReader.Read), TimeSpan.FromMinutes(5));
            var quota = events.Single(e => e.OperationId == "op1");
            Assert.Equal(("OperationNotAllowed", FailureCause.Quota), (quota.ErrorCode, quota.FailureCause));
            Assert.Contains("Current Usage: 24", quota.ErrorMessage);
            Assert.Equal(("ScopeLocked", FailureCause.Locked), (events.Single(e => e.OperationId == "op3").ErrorCode, events.Single(e => e.OperationId == "op3").FailureCause));
            Assert.Equal((null, FailureCause.Other), (events.Single(e => e.OperationId == "op4").ErrorCode, events.Single(e => e.OperationId == "op4").FailureCause));
            Assert.Null(events.Single(e => e.OperationId == "op5").FailureCause);
        }

        private static ScaleEvent Ev(int minutes, string cause, int? to, string status = "Succeeded", string? caller = null) => new ScaleEvent
        {
            Time = T0.AddMinutes(minutes), Cause = cause, ToCapacity = to, Status = status, Caller = caller,
        };

        [Fact]
        public void A_pipeline_that_resets_autoscales_capacity_again_and_again_is_a_sawtooth()
        {
            var events = new[]
            {
                Ev(0, ScaleEventCause.Autoscale, 4), Ev(10, ScaleEventCause.Autoscale, 5),
                Ev(60, ScaleEventCause.Manual, 2, caller: "ado-pipeline-spn"),
                Ev(70, ScaleEventCause.Autoscale, 3), Ev(80, ScaleEventCause.Autoscale, 4),
                Ev(120, ScaleEventCause.Manual, 2, caller: "ado-pipeline-spn"),
                Ev(130, ScaleEventCause.Autoscale, 3),
                Ev(180, ScaleEventCause.Manual, 2, caller: "ado-pipeline-spn"),
                Ev(200, ScaleEventCause.Manual, 6, caller: "alice@contoso.com"),
                Ev(210, ScaleEventCause.Manual, 6, caller: "alice@contoso.com"),
            };
            var writers = CapacityWriterAnalysis.Analyze(events);
            Assert.Equal(new[] { "ado-pipeline-spn", "alice@contoso.com" }, writers.Select(w => w.Caller).ToArray());
            var pipeline = writers[0];
            Assert.Equal((3, 3, true), (pipeline.Writes, pipeline.Resets, pipeline.Sawtooth));
            Assert.Equal(new[] { 2 }, pipeline.Capacities.ToArray());
            var person = writers[1];
            // Her first write followed the pipeline's, the second her own: neither undid autoscale's work.
            Assert.Equal((2, 0, false), (person.Writes, person.Resets, person.Sawtooth));
        }

        [Fact]
        public void One_reset_is_not_a_sawtooth()
        {
            var writers = CapacityWriterAnalysis.Analyze(new[] { Ev(0, ScaleEventCause.Autoscale, 4), Ev(10, ScaleEventCause.Manual, 2, caller: "ops") });
            Assert.Equal((1, false), (writers[0].Resets, writers[0].Sawtooth));
        }
    }
}
