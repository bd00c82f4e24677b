using System;
using System.Text.Json.Nodes;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// Activity-log records a test seeds for one scale set (e.g. text a caller or a server could
    /// put in them): a manual capacity change, Started then Succeeded, with the caller, description,
    /// sub-status and properties.statusMessage given. subStatus is written flat, as some exports
    /// write the {value, localizedValue} fields.
    /// </summary>
    public sealed partial class FakeArmService
    {
        private void SeedActivityLog(JsonObject root)
        {
            foreach (var a in Items(root, "activityLog"))
            {
                var scaleSetId = ScaleSetId(Str(a, "resourceGroup"), Str(a, "scaleSet"));
                var operationId = Guid.NewGuid().ToString();
                foreach (var (status, offset) in new[] { ("Started", TimeSpan.Zero), ("Succeeded", TimeSpan.FromSeconds(60)) })
                {
                    var properties = new JsonObject { ["requestbody"] = "{\"sku\":{\"capacity\":3}}" };
                    if ((string?)a["statusMessage"] is string message)
                    {
                        properties["statusMessage"] = message;
                    }

                    var e = Event(scaleSetId, "Microsoft.Compute/virtualMachineScaleSets/write", status == "Started" ? "BeginRequest" : "EndRequest", "Administrative", status,
                        Now - TimeSpan.FromHours(2) + offset, operationId, (string?)a["caller"] ?? "operator@contoso.com", (string?)a["description"] ?? string.Empty, properties);
                    if ((string?)a["subStatus"] is string subStatus)
                    {
                        e["subStatus"] = subStatus;
                    }

                    events.Add(e);
                }
            }
        }
    }
}
