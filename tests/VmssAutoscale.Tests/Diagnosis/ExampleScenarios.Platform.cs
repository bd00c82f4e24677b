using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Tests.Diagnosis
{
    /// <summary>
    /// The examples of issue 21, where the rules ask and the platform says no: a Flexible scale set
    /// stopped by its VM family's vCPU quota, and a locked scale set whose capacity a deployment
    /// pipeline keeps resetting. Our own bodies in the shapes of Compute 2024-07-01 (usages),
    /// 2021-07-01 (resource SKUs) and Microsoft.Authorization 2020-05-01 (locks).
    /// </summary>
    public static partial class ExampleScenarios
    {
        private static ExampleScenario FlexibleFamilyQuota()
        {
            const string vmss = "vmss-flex-quota";
            var id = ScaleSetId(vmss);
            var sid = SettingId(vmss);
            var samples = HostSamples(vmss, 3, (i, m) => 82 + Noise(i, m, 4));
            var quota = "{\"status\":\"Failed\",\"error\":{\"code\":\"OperationNotAllowed\",\"message\":\"Operation could not be completed as it results in exceeding approved standardDSv3Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: eastus, Current Limit: 32, Current Usage: 24, Additional Required: 12, (Minimum) New Limit Required: 36.\"}}";
            var log = new List<JsonNode>();
            foreach (var minutes in new[] { 50, 25 })
            {
                log.AddRange(AutoscaleAction(sid, id, "Scaleup", "AutoscaleAction", Now.AddMinutes(-minutes), 3, 6, "Failed"));
                log.AddRange(FailedWrite(id, "Microsoft.Insights/autoscaleSettings", Now.AddMinutes(-minutes).AddSeconds(30), 6, quota));
            }

            var step3 = Rule(id, "Percentage CPU", "GreaterThan", 70, "Increase").ToString().Replace("\"value\":\"1\"", "\"value\":\"3\"");
            return new ExampleScenario
            {
                Name = "flexible-family-quota",
                FailingCheck = "Headroom",
                ConditionType = DiagnosisCondition.AbleToScale,
                ConditionReason = "QuotaExhausted",
                WarningChecks = new[] { "Notifications" },
                Snapshot = Bundle(
                    "A Flexible scale set of 4-vCPU VMs at 82% CPU: each scale-out of three VMs needs 12 vCPUs, but the standardDSv3Family quota has 8 free, so the whole step fails although two VMs would fit.",
                    Flexible(ScaleSet(vmss, "Standard_D4s_v3", 3, Linux(), extensions: null)),
                    Sizes(("Standard_D4s_v3", 4, 16384)),
                    Setting(vmss, 2, 20, 3, JsonParser.Parse(step3), Rule(id, "Percentage CPU", "LessThan", 30, "Decrease")),
                    samples,
                    log,
                    platformReads: PlatformReads(Usages(("cores", 40, 350), ("standardDSv3Family", 24, 32), ("lowPriorityCores", 0, 100)), Sku("Standard_D4s_v3", "standardDSv3Family", 4))),
            };
        }

        private static ExampleScenario LockedPipelineSawtooth()
        {
            const string vmss = "vmss-locked-pipeline";
            var id = ScaleSetId(vmss);
            var sid = SettingId(vmss);
            var samples = HostSamples(vmss, 2, (i, m) => 76 + Noise(i, m, 3));
            var log = new List<JsonNode>();
            // The release pipeline deploys a template that names capacity 2; autoscale grows the set in between.
            foreach (var hours in new[] { 20, 12, 4 })
            {
                log.AddRange(ComputeWrite(id, "release-pipeline@contoso.onmicrosoft.com", Now.AddHours(-hours), 2));
                log.AddRange(AutoscaleAction(sid, id, "Scaleup", "AutoscaleAction", Now.AddHours(-hours).AddMinutes(40), 2, 3));
            }

            log.AddRange(AutoscaleAction(sid, id, "Scaleup", "AutoscaleAction", Now.AddHours(-20).AddMinutes(80), 3, 4));
            var locked = "{\"status\":\"Failed\",\"error\":{\"code\":\"ScopeLocked\",\"message\":\"The scope '" + id + "' cannot perform write operation because following scope(s) are locked: '/subscriptions/" + Subscription + "/resourceGroups/" + ResourceGroup + "'. Please remove the lock and try again.\"}}";
            log.AddRange(AutoscaleAction(sid, id, "Scaleup", "AutoscaleAction", Now.AddMinutes(-30), 2, 3, "Failed"));
            log.AddRange(FailedWrite(id, "Microsoft.Insights/autoscaleSettings", Now.AddMinutes(-30).AddSeconds(30), 3, locked));
            var groupLock = O(
                ("id", $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Authorization/locks/change-freeze"),
                ("type", "Microsoft.Authorization/locks"),
                ("name", "change-freeze"),
                ("properties", O(("level", "ReadOnly"), ("notes", "Release freeze"))));
            return new ExampleScenario
            {
                Name = "locked-pipeline-sawtooth",
                FailingCheck = "CapacityWriters",
                ConditionType = DiagnosisCondition.AbleToScale,
                ConditionReason = "ScopeLocked",
                Snapshot = Bundle(
                    "A release pipeline deploys a template that names capacity 2 every eight hours and undoes what autoscale added; since a ReadOnly lock was put on the resource group, every scale action fails.",
                    NotSinglePlacementGroup(ScaleSet(vmss, "Standard_D2s_v3", 2, Linux(), extensions: null)),
                    Sizes(("Standard_D2s_v3", 2, 8192)),
                    Setting(vmss, 2, 8, 2, Rule(id, "Percentage CPU", "GreaterThan", 70, "Increase"), Rule(id, "Percentage CPU", "LessThan", 30, "Decrease")),
                    samples,
                    log,
                    platformReads: PlatformReads(Usages(("cores", 40, 350), ("standardDSv3Family", 24, 200), ("lowPriorityCores", 0, 100)), Sku("Standard_D2s_v3", "standardDSv3Family", 2), groupLocks: new[] { groupLock })),
            };
        }

        /// <summary>The scale set as a Flexible one: no placement group, no overprovisioning, platformFaultDomainCount 1.</summary>
        private static JsonNode Flexible(JsonNode scaleSet) => JsonParser.Parse(scaleSet.ToString()
            .Replace("\"orchestrationMode\":\"Uniform\"", "\"orchestrationMode\":\"Flexible\",\"platformFaultDomainCount\":1")
            .Replace("\"singlePlacementGroup\":true,", string.Empty)
            .Replace("\"overprovision\":true,", string.Empty));

        private static JsonNode NotSinglePlacementGroup(JsonNode scaleSet) => JsonParser.Parse(scaleSet.ToString().Replace("\"singlePlacementGroup\":true", "\"singlePlacementGroup\":false"));

        /// <summary>The VM family of each size the examples use (Compute resource SKUs' "family").</summary>
        private static readonly IReadOnlyDictionary<string, string> Families = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Standard_D2s_v3"] = "standardDSv3Family",
            ["Standard_D4s_v3"] = "standardDSv3Family",
        };

        /// <summary>
        /// The platform reads of a scale set that nothing holds back, as the module exports them: the region's
        /// vCPU quota with ample room for the size's family, its SKU unrestricted, no locks at any scope, and an
        /// empty subnet usage (the examples' models name no subnet, so the live read sends no request and keeps
        /// an empty list). Every example bundle carries them, as every bundle the module exports does.
        /// </summary>
        private static IReadOnlyDictionary<string, JsonNode> DefaultPlatformReads(JsonNode scaleSet, IReadOnlyList<VmSizeInfo> sizes)
        {
            if (scaleSet.ToString().Contains("\"subnet\"", StringComparison.Ordinal))
            {
                throw new NotSupportedException("This scale set's model names a subnet: give its scenario the subnet's usage (platformReads).");
            }

            var size = scaleSet["sku"]!["name"]!.StringValue!;
            var vcpus = sizes.Single(z => string.Equals(z.Name, size, StringComparison.OrdinalIgnoreCase)).NumberOfCores;
            var used = (int)scaleSet["sku"]!["capacity"]!.NumberValue * vcpus;
            return PlatformReads(Usages(("cores", used, 350), (Families[size], used, 200), ("lowPriorityCores", 0, 100)), Sku(size, Families[size], vcpus));
        }

        private static IReadOnlyDictionary<string, JsonNode> PlatformReads(JsonNode usages, JsonNode sku, IReadOnlyList<JsonNode>? groupLocks = null) => new Dictionary<string, JsonNode>
        {
            ["computeUsages"] = usages,
            ["resourceSkus"] = A(sku),
            ["locks"] = A(),
            ["resourceGroupLocks"] = JsonNode.Array(groupLocks ?? Array.Empty<JsonNode>()),
            ["subscriptionLocks"] = A(),
            ["subnetUsage"] = A(),
        };

        private static JsonNode Usages(params (string Name, int Used, int Limit)[] quotas) =>
            JsonNode.Array(quotas.Select(q => O(("limit", q.Limit), ("unit", "Count"), ("currentValue", q.Used), ("name", O(("value", q.Name), ("localizedValue", q.Name + " vCPUs"))))));

        private static JsonNode Sku(string name, string family, int vcpus) => O(
            ("resourceType", "virtualMachines"),
            ("name", name),
            ("tier", "Standard"),
            ("size", name.Substring("Standard_".Length)),
            ("family", family),
            ("locations", A(JsonNode.From("eastus"))),
            ("locationInfo", A(O(("location", "eastus"), ("zones", A(JsonNode.From("1"), JsonNode.From("2"), JsonNode.From("3")))))),
            ("capabilities", A(O(("name", "vCPUs"), ("value", vcpus.ToString(CultureInfo.InvariantCulture))), O(("name", "LowPriorityCapable"), ("value", "True")))),
            ("restrictions", A()));

        /// <summary>A write on the scale set that failed, Started then Failed, the error in properties.statusMessage.</summary>
        private static IEnumerable<JsonNode> FailedWrite(string scaleSetId, string caller, DateTime start, int capacity, string statusMessage)
        {
            var op = Guid(scaleSetId + "failed" + start.Ticks);
            foreach (var (status, t) in new[] { ("Started", start), ("Failed", start.AddSeconds(20)) })
            {
                var props = status == "Started"
                    ? O(("statusCode", "Created"), ("requestbody", $"{{\"sku\":{{\"capacity\":{capacity.ToString(CultureInfo.InvariantCulture)}}}}}"))
                    : O(("statusCode", "Conflict"), ("statusMessage", statusMessage));
                yield return O(
                    ("caller", caller),
                    ("correlationId", op),
                    ("operationId", op),
                    ("eventDataId", Guid(op + status)),
                    ("description", string.Empty),
                    ("eventName", O(("value", status == "Started" ? "BeginRequest" : "EndRequest"))),
                    ("category", O(("value", "Administrative"))),
                    ("level", status == "Started" ? "Informational" : "Error"),
                    ("resourceGroupName", ResourceGroup),
                    ("resourceId", scaleSetId),
                    ("operationName", O(("value", "Microsoft.Compute/virtualMachineScaleSets/write"))),
                    ("properties", props),
                    ("status", O(("value", status))),
                    ("eventTimestamp", Iso(t)),
                    ("submissionTimestamp", Iso(t.AddSeconds(1))),
                    ("subscriptionId", Subscription));
            }
        }
    }
}
