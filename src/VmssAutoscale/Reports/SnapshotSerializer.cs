using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Reports
{
    /// <summary>
    /// Writes and reads snapshot.json with the module's own JSON DOM. Writing always redacts:
    /// there is no way to produce a bundle with secrets in it.
    /// </summary>
    public static class SnapshotSerializer
    {
        /// <summary>The bundle's snapshot.json text, redacted; the same text <see cref="Write(Snapshot, string)"/> writes.</summary>
        public static string ToJson(Snapshot snapshot)
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            Write(snapshot, writer);
            return writer.ToString();
        }

        /// <summary>Writes the bundle's snapshot.json into <paramref name="directory"/> (created when missing) and returns its path.</summary>
        public static string Write(Snapshot snapshot, string directory)
        {
            Directory.CreateDirectory(directory);
            var path = System.IO.Path.Combine(directory, Snapshot.FileName);
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
            {
                Write(snapshot, writer);
            }

            return path;
        }

        /// <summary>
        /// Writes snapshot.json, redacted, without building its samples as a tree or a string: the
        /// rest of the snapshot is written as one tree whose sample arrays are markers, and each marker
        /// is replaced by its scale set's samples, written one by one. The text is the one the whole
        /// tree would give, so bundles written before and after read and compare the same.
        /// </summary>
        public static void Write(Snapshot snapshot, TextWriter writer)
        {
            var marker = "vmssautoscale-samples-" + Guid.NewGuid().ToString("N") + "-";
            string Marker(int i) => JsonWriter.Quote(marker + i.ToString(CultureInfo.InvariantCulture));
            var skeleton = JsonWriter.Write(SecretRedactor.Redact(ToNode(snapshot, i => JsonNode.From(marker + i.ToString(CultureInfo.InvariantCulture)))), indented: true);
            var redacted = new Dictionary<string, string>(StringComparer.Ordinal);
            var at = 0;
            for (var i = 0; i < snapshot.ScaleSets.Count; i++)
            {
                var found = skeleton.IndexOf(Marker(i), at, StringComparison.Ordinal);
                if (found < 0)
                {
                    throw new InvalidOperationException($"The samples marker of scale set {i} is missing from the snapshot text.");
                }

                writer.Write(skeleton.Substring(at, found - at));

                // $.scaleSets[i].samples sits at depth 3 of the tree the skeleton was written from.
                JsonWriter.WriteArray(writer, snapshot.ScaleSets[i].Samples.Select(x => SampleNode(x, redacted)), indented: true, depth: 3);
                at = found + Marker(i).Length;
            }

            writer.Write(skeleton.Substring(at));
            writer.Write('\n');
        }

        /// <summary>
        /// Reads a bundle from its folder or from the snapshot.json file itself, forward once: the
        /// samples go into a compact <see cref="SampleStore"/> per scale set as they are read, so a
        /// bundle of millions of samples never sits in memory as text or as a JSON tree.
        /// </summary>
        /// <param name="cancellationToken">The command's deadline and Stop: checked before every block read.</param>
        public static Snapshot Read(string path, System.Threading.CancellationToken cancellationToken = default)
        {
            var file = Directory.Exists(path) ? System.IO.Path.Combine(path, Snapshot.FileName) : path;
            if (!File.Exists(file))
            {
                throw new SnapshotFormatException(Directory.Exists(path)
                    ? $"The folder '{path}' has no {Snapshot.FileName}: give the folder Export-VmssAutoscaleReport wrote, or the snapshot file itself."
                    : $"The snapshot '{path}' does not exist.");
            }

            JsonNode root;
            IReadOnlyDictionary<int, SampleStore> samples;
            using (var reader = new StreamReader(SnapshotFileOpener.Open(file, ReadBudgets.FromEnvironment().SnapshotMaxBytes, cancellationToken), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16))
            {
                var split = SnapshotFileReader.Split(reader, file);
                samples = split.Samples;
                try
                {
                    root = JsonParser.Parse(split.Skeleton);
                }
                catch (JsonParseException e)
                {
                    throw new SnapshotFormatException($"The snapshot '{file}' is not valid JSON: {e.Message}", e);
                }
            }

            return FromNode(root, file, samples);
        }

        public static Snapshot FromNode(JsonNode root, string path) => FromNode(root, path, null);

        /// <param name="streamed">The samples read apart from the tree, by scale-set index; a scale set without an entry takes its samples from the tree.</param>
        private static Snapshot FromNode(JsonNode root, string path, IReadOnlyDictionary<int, SampleStore>? streamed)
        {
            if (root.Kind != JsonKind.Object || root["format"]?.StringValue != Snapshot.FormatName)
            {
                throw new SnapshotFormatException($"'{path}' is not a VmssAutoscale snapshot (its \"format\" is not \"{Snapshot.FormatName}\"). Create one with Export-VmssAutoscaleReport.");
            }

            var version = (int)(root["formatVersion"]?.NumberValue ?? 0);
            if (version < 1 || version > Snapshot.FormatVersion)
            {
                throw new SnapshotFormatException($"'{path}' has snapshot format version {version}; this module reads version {Snapshot.FormatVersion}. Update the module to read it.");
            }

            return new Snapshot
            {
                Path = path,
                ModuleVersion = root["moduleVersion"]?.StringValue ?? string.Empty,
                CollectedAt = Time(root, "collectedAt", path),
                WindowStart = Time(root, "windowStart", path),
                WindowEnd = Time(root, "windowEnd", path),
                Description = Text(root["description"]),
                AutoscaleSettings = root["autoscaleSettings"]?.Items ?? Array.Empty<JsonNode>(),
                Template = root["template"]?["content"],
                TemplateFileName = root["template"]?["fileName"]?.StringValue,
                ScaleSets = (root["scaleSets"]?.Items ?? Array.Empty<JsonNode>())
                    .Select((n, i) => ReadScaleSet(n, path, streamed != null && streamed.TryGetValue(i, out var kept) ? kept : null))
                    .ToList(),
            };
        }

        public static JsonNode ToNode(Snapshot s) => ToNode(s, i => JsonNode.Array(s.ScaleSets[i].Samples.Select(x => SampleNode(x, null))));

        /// <param name="samplesAt">The node written as $.scaleSets[i].samples.</param>
        private static JsonNode ToNode(Snapshot s, Func<int, JsonNode> samplesAt)
        {
            var props = new List<KeyValuePair<string, JsonNode>>
            {
                P("format", JsonNode.From(Snapshot.FormatName)),
                P("formatVersion", JsonNode.From((long)Snapshot.FormatVersion)),
                P("moduleVersion", JsonNode.From(s.ModuleVersion)),
                P("collectedAt", Iso(s.CollectedAt)),
                P("windowStart", Iso(s.WindowStart)),
                P("windowEnd", Iso(s.WindowEnd)),
                P("redacted", JsonNode.From(true)),
            };
            if (s.Description != null)
            {
                props.Add(P("description", JsonNode.From(s.Description)));
            }

            props.Add(P("scaleSets", JsonNode.Array(s.ScaleSets.Select((x, i) => ScaleSetNode(x, samplesAt(i))))));
            props.Add(P("autoscaleSettings", JsonNode.Array(s.AutoscaleSettings)));
            if (s.Template != null)
            {
                props.Add(P("template", JsonNode.Object(new[]
                {
                    P("fileName", JsonNode.From(s.TemplateFileName ?? "template.json")),
                    P("content", s.Template),
                })));
            }

            return JsonNode.Object(props);
        }

        public static JsonNode FindingNode(Finding f) => JsonNode.Object(new[]
        {
            P("check", JsonNode.From(f.Check)),
            P("status", JsonNode.From(f.Status.ToString())),
            P("severity", JsonNode.From(f.Severity.ToString())),
            P("step", JsonNode.From(f.Step)),
            P("summary", JsonNode.From(f.Summary)),
            P("evidence", JsonNode.Array(f.Evidence.Select(JsonNode.From))),
            P("remediation", JsonNode.From(f.Remediation)),
            P("reason", JsonNode.From(f.Reason)),
        });

        // A bundle is data someone sent: the findings it carries are cleaned for the terminal as they are read.
        public static Finding ReadFinding(JsonNode n) => new Finding
        {
            Check = Text(n["check"]) ?? string.Empty,
            Status = NamedValues.Match(FindingStatus.All, n["status"]?.StringValue) ?? FindingStatus.Skipped,
            Severity = NamedValues.Match(DiagnosisSeverity.All, n["severity"]?.StringValue) ?? DiagnosisSeverity.Info,
            Step = Text(n["step"]) ?? string.Empty,
            Summary = Text(n["summary"]) ?? string.Empty,
            Evidence = (n["evidence"]?.Items ?? Array.Empty<JsonNode>()).Select(e => Text(e) ?? string.Empty).ToList(),
            Remediation = Text(n["remediation"]) ?? string.Empty,
            Reason = Text(n["reason"]),
        };

        private static JsonNode ScaleSetNode(SnapshotScaleSet s, JsonNode samples)
        {
            var props = new List<KeyValuePair<string, JsonNode>>
            {
                P("resourceId", JsonNode.From(s.ResourceId)),
                P("model", s.Model),
            };
            if (s.InstanceView != null)
            {
                props.Add(P("instanceView", s.InstanceView));
            }

            Declared(props, s, Sources.Reads.BundleSlot.AfterInstanceView);
            props.Add(P("activityLog", JsonNode.Array(s.ActivityLog)));
            props.Add(P("diagnostics", JsonNode.Object(new[]
            {
                P("sampleSource", JsonNode.From(s.SampleSource)),
                P("tablesRead", JsonNode.Array(s.TablesRead.Select(JsonNode.From))),
                P("tablesMissing", JsonNode.Array(s.TablesMissing.Select(JsonNode.From))),
            })));
            props.Add(P("samples", samples));
            Declared(props, s, Sources.Reads.BundleSlot.AfterSamples);

            props.Add(P("findings", JsonNode.Array(s.Findings.Select(FindingNode))));
            Declared(props, s, Sources.Reads.BundleSlot.AfterFindings);
            if (s.ServiceMetrics.Count > 0)
            {
                props.Add(P("serviceMetrics", JsonNode.Array(s.ServiceMetrics.Select(m => JsonNode.Object(new[]
                {
                    P("settingId", JsonNode.From(m.SettingId)),
                    P("body", m.Body),
                })))));
            }

            return JsonNode.Object(props);
        }

        /// <summary>The declared reads of one slot, in the registry's order, each under its own name.</summary>
        private static void Declared(List<KeyValuePair<string, JsonNode>> props, SnapshotScaleSet s, Sources.Reads.BundleSlot slot)
        {
            foreach (var read in Sources.Reads.ReadRegistry.ScaleSetReads.Where(r => r.Slot == slot))
            {
                if (s.Reads.TryGetValue(read.Name, out var body))
                {
                    props.Add(P(read.Name, body));
                }
            }
        }

        private static SnapshotScaleSet ReadScaleSet(JsonNode n, string path, SampleStore? streamed)
        {
            var id = n["resourceId"]?.StringValue;
            if (string.IsNullOrEmpty(id) || n["model"] is not JsonNode model || model.Kind != JsonKind.Object)
            {
                throw new SnapshotFormatException($"'{path}': {n.Path} needs a resourceId and a model object.");
            }

            var diag = n["diagnostics"];
            return new SnapshotScaleSet
            {
                ResourceId = id!,
                Model = model,
                InstanceView = n["instanceView"],
                ActivityLog = n["activityLog"]?.Items ?? Array.Empty<JsonNode>(),
                SampleSource = diag?["sampleSource"]?.StringValue ?? "HostMetrics",
                TablesRead = Strings(diag?["tablesRead"]),
                TablesMissing = Strings(diag?["tablesMissing"]),
                Samples = streamed ?? Store((n["samples"]?.Items ?? Array.Empty<JsonNode>()).Select(x => ReadSample(x, path, 0))),
                Findings = (n["findings"]?.Items ?? Array.Empty<JsonNode>()).Select(ReadFinding).ToList(),
                Reads = Sources.Reads.ReadRegistry.ScaleSetReads
                    .Where(r => n[r.Name] is JsonNode body && body.Kind != JsonKind.Null)
                    .ToDictionary(r => r.Name, r => n[r.Name]!, StringComparer.Ordinal),
                ServiceMetrics = (n["serviceMetrics"]?.Items ?? Array.Empty<JsonNode>())
                    .Where(m => m["settingId"]?.StringValue != null && m["body"]?.Kind == JsonKind.Object)
                    .Select(m => new SnapshotSettingMetrics { SettingId = m["settingId"]!.StringValue!, Body = m["body"]! })
                    .ToList(),
            };
        }

        private static SampleStore Store(IEnumerable<MetricSample> samples)
        {
            var store = new SampleStore();
            foreach (var s in samples)
            {
                store.Add(s);
            }

            return store;
        }

        /// <param name="redacted">
        /// When given, the text fields are redacted here, each distinct string once (a sample's
        /// strings repeat every minute), as the redactor would redact them in the whole tree: the
        /// tree's redaction depends on the property names, and no sample property names a secret.
        /// </param>
        private static JsonNode SampleNode(MetricSample s, Dictionary<string, string>? redacted)
        {
            string R(string text)
            {
                if (redacted == null)
                {
                    return text;
                }

                if (!redacted.TryGetValue(text, out var clean))
                {
                    clean = SecretRedactor.Redact(JsonNode.From(text)).StringValue ?? string.Empty;
                    redacted[text] = clean;
                }

                return clean;
            }

            var props = new List<KeyValuePair<string, JsonNode>>
            {
                P("instance", JsonNode.From(R(s.Instance))),
                P("timestamp", Iso(s.Timestamp)),
                P("metricName", JsonNode.From(R(s.MetricName))),
                P("value", JsonNode.From(s.Value)),
            };
            if (s.ResourceId.Length > 0)
            {
                props.Add(P("resourceId", JsonNode.From(R(s.ResourceId))));
            }

            if (s.Namespace.Length > 0)
            {
                props.Add(P("namespace", JsonNode.From(R(s.Namespace))));
            }

            if (s.Minimum != null)
            {
                props.Add(P("minimum", JsonNode.From(s.Minimum.Value)));
            }

            if (s.Maximum != null)
            {
                props.Add(P("maximum", JsonNode.From(s.Maximum.Value)));
            }

            if (s.Count != null)
            {
                props.Add(P("count", JsonNode.From(s.Count.Value)));
            }

            if (s.Source != null)
            {
                props.Add(P("source", JsonNode.From(R(s.Source))));
            }

            if (s.Table != null)
            {
                props.Add(P("table", JsonNode.From(R(s.Table))));
            }

            return JsonNode.Object(props);
        }

        /// <param name="lineOffset">Lines before the text <paramref name="n"/> was parsed from (a sample read on its own), so messages give the file's line.</param>
        internal static MetricSample ReadSample(JsonNode n, string path, int lineOffset)
        {
            if (n["value"]?.Kind != JsonKind.Number || n["instance"]?.StringValue == null || n["metricName"]?.StringValue == null)
            {
                throw new SnapshotFormatException($"'{path}' line {n.Line + lineOffset}: a sample needs instance, timestamp, metricName and a numeric value.");
            }

            return new MetricSample
            {
                Instance = Name(n["instance"])!,
                Timestamp = Time(n, "timestamp", path, lineOffset),
                MetricName = Name(n["metricName"])!,
                Value = n["value"]!.NumberValue,
                // Bundles exported before samples carried their resource have neither: those samples are the target's.
                ResourceId = Name(n["resourceId"]) ?? string.Empty,
                Namespace = Name(n["namespace"]) ?? string.Empty,
                Minimum = n["minimum"]?.Kind == JsonKind.Number ? n["minimum"]!.NumberValue : (double?)null,
                Maximum = n["maximum"]?.Kind == JsonKind.Number ? n["maximum"]!.NumberValue : (double?)null,
                Count = n["count"]?.Kind == JsonKind.Number ? n["count"]!.NumberValue : (double?)null,
                Source = Name(n["source"]),
                Table = Name(n["table"]),
            };
        }

        private static IReadOnlyList<string> Strings(JsonNode? array) =>
            (array?.Items ?? Array.Empty<JsonNode>()).Select(i => i.StringValue).Where(s => s != null).Select(s => s!).ToList();

        /// <summary>A string of the bundle as it enters the model: without control or escape characters (TerminalText), keeping line breaks of multi-line text.</summary>
        private static string? Text(JsonNode? n) => n?.StringValue is string s ? TerminalText.Clean(s, keepLineBreaks: true) : null;

        /// <summary>As <see cref="Text"/> for a name: a line break becomes a space, so one value cannot pose as several lines.</summary>
        private static string? Name(JsonNode? n) => TerminalText.CleanOrNull(n?.StringValue);

        private static DateTime Time(JsonNode n, string name, string path, int lineOffset = 0)
        {
            var text = n[name]?.StringValue;
            if (text == null || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
            {
                throw new SnapshotFormatException($"'{path}' line {n.Line + lineOffset}: \"{name}\" must be an ISO 8601 time, not {(text == null ? "missing" : "'" + text + "'")}.");
            }

            // Periods are computed back from these times: year 1 (or 9999) would overflow them, and no bundle was collected then.
            if (t.Year < 2000 || t.Year > 9000)
            {
                throw new SnapshotFormatException($"'{path}' line {n.Line + lineOffset}: \"{name}\" is {t:yyyy-MM-dd}, not a time a bundle can hold (years 2000 to 9000).");
            }

            return DateTime.SpecifyKind(t, DateTimeKind.Utc);
        }

        public static JsonNode Iso(DateTime t) =>
            JsonNode.From(DateTime.SpecifyKind(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture));

        private static KeyValuePair<string, JsonNode> P(string name, JsonNode value) => new KeyValuePair<string, JsonNode>(name, value);
    }
}
