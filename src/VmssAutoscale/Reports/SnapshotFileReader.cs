using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Reports
{
    /// <summary>
    /// Reads snapshot.json forward once, so that a bundle of millions of samples never sits in
    /// memory as text or as a JSON tree. Everything but the sample arrays ($.scaleSets[i].samples)
    /// is copied into a skeleton that the strict <see cref="JsonParser"/> reads as before (with every
    /// line break kept, so its line numbers are the file's); each sample is parsed on its own as it
    /// passes and goes into the scale set's <see cref="SampleStore"/>. The format is unchanged:
    /// every bundle ever written reads this way.
    /// </summary>
    internal sealed class SnapshotFileReader
    {
        /// <summary>
        /// Items kept of any array outside the samples: a real scale set has at most 1,000 VMs, and a
        /// bundle of 50,000 once took 2 GB as a tree. The rest is dropped unread, so a hostile bundle
        /// costs memory in proportion to what is shown.
        /// </summary>
        public const int MaxSectionItems = 10_000;

        /// <summary>Characters kept of any string outside the samples (a 20 MB name once made a 147 MB report); the rest is cut with <see cref="CutMarker"/>.</summary>
        public const int MaxStringLength = 64 * 1024;

        /// <summary>What ends a cut string: visible in every output, so a reader knows the text is not whole.</summary>
        public const string CutMarker = "... (cut)";

        private const string ScaleSetsKey = "scaleSets";
        private const string SamplesKey = "samples";

        private readonly TextReader reader;
        private readonly string path;
        private readonly char[] buffer = new char[1 << 16];
        private readonly StringBuilder skeleton = new StringBuilder();
        private readonly StringBuilder element = new StringBuilder();
        private readonly List<Frame> stack = new List<Frame>();
        private Dictionary<int, SampleStore> samples = new Dictionary<int, SampleStore>();
        private int length;
        private int pos;
        private int line = 1;

        private SnapshotFileReader(TextReader reader, string path)
        {
            this.reader = reader;
            this.path = path;
        }

        /// <summary>The skeleton text and, per scale-set index, the samples read from its array.</summary>
        public static (string Skeleton, IReadOnlyDictionary<int, SampleStore> Samples) Split(TextReader reader, string path)
        {
            var r = new SnapshotFileReader(reader, path);
            r.Run();
            return (r.skeleton.ToString(), r.samples);
        }

        private void Run()
        {
            int c;
            while ((c = Next()) >= 0)
            {
                var ch = (char)c;
                switch (ch)
                {
                    case '"':
                        var key = CopyString();
                        if (stack.Count > 0 && stack[stack.Count - 1] is { IsObject: true, ExpectKey: true } frame)
                        {
                            frame.Key = key;
                            frame.ExpectKey = false;
                        }

                        continue;
                    case '/':
                        skeleton.Append(ch);
                        CopyComment();
                        continue;
                    case '{':
                        stack.Add(new Frame { IsObject = true, ExpectKey = true });
                        break;
                    case '[':
                        if (AtSampleArray(out var index))
                        {
                            skeleton.Append('[');
                            var store = new SampleStore();
                            samples[index] = store; // a second "samples" in the same scale set wins, as in ARM
                            ReadSamples(store);
                            skeleton.Append(']');
                            continue;
                        }

                        if (stack.Count == 1 && IsKey(stack[0], ScaleSetsKey))
                        {
                            samples = new Dictionary<int, SampleStore>(); // a second "scaleSets" wins
                        }

                        stack.Add(new Frame());
                        break;
                    case '}':
                    case ']':
                        if (stack.Count > 0)
                        {
                            stack.RemoveAt(stack.Count - 1);
                        }

                        break;
                    case ',':
                        if (stack.Count > 0)
                        {
                            var top = stack[stack.Count - 1];
                            if (top.IsObject)
                            {
                                top.ExpectKey = true;
                            }
                            else if (++top.Items >= MaxSectionItems)
                            {
                                SkipToArrayEnd();
                                continue;
                            }
                        }

                        break;
                }

                skeleton.Append(ch);
            }
        }

        /// <summary>True at the '[' of $.scaleSets[i].samples, with i.</summary>
        private bool AtSampleArray(out int index)
        {
            index = stack.Count == 3 ? stack[1].Items : -1;
            return stack.Count == 3
                && IsKey(stack[0], ScaleSetsKey)
                && !stack[1].IsObject
                && IsKey(stack[2], SamplesKey);
        }

        private static bool IsKey(Frame f, string name) =>
            f.IsObject && !f.ExpectKey && string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase);

        /// <summary>Reads the items of a sample array up to its ']'; the skeleton keeps only their line breaks.</summary>
        private void ReadSamples(SampleStore store)
        {
            SkipTrivia();
            if (Peek() == ']')
            {
                Next();
                return;
            }

            while (true)
            {
                SkipTrivia();
                var startLine = line;
                if (Peek() != '{')
                {
                    throw new SnapshotFormatException(Peek() < 0
                        ? $"The snapshot '{path}' is not valid JSON: line {line}: the document ends inside the samples of scale set {stack[1].Items} (is the JSON truncated?)."
                        : $"'{path}' line {line}: a sample needs instance, timestamp, metricName and a numeric value.");
                }

                CaptureObject();
                JsonNode node;
                try
                {
                    node = JsonParser.Parse(element.ToString());
                }
                catch (JsonParseException e)
                {
                    throw new SnapshotFormatException($"The snapshot '{path}' is not valid JSON: line {startLine + e.Line - 1}, column {e.Column}: {e.Problem}", e);
                }

                store.Add(SnapshotSerializer.ReadSample(node, path, startLine - 1));
                SkipTrivia();
                var c = Next();
                if (c == ',')
                {
                    continue;
                }

                if (c == ']')
                {
                    return;
                }

                throw new SnapshotFormatException(c < 0
                    ? $"The snapshot '{path}' is not valid JSON: line {line}: the document ends inside an array (is the JSON truncated?)."
                    : $"The snapshot '{path}' is not valid JSON: line {line}: expected ',' or ']' in an array but found '{(char)c}'.");
            }
        }

        /// <summary>Copies one object's text (balanced braces, strings as they are) into <see cref="element"/>.</summary>
        private void CaptureObject()
        {
            element.Clear();
            var depth = 0;
            var inString = false;
            while (true)
            {
                var c = Next();
                if (c < 0)
                {
                    throw new SnapshotFormatException($"The snapshot '{path}' is not valid JSON: line {line}: the document ends inside a sample (is the JSON truncated?).");
                }

                var ch = (char)c;
                element.Append(ch);
                if (ch == '\n')
                {
                    skeleton.Append('\n');
                }

                if (inString)
                {
                    if (ch == '\\')
                    {
                        var escaped = Next();
                        if (escaped >= 0)
                        {
                            element.Append((char)escaped);
                            if (escaped == '\n')
                            {
                                skeleton.Append('\n');
                            }
                        }
                    }
                    else if (ch == '"' || ch == '\n')
                    {
                        // A line break ends the string here so the parser reports it where it is.
                        inString = false;
                    }

                    continue;
                }

                if (ch == '"')
                {
                    inString = true;
                }
                else if (ch == '/' && (Peek() == '/' || Peek() == '*'))
                {
                    // A comment inside a sample: its braces and quotes are not the sample's.
                    element.Length--;
                    element.Append(TakeComment());
                }
                else if (ch == '{' || ch == '[')
                {
                    depth++;
                }
                else if ((ch == '}' || ch == ']') && --depth == 0)
                {
                    return;
                }
            }
        }

        /// <summary>Copies a string token to the skeleton and returns its value (keys are compared by value).</summary>
        private string CopyString()
        {
            skeleton.Append('"');
            var start = skeleton.Length;
            var escaped = false;
            var cut = false;
            while (true)
            {
                var c = Next();
                if (c < 0 || c == '\n')
                {
                    if (c == '\n')
                    {
                        skeleton.Append('\n');
                    }

                    // Unterminated: the skeleton's parser says where.
                    return string.Empty;
                }

                var ch = (char)c;
                var full = skeleton.Length - start >= MaxStringLength;
                if (full && ch != '"')
                {
                    // Past the cut: read on to the closing quote without keeping anything.
                    cut = true;
                    if (ch == '\\' && Next() == '\n')
                    {
                        skeleton.Append('\n');
                        return string.Empty;
                    }

                    continue;
                }

                if (cut && ch == '"')
                {
                    if (char.IsHighSurrogate(skeleton[skeleton.Length - 1]))
                    {
                        skeleton.Length--;
                    }

                    skeleton.Append(CutMarker);
                }

                skeleton.Append(ch);
                if (ch == '\\')
                {
                    escaped = true;
                    var next = Next();
                    if (next >= 0)
                    {
                        skeleton.Append((char)next);
                        if (next == '\n')
                        {
                            return string.Empty;
                        }
                    }

                    continue;
                }

                if (ch == '"')
                {
                    var raw = skeleton.ToString(start, skeleton.Length - start - 1);
                    if (!escaped)
                    {
                        return raw;
                    }

                    try
                    {
                        return JsonParser.Parse("\"" + raw + "\"").StringValue ?? string.Empty;
                    }
                    catch (JsonParseException)
                    {
                        return string.Empty;
                    }
                }
            }
        }

        /// <summary>
        /// After the comma that ends item <see cref="MaxSectionItems"/> of an array: reads on, keeping
        /// only line breaks, up to (not past) the array's own ']'.
        /// </summary>
        private void SkipToArrayEnd()
        {
            var depth = 0;
            var inString = false;
            while (true)
            {
                var c = Peek();
                if (c < 0 || (!inString && depth == 0 && c == ']'))
                {
                    return;
                }

                Next();
                if (c == '\n')
                {
                    skeleton.Append('\n');
                    inString = false;
                }
                else if (inString)
                {
                    if (c == '\\' && Next() == '\n')
                    {
                        skeleton.Append('\n');
                        inString = false;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }
                }
                else if (c == '"')
                {
                    inString = true;
                }
                else if (c == '/' && (Peek() == '/' || Peek() == '*'))
                {
                    TakeComment();
                }
                else if (c == '{' || c == '[')
                {
                    depth++;
                }
                else if ((c == '}' || c == ']') && --depth < 0)
                {
                    return;
                }
            }
        }

        /// <summary>After a '/' outside strings: copies a // or /* */ comment, which the parser accepts, so a quote inside one is not taken for a string.</summary>
        private void CopyComment()
        {
            var c = Peek();
            if (c == '/')
            {
                while ((c = Peek()) >= 0 && c != '\n')
                {
                    skeleton.Append((char)Next());
                }
            }
            else if (c == '*')
            {
                skeleton.Append((char)Next());
                var star = false;
                while ((c = Next()) >= 0)
                {
                    skeleton.Append((char)c);
                    if (star && c == '/')
                    {
                        return;
                    }

                    star = c == '*';
                }
            }
        }

        /// <summary>
        /// After a '/' inside the samples: reads the comment and returns its text; only its line
        /// breaks stay in the skeleton, since it belongs to no value there.
        /// </summary>
        private string TakeComment()
        {
            var mark = skeleton.Length;
            skeleton.Append('/');
            CopyComment();
            var comment = skeleton.ToString(mark, skeleton.Length - mark);
            skeleton.Length = mark;
            foreach (var ch in comment)
            {
                if (ch == '\n')
                {
                    skeleton.Append('\n');
                }
            }

            return comment;
        }

        /// <summary>Skips whitespace and comments between samples, keeping their line breaks in the skeleton.</summary>
        private void SkipTrivia()
        {
            while (true)
            {
                var c = Peek();
                if (c == ' ' || c == '\t' || c == '\r')
                {
                    Next();
                }
                else if (c == '\n')
                {
                    Next();
                    skeleton.Append('\n');
                }
                else if (c == '/')
                {
                    Next();
                    if (Peek() != '/' && Peek() != '*')
                    {
                        throw new SnapshotFormatException($"The snapshot '{path}' is not valid JSON: line {line}: unexpected '/' in the samples array.");
                    }

                    TakeComment();
                }
                else
                {
                    return;
                }
            }
        }

        private int Peek()
        {
            if (pos == length && !Fill())
            {
                return -1;
            }

            return buffer[pos];
        }

        private int Next()
        {
            if (pos == length && !Fill())
            {
                return -1;
            }

            var c = buffer[pos++];
            if (c == '\n')
            {
                line++;
            }

            return c;
        }

        private bool Fill()
        {
            length = reader.Read(buffer, 0, buffer.Length);
            pos = 0;
            return length > 0;
        }

        private sealed class Frame
        {
            public bool IsObject { get; init; }

            public bool ExpectKey { get; set; }

            public string? Key { get; set; }

            /// <summary>For an array: how many items came before the current one (its commas).</summary>
            public int Items { get; set; }
        }
    }
}
