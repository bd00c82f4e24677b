using System;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>
    /// Metrics whose threshold the service reads as "per instance" whether or not the rule sets
    /// dividePerInstance: the queue lengths. autoscale-common-metrics.md (MicrosoftDocs/azure-monitor-docs,
    /// "Commonly used Storage metrics" and "Commonly used Service Bus metrics") says the threshold for a
    /// Storage queue's ApproximateMessageCount and a Service Bus queue's or subscription's
    /// ActiveMessageCount / MessageCount is the number of messages per instance ("threshold 100 with 2
    /// instances fires at 200 in total"), and its JSON examples carry no dividePerInstance;
    /// autoscale-best-practices.md works the same numbers (50 messages over 2 instances is 25 each).
    /// This is the one list the engine, the flapping estimate and the Reasons consult.
    /// </summary>
    public static class PerInstanceThresholdMetrics
    {
        private static readonly (string Provider, string Metric)[] Entries =
        {
            ("Microsoft.Storage/storageAccounts", "ApproximateMessageCount"),
            ("Microsoft.ServiceBus/namespaces", "ActiveMessageCount"),
            ("Microsoft.ServiceBus/namespaces", "MessageCount"),
        };

        /// <summary>True when the rule's metric is a queue length the service divides by the instance count.</summary>
        public static bool Contains(MetricTrigger trigger)
        {
            var resource = trigger.MetricResourceUri;
            if (string.IsNullOrWhiteSpace(resource))
            {
                // A queue length is never a metric of the scale set itself.
                return false;
            }

            foreach (var (provider, metric) in Entries)
            {
                if (string.Equals(trigger.MetricName, metric, StringComparison.OrdinalIgnoreCase)
                    && resource!.IndexOf("/providers/" + provider + "/", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the engine compares the rule's value divided by the current capacity: dividePerInstance, or a metric in this list.</summary>
        public static bool Divides(MetricTrigger trigger) => trigger.DividePerInstance || Contains(trigger);
    }
}
