using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using VmssAutoscale.Engine;

namespace VmssAutoscale.Sources
{
    /// <summary>A sample field that cannot be read, with the line and column for the message.</summary>
    public sealed class SampleFormatException : FormatException
    {
        public SampleFormatException(long line, string column, string problem)
            : base(line > 0
                ? string.Format(CultureInfo.InvariantCulture, "line {0}, column {1}: {2}", line, column, problem)
                : string.Format(CultureInfo.InvariantCulture, "{0}: {1}", column, problem))
        {
            Line = line;
            Column = column;
            Problem = problem;
        }

        public long Line { get; }

        public string Column { get; }

        public string Problem { get; }
    }

    /// <summary>
    /// Reads metric samples from a CSV file with the columns Instance, Timestamp, MetricName and
    /// Value, and optionally ResourceId and Namespace (rows without them belong to the setting's
    /// target and its default namespace) and Minimum, Maximum and Count for rows that aggregate
    /// several raw values (any order, any extra columns, header names case-insensitive, RFC 4180 quoting of
    /// commas and quotes), as Export-Csv writes them. A record is one line: the columns never hold a line break,
    /// so a quoted field that spans lines is refused with the line's field count. Built for millions of rows: a line is scanned in place, names are
    /// pooled, and the common ISO timestamp and decimal forms are parsed without allocating; other
    /// forms fall back to the framework parsers. Timestamps without an offset are UTC.
    /// </summary>
    public sealed partial class SampleCsvReader : IDisposable
    {
        private static readonly string[] Required = { "Instance", "Timestamp", "MetricName", "Value" };
        private static readonly double[] Pow10 = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

        private readonly TextReader reader;
        private readonly Stream? stream;
        private readonly StringPool pool;
        // One pool per name column, so each keeps its own last name: rows of one metric never hash it again.
        private readonly StringPool metricPool;
        private string? lastTimestampText;
        private long lastTimestampTicks;
        // The previous row's timestamp holds no delimiter or quote, so the row-prediction path may match it as it stands.
        private bool lastTimestampPlain;
        // Which field each column holds when the row-prediction path applies (exactly the four columns); null otherwise.
        private FieldKind[]? predictedLayout;
        private readonly List<string> fields = new List<string>();
        private int instanceColumn = -1;
        private int timestampColumn = -1;
        private int metricColumn = -1;
        private int valueColumn = -1;
        private readonly int[] optionalColumns = { -1, -1, -1, -1, -1 };
        private static readonly string[] Optional = { "ResourceId", "Namespace", "Minimum", "Maximum", "Count" };
        private bool hasOptional;
        private int columnCount;
        private long line;

        public SampleCsvReader(string path)
            : this(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), path)
        {
            this.path = path;
        }

