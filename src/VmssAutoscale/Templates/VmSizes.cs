using System;
using System.Collections.Generic;

namespace VmssAutoscale.Templates
{
    /// <summary>vCPU counts of common VM sizes, so a CPU threshold can be checked against a described load without Azure.</summary>
    public static class VmSizes
    {
        private static readonly Dictionary<string, int> Cores = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["Standard_A0"] = 1, ["Standard_A1"] = 1, ["Standard_A2"] = 2, ["Standard_A3"] = 4, ["Standard_A4"] = 8,
            ["Standard_A1_v2"] = 1, ["Standard_A2_v2"] = 2, ["Standard_A4_v2"] = 4, ["Standard_A8_v2"] = 8,
            ["Standard_D1"] = 1, ["Standard_D2"] = 2, ["Standard_D3"] = 4, ["Standard_D4"] = 8,
            ["Standard_D1_v2"] = 1, ["Standard_D2_v2"] = 2, ["Standard_D3_v2"] = 4, ["Standard_D4_v2"] = 8, ["Standard_D5_v2"] = 16,
            ["Standard_DS1_v2"] = 1, ["Standard_DS2_v2"] = 2, ["Standard_DS3_v2"] = 4, ["Standard_DS4_v2"] = 8,
            ["Standard_D2s_v3"] = 2, ["Standard_D4s_v3"] = 4, ["Standard_D8s_v3"] = 8, ["Standard_D2_v3"] = 2, ["Standard_D4_v3"] = 4,
            ["Standard_D2s_v5"] = 2, ["Standard_D4s_v5"] = 4, ["Standard_D2as_v5"] = 2, ["Standard_D4as_v5"] = 4,
            ["Standard_B1s"] = 1, ["Standard_B1ms"] = 1, ["Standard_B2s"] = 2, ["Standard_B2ms"] = 2, ["Standard_B4ms"] = 4,
            ["Standard_F1"] = 1, ["Standard_F2"] = 2, ["Standard_F4"] = 4, ["Standard_F2s_v2"] = 2, ["Standard_F4s_v2"] = 4,
        };

        public static int? VCpus(string? size) => size != null && Cores.TryGetValue(size, out var n) ? n : (int?)null;
    }
}
