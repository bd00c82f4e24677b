using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Model;

namespace VmssAutoscale.Platform
{
    /// <summary>Condition reasons the platform checks set on AbleToScale when the next scale action cannot succeed.</summary>
    public static class PlatformReasons
    {
        public const string ScopeLocked = nameof(ScopeLocked);
        public const string QuotaExhausted = nameof(QuotaExhausted);
        public const string SizeRestricted = nameof(SizeRestricted);
        public const string SubnetFull = nameof(SubnetFull);
        public const string InstanceCeiling = nameof(InstanceCeiling);
        public const string CapacityOverwritten = nameof(CapacityOverwritten);
    }

    /// <summary>What the rules would do next, as the headroom check needs it.</summary>
    public sealed class ScaleIntent
    {
        public int Capacity { get; init; }

        /// <summary>The active profile's maximum; null without a profile.</summary>
        public int? ProfileMaximum { get; init; }

        public string? SettingName { get; init; }

        /// <summary>The scale-out rule's action (its first Increase rule); null when no rule scales out.</summary>
        public ScaleAction? ScaleOut { get; init; }

        /// <summary>The engine wants to scale out now (to <see cref="DesiredCapacity"/>).</summary>
        public bool WantsScaleOut { get; init; }

        public bool WantsScaleIn { get; init; }

        public int? DesiredCapacity { get; init; }

        public bool Flexible { get; init; }

        public string? Location { get; init; }
    }

    /// <summary>The verdict of the headroom check, before it becomes a Finding.</summary>
    public sealed class HeadroomVerdict
    {
        public string Status { get; init; } = FindingStatus.Pass;

        public string Severity { get; init; } = DiagnosisSeverity.Info;

        public string Summary { get; init; } = string.Empty;

        public IReadOnlyList<string> Evidence { get; init; } = Array.Empty<string>();

        public string Remediation { get; init; } = string.Empty;

        /// <summary>Set when the next scale action cannot succeed: AbleToScale is False with this reason.</summary>
        public string? BlockingReason { get; init; }
    }

    /// <summary>
    /// Holds the rules against the headroom: Fail when the rules want a scale-out the platform cannot
    /// give (or a scale-in a lock blocks), Warn when the profile's maximum is beyond what the platform
    /// allows. In numbers: the whole step needs step × vCPUs at once, so a quota with room for fewer
    /// fails the whole step.
    /// </summary>
    public static class HeadroomAssessment
    {
        public static HeadroomVerdict Assess(Headroom h, ScaleIntent intent)
        {
            var problems = new List<(string Status, string Summary, string Do, string? Blocks)>();
            var evidence = new List<string>
            {
                $"The platform allows at most {h.MaximumCapacity} instances now (limited by {h.LimitedBy}); the instance ceiling is {h.Ceiling} ({h.CeilingReason}).",
            };
            evidence.AddRange(h.Quotas.Select(q => $"Quota {q.Name}: {q.Used} of {q.Limit} vCPUs used, {q.Free} free; {q.VCpusPerInstance} vCPUs per instance; allows {q.InstancesAllowed} instances."));
            if (h.Subnet != null)
            {
                evidence.Add($"Subnet {ResourceIds.LastSegment(h.Subnet.SubnetId)}: {h.Subnet.Free} of {h.Subnet.Limit} addresses free, {h.Subnet.AddressesPerInstance} per new instance; allows {h.Subnet.InstancesAllowed} instances.");
            }

            evidence.AddRange(h.Locks.Select(l => $"Lock '{l.Name}': {l.Level} on the {ScopeWords(l.Scope)}{(string.IsNullOrEmpty(l.Notes) ? string.Empty : $" ({l.Notes})")}."));
            evidence.AddRange(h.Unavailable.Select(u => $"Not read: {u}."));

            if (h.Locks.FirstOrDefault(l => l.IsReadOnly) is ScopeLock readOnly)
            {
                problems.Add((FindingStatus.Fail,
                    $"ReadOnly lock '{readOnly.Name}' on the {ScopeWords(readOnly.Scope)} blocks every write on the scale set, so every scale action fails (ScopeLocked).",
                    $"Remove the lock ({RemoveLockCommand(readOnly)}) or make it CanNotDelete.",
                    PlatformReasons.ScopeLocked));
            }

            if (intent.Flexible && h.Locks.FirstOrDefault(l => !l.IsReadOnly) is ScopeLock noDelete)
            {
                problems.Add((intent.WantsScaleIn ? FindingStatus.Fail : FindingStatus.Warn,
                    $"CanNotDelete lock '{noDelete.Name}' on the {ScopeWords(noDelete.Scope)} blocks the VM deletes a Flexible scale-in makes, so scale-in fails.",
                    "Move the lock from the resource group to the resources that need it, so the scale set's VMs can be deleted.",
                    intent.WantsScaleIn ? PlatformReasons.ScopeLocked : null));
            }

            var target = NextScaleOutTarget(intent);
            if (target is int next && next > intent.Capacity && next > h.MaximumCapacity)
            {
                var (summary, fix) = Describe(h, intent, next);
                problems.Add((intent.WantsScaleOut ? FindingStatus.Fail : FindingStatus.Warn, summary, fix, ReasonOf(h.LimitedBy)));
            }
            else if (intent.ProfileMaximum is int max && max > h.MaximumCapacity)
            {
                var (_, fix) = Describe(h, intent, max);
                problems.Add((FindingStatus.Warn,
                    $"The profile's maximum {max} is beyond what the platform allows now: at most {h.MaximumCapacity} instances ({Limit(h)}).",
                    fix,
                    null));
            }

            if (h.RestrictedZones.Count > 0 && h.RegionRestriction == null && h.LimitedBy != "SizeRestricted")
            {
                problems.Add((FindingStatus.Warn,
                    $"Size is restricted in {string.Join(", ", h.RestrictedZones.Select(z => z.ToString()))}: the instances placed there fail.",
                    "Remove the restricted zones from the scale set or use a size offered in every zone (Get-AzComputeResourceSku).",
                    null));
            }

            var worst = problems.FirstOrDefault(p => p.Status == FindingStatus.Fail);
            if (worst.Summary == null)
            {
                worst = problems.FirstOrDefault();
            }

            if (worst.Summary == null)
            {
                var fits = intent.ProfileMaximum is int m ? $"; the profile's maximum {m} fits" : string.Empty;
                return new HeadroomVerdict { Summary = $"The platform allows up to {h.MaximumCapacity} instances (limited by {h.LimitedBy}){fits}.", Evidence = evidence };
            }

            evidence.AddRange(problems.Where(p => p.Summary != worst.Summary).Select(p => p.Summary));
            return new HeadroomVerdict
            {
                Status = worst.Status,
                Severity = worst.Status == FindingStatus.Fail ? DiagnosisSeverity.Critical : DiagnosisSeverity.Medium,
                Summary = worst.Summary,
                Evidence = evidence,
                Remediation = string.Join(" ", Remedies(problems.Select(p => p.Do))),
                BlockingReason = problems.Select(p => p.Blocks).FirstOrDefault(b => b != null),
            };
        }

