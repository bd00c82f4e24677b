using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using VmssAutoscale.Errors;
using VmssAutoscale.Reports;
using Xunit;

namespace VmssAutoscale.Tests.Reports
{
    /// <summary>Issue 25 item 3: a snapshot that is not a regular file of a bounded size is refused before it is opened.</summary>
    public sealed class HostileSnapshotFileTests : IDisposable
    {
        private const string Head = "{\n  \"format\": \"VmssAutoscale.Snapshot\",\n  \"formatVersion\": 1,\n  \"collectedAt\": \"2026-11-01T11:00:00Z\",\n"
            + "  \"windowStart\": \"2026-11-01T10:00:00Z\",\n  \"windowEnd\": \"2026-11-01T11:00:00Z\",\n";

        // Inside the clone (out/ is ignored by git), never the system's temp folder.
        private readonly string dir = TestFiles.ScratchPath("snapshot");

        public HostileSnapshotFileTests() => Directory.CreateDirectory(dir);

        public void Dispose() => Directory.Delete(dir, recursive: true);

        private string File(string text)
        {
            var path = Path.Combine(dir, "snapshot.json");
            System.IO.File.WriteAllText(path, text, new UTF8Encoding(false));
            return path;
        }

        [Fact]
        public void A_link_to_a_device_is_refused_before_it_is_read()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                // No /dev/zero: the empty file below is the same refusal on every platform.
                Assert.Equal(ErrorIds.SnapshotNotRegularFile, Assert.Throws<ModuleException>(() => SnapshotSerializer.Read(File(string.Empty))).ErrorId);
                return;
            }

            var link = Path.Combine(dir, "snapshot.json");
            System.IO.File.CreateSymbolicLink(link, "/dev/zero");
            var e = Assert.Throws<ModuleException>(() => SnapshotSerializer.Read(dir));
            Assert.Equal(ErrorIds.SnapshotNotRegularFile, e.ErrorId);
        }

        [Fact]
        public void A_fifo_is_refused_without_waiting_for_a_writer()
        {
            var fifo = Path.Combine(dir, "snapshot.json");
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                Assert.Equal(ErrorIds.SnapshotNotRegularFile, Assert.Throws<ModuleException>(() => SnapshotSerializer.Read(File(string.Empty))).ErrorId);
                return;
            }

            using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", fifo) { UseShellExecute = false })!)
            {
                mkfifo.WaitForExit();
                Assert.Equal(0, mkfifo.ExitCode);
            }

            // On a thread, so a regression hangs this test's join, not the run.
            Exception? thrown = null;
            var reader = new Thread(() =>
            {
                try
                {
                    SnapshotSerializer.Read(dir);
                }
                catch (Exception e)
                {
                    thrown = e;
                }
            }) { IsBackground = true };
            reader.Start();
            Assert.True(reader.Join(TimeSpan.FromSeconds(30)), "reading a FIFO did not return");
            Assert.Equal(ErrorIds.SnapshotNotRegularFile, Assert.IsType<ModuleException>(thrown).ErrorId);
        }

        [Fact]
        public void A_sparse_file_above_the_limit_is_refused_by_its_size()
        {
            var path = Path.Combine(dir, "snapshot.json");
            using (var stream = new FileStream(path, FileMode.Create))
            {
                stream.SetLength((2L * 1024 * 1024) + 1);
            }

            var e = Assert.Throws<ModuleException>(() => SnapshotFileOpener.Open(path, 2L * 1024 * 1024, CancellationToken.None));
            Assert.Equal(ErrorIds.SnapshotTooLarge, e.ErrorId);
            Assert.Contains("VMSSAUTOSCALE_SNAPSHOT_MAX_MB", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_read_stops_when_the_command_is_cancelled()
        {
            var path = File(Head + "  \"scaleSets\": []\n}\n");
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => SnapshotSerializer.Read(path, cancelled.Token));
        }

        [Fact]
        public void A_long_string_outside_the_samples_is_cut_with_a_marker()
        {
            var name = new string('n', 1_000_000);
            var snapshot = SnapshotSerializer.Read(File(Head + "  \"description\": \"" + name + "\",\n  \"scaleSets\": []\n}\n"));
            Assert.EndsWith(SnapshotFileReader.CutMarker, snapshot.Description, StringComparison.Ordinal);
            Assert.Equal(SnapshotFileReader.MaxStringLength + SnapshotFileReader.CutMarker.Length, snapshot.Description!.Length);
        }

        [Fact]
        public void An_array_outside_the_samples_keeps_its_first_items_only()
        {
            var settings = string.Join(",\n", Enumerable.Range(0, SnapshotFileReader.MaxSectionItems + 500).Select(i => "{\"id\": \"s" + i + "\", \"tags\": [\"a]\", {\"b\": \"}\"}]}"));
            var snapshot = SnapshotSerializer.Read(File(Head + "  \"autoscaleSettings\": [\n" + settings + "\n  ],\n  \"scaleSets\": []\n}\n"));
            Assert.Equal(SnapshotFileReader.MaxSectionItems, snapshot.AutoscaleSettings.Count);
            Assert.Equal("s9999", snapshot.AutoscaleSettings[SnapshotFileReader.MaxSectionItems - 1]["id"]!.StringValue);
        }
    }

    /// <summary>Issue 25 item 4: <see cref="BundleWriter"/> replaces a bundle whole or leaves it as it was.</summary>
    public sealed class BundleWriterTests : IDisposable
    {
        private readonly string dir = TestFiles.ScratchPath("bundle");

        public BundleWriterTests()
        {
            Directory.CreateDirectory(dir);
            System.IO.File.WriteAllText(Path.Combine(dir, "snapshot.json"), "old snapshot");
            System.IO.File.WriteAllText(Path.Combine(dir, "report.html"), "old report");
        }

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [Fact]
        public void A_failure_while_writing_leaves_the_previous_bundle_and_no_temporary_file()
        {
            using (var bundle = new BundleWriter(dir))
            {
                bundle.Write("snapshot.json", w => w.Write("new snapshot"));
                Assert.Throws<IOException>(() => bundle.Write("report.html", w =>
                {
                    w.Write("half a rep");
                    throw new IOException("disk full");
                }));
            }

            Assert.Equal("old snapshot", System.IO.File.ReadAllText(Path.Combine(dir, "snapshot.json")));
            Assert.Equal("old report", System.IO.File.ReadAllText(Path.Combine(dir, "report.html")));
            Assert.Equal(2, Directory.GetFiles(dir).Length);
        }

        [Fact]
        public void A_commit_replaces_every_file()
        {
            using (var bundle = new BundleWriter(dir))
            {
                bundle.Write("snapshot.json", w => w.Write("new snapshot"));
                bundle.Write("report.html", w => w.Write("new report"));
                bundle.Commit();
            }

            Assert.Equal("new snapshot", System.IO.File.ReadAllText(Path.Combine(dir, "snapshot.json")));
            Assert.Equal("new report", System.IO.File.ReadAllText(Path.Combine(dir, "report.html")));
            Assert.Equal(2, Directory.GetFiles(dir).Length);
        }
    }
}
