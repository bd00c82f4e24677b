namespace VmssAutoscale.Tests.Engine
{
    /// <summary>
    /// The simulator's tests run alone: Memory_stays_bounded_by_the_window measures the process's
    /// heap (GC.GetTotalMemory), which tests running in parallel (the 500-scale-set fleet, the
    /// examples) would grow and make it fail for memory that is not the simulator's.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class SimulatorCollection
    {
        public const string Name = "Simulator (alone: measures the heap)";
    }
}