        /// <summary>
        /// Each remedy once: a short one that a longer one already says (a ReadOnly lock's "Remove the lock
        /// (Remove-AzResourceLock ...)" beside the capacity limit's "Remove the lock.") is left out.
        /// </summary>
        private static IEnumerable<string> Remedies(IEnumerable<string> dos)
        {
            var distinct = dos.Distinct(StringComparer.Ordinal).ToList();
            return distinct.Where(d => !distinct.Any(o => !ReferenceEquals(o, d) && o.Length > d.Length && o.StartsWith(d.TrimEnd('.'), StringComparison.Ordinal)));
        }

        /// <summary>The capacity the next scale-out asks for: the engine's desired capacity when it wants one, else the first scale-out rule's step from now, within the profile's maximum.</summary>
        public static int? NextScaleOutTarget(ScaleIntent intent)
        {
            if (intent.WantsScaleOut && intent.DesiredCapacity is int desired)
            {
                return desired;
            }

            if (intent.ScaleOut == null)
            {
                return null;
            }

            var a = intent.ScaleOut;
            var next = a.ScaleType switch
            {
                ScaleType.ExactCount => a.Value,
                ScaleType.PercentChangeCount => intent.Capacity + Math.Max(1, (int)Math.Ceiling(intent.Capacity * a.Value / 100.0)),
                _ => intent.Capacity + a.Value,
            };
            return intent.ProfileMaximum is int max ? Math.Min(next, max) : next;
        }

