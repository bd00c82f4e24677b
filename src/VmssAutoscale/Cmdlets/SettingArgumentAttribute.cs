using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Lets a -Setting parameter take an autoscale setting back from what the module wrote
    /// (issue 24): <c>Get-VmssAutoscaleSetting ... | ConvertTo-Json -Depth 16 | ConvertFrom-Json</c>
    /// gives a PSCustomObject with the setting's properties, durations as ISO 8601 text. Its two
    /// shapes that differ from the REST body (a recurrence's schedule flattened onto it, and a
    /// notification's e-mail and webhooks) are put back, and <see cref="AutoscaleSettingParser"/>
    /// reads the rest as it reads any setting, with the same checks. A custom object without
    /// Profiles is refused as an invalid cast, so a piped sample still binds as a sample.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SettingArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (inputData is object[] many)
            {
                return many.Select(item => Transform(engineIntrinsics, item)).ToArray();
            }

            if (!(inputData is PSObject custom && custom.BaseObject is PSCustomObject))
            {
                return inputData;
            }

            if (custom.Properties["Profiles"] == null)
            {
                var names = string.Join(", ", custom.Properties.Select(p => p.Name).Take(8));
                var message = $"The object is not an autoscale setting: it has no Profiles (it has {(names.Length == 0 ? "no properties" : names)}). " +
                              "Give the output of Get-VmssAutoscaleSetting, or that output back from ConvertFrom-Json.";
                // An invalid cast inside lets pipeline binding try the next parameter (a sample binds by property name).
                throw new ArgumentTransformationMetadataException(message, new PSInvalidCastException(message));
            }

            var source = custom.Properties["Source"]?.Value as string;
            try
            {
                var node = RestShape(PowerShellJson.From(custom, "Setting"));
                return AutoscaleSettingParser.ParseResource(node, string.IsNullOrEmpty(source) ? "Json" : source!);
            }
            catch (AutoscaleFormatException e)
            {
                throw new ArgumentTransformationMetadataException($"The object is not an autoscale setting the module can read: {e.Message}", e);
            }
        }

        /// <summary>The setting as the output object has it, with profiles and notifications in the REST body's shape.</summary>
        private static JsonNode RestShape(JsonNode setting) => Replace(setting, new Dictionary<string, Func<JsonNode, JsonNode>>(StringComparer.OrdinalIgnoreCase)
        {
            ["profiles"] = profiles => EachItem(profiles, profile => Replace(profile, new Dictionary<string, Func<JsonNode, JsonNode>>(StringComparer.OrdinalIgnoreCase)
            {
                ["recurrence"] = Recurrence,
                ["fixedDate"] = FixedDate,
            })),
            ["notifications"] = notifications => EachItem(notifications, Notification),
        });

        // Output: {Frequency, TimeZone, Days, Hours, Minutes}; REST: {frequency, schedule: {timeZone, days, hours, minutes}}.
        private static JsonNode Recurrence(JsonNode r) =>
            r.Kind != JsonKind.Object || r.Has("schedule")
                ? r
                : Object(P("frequency", r["frequency"]), P("schedule", Object(P("timeZone", r["timeZone"]), P("days", r["days"]), P("hours", r["hours"]), P("minutes", r["minutes"]))));

        // Output: Start and End as wall-clock times with the offset they were written with beside them (StartOffset PT0S for Z).
        private static JsonNode FixedDate(JsonNode f) =>
            f.Kind != JsonKind.Object
                ? f
                : Object(P("timeZone", f["timeZone"]), P("start", WithOffset(f["start"], f["startOffset"])), P("end", WithOffset(f["end"], f["endOffset"])));

        private static JsonNode? WithOffset(JsonNode? time, JsonNode? offset)
        {
            var text = time?.StringValue;
            if (text == null || offset?.StringValue is not string iso || !SerializedForm.TryParseDuration(iso, out var span) || text.EndsWith("Z", StringComparison.OrdinalIgnoreCase))
            {
                return time;
            }

            var sign = span < TimeSpan.Zero ? "-" : "+";
            return JsonNode.From(span == TimeSpan.Zero ? text + "Z" : text + sign + span.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture));
        }

        // Output: {Operation, SendToSubscriptionAdministrator, SendToSubscriptionCoAdministrators, CustomEmails, Webhooks: [uri]};
        // REST: {operation, email: {sendToSubscriptionAdministrator, sendToSubscriptionCoAdministrators, customEmails}, webhooks: [{serviceUri}]}.
        private static JsonNode Notification(JsonNode n) =>
            n.Kind != JsonKind.Object || n.Has("email")
                ? n
                : Object(
                    P("operation", n["operation"]),
                    P("email", Object(P("sendToSubscriptionAdministrator", n["sendToSubscriptionAdministrator"]), P("sendToSubscriptionCoAdministrators", n["sendToSubscriptionCoAdministrators"]), P("customEmails", n["customEmails"]))),
                    P("webhooks", Webhooks(n["webhooks"])));

        private static JsonNode? Webhooks(JsonNode? hooks) =>
            hooks != null && hooks.Kind == JsonKind.Array
                ? JsonNode.Array(hooks.Items.Select(h => h.Kind == JsonKind.String ? Object(P("serviceUri", h)) : h))
                : hooks;

        private static JsonNode Replace(JsonNode node, IDictionary<string, Func<JsonNode, JsonNode>> change) =>
            node.Kind != JsonKind.Object
                ? node
                : JsonNode.Object(node.Properties.Select(p => change.TryGetValue(p.Key, out var f) && !p.Value.IsNull ? new KeyValuePair<string, JsonNode>(p.Key, f(p.Value)) : p));

        private static JsonNode EachItem(JsonNode array, Func<JsonNode, JsonNode> change) =>
            array.Kind == JsonKind.Array ? JsonNode.Array(array.Items.Select(change)) : array;

        // Absent values are left out, so the parser applies its own defaults and messages.
        private static JsonNode Object(params KeyValuePair<string, JsonNode?>[] properties) =>
            JsonNode.Object(properties.Where(p => p.Value != null).Select(p => new KeyValuePair<string, JsonNode>(p.Key, p.Value!)));

        private static KeyValuePair<string, JsonNode?> P(string name, JsonNode? value) => new KeyValuePair<string, JsonNode?>(name, value);
    }
}
