using System.Runtime.CompilerServices;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// Marks the CSV parsing loops to be compiled fully optimized on first call. A replay is usually the
    /// first thing a fresh PowerShell process does with the module; with tiered compilation the parser, which
    /// runs as one long loop per file, would start in unoptimized code, run instrumented for profile-guided
    /// optimization, and reach optimized code only through on-stack replacement and after the tiering delay,
    /// which keeps restarting while PowerShell itself is still compiling code. Measured on the 30-day file in
    /// fresh processes (benchmarks/README, "Cold start"): the first -Summary took 1.37 s median against 1.67 s.
    /// The window store and the engine are left to tiering on purpose: marked too, the first replay took about
    /// 0.2 s less again, but every later one lost 15-20 % on one core, because their interface calls and
    /// branches gain from the profile that this flag turns off. Value 512 is MethodImplOptions.AggressiveOptimization
    /// (dotnet/coreclr#20009, .NET Core 3.0), which netstandard2.0 does not name. A runtime that does not know
    /// the bit is expected to ignore it (dotnet/standard#1758, 2020-04-22), and netstandard2.0 libraries that
    /// also run on .NET Framework use the same cast (dotnet/BenchmarkDotNet#2335, 2023-07); Windows PowerShell
    /// 5.1 itself has not been run against this build here (no Windows machine).
    /// </summary>
    internal static class HotPath
    {
        public const MethodImplOptions Optimized = (MethodImplOptions)512;
    }
}
