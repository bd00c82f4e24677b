using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Json;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// An <see cref="AutoscaleSetting"/> as the body of the Autoscale Settings REST API's Create Or
    /// Update (api-version 2022-10-01: location, tags, properties with profiles, notifications, enabled,
    /// targetResourceUri; learn.microsoft.com/rest/api/monitor/autoscale-settings/create-or-update,
    /// read 2026-12-07). <see cref="AutoscaleSettingParser"/> reads it back to an equal setting,
    /// except for webhooks, which are left out (see Notification).
    /// </summary>
    public static class AutoscaleSettingJson
    {
        public static string Write(AutoscaleSetting setting) => JsonWriter.Write(ToNode(setting));

        public static JsonNode ToNode(AutoscaleSetting s)
        {
            var props = new List<KeyValuePair<string, JsonNode>>
            {
                P("name", JsonNode.From(s.Name)),
                P("enabled", JsonNode.From(s.Enabled)),
                P("targetResourceUri", JsonNode.From(s.TargetResourceUri)),
            };
            if (s.TargetResourceLocation != null)
            {
                props.Add(P("targetResourceLocation", JsonNode.From(s.TargetResourceLocation)));
            }

            props.Add(P("profiles", JsonNode.Array(s.Profiles.Select(Profile))));
            props.Add(P("notifications", JsonNode.Array(s.Notifications.Select(Notification))));
            if (s.PredictiveAutoscalePolicy is PredictiveAutoscalePolicy predictive)
            {
                var p = new List<KeyValuePair<string, JsonNode>> { P("scaleMode", JsonNode.From(predictive.ScaleMode)) };
                if (predictive.ScaleLookAheadTimeSpan is TimeSpan ahead)
                {
                    p.Add(P("scaleLookAheadTime", JsonNode.From(IsoDuration.Format(ahead))));
                }

                props.Add(P("predictiveAutoscalePolicy", JsonNode.Object(p)));
            }

            var root = new List<KeyValuePair<string, JsonNode>>();
            if (s.Location != null)
            {
                root.Add(P("location", JsonNode.From(s.Location)));
            }

            root.Add(P("tags", JsonNode.Object(s.Tags.Select(t => P(t.Key, JsonNode.From(t.Value))))));
            root.Add(P("properties", JsonNode.Object(props)));
            return JsonNode.Object(root);
        }

        private static JsonNode Profile(AutoscaleProfile p)
        {
            var props = new List<KeyValuePair<string, JsonNode>>
            {
                P("name", JsonNode.From(p.Name)),
                P("capacity", JsonNode.Object(new[]
                {
                    // The service writes the counts as strings.
                    P("minimum", JsonNode.From(p.Capacity.Minimum.ToString(CultureInfo.InvariantCulture))),
                    P("maximum", JsonNode.From(p.Capacity.Maximum.ToString(CultureInfo.InvariantCulture))),
                    P("default", JsonNode.From(p.Capacity.Default.ToString(CultureInfo.InvariantCulture))),
                })),
                P("rules", JsonNode.Array(p.Rules.Select(Rule))),
            };
            if (p.FixedDate is FixedDateWindow f)
            {
                props.Add(P("fixedDate", JsonNode.Object(new[]
                {
                    P("timeZone", JsonNode.From(f.TimeZone)),
                    P("start", JsonNode.From(Time(f.Start, f.StartOffsetSpan))),
                    P("end", JsonNode.From(Time(f.End, f.EndOffsetSpan))),
                })));
            }

            if (p.Recurrence is ProfileRecurrence r)
            {
                props.Add(P("recurrence", JsonNode.Object(new[]
                {
                    P("frequency", JsonNode.From(r.Frequency)),
                    P("schedule", JsonNode.Object(new[]
                    {
                        P("timeZone", JsonNode.From(r.TimeZone)),
                        P("days", JsonNode.Array(r.Days.Select(d => JsonNode.From(d)))),
                        P("hours", JsonNode.Array(r.Hours.Select(h => JsonNode.From((long)h)))),
                        P("minutes", JsonNode.Array(r.Minutes.Select(m => JsonNode.From((long)m)))),
                    })),
                })));
            }

            return JsonNode.Object(props);
        }

        private static JsonNode Rule(ScaleRule rule)
        {
            var t = rule.MetricTrigger;
            var trigger = new List<KeyValuePair<string, JsonNode>>
            {
                P("metricName", JsonNode.From(t.MetricName)),
            };
            if (t.MetricNamespace != null)
            {
                trigger.Add(P("metricNamespace", JsonNode.From(t.MetricNamespace)));
            }

            trigger.Add(P("metricResourceUri", JsonNode.From(t.MetricResourceUri ?? string.Empty)));
            if (t.MetricResourceLocation != null)
            {
                trigger.Add(P("metricResourceLocation", JsonNode.From(t.MetricResourceLocation)));
            }

            trigger.AddRange(new[]
            {
                P("timeGrain", JsonNode.From(IsoDuration.Format(t.TimeGrainSpan))),
                P("statistic", JsonNode.From(t.Statistic)),
                P("timeWindow", JsonNode.From(IsoDuration.Format(t.TimeWindowSpan))),
                P("timeAggregation", JsonNode.From(t.TimeAggregation)),
                P("operator", JsonNode.From(t.Operator)),
                P("threshold", JsonNode.From(t.Threshold)),
                P("dimensions", JsonNode.Array(t.Dimensions.Select(d => JsonNode.Object(new[]
                {
                    P("DimensionName", JsonNode.From(d.DimensionName)),
                    P("Operator", JsonNode.From(d.Operator)),
                    P("Values", JsonNode.Array(d.Values.Select(v => JsonNode.From(v)))),
                })))),
                P("dividePerInstance", JsonNode.From(t.DividePerInstance)),
            });
            var a = rule.ScaleAction;
            return JsonNode.Object(new[]
            {
                P("metricTrigger", JsonNode.Object(trigger)),
                P("scaleAction", JsonNode.Object(new[]
                {
                    P("direction", JsonNode.From(a.Direction)),
                    P("type", JsonNode.From(a.Type)),
                    // The service writes the value as a string too.
                    P("value", JsonNode.From(a.Value.ToString(CultureInfo.InvariantCulture))),
                    P("cooldown", JsonNode.From(IsoDuration.Format(a.CooldownSpan))),
                })),
            });
        }

        private static JsonNode Notification(AutoscaleNotification n) => JsonNode.Object(new[]
        {
            P("operation", JsonNode.From(n.Operation)),
            P("email", JsonNode.Object(new[]
            {
                P("sendToSubscriptionAdministrator", JsonNode.From(n.SendToSubscriptionAdministrator)),
                P("sendToSubscriptionCoAdministrators", JsonNode.From(n.SendToSubscriptionCoAdministrators)),
                P("customEmails", JsonNode.Array(n.CustomEmails.Select(e => JsonNode.From(e)))),
            })),
            // Webhook URLs carry secrets and were redacted when the setting was read: the body leaves them out rather than deploy a broken one.
            P("webhooks", JsonNode.Array(Array.Empty<JsonNode>())),
        });

        private static string Time(DateTime t, TimeSpan? offset) =>
            offset is TimeSpan o ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), o).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

        private static KeyValuePair<string, JsonNode> P(string name, JsonNode value) => new KeyValuePair<string, JsonNode>(name, value);
    }
}
