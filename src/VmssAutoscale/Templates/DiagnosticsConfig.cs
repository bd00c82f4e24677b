using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Xml;
using VmssAutoscale.Json;

namespace VmssAutoscale.Templates
{
    public enum DiagnosticsAgent
    {
        /// <summary>Windows Azure Diagnostics (Microsoft.Azure.Diagnostics/IaaSDiagnostics).</summary>
        Wad,

        /// <summary>Linux Diagnostic 2.x (Microsoft.OSTCExtensions/LinuxDiagnostic).</summary>
        Lad2,

        /// <summary>Linux Diagnostic 3.0+ (Microsoft.Azure.Diagnostics/LinuxDiagnostic).</summary>
        Lad3,
    }

    /// <summary>
    /// What a diagnostics extension in a template collects and where it writes: the performance
    /// counters, the Metrics resourceId (WAD/LAD write WADMetrics tables only when it is set) and
    /// the storage account named in settings and protectedSettings.
    /// </summary>
    public sealed class DiagnosticsConfig
    {
        public string Name { get; init; } = string.Empty;

        public DiagnosticsAgent Agent { get; init; }

        /// <summary>The extension's evaluated node (its "properties" parent), for locations.</summary>
        public JsonNode Node { get; init; } = JsonNode.Null();

        public IReadOnlyList<string> Counters { get; init; } = Array.Empty<string>();

        /// <summary>The Metrics resourceId; null when the configuration has no Metrics element.</summary>
        public string? MetricsResourceId { get; init; }

        public bool HasMetricAggregation { get; init; }

        /// <summary>False when the configuration could not be read (symbolic or malformed); then counters are unknown.</summary>
        public bool ConfigurationKnown { get; init; }

        public string? ConfigurationProblem { get; init; }

        public JsonNode? SettingsStorageAccount { get; init; }

        public JsonNode? ProtectedStorageAccount { get; init; }

        public JsonNode? StorageAccountKey { get; init; }

        public JsonNode? StorageAccountSasToken { get; init; }

        /// <summary>Reads a VMSS extension node ({ name, properties: { publisher, type, settings, protectedSettings } }); null when it is not a diagnostics extension.</summary>
        public static DiagnosticsConfig? Read(JsonNode extension, SymbolTable symbols)
        {
            var props = extension["properties"] ?? extension;
            var publisher = props["publisher"]?.StringValue ?? string.Empty;
            var type = props["type"]?.StringValue ?? string.Empty;
            DiagnosticsAgent agent;
            if (type.Equals("IaaSDiagnostics", StringComparison.OrdinalIgnoreCase))
            {
                agent = DiagnosticsAgent.Wad;
            }
            else if (type.Equals("LinuxDiagnostic", StringComparison.OrdinalIgnoreCase))
            {
                agent = publisher.Equals("Microsoft.OSTCExtensions", StringComparison.OrdinalIgnoreCase) ? DiagnosticsAgent.Lad2 : DiagnosticsAgent.Lad3;
            }
            else
            {
                return null;
            }

            var settings = props["settings"];
            var protectedSettings = props["protectedSettings"];
            var counters = new List<string>();
            string? metricsId = null;
            var aggregation = false;
            var known = false;
            string? problem = null;

            if (settings?["ladCfg"] is JsonNode lad && lad.Kind == JsonKind.Object)
            {
                var monitor = lad["diagnosticMonitorConfiguration"];
                foreach (var c in monitor?["performanceCounters"]?["performanceCounterConfiguration"]?.Items ?? Array.Empty<JsonNode>())
                {
                    if (c["counterSpecifier"]?.StringValue is string spec)
                    {
                        counters.Add(Lad23CounterNames.MetricsTableName(spec, c["class"]?.StringValue));
                    }
                }

                metricsId = monitor?["metrics"]?["resourceId"]?.StringValue;
                aggregation = (monitor?["metrics"]?["metricAggregation"]?.Items.Count ?? 0) > 0;
                known = true;
            }
            else if ((settings?["WadCfg"] ?? settings?["wadCfg"]) is JsonNode wadJson && wadJson.Kind == JsonKind.Object)
            {
                var monitor = wadJson["DiagnosticMonitorConfiguration"];
                var perf = monitor?["PerformanceCounters"]?["PerformanceCounterConfiguration"];
                foreach (var c in perf?.Items ?? Array.Empty<JsonNode>())
                {
                    if (c["counterSpecifier"]?.StringValue is string spec)
                    {
                        counters.Add(spec);
                    }
                }

                metricsId = monitor?["Metrics"]?["resourceId"]?.StringValue;
                aggregation = (monitor?["Metrics"]?["MetricAggregation"]?.Items.Count ?? 0) > 0;
                known = true;
            }
            else if (settings?["xmlCfg"] is JsonNode xmlNode && xmlNode.Kind == JsonKind.String)
            {
                var xml = DecodeBase64(xmlNode.StringValue ?? string.Empty, symbols, out problem);
                if (xml != null)
                {
                    known = ReadXml(xml, counters, ref metricsId, ref aggregation, out problem);
                }
            }
            else
            {
                problem = "the extension settings have no xmlCfg, WadCfg or ladCfg";
            }

            return new DiagnosticsConfig
            {
                Name = extension["name"]?.StringValue ?? type,
                Agent = agent,
                Node = extension,
                Counters = counters,
                MetricsResourceId = metricsId,
                HasMetricAggregation = aggregation,
                ConfigurationKnown = known,
                ConfigurationProblem = problem,
                SettingsStorageAccount = settings?["storageAccount"],
                ProtectedStorageAccount = protectedSettings?["storageAccountName"],
                StorageAccountKey = protectedSettings?["storageAccountKey"],
                StorageAccountSasToken = protectedSettings?["storageAccountSasToken"],
            };
        }

