using System.Runtime.CompilerServices;

namespace VmssAutoscale.Engine
{
    /// <summary>
    /// Marks the loops a replay spends its time in (CSV parsing, the window store, the engine's evaluation)
    /// to be compiled fully optimized on first call. A replay is usually the first thing a fresh PowerShell
    /// process does with the module, and with tiered compilation these loops would start in unoptimized code,
    /// then run instrumented for profile-guided optimization, and reach optimized code only after the tiering
    /// delay, which keeps restarting while PowerShell itself is still compiling code (benchmarks/README,
    /// "Cold start"). Value 512 is MethodImplOptions.AggressiveOptimization (dotnet/coreclr#20009, .NET Core
    /// 3.0); netstandard2.0 does not name it, and runtimes that do not know the bit ignore it (.NET Framework).
    /// </summary>
    internal static class HotPath
    {
        public const MethodImplOptions Optimized = (MethodImplOptions)512;
    }
}
