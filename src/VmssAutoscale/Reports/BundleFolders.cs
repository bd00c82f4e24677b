using System;
using System.IO;

namespace VmssAutoscale.Reports
{
    /// <summary>Where a bundle lives on disk, so that writing one never lands inside the one being read.</summary>
    public static class BundleFolders
    {
        /// <summary>
        /// The source bundle's folder when <paramref name="target"/> is that folder or below it; null
        /// otherwise. <paramref name="source"/> is a bundle folder or its snapshot.json. Compared without
        /// regard to case, so that a case-insensitive file system cannot slip a match through.
        /// </summary>
        public static string? Inside(string target, string source)
        {
            var folder = Directory.Exists(source) ? source : Path.GetDirectoryName(Path.GetFullPath(source)) ?? source;
            var root = Normalize(folder);
            var path = Normalize(target);
            return path.Equals(root, StringComparison.OrdinalIgnoreCase)
                || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase)
                ? root
                : null;
        }

        private static string Normalize(string path) =>
            Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
    }
}
