using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Model;
using static VmssAutoscale.Diagnosis.DiagnosisContext;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// The guide says that when autoscale cannot read data "it is supposed to send you an email".
    /// This check says who the setting notifies (administrators, co-administrators, custom
    /// e-mails, webhooks: hosts only, never a path or query that may hold a secret) and what
    /// autoscale reported as failures in the activity log over the period.
    /// </summary>
    public static class NotificationChecks
    {
        public static Finding Notifications(DiagnosisContext c)
        {
            const string Check = "Notifications";
            var setting = c.Setting;
            if (setting == null)
            {
                return c.Make(Check, GuideSteps.Notifications, FindingStatus.Skipped, DiagnosisSeverity.Info, "No autoscale setting targets this scale set: there is nobody for autoscale to notify.");
            }

            var who = Recipients(setting.Notifications);
            var failures = c.Input.ActivityLog
                .Select(r => (Record: r, Kind: GuideChoices.AutoscaleFailureKind(r)))
                .Where(x => x.Kind != null && x.Record.EventTimestamp <= c.Input.Now)
                // One per operation: a scale action writes Started and Failed records under one operationId.
                .GroupBy(x => (x.Record.OperationId ?? x.Record.EventDataId ?? x.Record.EventTimestamp.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), x.Kind))
                .Select(g => g.OrderBy(x => x.Record.EventTimestamp).Last())
                .OrderBy(x => x.Record.EventTimestamp)
                .ToList();
            var evidence = new List<string> { who.Count == 0 ? $"Setting '{setting.Name}' notifies nobody." : $"Setting '{setting.Name}' notifies: {string.Join("; ", who)}." };
            evidence.AddRange(failures.Select(x => $"{Time(x.Record.EventTimestamp)} {x.Kind}: {Describe(x.Record)}"));
            var period = c.Input.Options.EventPeriod;
            var reported = failures.Count == 0
                ? $"Autoscale reported no failure in the last {Span(period)}."
                // Each failure, with its time and its own words, is in the evidence, one line each; the summary counts them.
                : $"Autoscale reported {Count(failures.Select(x => x.Kind!))} in the last {Span(period)}.";

            if (who.Count == 0)
            {
                // Failures nobody heard of belong in the summary; that there were none is the evidence's to say.
                if (failures.Count == 0)
                {
                    evidence.Add(reported);
                }

                return c.Make(Check, GuideSteps.Notifications, FindingStatus.Warn, failures.Count > 0 ? DiagnosisSeverity.Medium : DiagnosisSeverity.Low,
                    $"Nobody is notified when autoscale scales or fails: setting '{setting.Name}' has no e-mail or webhook.{(failures.Count > 0 ? " " + reported : string.Empty)}",
                    evidence,
                    "Add an e-mail or webhook to the setting, or an Autoscale log alert.");
            }

            if (failures.Count > 0)
            {
                return c.Make(Check, GuideSteps.Notifications, FindingStatus.Warn, DiagnosisSeverity.Low,
                    $"{reported} They were sent to: {string.Join("; ", who)}.",
                    evidence,
                    "Read the failures (Evidence) and the mail they caused; ScaleEvents and DiagnosticsData say what to fix.");
            }

            return c.Make(Check, GuideSteps.Notifications, FindingStatus.Pass, DiagnosisSeverity.Info,
                $"Setting '{setting.Name}' notifies {string.Join("; ", who)}. {reported}", evidence);
        }

        /// <summary>Who is told, in words. Webhooks show their host only: paths and queries of webhook URLs often carry keys.</summary>
        public static IReadOnlyList<string> Recipients(IEnumerable<AutoscaleNotification> notifications)
        {
            var who = new List<string>();
            foreach (var n in notifications)
            {
                if (n.SendToSubscriptionAdministrator)
                {
                    who.Add("the subscription administrator");
                }

                if (n.SendToSubscriptionCoAdministrators)
                {
                    who.Add("the co-administrators");
                }

                who.AddRange(n.CustomEmails.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => "e-mail " + e.Trim()));
                who.AddRange(n.Webhooks.Select(w => "webhook " + Host(w)));
            }

            return who.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }

        private static string Host(string uri) =>
            Uri.TryCreate(uri, UriKind.Absolute, out var u) ? "at " + u.Host : "(not a valid URL)";

        private static string Describe(ActivityLogRecord r)
        {
            var text = ResourceIds.NamesInText(r.Description ?? r.OperationName);
            return Reports.SecretRedactor.RedactText(text.Length > 200 ? text.Substring(0, 200) + "…" : text);
        }

        private static string Count(IEnumerable<string> kinds) =>
            string.Join(", ", kinds.GroupBy(k => k).Select(g => $"{g.Count()} {Words(g.Key)}{(g.Count() == 1 ? string.Empty : "s")}"));

        private static string Words(string kind) => kind switch
        {
            "ScaleActionFailed" => "failed scale action",
            "MetricUnavailable" => "metric-unavailable event",
            _ => "flapping event",
        };

        private static string Span(TimeSpan t) => t.TotalHours >= 1 ? Num(t.TotalHours) + " h" : Minutes(t);
    }
}
