using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Errors;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Tests.Arm;
using static VmssAutoscale.Tests.Diagnosis.ExampleScenarios;

namespace VmssAutoscale.Tests.Reports
{
    /// <summary>
    /// One planted secret per kind of place a secret hides (issue 12, item 6); each is unique, so a
    /// leak names its kind. The one redactor must remove every one of them, wherever it is written.
    /// </summary>
    public class PlantedSecretTests
    {
        private const string Jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJQTEFOVEVEIn0.PLANTEDjwtSig0123456789";

        public static readonly TheoryData<string, string> FreeText = new TheoryData<string, string>
        {
            { "jwt", "token was " + Jwt },
            { "bearer", "Authorization: Bearer PLANTEDbearerOpaque0123" },
            { "basic", "Authorization: Basic UExBTlRFRGJhc2ljOnB3MTIzNDU2" },
            { "account key", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=PLANTEDaccountKey0123;EndpointSuffix=core.windows.net" },
            { "shared access key", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=PLANTEDsharedAccessKey0" },
            { "sas", "backup at https://a.blob.core.windows.net/c/b?sv=2020-08-04&sp=r&sig=PLANTEDsasSig0123%3D" },
            { "functions key", "call https://fn.azurewebsites.net/api/scale?code=PLANTEDfunctionsKey0123" },
            { "userinfo", "proxy https://ops:PLANTEDuserInfoPw@proxy.contoso.com:8080/" },
            { "client secret in a form body", "grant_type=client_credentials&client_id=abc&client_secret=PLANTEDformClientSecret" },
            { "truncated json", "{\"properties\":{\"adminPassword\":\"PLANTEDtruncatedPassword\",\"comm" },
        };

        [Theory]
        [MemberData(nameof(FreeText))]
        public void Secrets_in_free_text_are_masked(string kind, string text)
        {
            var redacted = SecretRedactor.RedactText(text);
            Assert.False(redacted.Contains("PLANTED"), $"{kind}: {redacted}");
            Assert.Contains(SecretRedactor.Marker, redacted);
        }

        [Theory]
        [InlineData("https://hooks.slack.com/services/T000PLANTED/B000PLANTED/PLANTEDslackSecret", "https://hooks.slack.com/services/[REDACTED]/[REDACTED]/[REDACTED]")]
        [InlineData("https://discord.com/api/webhooks/1234567890/PLANTEDdiscordToken", "https://discord.com/api/webhooks/[REDACTED]/[REDACTED]")]
        [InlineData("https://s1events.azure-automation.net/webhooks?token=PLANTEDautomation%2fToken", "https://s1events.azure-automation.net/webhooks?token=[REDACTED]")]
        [InlineData("https://ops:PLANTEDpw@hooks.example.com/scale?key=PLANTEDkey", "https://[REDACTED]@hooks.example.com/scale?key=[REDACTED]")]
        public void Webhook_urls_lose_userinfo_query_values_and_secret_path_segments(string url, string expected) =>
            Assert.Equal(expected, SecretRedactor.RedactUrl(url));

        [Fact]
        public void A_bundle_keeps_no_planted_secret_of_any_kind()
        {
            var id = ScaleSetId("vmss-planted");
            var requestBody = "{\"sku\":{\"capacity\":3},\"properties\":{\"virtualMachineProfile\":{\"osProfile\":{\"adminPassword\":\"PLANTEDrequestPassword\"}}}}";
            var responseBody = "{\"access_token\":\"PLANTEDresponseToken\",\"client_secret\":\"PLANTEDresponseClientSecret\",\"properti";
            var record = JsonParser.Parse($@"{{
  ""operationId"": ""op1"", ""resourceId"": ""{id}"", ""status"": {{ ""value"": ""Started"" }}, ""eventTimestamp"": ""2024-05-01T11:00:00Z"",
  ""httpRequest"": {{ ""method"": ""PUT"", ""header"": ""Authorization: Basic UExBTlRFRGh0dHBCYXNpYzpwdw=="" }},
  ""properties"": {{ ""requestbody"": {JsonWriter.Quote(requestBody)}, ""responseBody"": {JsonWriter.Quote(responseBody)} }}
}}");
            var model = JsonParser.Parse($@"{{
  ""id"": ""{id}"", ""name"": ""vmss-planted"", ""location"": ""eastus"",
  ""tags"": {{ ""note"": ""see {Jwt}"", ""conn"": ""AccountKey=PLANTEDtagAccountKey;"" }},
  ""sku"": {{ ""name"": ""Standard_D2s_v3"", ""capacity"": 2 }},
  ""properties"": {{ ""virtualMachineProfile"": {{ ""extensionProfile"": {{ ""extensions"": [
    {{ ""name"": ""CustomScript"", ""properties"": {{ ""publisher"": ""Microsoft.Compute"", ""type"": ""CustomScriptExtension"",
       ""settings"": {{ ""fileUris"": [ ""https://a.blob.core.windows.net/s/x.ps1?sv=1&sig=PLANTEDfileUriSig"" ],
                       ""commandToExecute"": ""powershell -File x.ps1 -Secret PLANTEDpublicCommand"" }} }} }} ] }} }} }}
}}");
            var setting = JsonParser.Parse($@"{{
  ""id"": ""{SettingId("vmss-planted")}"", ""name"": ""s"", ""properties"": {{ ""enabled"": true, ""targetResourceUri"": ""{id}"", ""profiles"": [],
    ""notifications"": [ {{ ""operation"": ""Scale"", ""webhooks"": [
      {{ ""serviceUri"": ""https://hooks.slack.com/services/T0/B0/PLANTEDslackPath"", ""properties"": {{ ""X-Api-Header"": ""PLANTEDwebhookProperty"" }} }},
      {{ ""serviceUri"": ""https://bot:PLANTEDwebhookUserInfo@hooks.example.com/scale?auth=PLANTEDwebhookQuery"" }} ] }} ] }}
}}");
            var snapshot = new Snapshot
            {
                ModuleVersion = "0.1.0",
                CollectedAt = Now,
                WindowStart = Now.AddHours(-1),
                WindowEnd = Now,
                Description = "customer wrote: Bearer PLANTEDdescriptionBearer and SharedAccessKey=PLANTEDdescriptionKey",
                ScaleSets = new[] { new SnapshotScaleSet { ResourceId = id, Model = model, ActivityLog = new[] { record } } },
                AutoscaleSettings = new[] { setting },
            };

            var json = SnapshotSerializer.ToJson(snapshot);
            Assert.False(json.Contains("PLANTED"), json.Substring(Math.Max(0, json.IndexOf("PLANTED", StringComparison.Ordinal) - 200), Math.Min(400, json.Length - Math.Max(0, json.IndexOf("PLANTED", StringComparison.Ordinal) - 200))));

            // What diagnosis needs stays: the capacity in the request body, where the webhook points.
            var back = JsonParser.Parse(json);
            var body = back["scaleSets"]!.Items[0]["activityLog"]!.Items[0]["properties"]!["requestbody"]!.StringValue!;
            Assert.Equal(3, JsonParser.Parse(body)["sku"]!["capacity"]!.NumberValue);
            Assert.Contains("https://hooks.slack.com/services/", json);
        }

        [Fact]
        public void A_setting_read_from_json_keeps_no_webhook_secret()
        {
            var setting = AutoscaleSettingParser.ParseResource(JsonParser.Parse(
                "{\"name\":\"s\",\"properties\":{\"enabled\":true,\"targetResourceUri\":\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/v\",\"profiles\":[],"
                + "\"notifications\":[{\"operation\":\"Scale\",\"webhooks\":[{\"serviceUri\":\"https://bot:PLANTEDpw@hooks.slack.com/services/T0/B0/PLANTEDslack\"}]}]}}"), "test");
            Assert.Equal("https://[REDACTED]@hooks.slack.com/services/[REDACTED]/[REDACTED]/[REDACTED]", Assert.Single(Assert.Single(setting.Notifications).Webhooks));
        }

        [Fact]
        public async Task A_token_the_service_echoes_in_an_error_body_is_masked()
        {
            var arm = new ScriptedArm(r => ScriptedArm.Json(
                "{\"error\":{\"code\":\"BadRequest\",\"message\":\"The header 'Authorization: Bearer " + Jwt + "' and sig=PLANTEDechoSig are invalid.\"}}", HttpStatusCode.BadRequest));
            using var session = arm.Session();
            var e = await Assert.ThrowsAsync<ModuleException>(() => session.GetScaleSetJsonAsync("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/v", CancellationToken.None));
            Assert.DoesNotContain("PLANTED", e.Message);
            Assert.Contains("BadRequest", e.Message);
        }

        [Fact]
        public void Known_secrets_are_masked_with_the_same_marker()
        {
            var redactor = new SecretRedactor();
            redactor.Add("PLANTEDexactKeyGivenByTheUser");
            Assert.Equal("key [REDACTED] failed", redactor.Redact("key PLANTEDexactKeyGivenByTheUser failed"));
        }
    }
}
