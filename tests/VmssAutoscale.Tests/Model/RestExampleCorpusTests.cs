using System.Collections.Generic;
using System.IO;
using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Tests.Model
{
    /// <summary>The public REST API examples of Azure/azure-rest-api-specs in the optional corpus (TestFiles.CorpusRoot; skipped, never passed, when absent).</summary>
    public class RestExampleCorpusTests
    {
        private static string Example(string name) => Path.Combine(TestFiles.CorpusRoot!, "rest-examples", name);

        private static IReadOnlyList<AutoscaleSetting> Read(string name) =>
            SettingDocumentReader.Read(File.ReadAllText(Example(name)), name);

        [CorpusFact]
        public void Every_autoscale_setting_example_parses()
        {
            var files = Directory.GetFiles(Path.Combine(TestFiles.CorpusRoot!, "rest-examples"), "monitor__*AutoscaleSetting*.json")
                .Where(f => !Path.GetFileName(f).Contains("delete")) // delete examples carry no setting body
                .ToList();
            Assert.NotEmpty(files);
            foreach (var f in files)
            {
                var settings = SettingDocumentReader.Read(File.ReadAllText(f), f);
                Assert.All(settings, s => Assert.NotEmpty(s.Profiles));
            }
        }

        [CorpusTheory]
        [InlineData("monitor__2015-04-01__getAutoscaleSetting.json", 1, 2, 2)]
        [InlineData("monitor__2021-05-01-preview__getAutoscaleSetting.json", 1, 2, 2)]
        [InlineData("monitor__2022-10-01__getAutoscaleSetting.json", 1, 2, 2)]
        [InlineData("monitor__2022-10-01__createOrUpdateAutoscaleSetting.json", 1, 2, 2)]
        [InlineData("monitor__2014-04-01__getAutoscaleSetting.json", 1, 2, 2)]
        public void Single_setting_examples_have_the_expected_profiles_and_rules(string file, int settings, int profiles, int rulesPerProfile)
        {
            var read = Read(file);
            Assert.Equal(settings, read.Count);
            Assert.Equal(profiles, read[0].Profiles.Count);
            Assert.All(read[0].Profiles, p => Assert.Equal(rulesPerProfile, p.Rules.Count));
        }

        [CorpusTheory]
        [InlineData("monitor__2015-04-01__listAutoscaleSetting.json")]
        [InlineData("monitor__2022-10-01__listAutoscaleSettingBySubscription.json")]
        public void List_examples_give_every_setting_of_the_value_array(string file)
        {
            var read = Read(file);
            Assert.True(read.Count >= 1);
            Assert.All(read, s => Assert.False(string.IsNullOrEmpty(s.TargetResourceUri)));
        }
    }
}