        // A lock on a resource group, as its ID names it: /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Authorization/locks/{name}.
        private static readonly System.Text.RegularExpressions.Regex GroupLock = new System.Text.RegularExpressions.Regex(
            @"^/subscriptions/[^/]+/resourceGroups/(?<group>[^/]+)/providers/Microsoft\.Authorization/locks/(?<name>[^/]+)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

        /// <summary>
        /// The command that removes the lock: a resource group's lock by its name and group (Remove-AzResourceLock's
        /// -LockName/-ResourceGroupName set, a line a person can read), any other by its whole ID.
        /// </summary>
        private static string RemoveLockCommand(ScopeLock l) =>
            l.LockId != null && GroupLock.Match(l.LockId) is { Success: true } m
                ? $"Remove-AzResourceLock -LockName {Argument(m.Groups["name"].Value)} -ResourceGroupName {Argument(m.Groups["group"].Value)}"
                : $"Remove-AzResourceLock -LockId '{l.LockId ?? l.Name}'";

        /// <summary>A name as a PowerShell argument: bare when it is only letters, digits, '.', '_' and '-'; else single-quoted.</summary>
        private static string Argument(string name) =>
            System.Text.RegularExpressions.Regex.IsMatch(name, @"^[A-Za-z0-9._-]+$") ? name : "'" + name.Replace("'", "''") + "'";

        private static (string Summary, string Do) Describe(Headroom h, ScaleIntent intent, int target)
        {
            var step = target - intent.Capacity;
            var stepWords = intent.ScaleOut != null && intent.ScaleOut.ScaleType == ScaleType.ChangeCount && step == intent.ScaleOut.Value
                ? $"ChangeCount {step}" : $"Scaling out by {step} (to {target})";
            var ofSetting = intent.ProfileMaximum is int max ? $" of the setting's {max}" : string.Empty;
            var quota = h.LimitedBy.StartsWith("Quota:", StringComparison.Ordinal) ? h.Quotas.FirstOrDefault(q => "Quota:" + q.Name == h.LimitedBy) : null;
            if (quota != null)
            {
                var needed = (long)step * quota.VCpusPerInstance;
                var fit = quota.Free / quota.VCpusPerInstance;
                var although = fit > 0 ? $" although {Count(fit)} would fit" : string.Empty;
                var wanted = intent.ProfileMaximum ?? target;
                var askFor = quota.Used + ((long)(wanted - intent.Capacity) * quota.VCpusPerInstance);
                var smaller = fit > 0 ? $", or lower the scale-out step to ChangeCount {fit}" : string.Empty;
                return ($"{stepWords} needs {needed} vCPUs; {quota.Name} has {quota.Free} free ({quota.Used} of {quota.Limit} used), so the whole step fails{although}: at most {h.MaximumCapacity} instances{ofSetting}.",
                    $"Request a {quota.Name} quota of at least {askFor} vCPUs{(intent.Location == null ? string.Empty : " in " + intent.Location)} (Subscriptions > Usage + quotas){smaller}, or use a size of another family.");
            }

            var limit = Limit(h);
            var fix = ReasonOf(h.LimitedBy) switch
            {
                PlatformReasons.InstanceCeiling => h.CeilingReason == "PlacementGroup"
                    ? "Set singlePlacementGroup to false (allows up to 1000 instances), or lower the profile's maximum."
                    : h.CeilingReason == "CustomImage" ? "Use an image from an Azure Compute Gallery (allows up to 1000 instances), or lower the profile's maximum."
                    : "Lower the profile's maximum, or use a size the limit does not apply to.",
                PlatformReasons.SubnetFull => "Enlarge the subnet (or move the scale set to a larger one), turn off overprovisioning, or lower the profile's maximum.",
                PlatformReasons.SizeRestricted => "Use another size or zone, or ask support to lift the restriction.",
                PlatformReasons.ScopeLocked => "Remove the lock.",
                _ => "Lower the profile's maximum.",
            };
            return ($"{stepWords} needs {target} instances but the platform allows at most {h.MaximumCapacity} ({limit}){ofSetting}.", fix);
        }

        private static string Limit(Headroom h)
        {
            if (h.LimitedBy.StartsWith("Quota:", StringComparison.Ordinal) && h.Quotas.FirstOrDefault(q => "Quota:" + q.Name == h.LimitedBy) is QuotaHeadroom q)
            {
                return $"{q.Name}: {q.Free} of {q.Limit} vCPUs free, {q.VCpusPerInstance} per instance";
            }

            return h.LimitedBy switch
            {
                "Subnet" when h.Subnet != null => $"subnet: {h.Subnet.Free} addresses free, {h.Subnet.AddressesPerInstance} per instance",
                "SizeRestricted" => $"the size is restricted{(h.RegionRestriction == null ? " in every zone of the scale set" : $" in the region ({h.RegionRestriction})")}",
                "PlacementGroup" => "a single placement group holds 100",
                "CustomImage" => "a managed image not from a gallery allows 600",
                "FlexibleFaultDomains" => "a Flexible scale set of this size with more than one fault domain allows 200",
                _ => h.LimitedBy,
            };
        }

        private static string? ReasonOf(string limitedBy) =>
            limitedBy.StartsWith("Quota:", StringComparison.Ordinal) ? PlatformReasons.QuotaExhausted
            : limitedBy.StartsWith("Lock:", StringComparison.Ordinal) ? PlatformReasons.ScopeLocked
            : limitedBy == "Subnet" ? PlatformReasons.SubnetFull
            : limitedBy == "SizeRestricted" ? PlatformReasons.SizeRestricted
            : PlatformReasons.InstanceCeiling;

        private static string ScopeWords(string scope) => scope switch
        {
            "ScaleSet" => "scale set",
            "ResourceGroup" => "resource group",
            "Subscription" => "subscription",
            _ => scope,
        };

        private static string Count(long n) => n switch
        {
            1 => "one VM",
            2 => "two VMs",
            3 => "three VMs",
            _ => n.ToString(CultureInfo.InvariantCulture) + " VMs",
        };
    }
}
