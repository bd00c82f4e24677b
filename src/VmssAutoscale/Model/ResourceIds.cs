using System;

namespace VmssAutoscale.Model
{
    /// <summary>Small helpers over ARM resource IDs (/subscriptions/s/resourceGroups/rg/providers/ns/type/name...).</summary>
    public static class ResourceIds
    {
        public static string? LastSegment(string? id)
        {
            if (string.IsNullOrEmpty(id))
            {
                return null;
            }

            var trimmed = id!.TrimEnd('/');
            var i = trimmed.LastIndexOf('/');
            return i < 0 ? trimmed : trimmed.Substring(i + 1);
        }

        public static string? Segment(string? id, string key)
        {
            if (string.IsNullOrEmpty(id))
            {
                return null;
            }

            var parts = id!.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i + 1 < parts.Length; i++)
            {
                if (parts[i].Equals(key, StringComparison.OrdinalIgnoreCase))
                {
                    return parts[i + 1];
                }
            }

            return null;
        }

        public static string? ResourceGroup(string? id) => Segment(id, "resourceGroups");

        // A whole resource ID as Azure's messages quote it: from /subscriptions/ up to a quote or a space.
        private static readonly System.Text.RegularExpressions.Regex QuotedId = new System.Text.RegularExpressions.Regex(@"/subscriptions/[^'""\s]+/([^/'""\s]+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

        /// <summary>
        /// A message with each whole resource ID replaced by its last segment, the name: Azure's error
        /// messages and autoscale's descriptions quote IDs that fill three lines of a console and say
        /// no more there than the name (the message with its IDs stays in the evidence).
        /// </summary>
        public static string NamesInText(string? text) => QuotedId.Replace(text ?? string.Empty, m => m.Groups[1].Value);

        public static string? Subscription(string? id) => Segment(id, "subscriptions");

        public static bool IsScaleSet(string? id) =>
            id != null && id.IndexOf("/Microsoft.Compute/virtualMachineScaleSets/", StringComparison.OrdinalIgnoreCase) >= 0
            && Segment(id, "virtualMachineScaleSets") is string name && LastSegment(id)!.Equals(name, StringComparison.OrdinalIgnoreCase);

        public static string ScaleSetId(string subscriptionId, string resourceGroupName, string scaleSetName) =>
            $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachineScaleSets/{scaleSetName}";

        /// <summary>ARM IDs compare case-insensitively, and a trailing slash does not matter.</summary>
        public static bool AreEqual(string? a, string? b) =>
            a != null && b != null && string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }
}
