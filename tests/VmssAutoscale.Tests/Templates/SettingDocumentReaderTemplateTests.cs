using VmssAutoscale.Model;
using VmssAutoscale.Sources;

namespace VmssAutoscale.Tests.Templates
{
    /// <summary>Get-VmssAutoscaleSetting -Path on a template reads evaluated values, not expression text.</summary>
    public class SettingDocumentReaderTemplateTests
    {
        [Fact]
        public void ParameterDefaultsAndVariablesAreEvaluated()
        {
            var settings = SettingDocumentReader.Read(TestFiles.ReadFixture("templates", "clean-linux.json"), "clean-linux.json");
            var setting = Assert.Single(settings);
            Assert.Equal("webvmss-autoscale", setting.Name);
            Assert.EndsWith("/virtualMachineScaleSets/webvmss", setting.TargetResourceUri);
            Assert.Equal(2, setting.Profiles[0].Capacity.Default);
        }

        [Fact]
        public void AParametersDocumentOverridesDefaults()
        {
            var template = VmssAutoscale.Json.JsonParser.Parse(TestFiles.ReadFixture("templates", "malformed-missing-parameter.json"));
            var parameters = VmssAutoscale.Json.JsonParser.Parse("{\"$schema\":\"p\",\"parameters\":{\"minimumInstances\":{\"value\":\"3\"}}}");
            var setting = Assert.Single(SettingDocumentReader.ReadTemplate(template, "t.json", parameters, "p.json"));
            Assert.Equal(3, setting.Profiles[0].Capacity.Minimum);
        }

        [Fact]
        public void AMissingValueIsAFormatErrorNamingTheLine()
        {
            var e = Assert.Throws<AutoscaleFormatException>(() => SettingDocumentReader.Read(TestFiles.ReadFixture("templates", "malformed-missing-parameter.json"), "m.json"));
            Assert.Equal(19, e.Line);
            Assert.Equal("resources[0].properties.profiles[0].capacity.minimum", e.JsonPath);
            Assert.Contains("minimumInstances", e.Message);
        }

        [Fact]
        public void ErrorsOutsideTheAutoscaleResourcesDoNotStopTheRead()
        {
            // Break only the scale set (the first use of the variable); the autoscale resource stays valid.
            var original = TestFiles.ReadFixture("templates", "clean-linux.json");
            var at = original.IndexOf("[variables('location')]", System.StringComparison.Ordinal);
            var text = original.Substring(0, at) + "[variables('nowhere')]" + original.Substring(at + "[variables('location')]".Length);
            Assert.Equal(2, Assert.Single(SettingDocumentReader.Read(text, "x.json")).RuleCount);
        }
    }
}
