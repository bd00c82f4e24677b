using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Tests.Diagnosis
{
    /// <summary>
    /// The examples for today's sample sources (issue 11): a scale set on Azure Monitor Agent guest
    /// metrics whose data collection rule sends the counter to Log Analytics only, and a scale set
    /// driven by a storage queue's metric, with the setting's run history. Bodies follow the public
    /// REST shapes: data collection rules and associations, Microsoft.Insights 2022-06-01
    /// (Azure/azure-rest-api-specs, specification/monitor/resource-manager/Microsoft.Insights/stable/
    /// 2022-06-01/dataCollectionRules_API.json); Metrics_List 2023-10-01 for the run history
    /// (specification/monitor/resource-manager/Microsoft.Insights/stable/2023-10-01/metrics_API.json).
    /// </summary>
    public static partial class ExampleScenarios
    {
        private const string WindowsCounter = @"\Processor(_Total)\% Processor Time";

        private static ExampleScenario AmaLogAnalyticsOnly()
        {
            const string vmss = "vmss-ama-logs-only";
            var id = ScaleSetId(vmss);
            var dcrId = $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Insights/dataCollectionRules/dcr-{vmss}";
            var workspace = $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.OperationalInsights/workspaces/law-examples";
            var agent = A(O(
                ("name", "AzureMonitorWindowsAgent"),
                ("properties", O(
                    ("publisher", "Microsoft.Azure.Monitor"),
                    ("type", "AzureMonitorWindowsAgent"),
                    ("typeHandlerVersion", "1.22"),
                    ("autoUpgradeMinorVersion", true),
                    ("enableAutomaticUpgrade", true)))));
            var scaleSet = WithIdentity(ScaleSet(vmss, "Standard_D2s_v3", 3, Windows(), agent));

            // The rule collects the counter, but its only dataFlow goes to the workspace: Azure
            // Monitor Metrics (the azureMonitorMetrics destination and the Microsoft-InsightsMetrics
            // stream) never receives it, so the guest metric autoscale reads has no series.
            var rule = O(
                ("id", dcrId),
                ("name", "dcr-" + vmss),
                ("type", "Microsoft.Insights/dataCollectionRules"),
                ("location", "eastus"),
                ("kind", "Windows"),
                ("properties", O(
                    ("dataSources", O(("performanceCounters", A(O(
                        ("name", "perfCounterDataSource60"),
                        ("streams", A(JsonNode.From("Microsoft-Perf"))),
                        ("samplingFrequencyInSeconds", 60),
                        ("counterSpecifiers", A(JsonNode.From(WindowsCounter), JsonNode.From(@"\Memory\Available Bytes")))))))),
                    ("destinations", O(("logAnalytics", A(O(("name", "la-examples"), ("workspaceResourceId", workspace)))))),
                    ("dataFlows", A(O(("streams", A(JsonNode.From("Microsoft-Perf"))), ("destinations", A(JsonNode.From("la-examples")))))),
                    ("provisioningState", "Succeeded"))));
            var association = O(
                ("id", $"{id}/providers/Microsoft.Insights/dataCollectionRuleAssociations/dcra-{vmss}"),
                ("name", "dcra-" + vmss),
                ("type", "Microsoft.Insights/dataCollectionRuleAssociations"),
                ("properties", O(("dataCollectionRuleId", dcrId), ("provisioningState", "Succeeded"))));
            return new ExampleScenario
            {
                Name = "ama-log-analytics-only",
                FailingCheck = "AzureMonitorAgent",
                ConditionType = DiagnosisCondition.ScalingActive,
                ConditionReason = "MetricUnavailable",
                Snapshot = Bundle(
                    "A Windows scale set that replaced the diagnostics extension with the Azure Monitor Agent: its data collection rule collects % Processor Time but sends it only to a Log Analytics workspace, so the guest metric the autoscale rules read never reaches Azure Monitor Metrics.",
                    scaleSet,
                    Sizes(("Standard_D2s_v3", 2, 8192)),
                    Setting(vmss, 3, 10, 3,
                        Rule(id, WindowsCounter, "GreaterThan", 70, "Increase", metricNamespace: "azure.vm.windows.guestmetrics"),
                        Rule(id, WindowsCounter, "LessThan", 30, "Decrease", metricNamespace: "azure.vm.windows.guestmetrics")),
                    Array.Empty<MetricSample>(),
                    Array.Empty<JsonNode>(),
                    sampleSource: "GuestMetrics",
                    dataCollectionRuleAssociations: new[] { association },
                    dataCollectionRules: new[] { rule }),
            };
        }

        private static ExampleScenario QueueDrivenAtMaximum()
        {
            const string vmss = "vmss-queue-workers";
            const string metric = "QueueMessageCount";
            const string queueNamespace = "Microsoft.Storage/storageAccounts/queueServices";
            var id = ScaleSetId(vmss);
            var queue = $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Storage/storageAccounts/stjobsexamples/queueServices/default";

            // The backlog sits near 480 messages for the last hour; the workers are at the profile's maximum of 5.
            double Backlog(int minute) => 478 + ((minute * 7) % 5);
            var start = Now.AddHours(-1);
            var samples = Enumerable.Range(0, 60).Select(m => new MetricSample
            {
                Instance = string.Empty,
                Timestamp = start.AddMinutes(m),
                MetricName = metric,
                ResourceId = queue,
                Namespace = queueNamespace,
                Value = Backlog(m),
                Source = "AzureMonitor",
            }).ToList();
            var outRule = $"{metric} GreaterThanOrEqual 100";
            var inRule = $"{metric} LessThanOrEqual 10";
            return new ExampleScenario
            {
                Name = "queue-driven-at-maximum",
                FailingCheck = "AverageAcrossInstances",
                ConditionType = DiagnosisCondition.ScalingLimited,
                ConditionReason = "AtMaximum",
                Snapshot = Bundle(
                    "Workers scale on the length of a storage queue: about 480 messages wait, far above the scale-out threshold of 100, but the scale set already runs the profile's maximum of 5 instances, so autoscale (its run history agrees) starts no scale action.",
                    ScaleSet(vmss, "Standard_D2s_v3", 5, Linux(), extensions: null),
                    Sizes(("Standard_D2s_v3", 2, 8192)),
                    Setting(vmss, 1, 5, 1,
                        Rule(queue, metric, "GreaterThanOrEqual", 100, "Increase", metricNamespace: queueNamespace),
                        Rule(queue, metric, "LessThanOrEqual", 10, "Decrease", metricNamespace: queueNamespace)),
                    samples,
                    Array.Empty<JsonNode>(),
                    sampleSource: "ResourceMetrics",
                    serviceMetrics: new[]
                    {
                        new SnapshotSettingMetrics
                        {
                            SettingId = SettingId(vmss),
                            Body = RunHistoryBody(SettingId(vmss), start.AddMinutes(30), 30,
                                new (string, Func<DateTime, double?>)[] { (metric, t => Enumerable.Range((int)(t - start).TotalMinutes - 9, 10).Select(Backlog).Average()) },
                                new[] { (outRule, 100.0), (inRule, 10.0) },
                                _ => 5),
                        },
                    }),
            };
        }

        /// <summary>The scale set body with a system-assigned managed identity (Compute 2024-07-01 shape).</summary>
        private static JsonNode WithIdentity(JsonNode scaleSet) => JsonNode.Object(scaleSet.Properties.Concat(new[]
        {
            new KeyValuePair<string, JsonNode>("identity", O(
                ("type", "SystemAssigned"),
                ("principalId", Guid("principal-" + scaleSet["name"]!.StringValue)),
                ("tenantId", Guid("tenant")))),
        }));

        /// <summary>
        /// The autoscale setting's platform metrics as Metrics_List returns them for the minutes
        /// from <paramref name="from"/>: ObservedMetricValue by MetricTriggerSource (no value in a minute
        /// the service had no data), MetricThreshold by MetricTriggerRule, ObservedCapacity, and
        /// ScaleActionsInitiated by ScaleDirection.
        /// </summary>
        private static JsonNode RunHistoryBody(string settingId, DateTime from, int minutes, IReadOnlyList<(string Source, Func<DateTime, double?> Observed)> sources,
            IReadOnlyList<(string Rule, double Threshold)> rules, Func<DateTime, int> capacity, Func<DateTime, ScaleDirection, int>? actions = null)
        {
            JsonNode Point(int m, string aggregation, double? value) => value is double v
                ? O(("timeStamp", Iso(from.AddMinutes(m))), (aggregation, Math.Round(v, 2)))
                : O(("timeStamp", Iso(from.AddMinutes(m))));
            JsonNode Series(string? dimension, string? value, string aggregation, Func<DateTime, double?> at) => O(
                ("metadatavalues", dimension == null ? A() : A(O(("name", O(("value", dimension), ("localizedValue", dimension))), ("value", value)))),
                ("data", JsonNode.Array(Enumerable.Range(0, minutes).Select(m => Point(m, aggregation, at(from.AddMinutes(m)))))));
            JsonNode Metric(string name, string unit, params JsonNode[] series) => O(
                ("id", $"{settingId}/providers/Microsoft.Insights/metrics/{name}"),
                ("type", "Microsoft.Insights/metrics"),
                ("name", O(("value", name), ("localizedValue", name))),
                ("unit", unit),
                ("timeseries", JsonNode.Array(series)),
                ("errorCode", "Success"));
            return O(
                ("cost", 0),
                ("timespan", Iso(from) + "/" + Iso(from.AddMinutes(minutes))),
                ("interval", "PT1M"),
                ("namespace", "Microsoft.Insights/autoscalesettings"),
                ("resourceregion", "eastus"),
                ("value", A(
                    Metric("ObservedMetricValue", "Count", sources.Select(src => Series("metrictriggersource", src.Source, "average", src.Observed)).ToArray()),
                    Metric("MetricThreshold", "Count", rules.Select(r => Series("metrictriggerrule", r.Rule, "average", _ => r.Threshold)).ToArray()),
                    Metric("ObservedCapacity", "Count", Series(null, null, "average", t => capacity(t))),
                    Metric("ScaleActionsInitiated", "Count",
                        Series("scaledirection", "Increase", "total", t => actions?.Invoke(t, ScaleDirection.Increase) ?? 0),
                        Series("scaledirection", "Decrease", "total", t => actions?.Invoke(t, ScaleDirection.Decrease) ?? 0)))));
        }

        /// <summary>
        /// The run history the service would have recorded for an example over its last 30 minutes,
        /// derived from the bundle's own data so that every example carries one (issue 22 item 5): each
        /// rule metric's observed value as the engine computes it from the samples (no value where the
        /// service had no data), each rule's threshold, the capacity the scale events leave, and the
        /// autoscale actions the activity log shows. The queue example keeps its hand-written history.
        /// </summary>
        private static SnapshotSettingMetrics RunHistoryOf(JsonNode settingJson, int currentCapacity, IReadOnlyList<MetricSample> samples, IReadOnlyList<JsonNode> activityLog)
        {
            var setting = AutoscaleSettingParser.ParseResource(settingJson, "example");
            var store = new MetricWindowStore(setting.TargetResourceUri);
            foreach (var sample in samples.OrderBy(x => x.Timestamp))
            {
                store.Add(SampleRecord.From(sample));
            }

            var events = ScaleEventMerger.Merge(activityLog.Select(j => ActivityLogReader.Read(j.ToString())), TimeSpan.FromMinutes(5))
                .Where(e => e.Status != "Failed" && e.ToCapacity != null)
                .ToList();
            int CapacityAt(DateTime t) =>
                events.LastOrDefault(e => e.Time <= t)?.ToCapacity
                ?? events.FirstOrDefault(e => e.Time > t)?.FromCapacity
                ?? currentCapacity;
            int ActionsIn(DateTime t, ScaleDirection direction) => events.Count(e =>
                e.Cause != ScaleEventCause.Manual && e.Time >= t && e.Time < t.AddMinutes(1)
                && (direction == ScaleDirection.Increase ? e.Direction == ScaleEventDirection.Out : e.Direction == ScaleEventDirection.In));

            var observed = new StoreObservedValueSource(store, EngineOptions.Default);
            var rules = setting.Profiles.SelectMany(p => p.Rules).ToList();
            var sources = rules.GroupBy(r => r.MetricName, StringComparer.OrdinalIgnoreCase)
                .Select(g => (g.Key, (Func<DateTime, double?>)(t => observed.Observe(g.First().MetricTrigger, t, CapacityAt(t), perInstance: false).Value)))
                .ToList();
            var thresholds = rules
                .Select(r => (string.Format(CultureInfo.InvariantCulture, "{0} {1} {2}", r.MetricName, r.MetricTrigger.Operator, r.MetricTrigger.Threshold), r.MetricTrigger.Threshold))
                .ToList();
            var id = setting.Id ?? throw new InvalidOperationException("An example setting needs its id.");
            return new SnapshotSettingMetrics { SettingId = id, Body = RunHistoryBody(id, Now.AddMinutes(-30), 30, sources, thresholds, CapacityAt, ActionsIn) };
        }
    }
}
