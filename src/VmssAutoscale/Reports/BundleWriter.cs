using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace VmssAutoscale.Reports
{
    /// <summary>
    /// Writes a bundle's files whole or not at all. Each file is written to a temporary name in the
    /// target folder (the same volume, so the final step is a rename), flushed to disk, and only when
    /// every file is written are they renamed into place, replacing the previous bundle's. A failure or
    /// a kill before that leaves the previous bundle as it was (export -Force once left a 0-byte
    /// snapshot.json beside the old report.html), and a file that is a link is replaced, never written
    /// through. Temporary files of a failed write are removed.
    /// </summary>
    public sealed class BundleWriter : IDisposable
    {
        private readonly string directory;
        private readonly List<(string Temporary, string Final)> files = new List<(string, string)>();
        private bool committed;

        public BundleWriter(string directory)
        {
            this.directory = directory;
            Directory.CreateDirectory(directory);
        }

        /// <summary>Writes one file of the bundle under a temporary name; <see cref="Commit"/> puts it in place.</summary>
        public void Write(string fileName, Action<TextWriter> write)
        {
            var temporary = Path.Combine(directory, "." + fileName + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
            files.Add((temporary, Path.Combine(directory, fileName)));
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
            {
                write(writer);
            }

            // On disk before the rename: a crash after it must not leave an empty file under the final name.
            stream.Flush(flushToDisk: true);
        }

        /// <summary>Renames every written file into place, replacing what was there (a link included, not its target).</summary>
        public void Commit()
        {
            // Everything that can be checked is checked before the first rename, so a bundle is not left half replaced.
            foreach (var (_, final) in files)
            {
                if (Directory.Exists(final))
                {
                    throw new IOException($"'{final}' is a folder, so the bundle's file cannot replace it; nothing was replaced.");
                }
            }

            foreach (var (temporary, final) in files)
            {
                if (File.Exists(final) || IsLink(final))
                {
                    File.Replace(temporary, final, destinationBackupFileName: null, ignoreMetadataErrors: true);
                }
                else
                {
                    File.Move(temporary, final);
                }
            }

            committed = true;
        }

        /// <summary>Removes the temporary files of a write that did not commit.</summary>
        public void Dispose()
        {
            if (committed)
            {
                return;
            }

            foreach (var (temporary, _) in files)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // Best effort: the failure that got here is the one to report.
                }
            }
        }

        private static bool IsLink(string path)
        {
            try
            {
                return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
