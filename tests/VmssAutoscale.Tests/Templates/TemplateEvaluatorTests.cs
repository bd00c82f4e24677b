using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Templates;

namespace VmssAutoscale.Tests.Templates
{
    public class TemplateEvaluatorTests
    {
        private const string Sub = "/subscriptions/00000000-0000-0000-0000-000000000000";
        private const string Rg = Sub + "/resourceGroups/resourceGroup";

        /// <summary>Evaluates one expression as the value of a variable in a small template.</summary>
        private static JsonNode Eval(string expression, string parameters = "{}", string variables = "{}")
        {
            var json = "{\"$schema\":\"x\",\"parameters\":" + parameters + ",\"variables\":" + MergeVariables(variables, expression) + ",\"resources\":[]}";
            var template = TemplateReader.Read(json, null).ThrowOnError();
            return template.Variables["probe"];
        }

        private static string MergeVariables(string variables, string expression) =>
            variables.TrimEnd().TrimEnd('}') + (variables.Trim() == "{}" ? string.Empty : ",") + "\"probe\":" + JsonWriter.Quote(expression) + "}";

        [Theory]
        [InlineData("[concat('a', 'b', string(1))]", "ab1")]
        [InlineData("[format('{0}-{1:00}', 'vm', 7)]", "vm-07")]
        [InlineData("[toLower('ABC')]", "abc")]
        [InlineData("[toUpper('abc')]", "ABC")]
        [InlineData("[replace('a-b-c', '-', '')]", "abc")]
        [InlineData("[string(add(mul(2, 3), sub(10, div(9, 3))))]", "13")]
        [InlineData("[string(mod(7, 3))]", "1")]
        [InlineData("[if(equals(1, 1), 'yes', 'no')]", "yes")]
        [InlineData("[if(and(true(), not(false())), 'a', 'b')]", "a")]
        [InlineData("[if(or(false(), contains('abc', 'b')), 'a', 'b')]", "a")]
        [InlineData("[string(length(createArray(1, 2, 3)))]", "3")]
        [InlineData("[first(split('a,b,c', ','))]", "a")]
        [InlineData("[last(split('a,b,c', ','))]", "c")]
        [InlineData("[string(take(createArray(1, 2, 3), 2))]", "[1,2]")]
        [InlineData("[string(skip(createArray(1, 2, 3), 2))]", "[3]")]
        [InlineData("[createObject('k', 'v').k]", "v")]
        [InlineData("[json('{\"a\":{\"b\":\"c\"}}').a.b]", "c")]
        [InlineData("[base64ToString(base64('hello'))]", "hello")]
        [InlineData("[uri('https://example.com/a/', 'b.json')]", "https://example.com/a/b.json")]
        [InlineData("[substring('abcdef', 1, 3)]", "bcd")]
        [InlineData("[string(int('42'))]", "42")]
        [InlineData("[string(bool('true'))]", "True")]
        [InlineData("[resourceGroup().name]", "resourceGroup")]
        [InlineData("[subscription().subscriptionId]", "00000000-0000-0000-0000-000000000000")]
        [InlineData("[environment().suffixes.storage]", "core.windows.net")]
        [InlineData("[[notAnExpression]", "[notAnExpression]")]
        public void Functions(string expression, string expected)
        {
            Assert.Equal(expected, Eval(expression).ScalarText ?? Eval(expression).ToString());
        }

