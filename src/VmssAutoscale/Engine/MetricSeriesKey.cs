using System;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>
    /// Which series of samples a rule reads: (resource, namespace, metric name). Two rules naming the
    /// same metric on two resources must never see one merged series, so the engine keys its windows
    /// by all three. Normal forms: the setting's target (or an empty resource) is the empty string,
    /// other ARM IDs compare case-insensitively (lower case, no trailing slash); the resource's
    /// default namespace (its provider and type, e.g. microsoft.compute/virtualmachinescalesets) and
    /// an empty namespace are both the empty string. Metric names compare exactly, as the service does.
    /// </summary>
    public static class MetricSeriesKey
    {
        private const char Separator = '\n';

        /// <summary>The key of a sample's series.</summary>
        public static string Of(string? resourceId, string? metricNamespace, string metricName, string? targetResourceId) =>
            Compose(Resource(resourceId, targetResourceId), Namespace(metricNamespace, resourceId, targetResourceId), metricName);

        /// <summary>The key a rule reads first.</summary>
        public static string Of(MetricTrigger trigger, string? targetResourceId) =>
            Of(trigger.MetricResourceUri, trigger.MetricNamespace, trigger.MetricName, targetResourceId);

        /// <summary>
        /// The key a rule reads when no sample carries its namespace: the same resource and metric
        /// without a namespace (a CSV or snapshot written before samples carried one). Null when the
        /// rule names no namespace of its own, so there is nothing to fall back from.
        /// </summary>
        public static string? Fallback(MetricTrigger trigger, string? targetResourceId)
        {
            var ns = Namespace(trigger.MetricNamespace, trigger.MetricResourceUri, targetResourceId);
            return ns.Length == 0 ? null : Compose(Resource(trigger.MetricResourceUri, targetResourceId), string.Empty, trigger.MetricName);
        }

        /// <summary>True when the rule reads the setting's target (no metricResourceUri, or the target's own ID).</summary>
        public static bool ReadsTarget(MetricTrigger trigger, string? targetResourceId) =>
            Resource(trigger.MetricResourceUri, targetResourceId).Length == 0;

        /// <summary>True when a key belongs to the setting's target.</summary>
        public static bool IsTarget(string key) => key.Length > 0 && key[0] == Separator;

        /// <summary>The resource part of a key: empty for the target, else the normalised ARM ID.</summary>
        public static string ResourcePart(string key) => key.Substring(0, key.IndexOf(Separator));

        /// <summary>The metric name part of a key.</summary>
        public static string MetricName(string key) => key.Substring(key.IndexOf(Separator, key.IndexOf(Separator) + 1) + 1);

        /// <summary>The empty string for the target, else the ID in lower case without a trailing slash.</summary>
        public static string Resource(string? resourceId, string? targetResourceId)
        {
            if (string.IsNullOrWhiteSpace(resourceId) || ResourceIds.AreEqual(resourceId, targetResourceId))
            {
                return string.Empty;
            }

            return resourceId!.Trim().TrimEnd('/').ToLowerInvariant();
        }

        /// <summary>The empty string for the default namespace of the resource, else the namespace in lower case.</summary>
        public static string Namespace(string? metricNamespace, string? resourceId, string? targetResourceId)
        {
            if (string.IsNullOrWhiteSpace(metricNamespace))
            {
                return string.Empty;
            }

            var ns = metricNamespace!.Trim().ToLowerInvariant();
            var resource = string.IsNullOrWhiteSpace(resourceId) ? targetResourceId : resourceId;
            var defaultNs = DefaultNamespace(resource);
            return ns == defaultNs ? string.Empty : ns;
        }

        /// <summary>
        /// A resource's default metric namespace: its provider and top-level type, in lower case. A scale
        /// set whose ID is unknown is still a scale set, so that is the default for an empty ID.
        /// </summary>
        public static string DefaultNamespace(string? resourceId)
        {
            if (string.IsNullOrWhiteSpace(resourceId))
            {
                return "microsoft.compute/virtualmachinescalesets";
            }

            var parts = resourceId!.Trim('/').Split('/');
            for (var i = parts.Length - 3; i >= 0; i--)
            {
                if (parts[i].Equals("providers", StringComparison.OrdinalIgnoreCase))
                {
                    return (parts[i + 1] + "/" + parts[i + 2]).ToLowerInvariant();
                }
            }

            return string.Empty;
        }

        private static string Compose(string resource, string ns, string metric) => resource + Separator + ns + Separator + metric;
    }
}
