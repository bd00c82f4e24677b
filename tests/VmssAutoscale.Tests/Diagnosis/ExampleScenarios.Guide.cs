using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Tests.Diagnosis
{
    /// <summary>
    /// The examples for the guide's last steps (each VM's instance view, notifications, Azure's
    /// status), and the VM list, Resource Health and Service Health bodies every bundle carries,
    /// in the shapes of Compute 2024-07-01 and Microsoft.ResourceHealth 2025-04-01.
    /// </summary>
    public static partial class ExampleScenarios
    {
        private static ExampleScenario DeallocatedSilentVm()
        {
            const string vmss = "vmss-deallocated-vm";
            var id = ScaleSetId(vmss);
            var stoppedAt = Now.AddMinutes(-45);

            // VM 2 was deallocated 45 minutes ago: Azure Monitor has no host metrics for it since.
            var samples = HostSamples(vmss, 3, (i, m) => 38 + Noise(i, m, 4)).Where(s => !(s.Instance == vmss + "_2" && s.Timestamp >= stoppedAt)).ToList();
            return new ExampleScenario
            {
                Name = "deallocated-silent-vm",
                WarningChecks = new[] { "ScaleSetState", "DiagnosticsData" },
                Snapshot = Bundle(
                    "One VM of three was deallocated 45 minutes ago (Stop-AzVmss -InstanceId 2): it still counts in the capacity of 3 but reports no CPU, so the average is taken over two VMs.",
                    ScaleSet(vmss, "Standard_D2s_v3", 3, Linux(), extensions: null),
                    Sizes(("Standard_D2s_v3", 2, 8192)),
                    Setting(vmss, 2, 10, 3, Rule(id, "Percentage CPU", "GreaterThan", 70, "Increase"), Rule(id, "Percentage CPU", "LessThan", 25, "Decrease")),
                    samples,
                    Array.Empty<JsonNode>(),
                    vms: Vms(ScaleSetNode(vmss), i => i == 2 ? ("deallocated", null) : ((string, string?)?)null)),
            };
        }

        private static ExampleScenario ActiveIncident()
        {
            const string vmss = "vmss-active-incident";
            var id = ScaleSetId(vmss);
            var sid = SettingId(vmss);
            var samples = HostSamples(vmss, 3, (i, m) => 84 + Noise(i, m, 3));
            var log = new List<JsonNode>();
            log.AddRange(AutoscaleAction(sid, id, "Scaleup", "AutoscaleAction", Now.AddMinutes(-50), 3, 4, "Failed"));
            log.AddRange(AutoscaleAction(sid, id, "Scaleup", "AutoscaleAction", Now.AddMinutes(-20), 3, 4, "Failed"));
            var setting = Setting(vmss, 2, 10, 3, Rule(id, "Percentage CPU", "GreaterThan", 70, "Increase"), Rule(id, "Percentage CPU", "LessThan", 30, "Decrease"));
            return new ExampleScenario
            {
                Name = "active-incident",
                FailingCheck = "AzureStatus",
                ConditionType = DiagnosisCondition.ScalingActive,
                ConditionReason = "ValidMetricFound",
                WarningChecks = new[] { "Notifications" },
                Snapshot = Bundle(
                    "CPU is at 84% and autoscale tries to add a fourth VM, but an Azure incident on Virtual Machine Scale Sets in East US makes both scale-outs fail; the administrators and the on-call webhook were told.",
                    ScaleSet(vmss, "Standard_D2s_v3", 3, Linux(), extensions: null),
                    Sizes(("Standard_D2s_v3", 2, 8192)),
                    WithNotifications(setting, "https://prod-07.eastus.logic.azure.com/workflows/4f1c/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=plantedWebhookSignature0123456789"),
                    samples,
                    log,
                    availability: Availability(id, "Degraded", "We're sorry, your virtual machine scale set is affected by an ongoing Azure incident in its region."),
                    serviceHealth: new[]
                    {
                        HealthEvent("VL4T-9Q8", "ServiceIssue", "Active", "Virtual Machine Scale Sets - Allocation failures in East US", "Virtual Machine Scale Sets", "East US", Now.AddMinutes(-70), null),
                    }),
            };
        }

        /// <summary>One VM body per unit of capacity; <paramref name="state"/> gives a VM's power state and failed-extension message, null for a running, healthy VM.</summary>
        public static IReadOnlyList<JsonNode> Vms(JsonNode scaleSet, Func<int, (string Power, string? ExtensionFailure)?> state)
        {
            var name = scaleSet["name"]!.StringValue!;
            var id = scaleSet["id"]!.StringValue!;
            var capacity = (int)scaleSet["sku"]!["capacity"]!.NumberValue;
            var profile = scaleSet["properties"]!["virtualMachineProfile"]!;
            var prefix = profile["osProfile"]?["computerNamePrefix"]?.StringValue ?? name;
            var extensions = profile["extensionProfile"]!["extensions"]!.Items;
            ExtensionStatus.TryGetValue(name, out var summary);
            var failedByModel = summary is (string code, int count) && code.IndexOf("failed", StringComparison.OrdinalIgnoreCase) >= 0 ? count : 0;
            var list = new List<JsonNode>();
            for (var i = 0; i < capacity; i++)
            {
                var s = state(i);
                var power = s?.Power ?? "running";
                var running = power == "running";
                var failure = s?.ExtensionFailure ?? (i >= capacity - failedByModel ? "Enable failed: the diagnostics agent could not write to its storage account (403 AuthorizationFailure); it retries every 5 minutes." : null);
                var computerName = prefix + i.ToString("000000", CultureInfo.InvariantCulture);
                var extensionViews = extensions.Select(e => O(
                    ("name", e["name"]!.StringValue),
                    ("type", $"{e["properties"]?["publisher"]?.StringValue}.{e["properties"]?["type"]?.StringValue}"),
                    ("typeHandlerVersion", e["properties"]?["typeHandlerVersion"]?.StringValue),
                    ("statuses", A(failure != null && running
                        ? O(("code", "ProvisioningState/failed/0"), ("level", "Error"), ("displayStatus", "Provisioning failed"), ("message", failure))
                        : O(("code", "ProvisioningState/succeeded"), ("level", "Info"), ("displayStatus", "Provisioning succeeded"), ("message", "Enable succeeded")))))).ToArray();
                var view = O(
                    ("platformUpdateDomain", i % 5),
                    ("platformFaultDomain", i % 3),
                    ("computerName", running ? computerName : null),
                    ("vmAgent", O(
                        ("vmAgentVersion", running ? "2.11.1.4" : "Unknown"),
                        ("statuses", A(running
                            ? O(("code", "ProvisioningState/succeeded"), ("level", "Info"), ("displayStatus", "Ready"), ("message", "Guest Agent is running"))
                            : O(("code", "ProvisioningState/Unavailable"), ("level", "Warning"), ("displayStatus", "Not Ready"), ("message", "VM is not running")))))),
                    ("extensions", A(extensionViews)),
                    ("statuses", A(
                        O(("code", "ProvisioningState/succeeded"), ("level", "Info"), ("displayStatus", "Provisioning succeeded"), ("time", Iso(Now.AddDays(-2)))),
                        O(("code", "PowerState/" + power), ("level", "Info"), ("displayStatus", "VM " + power)))));
                list.Add(O(
                    ("name", $"{name}_{i}"),
                    ("id", $"{id}/virtualMachines/{i}"),
                    ("type", "Microsoft.Compute/virtualMachineScaleSets/virtualMachines"),
                    ("location", "eastus"),
                    ("instanceId", i.ToString(CultureInfo.InvariantCulture)),
                    ("properties", O(
                        ("latestModelApplied", true),
                        ("provisioningState", "Succeeded"),
                        ("osProfile", O(("computerName", computerName), ("adminUsername", "azureuser"))),
                        ("instanceView", view)))));
            }

            return list;
        }

        public static JsonNode Availability(string resourceId, string state, string? summary) => O(
            ("id", resourceId + "/providers/Microsoft.ResourceHealth/availabilityStatuses/current"),
            ("name", "current"),
            ("type", "Microsoft.ResourceHealth/AvailabilityStatuses"),
            ("location", "eastus"),
            ("properties", O(
                ("availabilityState", state),
                ("title", state),
                ("summary", summary ?? "There aren't any known Azure platform problems affecting this virtual machine scale set."),
                ("reasonType", state == "Available" ? null : "Unplanned"),
                ("occuredTime", Iso(Now.AddMinutes(state == "Available" ? -2880 : -65))),
                ("reportedTime", Iso(Now.AddMinutes(-1))))));

        public static JsonNode HealthEvent(string trackingId, string eventType, string status, string title, string service, string region, DateTime start, DateTime? mitigated) => O(
            ("id", "/providers/Microsoft.ResourceHealth/events/" + trackingId),
            ("name", trackingId),
            ("type", "/providers/Microsoft.ResourceHealth/events"),
            ("properties", O(
                ("eventType", eventType),
                ("eventSource", "ServiceHealth"),
                ("status", status),
                ("title", title),
                ("summary", $"Starting at {start:HH:mm} UTC on {start:d MMM yyyy}, a subset of customers using {service} in {region} may receive allocation failures when creating or scaling out VMs."),
                ("level", "Warning"),
                ("eventLevel", "Warning"),
                ("impactStartTime", Iso(start)),
                ("impactMitigationTime", mitigated is DateTime m ? Iso(m) : null),
                ("lastUpdateTime", Iso(Now.AddMinutes(-10))),
                ("impact", A(O(
                    ("impactedService", service),
                    ("impactedRegions", A(O(("impactedRegion", region), ("status", status), ("impactedSubscriptions", A(JsonNode.From(Subscription))))))))))));

        private static JsonNode WithNotifications(JsonNode setting, string webhook)
        {
            var properties = setting["properties"]!.Properties
                .Select(p => p.Key == "notifications"
                    ? new KeyValuePair<string, JsonNode>(p.Key, A(O(
                        ("operation", "Scale"),
                        ("email", O(("sendToSubscriptionAdministrator", true), ("sendToSubscriptionCoAdministrators", false), ("customEmails", A(JsonNode.From("oncall@contoso.example"))))),
                        ("webhooks", A(O(("serviceUri", webhook), ("properties", O())))))))
                    : p)
                .ToList();
            return JsonNode.Object(setting.Properties.Select(p => p.Key == "properties" ? new KeyValuePair<string, JsonNode>(p.Key, JsonNode.Object(properties)) : p));
        }

        // The scale set body of an example by name, to derive its VMs before the bundle is assembled.
        private static JsonNode ScaleSetNode(string vmss) => ScaleSet(vmss, "Standard_D2s_v3", 3, Linux(), extensions: null);
    }
}
