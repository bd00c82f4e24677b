using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Json;
using VmssAutoscale.Model;

namespace VmssAutoscale.Platform
{
    /// <summary>Why a scale action failed, by family of error.</summary>
    /// <remarks>Names, not an enum: output objects carry them as strings (see <see cref="NamedValues"/>).</remarks>
    public static class FailureCause
    {
        public const string Quota = nameof(Quota);
        public const string Allocation = nameof(Allocation);
        public const string SizeRestricted = nameof(SizeRestricted);
        public const string Locked = nameof(Locked);
        public const string Policy = nameof(Policy);
        public const string Image = nameof(Image);
        public const string Network = nameof(Network);
        public const string InstanceCeiling = nameof(InstanceCeiling);
        public const string Other = nameof(Other);

        public static readonly IReadOnlyList<string> All = new[] { Quota, Allocation, SizeRestricted, Locked, Policy, Image, Network, InstanceCeiling, Other };

        /// <summary>What to do about each cause, one sentence.</summary>
        public static string Fix(string cause) => cause switch
        {
            Quota => "Request more vCPU quota for the size's family and region, make the scale-out step smaller, or use another size family.",
            Allocation => "The region or zone had no capacity for the size: retry later, allow more zones, or use another size (a capacity reservation guarantees it).",
            SizeRestricted => "The size is not offered to this subscription in that region or zone: use another size or zone, or ask support to lift the restriction.",
            Locked => "Remove or move the ReadOnly lock (for a Flexible scale-in, a CanNotDelete one too).",
            Policy => "An Azure Policy assignment denies the write: read the policy named in the error and exempt the scale set or fix what it requires.",
            Image => "The image the model names is gone or not reachable: point the model at an image that exists (a gallery version the scale set can read).",
            Network => "The network cannot take more instances: enlarge the subnet or the NAT pool's port range, or lower the maximum.",
            InstanceCeiling => "The scale set reached its instance ceiling: turn off singlePlacementGroup (100 instances) or use a gallery image (600), or lower the maximum.",
            _ => "Read the error of the scale set's failed write in the activity log.",
        };
    }

    /// <summary>The error of a failed scale action, as the activity log gives it.</summary>
    public sealed class ScaleFailureDetail
    {
        /// <summary>The code Azure gave; null when neither the write nor the description names one.</summary>
        public string? ErrorCode { get; init; }

        public string? ErrorMessage { get; init; }

        public string FailureCause { get; init; } = Platform.FailureCause.Other;
    }

    /// <summary>
    /// Reads the error of a failed scale write (properties.statusMessage: {"error":{"code","message","details":[{"code","message"}]}})
    /// or of an autoscale event's description, and sorts it into a <see cref="FailureCause"/>. Codes from
    /// the Compute troubleshooting pages (allocation, quota, SkuNotAvailable), the locks and policy
    /// pages (ScopeLocked, RequestDisallowedByPolicy) and the network limits pages (read 2026-12-07).
    /// </summary>
    public static class ScaleFailureClassifier
    {
        private static readonly (string Code, string Cause)[] Codes =
        {
            ("QuotaExceeded", FailureCause.Quota),
            ("OperationNotAllowed", FailureCause.Quota),
            ("ZonalAllocationFailed", FailureCause.Allocation),
            ("AllocationFailed", FailureCause.Allocation),
            ("OverconstrainedAllocationRequest", FailureCause.Allocation),
            ("OverconstrainedZonalAllocationRequest", FailureCause.Allocation),
            ("SkuNotAvailable", FailureCause.SizeRestricted),
            ("ScopeLocked", FailureCause.Locked),
            ("RequestDisallowedByPolicy", FailureCause.Policy),
            ("GalleryImageNotFound", FailureCause.Image),
            ("ImageNotFound", FailureCause.Image),
            ("LinkedAuthorizationFailed", FailureCause.Image),
            ("SubnetIsFull", FailureCause.Network),
            ("InboundNatPoolFrontendPortRangeSmallerThanRequestedPorts", FailureCause.Network),
            ("LoadBalancerInboundRuleCountLimitExceededByVMScaleSet", FailureCause.Network),
        };

        /// <summary>The failure of a failed write's statusMessage; null when it carries no error code.</summary>
        public static ScaleFailureDetail? FromStatusMessage(string? statusMessage)
        {
            if (string.IsNullOrWhiteSpace(statusMessage))
            {
                return null;
            }

            JsonNode root;
            try
            {
                root = JsonParser.Parse(statusMessage!);
            }
            catch (JsonParseException)
            {
                return FromText(statusMessage);
            }

            var error = root["error"] ?? root;
            var code = JsonValues.Text(error["code"]);
            if (code == null)
            {
                return null;
            }

            var details = (error["details"]?.Items ?? Array.Empty<JsonNode>()).ToList();
            var detailCodes = details.Select(d => JsonValues.Text(d["code"])).Where(c => c != null).Select(c => c!).ToList();
            var message = details.Select(d => JsonValues.Text(d["message"])).FirstOrDefault(m => !string.IsNullOrEmpty(m)) ?? JsonValues.Text(error["message"]);
            // The detail says what the outer code does not: a generic "Conflict" or "OperationNotAllowed" carries the real code inside.
            var named = detailCodes.FirstOrDefault(c => Codes.Any(k => string.Equals(k.Code, c, StringComparison.OrdinalIgnoreCase))) ?? code;
            return new ScaleFailureDetail { ErrorCode = named, ErrorMessage = message, FailureCause = Classify(new[] { code }.Concat(detailCodes), message) };
        }

        /// <summary>The failure named in free text (an autoscale event's description); null when it names no known code or limit.</summary>
        public static ScaleFailureDetail? FromText(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var code = Codes.Select(k => k.Code).FirstOrDefault(c => text!.IndexOf(c, StringComparison.OrdinalIgnoreCase) >= 0);
            var cause = Classify(code == null ? Array.Empty<string>() : new[] { code }, text);
            return code == null && cause == FailureCause.Other ? null : new ScaleFailureDetail { ErrorCode = code ?? cause, ErrorMessage = text, FailureCause = cause };
        }

        /// <summary>The cause of a set of error codes and the message: the message decides where a code is shared (OperationNotAllowed is both quota and ceiling).</summary>
        public static string Classify(IEnumerable<string> codes, string? message)
        {
            var text = message ?? string.Empty;
            if (Has(text, "exceeds the total limit of") || (Has(text, "Virtual Machine instances") && Has(text, "limit")))
            {
                return FailureCause.InstanceCeiling;
            }

            if (Has(text, "quota"))
            {
                return FailureCause.Quota;
            }

            foreach (var code in codes)
            {
                var match = Codes.FirstOrDefault(k => string.Equals(k.Code, code, StringComparison.OrdinalIgnoreCase));
                // OperationNotAllowed without quota or a ceiling in the message says nothing certain.
                if (match.Code != null && !string.Equals(match.Code, "OperationNotAllowed", StringComparison.OrdinalIgnoreCase))
                {
                    return match.Cause;
                }
            }

            return FailureCause.Other;
        }

        private static bool Has(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
