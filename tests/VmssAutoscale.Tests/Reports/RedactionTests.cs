using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Tests.Diagnosis;
using static VmssAutoscale.Tests.Diagnosis.ExampleScenarios;

namespace VmssAutoscale.Tests.Reports
{
    public class RedactionTests
    {
        // Each planted secret is unique, so a leak names the place it came from.
        private const string StorageKey = "PLANTEDkey1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd==";
        private const string SasSig = "PLANTEDsasSig0123456789abcdefXYZ%3D";
        private const string Jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJQTEFOVEVEand0In0.PLANTEDjwtSignature0123456789";
        private const string AdminPassword = "PLANTEDadminP@ssw0rd!";
        private const string ClientSecret = "PLANTEDclientSecretValue42";
        private const string EventHubKey = "PLANTEDeventHubKeyValue77";
        private const string CustomData = "PLANTEDcustomDataScript";
        private const string SecureDefault = "PLANTEDsecureParameterDefault";
        private const string WebhookToken = "PLANTEDwebhookToken99";

        private static readonly string[] Planted =
        {
            StorageKey, SasSig, "PLANTEDjwtSignature0123456789", AdminPassword, ClientSecret, EventHubKey, CustomData, SecureDefault, WebhookToken,
            "PLANTEDsasInTag", "PLANTEDlistKeysLiteral", "PLANTEDrequestBodyPassword", "PLANTEDnumericPin", "PLANTEDconnInTag", "PLANTEDuserData",
        };

        private static JsonNode Parse(string json) => JsonParser.Parse(json);

