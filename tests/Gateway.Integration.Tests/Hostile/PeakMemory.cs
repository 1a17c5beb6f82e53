namespace Gateway.Integration.Tests.Hostile;

/// <summary>
/// The highest managed heap size (GC.GetTotalMemory without collecting: live and not yet collected garbage alike) seen
/// while it runs, above what it was at the start, sampled every few milliseconds on a thread of its own. An in-process
/// gateway shares the heap with the test, so this bounds the server's allocations when nothing else runs: the tests
/// using it are in the non-parallel <see cref="HostileCollection"/>. Large arrays (a decoded stream) land on the large
/// object heap and show at once.
/// </summary>
internal sealed class PeakMemory : IDisposable
{
    private readonly long _baseline;
    private readonly Thread _sampler;
    private volatile bool _stop;
    private long _peak;

    private PeakMemory()
    {
        _baseline = GC.GetTotalMemory(forceFullCollection: true);
        _peak = _baseline;
        _sampler = new Thread(Sample) { IsBackground = true, Name = "peak-memory" };
        _sampler.Start();
    }

    public static PeakMemory Start() => new();

    /// <summary>The highest growth over the baseline so far, in bytes.</summary>
    public long Growth => Math.Max(0, Interlocked.Read(ref _peak) - _baseline);

    public long GrowthMiB => Growth / (1024 * 1024);

    private void Sample()
    {
        while (!_stop)
        {
            var now = GC.GetTotalMemory(forceFullCollection: false);
            if (now > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, now);
            Thread.Sleep(2);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _sampler.Join();
    }
}