        [Theory]
        [InlineData("[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'vmss')]", Rg + "/providers/Microsoft.Compute/virtualMachineScaleSets/vmss")]
        [InlineData("[resourceId('otherRg', 'Microsoft.Compute/virtualMachineScaleSets', 'vmss')]", Sub + "/resourceGroups/otherRg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss")]
        [InlineData("[resourceId('11111111-1111-1111-1111-111111111111', 'otherRg', 'Microsoft.Storage/storageAccounts', 'sa')]", "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/otherRg/providers/Microsoft.Storage/storageAccounts/sa")]
        [InlineData("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'default')]", Rg + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default")]
        [InlineData("[resourceId('Microsoft.Compute/virtualMachineScaleSets/', 'vmss')]", Rg + "/providers/Microsoft.Compute/virtualMachineScaleSets/vmss")]
        [InlineData("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r1')]", Sub + "/providers/Microsoft.Authorization/roleDefinitions/r1")]
        public void ResourceIdForms(string expression, string expected) => Assert.Equal(expected, Eval(expression).StringValue);

        [Fact]
        public void ParametersComeFromDefaultsThenFileThenOverrides()
        {
            const string T = "{\"$schema\":\"x\",\"parameters\":{\"a\":{\"type\":\"string\",\"defaultValue\":\"default\"},\"b\":{\"type\":\"string\",\"defaultValue\":\"[concat(parameters('a'), '!')]\"}},\"variables\":{\"v\":\"[concat(parameters('a'), '/', parameters('b'))]\"},\"resources\":[]}";
            Assert.Equal("default/default!", TemplateReader.Read(T, null).Variables["v"].StringValue);
            Assert.Equal("file/file!", TemplateReader.Read(T, null, "{\"$schema\":\"p\",\"parameters\":{\"a\":{\"value\":\"file\"}}}", "p.json").Variables["v"].StringValue);
            var overridden = TemplateReader.Read(T, null, "{\"$schema\":\"p\",\"parameters\":{\"a\":{\"value\":\"file\"}}}", "p.json", new Dictionary<string, JsonNode> { ["A"] = JsonNode.From("over") });
            Assert.Equal("over/over!", overridden.Variables["v"].StringValue);
        }

        [Fact]
        public void NestedVariablesAndVariableCopyLoops()
        {
            const string T = "{\"$schema\":\"x\",\"variables\":{\"os\":{\"image\":{\"sku\":\"[variables('sku')]\"}},\"sku\":\"22_04\",\"pick\":\"[variables('os').image.sku]\"," +
                             "\"copy\":[{\"name\":\"disks\",\"count\":3,\"input\":{\"lun\":\"[copyIndex('disks')]\"}}]},\"resources\":[]}";
            var t = TemplateReader.Read(T, null).ThrowOnError();
            Assert.Equal("22_04", t.Variables["pick"].StringValue);
            Assert.Equal(new[] { "0", "1", "2" }, t.Variables["disks"].Items.Select(i => i["lun"]!.ScalarText).ToArray());
        }

        [Fact]
        public void CopyLoopsChildResourcesAndInlineNestedDeployments()
        {
            const string T = @"{ ""$schema"": ""x"", ""parameters"": { ""n"": { ""type"": ""int"", ""defaultValue"": 3 } },
              ""resources"": [
                { ""type"": ""Microsoft.Storage/storageAccounts"", ""name"": ""[concat('sa', copyIndex(1))]"", ""copy"": { ""name"": ""loop"", ""count"": ""[parameters('n')]"" } },
                { ""type"": ""Microsoft.Compute/virtualMachineScaleSets"", ""name"": ""vmss"",
                  ""properties"": { ""copy"": [ { ""name"": ""tags"", ""count"": 2, ""input"": ""[concat('t', copyIndex('tags'))]"" } ] },
                  ""resources"": [ { ""type"": ""extensions"", ""name"": ""diag"" } ] },
                { ""type"": ""Microsoft.Resources/deployments"", ""name"": ""inner"",
                  ""properties"": { ""mode"": ""Incremental"", ""expressionEvaluationOptions"": { ""scope"": ""inner"" },
                    ""parameters"": { ""x"": { ""value"": ""[parameters('n')]"" } },
                    ""template"": { ""$schema"": ""x"", ""parameters"": { ""x"": { ""type"": ""int"" } },
                      ""resources"": [ { ""type"": ""Microsoft.Insights/autoscaleSettings"", ""name"": ""[concat('as', parameters('x'))]"" } ] } } } ] }";
            var t = TemplateReader.Read(T, null).ThrowOnError();
            Assert.Equal(new[] { "sa1", "sa2", "sa3" }, t.Resources.Where(r => r.IsType("Microsoft.Storage/storageAccounts")).Select(r => r.Name).ToArray());
            Assert.Contains(t.Resources, r => r.Type == "Microsoft.Compute/virtualMachineScaleSets/extensions" && r.Name == "vmss/diag" && r.Id.EndsWith("/virtualMachineScaleSets/vmss/extensions/diag"));
            Assert.Equal("t1", t.Resources.Single(r => r.Name == "vmss").Node["properties"]!["tags"]!.Items[1].StringValue);
            Assert.Contains(t.Resources, r => r.Name == "as3");
            Assert.Equal("loop", t.Resources.First().CopyName);
        }

        [Fact]
        public void DeploymentTimeValuesStaySymbolicAndIdenticalOnesCompareEqual()
        {
            var a = Eval("[concat('sa', uniqueString(resourceGroup().id))]").StringValue!;
            var b = Eval("[concat('sa', uniqueString(resourceGroup().id))]").StringValue!;
            var c = Eval("[concat('sa', uniqueString(resourceGroup().id, 'x'))]").StringValue!;
            Assert.True(SymbolTable.IsSymbolic(a));
            Assert.Equal(a, b);
            Assert.NotEqual(a, c);
            Assert.Equal("sa[uniqueString('" + Rg + "')]", SymbolTable.Display(a));
            Assert.Equal("True", Eval("[string(equals(reference('x').id, reference('x').id))]").StringValue);
        }

        [Fact]
        public void SubstringOfAKnownPrefixIsKnownAndCaseChangesDoNotChangeAnId()
        {
            Assert.Equal("webvmss", Eval("[toLower(substring(concat('WEBVMSS01', uniqueString(resourceGroup().id)), 0, 7))]").StringValue);
            var lower = Eval("[resourceId('Microsoft.Compute/virtualMachineScaleSets', toLower(parameters('n')))]", "{\"n\":{\"type\":\"string\"}}").StringValue!;
            var raw = Eval("[resourceId('Microsoft.Compute/virtualMachineScaleSets', parameters('n'))]", "{\"n\":{\"type\":\"string\"}}").StringValue!;
            Assert.NotEqual(lower, raw);
            Assert.Equal(SymbolTable.IdKey(raw), SymbolTable.IdKey(lower));
        }

        [Fact]
        public void ListKeysKeepsItsArgumentsForTheChecks()
        {
            const string T = "{\"$schema\":\"x\",\"variables\":{\"k\":\"[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'diag'), '2019-06-01').keys[0].value]\"},\"resources\":[]}";
            var t = TemplateReader.Read(T, null).ThrowOnError();
            var call = t.Symbols.AsSingle(t.Variables["k"].StringValue)!;
            Assert.Equal("listKeys", call.Function);
            Assert.EndsWith("/storageAccounts/diag", call.Args[0].StringValue);
            Assert.Equal(new[] { "keys", "0", "value" }, call.Members.ToArray());
        }

        [Fact]
        public void ConditionFalseSkipsTheResource()
        {
            const string T = "{\"$schema\":\"x\",\"resources\":[{\"condition\":\"[equals('a','b')]\",\"type\":\"Microsoft.Storage/storageAccounts\",\"name\":\"x\"},{\"type\":\"Microsoft.Storage/storageAccounts\",\"name\":\"y\"}]}";
            Assert.Equal("y", Assert.Single(TemplateReader.Read(T, null).Resources).Name);
        }

        [Fact]
        public void WadXmlInsideSymbolicBase64IsStillRead()
        {
            var t = TemplateReader.ReadFile(TestFiles.Fixture("templates", "clean-windows-wad.json"));
            var vmss = t.Resources.Single(r => r.IsType("Microsoft.Compute/virtualMachineScaleSets"));
            var ext = vmss.Node["properties"]!["virtualMachineProfile"]!["extensionProfile"]!["extensions"]!.Items[0];
            var config = DiagnosticsConfig.Read(ext, t.Symbols)!;
            Assert.True(config.ConfigurationKnown);
            Assert.Equal(DiagnosticsAgent.Wad, config.Agent);
            Assert.Equal(new[] { @"\Processor(_Total)\% Processor Time" }, config.Counters.ToArray());
            Assert.EndsWith("/virtualMachineScaleSets/webvmss", config.MetricsResourceId);
            Assert.True(config.HasMetricAggregation);
        }
    }
}