        private static Snapshot Contaminated()
        {
            var id = ScaleSetId("vmss-secrets");
            var xml = "<WadCfg><DiagnosticMonitorConfiguration><SinksConfig><Sink name=\"hub\"><EventHub Url=\"https://ns.servicebus.windows.net/diag\" SharedAccessKeyName=\"send\" SharedAccessKey=\"" + EventHubKey + "\"/></Sink></SinksConfig>"
                + $"<Metrics resourceId=\"{id}\"/></DiagnosticMonitorConfiguration></WadCfg>";
            var model = Parse($@"{{
  ""id"": ""{id}"", ""name"": ""vmss-secrets"", ""location"": ""eastus"",
  ""tags"": {{ ""note"": ""backup at https://acct.blob.core.windows.net/c/b?sv=2020-08-04&sp=r&sig=PLANTEDsasInTag"",
             ""conn"": ""DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=PLANTEDconnInTag;EndpointSuffix=core.windows.net"" }},
  ""sku"": {{ ""name"": ""Standard_D2s_v3"", ""tier"": ""Standard"", ""capacity"": 2 }},
  ""properties"": {{
    ""provisioningState"": ""Succeeded"",
    ""virtualMachineProfile"": {{
      ""osProfile"": {{ ""computerNamePrefix"": ""web"", ""adminUsername"": ""azureadmin"", ""adminPassword"": ""{AdminPassword}"",
                      ""customData"": ""{Convert.ToBase64String(Encoding.UTF8.GetBytes("#!/bin/sh\necho " + CustomData))}"",
                      ""windowsConfiguration"": {{ ""provisionVMAgent"": true }},
                      ""secrets"": [ {{ ""sourceVault"": {{ ""id"": ""/subscriptions/x/vault"" }}, ""vaultCertificates"": [ {{ ""certificateUrl"": ""https://kv.vault.azure.net/secrets/c/1"" }} ] }} ] }},
      ""userData"": ""{Convert.ToBase64String(Encoding.UTF8.GetBytes("PLANTEDuserData"))}"",
      ""storageProfile"": {{ ""osDisk"": {{ ""osType"": ""Windows"" }} }},
      ""extensionProfile"": {{ ""extensions"": [
        {{ ""name"": ""Microsoft.Insights.VMDiagnosticsSettings"", ""properties"": {{ ""publisher"": ""Microsoft.Azure.Diagnostics"", ""type"": ""IaaSDiagnostics"", ""typeHandlerVersion"": ""1.5"",
           ""settings"": {{ ""xmlCfg"": ""{Convert.ToBase64String(Encoding.UTF8.GetBytes(xml))}"", ""storageAccount"": ""diagacct"" }},
           ""protectedSettings"": {{ ""storageAccountName"": ""diagacct"", ""storageAccountKey"": ""{StorageKey}"", ""storageAccountEndPoint"": ""https://core.windows.net"",
                                   ""pin"": 9876543210, ""nested"": {{ ""clientSecret"": ""{ClientSecret}"" }} }} }} }},
        {{ ""name"": ""CustomScript"", ""properties"": {{ ""publisher"": ""Microsoft.Compute"", ""type"": ""CustomScriptExtension"", ""typeHandlerVersion"": ""1.10"",
           ""settings"": {{ ""fileUris"": [ ""https://acct.blob.core.windows.net/scripts/setup.ps1?sv=2020-08-04&se=2030-01-01&sp=r&sig={SasSig}"" ] }},
           ""protectedSettings"": {{ ""commandToExecute"": ""powershell -File setup.ps1 -Password {AdminPassword}"", ""managedIdentity"": {{ }} }} }} }}
      ] }}
    }}
  }}
}}");
            var requestBody = JsonWriter.Write(Parse($@"{{ ""sku"": {{ ""capacity"": 3 }}, ""properties"": {{ ""virtualMachineProfile"": {{ ""osProfile"": {{ ""adminPassword"": ""PLANTEDrequestBodyPassword"" }} }} }} }}"), false);
            var record = Parse($@"{{
  ""caller"": ""alice@contoso.com"", ""operationId"": ""op1"", ""eventDataId"": ""e1"",
  ""claims"": {{ ""http://schemas.microsoft.com/claims/authnclassreference"": ""1"", ""token"": ""{Jwt}"" }},
  ""httpRequest"": {{ ""clientRequestId"": ""r1"", ""clientIpAddress"": ""10.0.0.1"", ""method"": ""PUT"", ""header"": ""Authorization: Bearer {Jwt}"" }},
  ""resourceId"": ""{id}"", ""operationName"": {{ ""value"": ""Microsoft.Compute/virtualMachineScaleSets/write"" }},
  ""properties"": {{ ""requestbody"": {JsonWriter.Quote(requestBody)}, ""statusCode"": ""Created"" }},
  ""status"": {{ ""value"": ""Started"" }}, ""eventTimestamp"": ""2024-05-01T11:00:00Z""
}}");
            var setting = Parse($@"{{
  ""id"": ""{SettingId("vmss-secrets")}"", ""name"": ""vmss-secrets-autoscale"", ""location"": ""eastus"",
  ""properties"": {{ ""enabled"": true, ""targetResourceUri"": ""{id}"", ""profiles"": [],
    ""notifications"": [ {{ ""operation"": ""Scale"", ""webhooks"": [ {{ ""serviceUri"": ""https://hooks.example.com/scale?code=abc&sig={SasSig}"", ""properties"": {{ ""token"": ""{WebhookToken}"" }} }} ] }} ] }}
}}");
            var template = Parse($@"{{
  ""$schema"": ""https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"",
  ""parameters"": {{
    ""adminPassword"": {{ ""type"": ""securestring"", ""defaultValue"": ""{AdminPassword}"" }},
    ""bootstrap"": {{ ""type"": ""secureObject"", ""defaultValue"": {{ ""x"": ""{SecureDefault}"" }} }},
    ""instanceCount"": {{ ""type"": ""int"", ""defaultValue"": 2 }}
  }},
  ""resources"": [ {{ ""type"": ""Microsoft.Compute/virtualMachineScaleSets/extensions"", ""name"": ""vmss/diag"",
     ""properties"": {{ ""protectedSettings"": {{
         ""storageAccountName"": ""[variables('diagAccount')]"",
         ""storageAccountKey"": ""[listKeys(variables('accountid'), '2015-06-15').key1]"",
         ""storageAccountEndPoint"": ""https://core.windows.net"",
         ""literalKey"": ""[concat('PLANTEDlistKeysLiteral', '')]"" }} }} }} ]
}}");
            var full = Contaminate(model);
            return new Snapshot
            {
                ModuleVersion = "0.1.0",
                CollectedAt = Now,
                WindowStart = Now.AddHours(-1),
                WindowEnd = Now,
                Description = $"Customer pasted a token: Bearer {Jwt}",
                ScaleSets = new[]
                {
                    new SnapshotScaleSet
                    {
                        ResourceId = id,
                        Model = full,
                        InstanceView = Parse(@"{""statuses"":[{""code"":""ProvisioningState/succeeded"",""message"":""AccountKey=PLANTEDconnInTag;""}]}"),
                        ActivityLog = new[] { record },
                        Samples = new[] { new MetricSample { Instance = "web0", Timestamp = Now.AddMinutes(-1), MetricName = "Percentage CPU", Value = 50 } },
                        Findings = new[] { new Finding { Check = "X", Summary = "saw sig=" + SasSig + " in a URL", Evidence = new[] { "token " + Jwt } } },
                    },
                },
                AutoscaleSettings = new[] { setting },
                Template = template,
                TemplateFileName = "azuredeploy.json",
            };
        }

        // The model with a numeric secret under a telling name, outside protectedSettings.
        private static JsonNode Contaminate(JsonNode model) =>
            JsonNode.Object(model.Properties.Concat(new[] { new KeyValuePair<string, JsonNode>("licenseKey", JsonNode.From("PLANTEDnumericPin")) }).ToList());

        [Fact]
        public void No_planted_secret_survives_in_the_bundle()
        {
            var json = SnapshotSerializer.ToJson(Contaminated());
            foreach (var secret in Planted)
            {
                Assert.DoesNotContain(secret, json);
            }

            // Base64 fields are decoded and checked too: a secret inside xmlCfg must not hide there.
            foreach (var token in json.Split('"').Where(t => t.Length >= 16 && t.Length % 4 == 0))
            {
                string decoded;
                try
                {
                    decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                }
                catch (FormatException)
                {
                    continue;
                }

                foreach (var secret in Planted)
                {
                    Assert.DoesNotContain(secret, decoded);
                }
            }
        }

        [Fact]
        public void What_diagnosis_needs_survives_redaction()
        {
            var node = JsonParser.Parse(SnapshotSerializer.ToJson(Contaminated()));
            var model = node["scaleSets"]!.Items[0]["model"]!;
            var ext = model["properties"]!["virtualMachineProfile"]!["extensionProfile"]!["extensions"]!.Items[0]["properties"]!;
            Assert.Equal("diagacct", ext["protectedSettings"]!["storageAccountName"]!.StringValue);
            Assert.Equal(SecretRedactor.Marker, ext["protectedSettings"]!["storageAccountKey"]!.StringValue);
            Assert.Equal("Standard_D2s_v3", model["sku"]!["name"]!.StringValue);
            Assert.Equal("azureadmin", model["properties"]!["virtualMachineProfile"]!["osProfile"]!["adminUsername"]!.StringValue);
            Assert.True(model["properties"]!["virtualMachineProfile"]!["osProfile"]!["windowsConfiguration"]!["provisionVMAgent"]!.BooleanValue);

            // The SAS URL keeps where it points and what it allowed; only the signature goes.
            var uri = model["properties"]!["virtualMachineProfile"]!["extensionProfile"]!["extensions"]!.Items[1]["properties"]!["settings"]!["fileUris"]!.Items[0].StringValue!;
            Assert.StartsWith("https://acct.blob.core.windows.net/scripts/setup.ps1?sv=2020-08-04&se=2030-01-01&sp=r&sig=[REDACTED]", uri);

            // Template references are not secrets and the template checks need them.
            var template = node["template"]!["content"]!;
            Assert.Equal("[listKeys(variables('accountid'), '2015-06-15').key1]", template["resources"]!.Items[0]["properties"]!["protectedSettings"]!["storageAccountKey"]!.StringValue);
            Assert.Equal(2, template["parameters"]!["instanceCount"]!["defaultValue"]!.NumberValue);

            // The activity log's request body is still JSON with its capacity, for the scale-event merge.
            var body = node["scaleSets"]!.Items[0]["activityLog"]!.Items[0]["properties"]!["requestbody"]!.StringValue!;
            Assert.Equal(3, JsonParser.Parse(body)["sku"]!["capacity"]!.NumberValue);
        }

        [Fact]
        public void The_report_holds_no_planted_secret()
        {
            var snapshot = Contaminated();
            var result = ExamplesTests.Diagnose(snapshot);
            var html = HtmlReport.Render(new[] { result }, snapshot.Description);
            foreach (var secret in Planted)
            {
                Assert.DoesNotContain(secret, html);
            }
        }

        [Theory]
        [InlineData("https://a.blob.core.windows.net/c?sv=1&sig=abc%2Bdef&se=2", "https://a.blob.core.windows.net/c?sv=1&sig=[REDACTED]&se=2")]
        [InlineData("Endpoint=sb://ns/;SharedAccessKeyName=k;SharedAccessKey=xyz=;EntityPath=q", "Endpoint=sb://ns/;SharedAccessKeyName=k;SharedAccessKey=[REDACTED];EntityPath=q")]
        [InlineData("no secret here: sigma=1", "no secret here: sigma=1")]
        public void Text_redaction_keeps_the_shape(string input, string expected) =>
            Assert.Equal(expected, SecretRedactor.RedactText(input));
    }
}
