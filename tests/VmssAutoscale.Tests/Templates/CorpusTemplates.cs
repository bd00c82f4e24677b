using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace VmssAutoscale.Tests.Templates
{
    /// <summary>The templates of the optional public corpus (TestFiles.CorpusRoot, folder templates), each with its parameters file when one exists.</summary>
    internal static class CorpusTemplates
    {
        public static string Dir => Path.Combine(TestFiles.CorpusRoot ?? string.Empty, "templates");

        /// <summary>Template file names (azuredeploy.json and prereq.azuredeploy.json, not parameter files).</summary>
        public static IEnumerable<object[]> All()
        {
            if (TestFiles.CorpusRoot == null)
            {
                // xUnit needs at least one row; the CorpusTheory is skipped anyway.
                return new[] { new object[] { "corpus-absent" } };
            }

            return Directory.GetFiles(Dir, "*.json")
                .Select(Path.GetFileName)
                .Where(n => n != null && !n.EndsWith(".parameters.json"))
                .OrderBy(n => n)
                .Select(n => new object[] { n! });
        }

        public static string TemplatePath(string name) => Path.Combine(Dir, name);

        /// <summary>The parameters file that belongs to a template: same prefix, or (vmss-scale-existing) the one of the same folder.</summary>
        public static string? ParametersPath(string name)
        {
            var same = Path.Combine(Dir, name.Replace(".json", ".parameters.json"));
            if (File.Exists(same))
            {
                return same;
            }

            var folder = name.Substring(0, name.IndexOf("__"));
            var candidates = Directory.GetFiles(Dir, folder + "__*azuredeploy.parameters.json")
                .Where(p => !Path.GetFileName(p).Contains("prereq") == !name.Contains("prereq"))
                .ToList();
            return candidates.Count == 1 && !Directory.GetFiles(Dir, folder + "__*" + (name.Contains("prereq") ? "prereq.azuredeploy.json" : "__azuredeploy.json")).Skip(1).Any()
                ? candidates[0]
                : null;
        }
    }
}
