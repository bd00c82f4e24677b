using System;
using System.IO;
using System.Reflection;

namespace VmssAutoscale.Reports
{
    /// <summary>Where a bundle lives on disk, so that writing one never lands inside the one being read.</summary>
    public static class BundleFolders
    {
        /// <summary>Links followed at most while resolving one path: more is a loop.</summary>
        private const int MaxLinks = 40;

        // FileSystemInfo.LinkTarget (.NET 6 and later, so PowerShell 7); on .NET Framework, where links are rare, paths are compared as written.
        private static readonly PropertyInfo? LinkTarget = typeof(FileSystemInfo).GetProperty("LinkTarget");

        /// <summary>
        /// The source bundle's folder when <paramref name="target"/> is that folder or below it; null
        /// otherwise. <paramref name="source"/> is a bundle folder or its snapshot.json. Both are compared
        /// as their real paths (every symbolic link resolved, "." and ".." removed) and without regard to
        /// case, so that neither a link to the source nor a case-insensitive file system slips a match through.
        /// </summary>
        public static string? Inside(string target, string source)
        {
            var real = RealPath(source);
            var folder = Directory.Exists(real) ? real : Path.GetDirectoryName(real) ?? real;
            var root = Trim(folder);
            var path = Trim(RealPath(target));
            return path.Equals(root, StringComparison.OrdinalIgnoreCase)
                || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase)
                ? root
                : null;
        }

        /// <summary>The full path with every existing link along it resolved; parts that do not exist yet are kept as written.</summary>
        public static string RealPath(string path) => Resolve(path, 0);

        private static string Resolve(string path, int hops)
        {
            var full = Path.GetFullPath(path);
            var root = Path.GetPathRoot(full) ?? string.Empty;
            var parts = full.Substring(root.Length).Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
            var current = root;
            for (var i = 0; i < parts.Length; i++)
            {
                var next = Path.Combine(current, parts[i]);
                if (hops < MaxLinks && LinkOf(next) is string link)
                {
                    // The link's target (absolute, or relative to the link's folder), then the rest of the path, resolved again.
                    var resolved = Path.GetFullPath(Path.Combine(current, link));
                    var rest = string.Join(Path.DirectorySeparatorChar.ToString(), parts, i + 1, parts.Length - i - 1);
                    return Resolve(rest.Length == 0 ? resolved : Path.Combine(resolved, rest), hops + 1);
                }

                current = next;
            }

            return current;
        }

        private static string? LinkOf(string path)
        {
            if (LinkTarget == null)
            {
                return null;
            }

            try
            {
                FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
                return LinkTarget.GetValue(info) as string;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is TargetInvocationException)
            {
                return null;
            }
        }

        private static string Trim(string path) => path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
    }
}