        /// <summary>xmlCfg is base64 of XML; when built from symbolic parts, base64() is symbolic and we read its argument.</summary>
        private static string? DecodeBase64(string text, SymbolTable symbols, out string? problem)
        {
            problem = null;
            if (SymbolTable.IsSymbolic(text))
            {
                var call = symbols.AsSingle(text);
                if (call != null && call.Function.Equals("base64", StringComparison.OrdinalIgnoreCase) && call.Members.Count == 0 && call.Args.Count == 1)
                {
                    return call.Args[0].StringValue ?? call.Args[0].ScalarText;
                }

                problem = $"xmlCfg is {SymbolTable.Display(text)}, which is only known at deployment; cannot verify offline";
                return null;
            }

            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(text.Trim()));
            }
            catch (FormatException)
            {
                problem = "xmlCfg is not base64; the agent cannot read it";
                return null;
            }
        }

        private static bool ReadXml(string xml, List<string> counters, ref string? metricsId, ref bool aggregation, out string? problem)
        {
            problem = null;
            var doc = new XmlDocument { XmlResolver = null };
            try
            {
                using var reader = XmlReader.Create(new System.IO.StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
                doc.Load(reader);
            }
            catch (XmlException e)
            {
                problem = $"the decoded xmlCfg is not well-formed XML ({e.Message})";
                return false;
            }

            foreach (var element in Descendants(doc.DocumentElement))
            {
                if (element.LocalName.Equals("PerformanceCounterConfiguration", StringComparison.OrdinalIgnoreCase))
                {
                    var spec = element.GetAttribute("counterSpecifier");
                    if (!string.IsNullOrEmpty(spec))
                    {
                        counters.Add(spec);
                    }
                }
                else if (element.LocalName.Equals("Metrics", StringComparison.OrdinalIgnoreCase))
                {
                    metricsId = element.GetAttribute("resourceId");
                    aggregation |= Descendants(element).Any(e => e.LocalName.Equals("MetricAggregation", StringComparison.OrdinalIgnoreCase));
                }
            }

            return true;
        }

        private static IEnumerable<XmlElement> Descendants(XmlElement? root)
        {
            if (root == null)
            {
                yield break;
            }

            foreach (XmlNode child in root.ChildNodes)
            {
                if (child is XmlElement e)
                {
                    yield return e;
                    foreach (var d in Descendants(e))
                    {
                        yield return d;
                    }
                }
            }
        }
    }
}
