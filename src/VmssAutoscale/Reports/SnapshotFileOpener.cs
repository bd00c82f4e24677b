using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;

namespace VmssAutoscale.Reports
{
    /// <summary>
    /// Opens a bundle's snapshot.json only when it is a regular file of a bounded size, and reads it
    /// under the command's cancellation. A snapshot.json that linked to /dev/zero, or an 8 GB sparse
    /// file, once grew the process to 3 GB in seconds, and a FIFO hung the command past its deadline
    /// and Stop (opening a FIFO blocks until a writer comes, so it is refused before it is opened).
    /// </summary>
    internal static class SnapshotFileOpener
    {
        public static Stream Open(string file, long maxBytes, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Length follows a symbolic link to its target; FIFOs, sockets and devices (/dev/zero, /dev/stdin)
            // report 0, so a size of 0 means "not a regular file, or an empty one": neither is a bundle.
            var info = new FileInfo(file);
            var size = info.Exists ? info.Length : 0;
            if (size <= 0)
            {
                throw NotRegular(file);
            }

            if (size > maxBytes)
            {
                throw TooLarge(file, size, maxBytes);
            }

            var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            if (!stream.CanSeek || stream.Length <= 0)
            {
                stream.Dispose();
                throw NotRegular(file);
            }

            return new GuardedStream(stream, file, maxBytes, cancellationToken);
        }

        private static ModuleException NotRegular(string file) =>
            new ModuleException(ErrorIds.SnapshotNotRegularFile, ErrorCategory.InvalidData,
                $"The snapshot '{file}' is empty or is not a regular file (a pipe, a device, or a link to one), so it was not opened. Give the folder Export-VmssAutoscaleReport wrote, or its snapshot.json.",
                file);

        private static ModuleException TooLarge(string file, long size, long maxBytes) =>
            new ModuleException(ErrorIds.SnapshotTooLarge, ErrorCategory.LimitsExceeded,
                $"The snapshot '{file}' is {size / (1024 * 1024.0):0.#} MB, more than the {maxBytes / (1024 * 1024)} MB the module reads (a bundle of 2 million samples is about 400 MB). If it is a real bundle, raise the limit with the environment variable {ReadBudgets.SnapshotMaxMegabytesVariable} (megabytes).",
                file);

        /// <summary>A read-only view that checks cancellation before every read and stops at the size limit even if the file grows.</summary>
        private sealed class GuardedStream : Stream
        {
            private readonly Stream inner;
            private readonly string file;
            private readonly long maxBytes;
            private readonly CancellationToken cancellationToken;
            private long read;

            public GuardedStream(Stream inner, string file, long maxBytes, CancellationToken cancellationToken)
            {
                this.inner = inner;
                this.file = file;
                this.maxBytes = maxBytes;
                this.cancellationToken = cancellationToken;
            }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => read; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = inner.Read(buffer, offset, count);
                read += n;
                if (read > maxBytes)
                {
                    throw TooLarge(file, read, maxBytes);
                }

                return n;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
