using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;
using static VmssAutoscale.Json.JsonValues;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// Finds the diagnostics extension in a scale set body (GET virtualMachineScaleSets) and reads
    /// its public settings: WAD and LAD 2.3 as base64 WadCfg XML in xmlCfg, WAD 1.5+ as a WadCfg
    /// JSON object, LAD 3.x as ladCfg. Protected settings (keys, SAS) are never returned by ARM and
    /// never looked for.
    /// </summary>
    public static class DiagnosticsExtensionReader
    {
        /// <summary>The diagnostics extension's configuration, or null when the model has none.</summary>
        public static DiagnosticsConfiguration? Read(string scaleSetJson)
        {
            var root = JsonParser.Parse(scaleSetJson);
            var extensions = root["properties"]?["virtualMachineProfile"]?["extensionProfile"]?["extensions"]?.Items ?? Array.Empty<JsonNode>();
            foreach (var extension in extensions)
            {
                var properties = extension["properties"];
                var publisher = Text(properties?["publisher"]);
                var type = Text(properties?["type"]);
                var version = Text(properties?["typeHandlerVersion"]);
                var kind = ScaleSetReader.DiagnosticsKind(publisher, type, version);
                if (kind == null || kind == "AzureMonitorAgent")
                {
                    continue;
                }

                var settings = properties?["settings"];
                var builder = new Builder();
                string? problem = null;
                if (Text(settings?["xmlCfg"]) is string xmlCfg)
                {
                    problem = builder.ReadXml(xmlCfg);
                }

                if (settings?["WadCfg"] is JsonNode wadCfg && wadCfg.Kind == JsonKind.Object)
                {
                    builder.ReadWadJson(wadCfg);
                }

                if (settings?["ladCfg"] is JsonNode ladCfg && ladCfg.Kind == JsonKind.Object)
                {
                    builder.ReadLadJson(ladCfg);
                }

                return new DiagnosticsConfiguration
                {
                    ExtensionName = Text(extension["name"]) ?? type ?? string.Empty,
                    Publisher = publisher,
                    Type = type,
                    TypeHandlerVersion = version,
                    Kind = kind,
                    StorageAccount = Text(settings?["storageAccount"]) ?? Text(settings?["StorageAccount"]),
                    Counters = builder.Counters.Distinct(StringComparer.Ordinal).ToList(),
                    MetricsResourceId = builder.MetricsResourceId,
                    MetricAggregations = builder.Aggregations.Distinct().OrderBy(p => p).ToList(),
                    EventVolume = builder.EventVolume,
                    ReadProblem = problem,
                };
            }

            return null;
        }

        // Account names, counters and table names come from the extension's settings in the model: cleaned for the terminal as they are read.
        private sealed class Builder
        {
            public List<string> Counters { get; } = new List<string>();

            public List<TimeSpan> Aggregations { get; } = new List<TimeSpan>();

            public string? MetricsResourceId { get; set; }

            public string? EventVolume { get; set; }

            public string? ReadXml(string base64)
            {
                string xml;
                try
                {
                    xml = Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));
                }
                catch (FormatException)
                {
                    return "settings.xmlCfg is not base64; the counters and the Metrics resourceId could not be read.";
                }

                XDocument doc;
                try
                {
                    doc = XDocument.Parse(xml.TrimStart('\uFEFF'));
                }
                catch (XmlException e)
                {
                    return $"settings.xmlCfg is not well-formed XML ({e.Message}); the counters and the Metrics resourceId could not be read.";
                }

                // WAD writes its schema namespace, LAD 2.3 none: match on local names only.
                foreach (var counter in doc.Descendants().Where(e => e.Name.LocalName == "PerformanceCounterConfiguration"))
                {
                    if (counter.Attribute("counterSpecifier")?.Value is string specifier)
                    {
                        Counters.Add(specifier);
                    }
                }

                var metrics = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Metrics");
                if (metrics != null)
                {
                    MetricsResourceId = NullIfEmpty(metrics.Attribute("resourceId")?.Value);
                    AddPeriods(metrics.Descendants().Where(e => e.Name.LocalName == "MetricAggregation").Select(e => e.Attribute("scheduledTransferPeriod")?.Value));
                }

                EventVolume ??= NullIfEmpty(doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "DiagnosticMonitorConfiguration")?.Attribute("eventVolume")?.Value);
                return null;
            }

            public void ReadWadJson(JsonNode wadCfg)
            {
                var monitor = wadCfg["DiagnosticMonitorConfiguration"];
                foreach (var c in monitor?["PerformanceCounters"]?["PerformanceCounterConfiguration"]?.Items ?? Array.Empty<JsonNode>())
                {
                    if (Text(c["counterSpecifier"]) is string s)
                    {
                        Counters.Add(s);
                    }
                }

                MetricsResourceId ??= NullIfEmpty(Text(monitor?["Metrics"]?["resourceId"]));
                AddPeriods((monitor?["Metrics"]?["MetricAggregation"]?.Items ?? Array.Empty<JsonNode>()).Select(a => Text(a["scheduledTransferPeriod"])));
            }

            public void ReadLadJson(JsonNode ladCfg)
            {
                var monitor = ladCfg["diagnosticMonitorConfiguration"];
                foreach (var c in monitor?["performanceCounters"]?["performanceCounterConfiguration"]?.Items ?? Array.Empty<JsonNode>())
                {
                    if (Text(c["counterSpecifier"]) is string s)
                    {
                        Counters.Add(Templates.Lad23CounterNames.MetricsTableName(s, Text(c["class"])));
                    }
                }

                MetricsResourceId ??= NullIfEmpty(Text(monitor?["metrics"]?["resourceId"]));
                AddPeriods((monitor?["metrics"]?["metricAggregation"]?.Items ?? Array.Empty<JsonNode>()).Select(a => Text(a["scheduledTransferPeriod"])));
                EventVolume ??= NullIfEmpty(Text(monitor?["eventVolume"]));
            }

            private void AddPeriods(IEnumerable<string?> periods)
            {
                foreach (var p in periods)
                {
                    if (IsoDuration.TryParse(p, out var period))
                    {
                        Aggregations.Add(period);
                    }
                }
            }

            private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
        }
    }
}
