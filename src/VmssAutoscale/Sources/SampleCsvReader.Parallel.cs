using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Engine;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// A large file parsed on several cores. A record is one line (a quoted line break is refused by the
    /// line-by-line reader too), so the file is cut into blocks of bytes at line boundaries (just after a
    /// \n, which is never part of a longer UTF-8 sequence and ends every \r\n pair), each worker parses its
    /// blocks with its own parser state (pools, predictions), and the caller takes the blocks strictly in
    /// file order from bounded queues: memory holds a few blocks per worker, whatever the file's length.
    /// Line numbers are counted per block and shifted by the lines of the blocks before it, so every record
    /// and every error names the line the sequential reader names, and an error in a block is thrown only
    /// after every earlier record. Small files, streams and readers keep the sequential path.
    /// </summary>
    public sealed partial class SampleCsvReader
    {
        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private readonly string? path;
        private readonly NameTable names;
        private double parallelFraction = -1;
        private CancellationTokenSource? stopWorkers;
        private Task[]? workerTasks;

        /// <summary>
        /// Files at least this long are parsed in parallel: below a few MB the threads' start costs more than
        /// the second core saves (the 1-day benchmark file is 7 MB, the 30-day one 203 MB).
        /// </summary>
        internal long ParallelMinBytes { get; set; } = 8L << 20;

        /// <summary>Bytes per block (cut at the next line end). 1 MB: a few milliseconds of parsing, about 22,000 rows.</summary>
        internal int BlockBytes { get; set; } = 1 << 20;

        /// <summary>
        /// Parsing threads; 0 keeps the sequential path (one core, or turned off by the tests). One core is
        /// left to the caller's thread, which runs the engine: on 2 cores one parsing thread measured 0.43-0.46 s
        /// wall and 0.78-0.80 s CPU for the 30-day file, two threads 0.46-0.60 s wall and 0.76-1.06 s CPU
        /// (three busy threads on two cores), the sequential reader 0.64-0.65 s (benchmarks/README, issue 14).
        /// </summary>
        internal int Workers { get; set; } = Math.Min(Environment.ProcessorCount - 1, 4);

        /// <summary>Parsed blocks a worker may hold ready ahead of the caller: what bounds the memory.</summary>
        internal int QueuedBlocksPerWorker { get; set; } = 2;

        /// <summary>True while parsing threads of this reader are running (the tests check that stopping stops them).</summary>
        internal bool WorkersRunning => workerTasks != null && Array.Exists(workerTasks, t => !t.IsCompleted);

        /// <summary>True once this reader has taken the parallel path (the tests check which path they compared).</summary>
        internal bool UsedParallelPath { get; private set; }

        private bool MayReadInParallel() =>
            path != null && stream != null && Workers > 0 && stream.CanSeek && stream.Position == 0 && stream.Length >= ParallelMinBytes;

        private IEnumerable<SampleRecord> ReadInParallel()
        {
            if (!TryReadHeaderBytes(out var header, out var bodyStart))
            {
                // A UTF-16 file, a header ending in a lone \r or longer than the first read: the sequential reader decides.
                foreach (var record in ReadSequentially())
                {
                    yield return record;
                }

                yield break;
            }

            line = 1;
            ReadHeader(header);
            UsedParallelPath = true;
            var length = stream!.Length;
            var blockBytes = Math.Max(1, BlockBytes);
            var blocks = (length - bodyStart + blockBytes - 1) / blockBytes;
            var n = Workers;
            stopWorkers = new CancellationTokenSource();
            var token = stopWorkers.Token;
            var queues = new BlockQueue[n];
            var free = new ConcurrentQueue<Block>[n];
            workerTasks = new Task[n];
            parallelFraction = 0;
            for (var w = 0; w < n; w++)
            {
                queues[w] = new BlockQueue(Math.Max(1, QueuedBlocksPerWorker), token);
                free[w] = new ConcurrentQueue<Block>();
                var worker = new SampleCsvReader(TextReader.Null, Source, names) { UseReferencePath = UseReferencePath };
                worker.ReadHeader(header);
                var plan = new BlockPlan(path!, bodyStart, length, blockBytes, blocks, w, n);
                var into = queues[w];
                var recycled = free[w];
                workerTasks[w] = Task.Factory.StartNew(() => worker.ParseBlocks(plan, into, recycled, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            try
            {
                // Lines before the block being read: the header, then every earlier block's lines.
                long offset = 1;
                for (long k = 0; k < blocks; k++)
                {
                    var block = queues[k % n].Take();
                    if (hasOptional)
                    {
                        var records = block.Records;
                        for (var i = 0; i < block.Count; i++)
                        {
                            var r = records[i];
                            yield return new SampleRecord(r.MetricName, r.Instance, r.UtcTicks, r.Value, r.Line + offset, r.ResourceId, r.Namespace, r.Minimum, r.Maximum, r.Count);
                        }
                    }
                    else
                    {
                        var compact = block.Compact;
                        for (var i = 0; i < block.Count; i++)
                        {
                            var r = compact[i];
                            yield return new SampleRecord(r.MetricName, r.Instance, r.UtcTicks, r.Value, r.Line + offset);
                        }
                    }

                    if (block.Error is SampleFormatException format && format.Line > 0)
                    {
                        line = format.Line + offset;
                        throw new SampleFormatException(line, format.Column, format.Problem);
                    }

                    if (block.Error != null)
                    {
                        ExceptionDispatchInfo.Capture(block.Error).Throw();
                    }

                    offset += block.Lines;
                    line = offset;
                    parallelFraction = (double)block.End / length;
                    free[k % n].Enqueue(block);
                }
            }
            finally
            {
                StopWorkers();
            }
        }

        /// <summary>Cancels the parsing threads and waits for them: they stop within one block.</summary>
        private void StopWorkers()
        {
            if (stopWorkers == null)
            {
                return;
            }

            stopWorkers.Cancel();
            try
            {
                Task.WaitAll(workerTasks!);
            }
            catch (AggregateException)
            {
                // Workers end on cancellation; anything they hit was handed to the caller in their block.
            }

            stopWorkers.Dispose();
            stopWorkers = null;
        }

        /// <summary>The header line as the sequential reader sees it, and where the first data line starts, from the file's first bytes.</summary>
        private bool TryReadHeaderBytes(out string header, out long bodyStart)
        {
            header = string.Empty;
            bodyStart = 0;
            var head = new byte[(int)Math.Min(stream!.Length, 1 << 16)];
            var read = 0;
            int n;
            while (read < head.Length && (n = stream.Read(head, read, head.Length - read)) > 0)
            {
                read += n;
            }

            // The sequential reader starts at the beginning again if this path declines.
            stream.Position = 0;
            if ((read >= 2 && ((head[0] == 0xFE && head[1] == 0xFF) || (head[0] == 0xFF && head[1] == 0xFE))) || (read >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF))
            {
                return false;
            }

            var bom = read >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
            var nl = Array.IndexOf(head, (byte)'\n', bom, read - bom);
            if (nl < 0)
            {
                return false;
            }

            var cr = Array.IndexOf(head, (byte)'\r', bom, nl - bom);
            if (cr >= 0 && cr != nl - 1)
            {
                return false;
            }

            header = Utf8.GetString(head, bom, (cr >= 0 ? cr : nl) - bom).TrimStart('\uFEFF');
            bodyStart = nl + 1;
            return true;
        }

        /// <summary>One worker's loop: parse blocks first, first + step, ... into the queue, in order, until done, an error, or cancellation.</summary>
        [MethodImpl(HotPath.Optimized)]
        private void ParseBlocks(BlockPlan plan, BlockQueue into, ConcurrentQueue<Block> free, CancellationToken token)
        {
            FileStream? file = null;
            var bytes = Array.Empty<byte>();
            var chars = Array.Empty<char>();
            try
            {
                for (var k = plan.First; k < plan.Blocks; k += plan.Step)
                {
                    token.ThrowIfCancellationRequested();
                    if (!free.TryDequeue(out var block))
                    {
                        block = new Block();
                    }

                    block.Clear();
                    try
                    {
                        file ??= new FileStream(plan.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.None);
                        var start = plan.Start(file, k);
                        var end = plan.Start(file, k + 1);
                        block.End = end;
                        if (end > start)
                        {
                            var count = checked((int)(end - start));
                            if (bytes.Length < count)
                            {
                                bytes = new byte[count];
                                chars = new char[count];
                            }

                            file.Position = start;
                            ReadExactly(file, bytes, count);

                            // UTF-8 never gives more characters than bytes; the block is whole lines, so decoding it alone decodes as the sequential reader does.
                            var length = Utf8.GetChars(bytes, 0, count, chars, 0);
                            var lines = new LineBuffer(chars, length);
                            line = 0;
                            while (TryReadNext(lines, out var record))
                            {
                                if (hasOptional)
                                {
                                    block.Add(record);
                                }
                                else
                                {
                                    block.Add(new CompactSample(record));
                                }
                            }

                            block.Lines = line;
                        }
                    }
                    catch (Exception e) when (!(e is OperationCanceledException))
                    {
                        // Handed over in order: the caller throws it after every earlier record, as the sequential reader would.
                        block.Error = e;
                    }

                    into.Add(block);
                    if (block.Error != null)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The caller stopped reading (the end of its loop, an error, Ctrl+C).
            }
            finally
            {
                file?.Dispose();
                into.CompleteAdding();
            }
        }

        private static void ReadExactly(Stream file, byte[] into, int count)
        {
            var read = 0;
            while (read < count)
            {
                var n = file.Read(into, read, count - read);
                if (n == 0)
                {
                    throw new IOException("the file became shorter while it was read; read it again once it is no longer being written");
                }

                read += n;
            }
        }

        /// <summary>Which blocks a worker parses and where each starts: the first line start at or after its nominal cut.</summary>
        private sealed class BlockPlan
        {
            public BlockPlan(string path, long bodyStart, long length, int blockBytes, long blocks, int first, int step)
            {
                Path = path;
                BodyStart = bodyStart;
                Length = length;
                BlockBytes = blockBytes;
                Blocks = blocks;
                First = first;
                Step = step;
            }

            public string Path { get; }

            public long BodyStart { get; }

            public long Length { get; }

            public int BlockBytes { get; }

            public long Blocks { get; }

            public long First { get; }

            public int Step { get; }

            /// <summary>
            /// Where block <paramref name="k"/> starts: the smallest position at or after its nominal cut that
            /// follows a \n (or the end of the file). Both workers that share the boundary compute the same
            /// position, so the blocks tile the file; a line longer than a block leaves the next block empty.
            /// </summary>
            public long Start(FileStream file, long k)
            {
                if (k == 0)
                {
                    return BodyStart;
                }

                var cut = BodyStart + (k * BlockBytes);
                if (cut >= Length)
                {
                    return Length;
                }

                file.Position = cut - 1;
                var buffer = new byte[256];
                var at = cut - 1;
                while (true)
                {
                    var n = file.Read(buffer, 0, buffer.Length);
                    if (n == 0)
                    {
                        return Length;
                    }

                    var nl = Array.IndexOf(buffer, (byte)'\n', 0, n);
                    if (nl >= 0)
                    {
                        return Math.Min(Length, at + nl + 1);
                    }

                    at += n;
                }
            }
        }

        /// <summary>
        /// One worker's parsed blocks, in order, at most a few. A plain lock with Wait/Pulse: the
        /// framework's BlockingCollection spins before it sleeps; with it the 30-day -Summary replay took
        /// 1.16 s CPU against 0.82 s with this queue (two workers, 2026-11-29, load average 5.0 and 3.8).
        /// </summary>
        private sealed class BlockQueue
        {
            private readonly Queue<Block> blocks = new Queue<Block>();
            private readonly int capacity;
            private readonly CancellationToken token;
            private bool completed;

            public BlockQueue(int capacity, CancellationToken token)
            {
                this.capacity = capacity;
                this.token = token;
                token.Register(() =>
                {
                    lock (blocks)
                    {
                        Monitor.PulseAll(blocks);
                    }
                });
            }

            /// <summary>Waits for room, then queues the block; throws when the reading was stopped.</summary>
            public void Add(Block block)
            {
                lock (blocks)
                {
                    while (blocks.Count >= capacity)
                    {
                        token.ThrowIfCancellationRequested();
                        Monitor.Wait(blocks);
                    }

                    token.ThrowIfCancellationRequested();
                    blocks.Enqueue(block);
                    Monitor.PulseAll(blocks);
                }
            }

            /// <summary>Waits for the next block; throws when the reading was stopped or the worker ended without it.</summary>
            public Block Take()
            {
                lock (blocks)
                {
                    while (blocks.Count == 0)
                    {
                        token.ThrowIfCancellationRequested();
                        if (completed)
                        {
                            throw new InvalidOperationException("a parsing worker ended before its block");
                        }

                        Monitor.Wait(blocks);
                    }

                    var block = blocks.Dequeue();
                    Monitor.PulseAll(blocks);
                    return block;
                }
            }

            public void CompleteAdding()
            {
                lock (blocks)
                {
                    completed = true;
                    Monitor.PulseAll(blocks);
                }
            }
        }

        /// <summary>
        /// A record without the optional columns (a header without them gives none): half the bytes of a
        /// <see cref="SampleRecord"/>, so a block written by a worker and read by the caller moves half the memory.
        /// </summary>
        private readonly struct CompactSample
        {
            public CompactSample(in SampleRecord r)
            {
                MetricName = r.MetricName;
                Instance = r.Instance;
                UtcTicks = r.UtcTicks;
                Value = r.Value;
                Line = r.Line;
            }

            public string MetricName { get; }

            public string Instance { get; }

            public long UtcTicks { get; }

            public double Value { get; }

            public long Line { get; }
        }

        /// <summary>
        /// A block's records with line numbers counted from the block's start, reused once the caller has read
        /// it: <see cref="Compact"/> when the header has only the four columns, <see cref="Records"/> otherwise.
        /// </summary>
        private sealed class Block
        {
            public SampleRecord[] Records { get; private set; } = Array.Empty<SampleRecord>();

            public CompactSample[] Compact { get; private set; } = Array.Empty<CompactSample>();

            public int Count { get; private set; }

            /// <summary>Lines in the block, blank ones included.</summary>
            public long Lines { get; set; }

            /// <summary>Byte position just after the block, for progress.</summary>
            public long End { get; set; }

            public Exception? Error { get; set; }

            [MethodImpl(HotPath.Optimized)]
            public void Add(in SampleRecord record)
            {
                Records = Room(Records, Count);
                Records[Count++] = record;
            }

            [MethodImpl(HotPath.Optimized)]
            public void Add(in CompactSample record)
            {
                Compact = Room(Compact, Count);
                Compact[Count++] = record;
            }

            /// <summary>The array, doubled when it has no room after <paramref name="count"/> items.</summary>
            private static T[] Room<T>(T[] array, int count)
            {
                if (count == array.Length)
                {
                    Array.Resize(ref array, Math.Max(1024, array.Length * 2));
                }

                return array;
            }

            public void Clear()
            {
                // The array is kept for the next block: at most a few blocks per worker are ever alive.
                Count = 0;
                Lines = 0;
                End = 0;
                Error = null;
            }
        }

        /// <summary>
        /// The names every reader of one file hands out: a name is cleaned for the terminal (TerminalText)
        /// once, and every worker's pool gives the engine the same string for it, so the engine's guesses by
        /// reference hit whichever worker read the row.
        /// </summary>
        private sealed class NameTable
        {
            // A column of unique values (a mistake, but possible) must not grow the table without bound.
            private const int MaxNames = 200_000;
            private readonly Dictionary<string, string> cleaned = new Dictionary<string, string>(StringComparer.Ordinal);

            public string Cleaned(string name)
            {
                lock (cleaned)
                {
                    if (cleaned.TryGetValue(name, out var text))
                    {
                        return text;
                    }

                    text = Model.TerminalText.Clean(name);
                    if (string.Equals(text, name, StringComparison.Ordinal))
                    {
                        text = name;
                    }

                    if (cleaned.Count < MaxNames)
                    {
                        cleaned.Add(name, text);
                    }

                    return text;
                }
            }
        }
    }
}
