using System.Management.Automation;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;

namespace VmssAutoscale.Engine
{
    /// <summary>
    /// The engine's refusal of a setting the service itself would refuse: a profile whose capacity
    /// minimum is above its maximum, or whose default lies outside the range (or any of them
    /// negative). The service rejects such a setting when it is written (Autoscale Settings REST
    /// API 2022-10-01, ScaleCapacity; see <see cref="SettingRanges"/>), so no decision of the real
    /// engine exists to replay: evaluating it anyway would invent one. Every caller of the engine
    /// (cmdlets, diagnosis, simulation, report) meets this one check at the engine's entry.
    /// </summary>
    public static class SettingGuard
    {
        /// <summary>Throws <see cref="ModuleException"/> (<see cref="ErrorIds.SettingRejectedByService"/>) naming the first profile whose capacity the service would refuse.</summary>
        public static void EnsureEvaluable(AutoscaleSetting setting)
        {
            if (Problem(setting) is string problem)
            {
                throw new ModuleException(ErrorIds.SettingRejectedByService, ErrorCategory.InvalidData,
                    $"The autoscale setting '{setting.Name}' cannot be evaluated: {problem}. The service rejects such a setting, so there is no decision to reproduce; fix the capacity (minimum <= default <= maximum).",
                    setting.Name);
            }
        }

        /// <summary>What the service would refuse in the setting's capacities; null when every profile's capacity is acceptable.</summary>
        public static string? Problem(AutoscaleSetting setting)
        {
            foreach (var profile in setting.Profiles)
            {
                if (SettingRanges.CapacityProblem(profile) is string problem)
                {
                    return problem;
                }
            }

            return null;
        }
    }
}
