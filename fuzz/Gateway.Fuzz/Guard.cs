namespace Gateway.Fuzz;

/// <summary>
/// Runs one input through a target under AFL and in replay alike, and turns runaway allocation into a bug: the heap
/// limit the script sets makes a truly unbounded allocation an OutOfMemoryException, but an input that makes the
/// parsers allocate gigabytes and give them back would otherwise pass unnoticed.
/// </summary>
internal static class Guard
{
    /// <summary>
    /// Far above any legitimate cost: the largest documented buffer is the reader's 256 MiB cap on one decoded stream,
    /// and fuzz inputs are at most 1 MiB (AFL's limit).
    /// </summary>
    public const long AllocationBudget = 2L * 1024 * 1024 * 1024;

    public static void Run(IFuzzTarget target, byte[] input)
    {
        var before = GC.GetTotalAllocatedBytes();
        target.Run(input);
        var allocated = GC.GetTotalAllocatedBytes() - before;
        if (allocated > AllocationBudget)
            throw new FuzzBug($"{target.Name}: {input.Length} input bytes made it allocate {allocated / (1024 * 1024)} MiB (budget {AllocationBudget / (1024 * 1024)} MiB)");
    }
}
