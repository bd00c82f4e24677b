using System;
using System.IO;
using System.Text;
using VmssAutoscale.Diagnosis;
using VmssAutoscale.Json;

namespace VmssAutoscale.Tests.Diagnosis
{
    public class DiagnosticsExtensionReaderTests
    {
        private const string ScaleSetId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";

        /// <summary>The WadCfg the 201-vmss-windows-autoscale template builds, with its variables evaluated.</summary>
        public const string WadXml =
            "<WadCfg> <DiagnosticMonitorConfiguration overallQuotaInMB=\"4096\" xmlns=\"http://schemas.microsoft.com/ServiceHosting/2010/10/DiagnosticsConfiguration\"> "
            + "<PerformanceCounters scheduledTransferPeriod=\"PT1M\"><PerformanceCounterConfiguration counterSpecifier=\"\\Processor(_Total)\\% Processor Time\" sampleRate=\"PT15S\" unit=\"Percent\"><annotation displayName=\"CPU utilization\" locale=\"en-us\"/></PerformanceCounterConfiguration>"
            + "<PerformanceCounterConfiguration counterSpecifier=\"\\Memory\\% Committed Bytes In Use\" sampleRate=\"PT15S\" unit=\"Percent\"/></PerformanceCounters>"
            + "<Metrics resourceId=\"" + ScaleSetId + "\"><MetricAggregation scheduledTransferPeriod=\"PT1H\"/><MetricAggregation scheduledTransferPeriod=\"PT1M\"/></Metrics></DiagnosticMonitorConfiguration></WadCfg>";

        public static string ScaleSet(string publisher, string type, string version, string settingsJson) =>
            "{\"id\":\"" + ScaleSetId + "\",\"name\":\"web\",\"properties\":{\"virtualMachineProfile\":{\"extensionProfile\":{\"extensions\":["
            + "{\"name\":\"other\",\"properties\":{\"publisher\":\"Microsoft.Compute\",\"type\":\"CustomScriptExtension\",\"typeHandlerVersion\":\"1.9\",\"settings\":{}}},"
            + "{\"name\":\"diag\",\"properties\":{\"publisher\":\"" + publisher + "\",\"type\":\"" + type + "\",\"typeHandlerVersion\":\"" + version + "\",\"settings\":" + settingsJson + "}}]}}}}";

        private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

        [Fact]
        public void WAD_xmlCfg_gives_counters_the_Metrics_resourceId_periods_and_account()
        {
            var json = ScaleSet("Microsoft.Azure.Diagnostics", "IaaSDiagnostics", "1.5", "{\"xmlCfg\":\"" + Base64(WadXml) + "\",\"storageAccount\":\"diagstore\"}");
            var c = DiagnosticsExtensionReader.Read(json)!;
            Assert.Equal("WAD", c.Kind);
            Assert.Equal("diag", c.ExtensionName);
            Assert.Equal("1.5", c.TypeHandlerVersion);
            Assert.Equal("diagstore", c.StorageAccount);
            Assert.Equal(new[] { @"\Processor(_Total)\% Processor Time", @"\Memory\% Committed Bytes In Use" }, c.Counters);
            Assert.Equal(ScaleSetId, c.MetricsResourceId);
            Assert.Equal(new[] { TimeSpan.FromMinutes(1), TimeSpan.FromHours(1) }, c.MetricAggregations);
            Assert.Null(c.ReadProblem);
            Assert.False(c.IsLinux);
        }

        [Fact]
        public void LAD_2_3_xmlCfg_without_namespace_is_read_the_same_way()
        {
            var xml = "<WadCfg><DiagnosticMonitorConfiguration><PerformanceCounters scheduledTransferPeriod=\"PT1M\">"
                + "<PerformanceCounterConfiguration counterSpecifier=\"\\Processor\\PercentProcessorTime\" sampleRate=\"PT15S\" unit=\"Percent\"/></PerformanceCounters>"
                + "<Metrics resourceId=\"/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/other\"><MetricAggregation scheduledTransferPeriod=\"PT1M\"/></Metrics></DiagnosticMonitorConfiguration></WadCfg>";
            var c = DiagnosticsExtensionReader.Read(ScaleSet("Microsoft.OSTCExtensions", "LinuxDiagnostic", "2.3", "{\"xmlCfg\":\"" + Base64(xml) + "\",\"storageAccount\":\"lad\"}"))!;
            Assert.Equal("LAD 2.x", c.Kind);
            Assert.True(c.IsLinux);
            Assert.Equal(new[] { @"\Processor\PercentProcessorTime" }, c.Counters);
            Assert.EndsWith("/other", c.MetricsResourceId);
        }

