using System;
using System.IO;

namespace VmssAutoscale.Tests
{
    /// <summary>Locates the repository and the optional public corpus (public templates and REST examples, kept outside the clone).</summary>
    internal static class TestFiles
    {
        public static string RepoRoot { get; } = FindRepoRoot();

        /// <summary>Our own fixtures, committed under tests/fixtures.</summary>
        public static string Fixture(params string[] parts) => Path.Combine(RepoRoot, "tests", "fixtures", Path.Combine(parts));

        public static string ReadFixture(params string[] parts) => File.ReadAllText(Fixture(parts));

        /// <summary>
        /// A new path for a test's scratch file or folder, inside the clone (out/test-tmp, ignored by
        /// git) and never in the machine's temp folder: a test must write nothing outside the clone.
        /// The caller deletes what it made; `build.ps1 -Task Clean` removes any leftover with out/.
        /// </summary>
        public static string ScratchPath(string prefix, string extension = "")
        {
            var dir = Path.Combine(RepoRoot, "out", "test-tmp");
            Directory.CreateDirectory(dir);
            return Path.Combine(dir, prefix + "-" + Guid.NewGuid().ToString("N") + extension);
        }

        /// <summary>
        /// The example bundles under examples/: the folders that hold a snapshot.json. Other example
        /// folders (a setting and its samples for Optimize-VmssAutoscaleSetting) are not bundles.
        /// </summary>
        public static string[] ExampleBundles() =>
            Array.FindAll(Directory.GetDirectories(Path.Combine(RepoRoot, "examples")), d => File.Exists(Path.Combine(d, "snapshot.json")));

        /// <summary>The shared public corpus, when this checkout has one beside it; null otherwise.</summary>
        public static string? CorpusRoot
        {
            get
            {
                var env = Environment.GetEnvironmentVariable("VMSSAUTOSCALE_CORPUS");
                var candidate = !string.IsNullOrEmpty(env) ? env! : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        private static string FindRepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "VmssAutoscale.psd1")) && !File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
        }
    }
}