        public SampleCsvReader(Stream stream, string source)
            : this(new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16), source)
        {
            this.stream = stream;
        }

        public SampleCsvReader(TextReader reader, string source)
            : this(reader, source, new NameTable())
        {
        }

        /// <summary>A reader whose pools hand out the names of <paramref name="names"/>, shared with the other readers of one file.</summary>
        private SampleCsvReader(TextReader reader, string source, NameTable names)
        {
            this.reader = reader;
            Source = source;
            this.names = names;
            pool = new StringPool(names);
            metricPool = new StringPool(names);
        }

        public string Source { get; }

        /// <summary>Fraction of the file read so far (0–1), for progress; 0 when the length is unknown.</summary>
        public double Fraction => parallelFraction >= 0 ? parallelFraction : stream != null && stream.CanSeek && stream.Length > 0 ? (double)stream.Position / stream.Length : 0;

        /// <summary>Reads every sample. Throws <see cref="SampleFormatException"/> for a missing column or a value that is not a number or a time.</summary>
        public IEnumerable<SampleRecord> ReadAll() => MayReadInParallel() ? ReadInParallel() : ReadSequentially();

        private IEnumerable<SampleRecord> ReadSequentially()
        {
            var lines = new LineBuffer(reader);
            line = 1;
            if (!lines.Next())
            {
                throw new SampleFormatException(1, "header", "the file is empty; it needs a header line with Instance, Timestamp, MetricName and Value");
            }

            ReadHeader(lines.Text().TrimStart('\uFEFF'));
            while (TryReadNext(lines, out var record))
            {
                yield return record;
            }
        }

        /// <summary>The next record of the lines after the header, numbered from <see cref="line"/>; false at the end.</summary>
        [MethodImpl(HotPath.Optimized)]
        private bool TryReadNext(LineBuffer lines, out SampleRecord record)
        {
            while (true)
            {
                if (predictedLayout != null && TryReadPredicted(lines, out record))
                {
                    line++;
                    return true;
                }

                if (!lines.Next())
                {
                    record = default;
                    return false;
                }

                line++;
                if (lines.End == lines.Start)
                {
                    continue;
                }

                // Lines are parsed where they sit in the reader's buffer: no string per line, only per new name.
                record = hasOptional || lines.Contains('"') ? ParseQuoted(lines.Text()) : ParseSimple(lines.Buffer, lines.Start, lines.End);
                return true;
            }
        }

        public void Dispose()
        {
            StopWorkers();
            reader.Dispose();
        }

        /// <summary>Turns the row-prediction path off, so the tests can compare it with the line-by-line path.</summary>
        internal bool UseReferencePath { get; set; }

        /// <summary>A timestamp as UTC ticks: DateTime (Local converted, Unspecified read as UTC), DateTimeOffset, or text.</summary>
        public static bool TryParseTimestamp(string text, out long utcTicks)
        {
            // ISO 8601 only: a culture's format such as 05/01/2024 is read differently on different
            // machines (1 May or 5 January), so it is refused rather than guessed.
            return TryParseIso(new StringChars(text), 0, text.Length, out utcTicks);
        }

        public static bool TryParseValue(string text, out double value) =>
            TryParseDecimal(new StringChars(text), 0, text.Length, out value)
            || double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

        private void ReadHeader(string header)
        {
            SplitQuoted(header, fields);
            columnCount = fields.Count;
            for (var i = 0; i < fields.Count; i++)
            {
                var name = fields[i].Trim();
                if (name.Equals("Instance", StringComparison.OrdinalIgnoreCase))
                {
                    instanceColumn = i;
                }
                else if (name.Equals("Timestamp", StringComparison.OrdinalIgnoreCase))
                {
                    timestampColumn = i;
                }
                else if (name.Equals("MetricName", StringComparison.OrdinalIgnoreCase))
                {
                    metricColumn = i;
                }
                else if (name.Equals("Value", StringComparison.OrdinalIgnoreCase))
                {
                    valueColumn = i;
                }
                else
                {
                    var k = Array.FindIndex(Optional, o => o.Equals(name, StringComparison.OrdinalIgnoreCase));
                    if (k >= 0)
                    {
                        optionalColumns[k] = i;
                        hasOptional = true;
                    }
                }
            }

            var missing = new List<string>();
            var indices = new[] { instanceColumn, timestampColumn, metricColumn, valueColumn };
            for (var i = 0; i < Required.Length; i++)
            {
                if (indices[i] < 0)
                {
                    missing.Add(Required[i]);
                }
            }

            if (missing.Count > 0)
            {
                throw new SampleFormatException(1, "header", $"the header has no {string.Join(", ", missing)} column (it has: {string.Join(", ", fields)}); the columns must be Instance, Timestamp, MetricName and Value");
            }

            if (columnCount == 4 && !hasOptional && !UseReferencePath)
            {
                predictedLayout = new FieldKind[4];
                predictedLayout[instanceColumn] = FieldKind.Instance;
                predictedLayout[timestampColumn] = FieldKind.Timestamp;
                predictedLayout[metricColumn] = FieldKind.MetricName;
                predictedLayout[valueColumn] = FieldKind.Value;
            }
        }

        /// <summary>
        /// The common row read without searching for its delimiters: it names the instance the pool
        /// predicts, repeats the previous row's timestamp and metric, and ends its value where the digits
        /// end. Each predicted text must be followed by exactly the delimiter the line-by-line path would
        /// split at (a comma, or the line end after the last column), and the names and timestamp so
        /// matched hold no comma, quote or line break, so the row splits into the same four fields there
        /// and gives the same record. Anything else (a new name or minute, a quote, a value in another
        /// form, a line cut by the end of the block) returns false with nothing consumed, and the
        /// line-by-line path reads the row.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private bool TryReadPredicted(LineBuffer lines, out SampleRecord record)
        {
            record = default;
            var layout = predictedLayout!;
            var text = lines.Buffer;
            var filled = lines.Filled;
            var p = lines.Position;
            string? instance = null, metric = null;
            int vS = 0, vE = 0;
            for (var col = 0; col < layout.Length; col++)
            {
                switch (layout[col])
                {
                    case FieldKind.Instance:
                    case FieldKind.MetricName:
                        var isInstance = layout[col] == FieldKind.Instance;
                        var name = (isInstance ? pool : metricPool).Predict(text, p, filled);
                        if (name == null)
                        {
                            return false;
                        }

                        if (isInstance)
                        {
                            instance = name;
                        }
                        else
                        {
                            metric = name;
                        }

                        p += name.Length;
                        break;
                    case FieldKind.Timestamp:
                        var ts = lastTimestampText;
                        if (!lastTimestampPlain || ts == null || p + ts.Length > filled || !new ArrayChars(text).Matches(p, ts))
                        {
                            return false;
                        }

                        p += ts.Length;
                        break;
                    default:
                        vS = p;
                        while (p < filled && ((text[p] >= '0' && text[p] <= '9') || text[p] == '.' || text[p] == '-' || text[p] == '+'))
                        {
                            p++;
                        }

                        vE = p;
                        break;
                }

                // The delimiter must be in the block: a line cut by the block's end goes the line-by-line way.
                if (p >= filled)
                {
                    return false;
                }

                var c = text[p];
                if (col < layout.Length - 1)
                {
                    if (c != ',')
                    {
                        return false;
                    }

                    p++;
                }
                else if (c == '\n')
                {
                    p++;
                }
                else if (c == '\r' && p + 1 < filled)
                {
                    // As LineBuffer ends a line: \r alone or \r\n; whether \n follows must be known, hence p + 1 < filled.
                    p += text[p + 1] == '\n' ? 2 : 1;
                }
                else
                {
                    return false;
                }
            }

            if (!TryParseDecimal(new ArrayChars(text), vS, vE, out var value))
            {
                return false;
            }

            pool.Commit(instance!);
            metricPool.Commit(metric!);
            lines.Skip(p);
            record = new SampleRecord(metric!, instance!, lastTimestampTicks, value, line + 1);
            return true;
        }

        [MethodImpl(HotPath.Optimized)]
        private SampleRecord ParseSimple(char[] text, int lineStart, int lineEnd)
        {
            // Field boundaries found in one pass; no substring until a name is pooled.
            int iS = -1, iE = -1, tS = -1, tE = -1, mS = -1, mE = -1, vS = -1, vE = -1;
            var col = 0;
            var start = lineStart;
            while (true)
            {
                // Array.IndexOf finds the next comma with vector instructions on .NET; a field is a few to a few dozen characters.
                var comma = Array.IndexOf(text, ',', start, lineEnd - start);
                var i = comma < 0 ? lineEnd : comma;
                if (col == instanceColumn)
                {
                    iS = start;
                    iE = i;
                }
                else if (col == timestampColumn)
                {
                    tS = start;
                    tE = i;
                }
                else if (col == metricColumn)
                {
                    mS = start;
                    mE = i;
                }
                else if (col == valueColumn)
                {
                    vS = start;
                    vE = i;
                }

                col++;
                if (comma < 0)
                {
                    break;
                }

                start = comma + 1;
            }

            if (col < columnCount || iS < 0 || tS < 0 || mS < 0 || vS < 0)
            {
                throw new SampleFormatException(line, "row", $"it has {col} fields but the header has {columnCount}");
            }

            return Build(new ArrayChars(text), iS, iE, tS, tE, mS, mE, vS, vE);
        }

        private SampleRecord ParseQuoted(string text)
        {
            SplitQuoted(text, fields);
            if (fields.Count < columnCount)
            {
                throw new SampleFormatException(line, "row", $"it has {fields.Count} fields but the header has {columnCount}");
            }

            var i = fields[instanceColumn];
            var t = fields[timestampColumn];
            var m = fields[metricColumn];
            var v = fields[valueColumn];
            var joined = i + t + m + v;
            var a = i.Length;
            var b = a + t.Length;
            var c = b + m.Length;
            var record = Build(new StringChars(joined), 0, a, a, b, b, c, c, joined.Length);
            return hasOptional ? WithOptional(record) : record;
        }

        /// <summary>The record with the optional columns of the current row (in <see cref="fields"/>); empty cells are absent.</summary>
        private SampleRecord WithOptional(SampleRecord r)
        {
            string Cell(int k) => optionalColumns[k] >= 0 ? fields[optionalColumns[k]].Trim() : string.Empty;
            double Number(int k)
            {
                var cell = Cell(k);
                if (cell.Length == 0)
                {
                    return double.NaN;
                }

                if (!TryParseValue(cell, out var v) || double.IsNaN(v) || double.IsInfinity(v) || (k == 4 && v < 0))
                {
                    throw new SampleFormatException(line, Optional[k], $"'{cell}' is not {(k == 4 ? "a count of raw values" : "a number")}");
                }

                return v;
            }

            var resource = Cell(0);
            var ns = Cell(1);
            return new SampleRecord(
                r.MetricName,
                r.Instance,
                r.UtcTicks,
                r.Value,
                r.Line,
                resource.Length == 0 ? string.Empty : pool.Get(new StringChars(resource), 0, resource.Length),
                ns.Length == 0 ? string.Empty : pool.Get(new StringChars(ns), 0, ns.Length),
                Number(2),
                Number(3),
                Number(4));
        }

        [MethodImpl(HotPath.Optimized)]
        private SampleRecord Build<T>(T text, int iS, int iE, int tS, int tE, int mS, int mE, int vS, int vE)
            where T : struct, ICharSource
        {
            var instance = pool.Get(text, iS, iE - iS);
            if (instance.Length == 0)
            {
                throw new SampleFormatException(line, "Instance", "the instance name is empty");
            }

            var metric = metricPool.Get(text, mS, mE - mS);
            if (metric.Length == 0)
            {
                throw new SampleFormatException(line, "MetricName", "the metric name is empty");
            }

            long ticks;
            if (lastTimestampText != null && lastTimestampText.Length == tE - tS && text.Matches(tS, lastTimestampText))
            {
                // Every instance of a minute repeats the minute's timestamp: compare it instead of parsing it again.
                ticks = lastTimestampTicks;
            }
            else
            {
                if (!TryParseIso(text, tS, tE, out ticks))
                {
                    var raw = text.Substring(tS, tE - tS);
                    if (!TryParseTimestamp(raw, out ticks))
                    {
                        throw new SampleFormatException(line, "Timestamp", $"'{raw}' is not a date and time; use ISO 8601 such as 2024-05-01T10:00:00Z");
                    }
                }

                if (!TimeLimits.Contains(ticks))
                {
                    throw new SampleFormatException(line, "Timestamp", TimeLimits.OutOfRange($"'{text.Substring(tS, tE - tS)}' is out of range: a timestamp"));
                }

                lastTimestampText = text.Substring(tS, tE - tS);
                lastTimestampTicks = ticks;
                lastTimestampPlain = IsPlain(lastTimestampText);
            }

            if (!TryParseDecimal(text, vS, vE, out var value))
            {
                var raw = text.Substring(vS, vE - vS);
                if (!double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) || double.IsNaN(value) || double.IsInfinity(value))
                {
                    throw new SampleFormatException(line, "Value", $"'{raw}' is not a number; use a decimal point, no thousands separator");
                }
            }

            return new SampleRecord(metric, instance, ticks, value, line);
        }

        /// <summary>[-]digits[.digits] exactly, as a correctly rounded double (an exact integer mantissa divided by an exact power of ten).</summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool TryParseDecimal<T>(T s, int start, int end, out double value)
            where T : struct, ICharSource
        {
            value = 0;
            var i = start;
            var negative = false;
            if (i < end && (s[i] == '-' || s[i] == '+'))
            {
                negative = s[i] == '-';
                i++;
            }

            long mantissa = 0;
            var digits = 0;
            var digitChars = 0;
            var scale = 0;
            var seenPoint = false;
            for (; i < end; i++)
            {
                var ch = s[i];
                if (ch >= '0' && ch <= '9')
                {
                    if (digits >= 15)
                    {
                        return false;
                    }

                    mantissa = (mantissa * 10) + (ch - '0');
                    digitChars++;
                    if (mantissa != 0)
                    {
                        digits++;
                    }

                    if (seenPoint)
                    {
                        scale++;
                    }
                }
                else if (ch == '.' && !seenPoint)
                {
                    seenPoint = true;
                }
                else
                {
                    return false;
                }
            }

            if (digitChars == 0 || scale >= Pow10.Length)
            {
                return false;
            }

            value = mantissa / Pow10[scale];
            if (negative)
            {
                value = -value;
            }

            return true;
        }

        /// <summary>yyyy-MM-dd[T ]HH:mm[:ss[.fffffff]][Z|±HH:mm], parsed in place.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool TryParseIso<T>(T s, int start, int end, out long utcTicks)
            where T : struct, ICharSource
        {
            utcTicks = 0;
            while (start < end && s[start] == ' ')
            {
                start++;
            }

            while (end > start && s[end - 1] == ' ')
            {
                end--;
            }

            if (end - start < 16 || s[start + 4] != '-' || s[start + 7] != '-' || (s[start + 10] != 'T' && s[start + 10] != ' ') || s[start + 13] != ':')
            {
                return false;
            }

            if (!Digits(s, start, 4, out var year) || !Digits(s, start + 5, 2, out var month) || !Digits(s, start + 8, 2, out var day)
                || !Digits(s, start + 11, 2, out var hour) || !Digits(s, start + 14, 2, out var minute))
            {
                return false;
            }

            var i = start + 16;
            var second = 0;
            long fraction = 0;
            if (i < end && s[i] == ':')
            {
                if (i + 3 > end || !Digits(s, i + 1, 2, out second))
                {
                    return false;
                }

                i += 3;
                if (i < end && s[i] == '.')
                {
                    i++;
                    var n = 0;
                    while (i < end && s[i] >= '0' && s[i] <= '9')
                    {
                        if (n < 7)
                        {
                            fraction = (fraction * 10) + (s[i] - '0');
                            n++;
                        }

                        i++;
                    }

                    for (; n < 7; n++)
                    {
                        fraction *= 10;
                    }
                }
            }

            long offsetTicks = 0;
            if (i < end)
            {
                if (s[i] == 'Z' || s[i] == 'z')
                {
                    i++;
                }
                else if ((s[i] == '+' || s[i] == '-') && i + 6 == end && s[i + 3] == ':' && Digits(s, i + 1, 2, out var oh) && Digits(s, i + 4, 2, out var om))
                {
                    offsetTicks = ((oh * 60) + om) * TimeSpan.TicksPerMinute * (s[i] == '-' ? -1 : 1);
                    i = end;
                }
                else
                {
                    return false;
                }
            }

            if (i != end || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
            {
                return false;
            }

            utcTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fraction - offsetTicks;
            return true;
        }

        /// <summary>True when a field's text holds no character that splits or quotes a row.</summary>
        private static bool IsPlain(string text) => text.IndexOfAny(Delimiters) < 0;

        private static readonly char[] Delimiters = { ',', '"', '\r', '\n' };

        private enum FieldKind
        {
            Instance,
            Timestamp,
            MetricName,
            Value,
        }

        private static bool Digits<T>(T s, int start, int count, out int value)
            where T : struct, ICharSource
        {
            value = 0;
            for (var i = start; i < start + count; i++)
            {
                var c = s[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            return true;
        }

        private static void SplitQuoted(string text, List<string> into)
        {
            into.Clear();
            var sb = new StringBuilder();
            var inQuotes = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            sb.Append('"');
                            i++;
                        }
                        else
                        {
                            inQuotes = false;
                        }
                    }
                    else
                    {
                        sb.Append(c);
                    }
                }
                else if (c == '"')
                {
                    inQuotes = true;
                }
                else if (c == ',')
                {
                    into.Add(sb.ToString());
                    sb.Clear();
                }
                else
                {
                    sb.Append(c);
                }
            }

            into.Add(sb.ToString());
        }

        /// <summary>
        /// Interns names from a region of a line without allocating when the name was seen before.
        /// The name handed out is cleaned for the terminal (TerminalText) once, when it is first
        /// seen, so no row pays for it; rows still match on the characters as the file has them.
        /// </summary>
        private sealed class StringPool
        {
            private readonly Dictionary<int, List<Entry>> buckets = new Dictionary<int, List<Entry>>();
            private readonly NameTable names;
            private Entry? last;

            public StringPool(NameTable names)
            {
                this.names = names;
            }

            public string Get<T>(T text, int start, int length)
                where T : struct, ICharSource
            {
                // Rows repeat: the same name as the row before, or the name that followed it last time
                // (instances listed in the same order every minute). Both are checked before any hashing.
                if (last != null)
                {
                    if (last.Name.Length == length && text.Matches(start, last.Name))
                    {
                        return last.Text;
                    }

                    if (last.Next is Entry predicted && predicted.Name.Length == length && text.Matches(start, predicted.Name))
                    {
                        last = predicted;
                        return predicted.Text;
                    }
                }

                var entry = Lookup(text, start, length);
                if (last != null)
                {
                    last.Next = entry;
                }

                last = entry;
                return entry.Text;
            }

            /// <summary>
            /// The name the next row most likely starts with at <paramref name="start"/> (the previous row's,
            /// or the one that followed it last time), when the text there is exactly that name; null otherwise.
            /// Only names without a delimiter or quote are predicted. Changes nothing: <see cref="Commit"/> does,
            /// once the whole row is read.
            /// </summary>
            [MethodImpl(HotPath.Optimized)]
            public string? Predict(char[] text, int start, int filled)
            {
                if (last == null)
                {
                    return null;
                }

                if (last.Plain && start + last.Name.Length <= filled && new ArrayChars(text).Matches(start, last.Name))
                {
                    return last.Name;
                }

                var predicted = last.Next;
                return predicted != null && predicted.Plain && start + predicted.Name.Length <= filled && new ArrayChars(text).Matches(start, predicted.Name) ? predicted.Name : null;
            }

            /// <summary>Records that a row read <paramref name="name"/>, as <see cref="Get"/> would have.</summary>
            public void Commit(string name)
            {
                if (!ReferenceEquals(last!.Name, name))
                {
                    last = last.Next;
                }
            }

            private Entry Lookup<T>(T text, int start, int length)
                where T : struct, ICharSource
            {
                var hash = length;
                for (var i = start; i < start + length; i++)
                {
                    hash = unchecked((hash * 31) + text[i]);
                }

                if (!buckets.TryGetValue(hash, out var list))
                {
                    list = new List<Entry>(1);
                    buckets.Add(hash, list);
                }

                foreach (var candidate in list)
                {
                    if (candidate.Name.Length == length && text.Matches(start, candidate.Name))
                    {
                        return candidate;
                    }
                }

                var entry = new Entry(text.Substring(start, length), names);
                if (list.Count < 64 && buckets.Count < 100_000)
                {
                    // A column of unique values (a mistake, but possible) must not grow the pool without bound.
                    list.Add(entry);
                }

                return entry;
            }

            private sealed class Entry
            {
                public Entry(string name, NameTable names)
                {
                    Text = names.Cleaned(name);

                    // The shared instance when nothing was cleaned, so every reader of a file hands out one string per name.
                    Name = string.Equals(Text, name, StringComparison.Ordinal) ? Text : name;

                    // A name that loses characters to cleaning is never predicted, so its rows go the way of Get,
                    // which hands out the cleaned Text.
                    Plain = name.Length > 0 && IsPlain(name) && string.Equals(Text, name, StringComparison.Ordinal);
                }

                /// <summary>The name as the file spells it, what rows are matched against.</summary>
                public string Name { get; }

                /// <summary>Not empty, holds no delimiter or quote and nothing cleaning removes: the row-prediction
                /// path may match it and hand it out as it stands.</summary>
                public bool Plain { get; }

                /// <summary>The name without control or escape characters, what the samples carry.</summary>
                public string Text { get; }

                /// <summary>The name read after this one the last time, the first guess for the next row.</summary>
                public Entry? Next { get; set; }
            }
        }

        /// <summary>
        /// Characters the parsers read: a string (a quoted line, a value given alone) or the reader's buffer.
        /// Structs, so the JIT compiles each parser once per kind with no call through an interface.
        /// </summary>
        private interface ICharSource
        {
            char this[int index] { get; }

            string Substring(int start, int length);

            /// <summary>True when the characters from <paramref name="start"/> are exactly <paramref name="value"/>.</summary>
            bool Matches(int start, string value);
        }

        private readonly struct StringChars : ICharSource
        {
            private readonly string text;

            public StringChars(string text)
            {
                this.text = text;
            }

            public char this[int index] => text[index];

            public string Substring(int start, int length) => text.Substring(start, length);

            public bool Matches(int start, string value) => string.CompareOrdinal(text, start, value, 0, value.Length) == 0;
        }

        private readonly struct ArrayChars : ICharSource
        {
            private readonly char[] buffer;

            public ArrayChars(char[] buffer)
            {
                this.buffer = buffer;
            }

            public char this[int index] => buffer[index];

            public string Substring(int start, int length) => new string(buffer, start, length);

            [MethodImpl(HotPath.Optimized)]
            public bool Matches(int start, string value)
            {
                for (var i = 0; i < value.Length; i++)
                {
                    if (buffer[start + i] != value[i])
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>
        /// The lines of a text, found in a block of characters read at once (the reader decodes and
        /// detects the encoding as before). A line ends at \n, \r or \r\n, as TextReader.ReadLine ends it,
        /// and is valid until the next call. A line longer than the block grows the block.
        /// </summary>
        private sealed class LineBuffer
        {
            private readonly TextReader reader;
            private int pos;
            private int filled;
            private bool eof;

            public LineBuffer(TextReader reader)
            {
                this.reader = reader;
                Buffer = new char[1 << 16];
            }

            /// <summary>The lines of a whole block of text already in memory (one block of a file read in parallel).</summary>
            public LineBuffer(char[] text, int length)
            {
                reader = TextReader.Null;
                Buffer = text;
                filled = length;
                eof = true;
            }

            public char[] Buffer { get; private set; }

            public int Start { get; private set; }

            public int End { get; private set; }

            [MethodImpl(HotPath.Optimized)]
            public bool Next()
            {
                while (true)
                {
                    var buffer = Buffer;
                    var nl = pos < filled ? Array.IndexOf(buffer, '\n', pos, filled - pos) : -1;
                    var searchEnd = nl >= 0 ? nl : filled;
                    var cr = searchEnd > pos ? Array.IndexOf(buffer, '\r', pos, searchEnd - pos) : -1;
                    if (cr >= 0)
                    {
                        // A \r ends the line; whether a \n follows is only known once the next character is read.
                        if (cr + 1 < filled || eof)
                        {
                            Start = pos;
                            End = cr;
                            pos = cr + 1 < filled && buffer[cr + 1] == '\n' ? cr + 2 : cr + 1;
                            return true;
                        }
                    }
                    else if (nl >= 0)
                    {
                        Start = pos;
                        End = nl;
                        pos = nl + 1;
                        return true;
                    }
                    else if (eof)
                    {
                        if (pos < filled)
                        {
                            Start = pos;
                            End = filled;
                            pos = filled;
                            return true;
                        }

                        return false;
                    }

                    Fill();
                }
            }

            public bool Contains(char c) => Array.IndexOf(Buffer, c, Start, End - Start) >= 0;

            /// <summary>Where the next line starts in <see cref="Buffer"/>.</summary>
            public int Position => pos;

            /// <summary>How much of <see cref="Buffer"/> holds text.</summary>
            public int Filled => filled;

            /// <summary>Moves past a line read in place by the caller (it ends before <paramref name="next"/>).</summary>
            public void Skip(int next)
            {
                Start = pos;
                End = next;
                pos = next;
            }

            public string Text() => new string(Buffer, Start, End - Start);

            private void Fill()
            {
                var buffer = Buffer;
                if (pos > 0)
                {
                    Array.Copy(buffer, pos, buffer, 0, filled - pos);
                    filled -= pos;
                    pos = 0;
                }

                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                    Buffer = buffer;
                }

                var n = reader.Read(buffer, filled, buffer.Length - filled);
                if (n == 0)
                {
                    eof = true;
                }
                else
                {
                    filled += n;
                }
            }
        }
    }
}