        [CorpusFact]
        public void LAD_3_ladCfg_from_the_public_portal_settings()
        {
            var settings = File.ReadAllText(Path.Combine(TestFiles.CorpusRoot!, "diagnostics-tables", "lad3__b7eecd4b9__Diagnostic__tests__lad_2_3_compatible_portal_pub_settings.json"))
                .Replace("__VM_RESOURCE_ID__", ScaleSetId).Replace("__DIAGNOSTIC_STORAGE_ACCOUNT__", "ladstore");
            var c = DiagnosticsExtensionReader.Read(ScaleSet("Microsoft.Azure.Diagnostics", "LinuxDiagnostic", "3.0", settings))!;
            Assert.Equal("LAD 3.x", c.Kind);
            Assert.Equal("ladstore", c.StorageAccount);
            Assert.Contains("/builtin/processor/percentprocessortime", c.Counters);
            Assert.Contains("/builtin/memory/percentusedmemory", c.Counters);
            Assert.Equal(ScaleSetId, c.MetricsResourceId);
            Assert.Equal("Medium", c.EventVolume);
            Assert.Equal(new[] { TimeSpan.FromMinutes(1), TimeSpan.FromHours(1) }, c.MetricAggregations);
        }

        [Fact]
        public void WAD_JSON_configuration_is_read_too()
        {
            var settings = "{\"StorageAccount\":\"s\",\"WadCfg\":{\"DiagnosticMonitorConfiguration\":{\"PerformanceCounters\":{\"PerformanceCounterConfiguration\":[{\"counterSpecifier\":\"\\\\Processor(_Total)\\\\% Processor Time\"}]},"
                + "\"Metrics\":{\"resourceId\":\"" + ScaleSetId + "\",\"MetricAggregation\":[{\"scheduledTransferPeriod\":\"PT1M\"}]}}}}";
            var c = DiagnosticsExtensionReader.Read(ScaleSet("Microsoft.Azure.Diagnostics", "IaaSDiagnostics", "1.99", settings))!;
            Assert.Equal(new[] { @"\Processor(_Total)\% Processor Time" }, c.Counters);
            Assert.Equal(ScaleSetId, c.MetricsResourceId);
            Assert.Equal("s", c.StorageAccount);
        }

        [Fact]
        public void No_diagnostics_extension_and_unreadable_xmlCfg_are_told_apart()
        {
            var none = "{\"properties\":{\"virtualMachineProfile\":{\"extensionProfile\":{\"extensions\":[{\"name\":\"ama\",\"properties\":{\"publisher\":\"Microsoft.Azure.Monitor\",\"type\":\"AzureMonitorLinuxAgent\",\"typeHandlerVersion\":\"1.0\"}}]}}}}";
            Assert.Null(DiagnosticsExtensionReader.Read(none));
            Assert.Null(DiagnosticsExtensionReader.Read("{\"properties\":{}}"));
            var bad = DiagnosticsExtensionReader.Read(ScaleSet("Microsoft.Azure.Diagnostics", "IaaSDiagnostics", "1.5", "{\"xmlCfg\":\"not base64!!\"}"))!;
            Assert.Contains("not base64", bad.ReadProblem);
            var notXml = DiagnosticsExtensionReader.Read(ScaleSet("Microsoft.Azure.Diagnostics", "IaaSDiagnostics", "1.5", "{\"xmlCfg\":\"" + Base64("<WadCfg>") + "\"}"))!;
            Assert.Contains("not well-formed XML", notXml.ReadProblem);
            Assert.Throws<JsonParseException>(() => DiagnosticsExtensionReader.Read("{"));
        }
    }
}
