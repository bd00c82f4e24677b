using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Errors;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// A resource type the module expects where it builds a URL from an ID it read: the provider
    /// namespace and the type path (one name per level, e.g. virtualMachineScaleSets, virtualMachines).
    /// </summary>
    public sealed class ArmResourceType
    {
        public ArmResourceType(string providerNamespace, string noun, params string[] types)
        {
            Namespace = providerNamespace;
            Noun = noun;
            Types = types;
        }

        public static ArmResourceType ScaleSet { get; } = new ArmResourceType("Microsoft.Compute", "scale set", "virtualMachineScaleSets");

        public static ArmResourceType VirtualMachine { get; } = new ArmResourceType("Microsoft.Compute", "virtual machine", "virtualMachines");

        public static ArmResourceType ScaleSetVm { get; } = new ArmResourceType("Microsoft.Compute", "scale set VM", "virtualMachineScaleSets", "virtualMachines");

        public static ArmResourceType AutoscaleSetting { get; } = new ArmResourceType("Microsoft.Insights", "autoscale setting", "autoscalesettings");

        public static ArmResourceType Workspace { get; } = new ArmResourceType("Microsoft.OperationalInsights", "Log Analytics workspace", "workspaces");

        public static ArmResourceType DataCollectionRule { get; } = new ArmResourceType("Microsoft.Insights", "data collection rule", "dataCollectionRules");

        public static ArmResourceType StorageAccount { get; } = new ArmResourceType("Microsoft.Storage", "storage account", "storageAccounts");

        public string Namespace { get; }

        public IReadOnlyList<string> Types { get; }

        /// <summary>What the type is called in a message ("Log Analytics workspace").</summary>
        public string Noun { get; }

        public override string ToString() => Namespace + "/" + string.Join("/", Types);
    }

    /// <summary>
    /// The one check every ID the module read from a service (or a file) passes before a URL is built
    /// from it. A diagnostic setting's workspaceId once carried "/deallocate?api-version=...#" and the
    /// query POST went to the scale set's deallocate action; a "/../" variant reached powerOff. So an ID
    /// is accepted only in the exact shape /subscriptions/{s}/resourceGroups/{g}/providers/{namespace}/
    /// {type}/{name}[/{type}/{name}]... of the expected type: no query, fragment, percent-encoding,
    /// backslash, quote, whitespace or control character, no empty, "." or ".." segment, nothing extra.
    /// </summary>
    public static class ArmResourceId
    {
        /// <summary>Longer than any real ARM ID; a longer one is not an ID.</summary>
        public const int MaxLength = 1024;

        /// <summary>Characters no ARM resource ID segment carries, and that change what a URL means.</summary>
        private static readonly char[] Refused = { '?', '#', '%', '\\', '"', '\'', '<', '>', '&', '*', ':', '|', '^', '`', '{', '}', '[', ']', '+', '=', ';', ',', '$', '@', '!' };

        /// <summary>Null when <paramref name="id"/> is a resource ID of <paramref name="expected"/>; else why not, in words.</summary>
        public static string? Problem(string? id, ArmResourceType expected)
        {
            if (string.IsNullOrEmpty(id))
            {
                return "it is empty";
            }

            if (id!.Length > MaxLength)
            {
                return $"it is longer than {MaxLength} characters";
            }

            foreach (var c in id)
            {
                if (char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) || Array.IndexOf(Refused, c) >= 0)
                {
                    return $"it contains {Describe(c)}";
                }
            }

            if (!id.StartsWith("/", StringComparison.Ordinal))
            {
                return "it does not start with /subscriptions/";
            }

            var segments = id.Substring(1).Split('/');
            if (segments.Any(s => s.Length == 0))
            {
                return "it has an empty segment";
            }

            if (segments.Any(s => s.Trim('.').Length == 0))
            {
                return "it has a '.' or '..' segment";
            }

            var expectedCount = 6 + (2 * expected.Types.Count);
            if (segments.Length < 6
                || !segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
                || !segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)
                || !segments[4].Equals("providers", StringComparison.OrdinalIgnoreCase))
            {
                return "it is not of the form /subscriptions/{id}/resourceGroups/{group}/providers/...";
            }

            if (!segments[5].Equals(expected.Namespace, StringComparison.OrdinalIgnoreCase))
            {
                return $"its provider is '{segments[5]}', not {expected.Namespace}";
            }

            if (segments.Length != expectedCount)
            {
                return $"it does not name one {expected.Noun} ({expected}): {(segments.Length > expectedCount ? "it has extra segments" : "it has too few segments")}";
            }

            for (var i = 0; i < expected.Types.Count; i++)
            {
                if (!segments[6 + (2 * i)].Equals(expected.Types[i], StringComparison.OrdinalIgnoreCase))
                {
                    return $"its type is '{segments[6 + (2 * i)]}', not {expected}";
                }
            }

            return null;
        }

        public static bool IsValid(string? id, ArmResourceType expected) => Problem(id, expected) == null;

        /// <summary>
        /// The ID, or a <see cref="ErrorIds.UntrustedResourceId"/> SecurityError naming
        /// <paramref name="field"/>: for the layer that sends requests, where an ID that got past the
        /// readers' own checks must still never become a URL.
        /// </summary>
        public static string Require(string? id, ArmResourceType expected, string field)
        {
            var problem = Problem(id, expected);
            if (problem != null)
            {
                throw new ModuleException(ErrorIds.UntrustedResourceId, ErrorCategory.SecurityError, Refusal(field, expected, problem), field);
            }

            return id!;
        }

        /// <summary>The sentence a skip warning or an error uses: the field, the expected type, and what is wrong (never the raw value: it may carry escape sequences).</summary>
        public static string Refusal(string field, ArmResourceType expected, string problem) =>
            $"{field} is not the resource ID of a {expected.Noun} ({expected}): {problem}. Nothing was sent to it.";

        private static string Describe(char c) =>
            char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c)
                ? $"a whitespace or control character (U+{(int)c:X4})"
                : $"'{c}'";
    }
}
