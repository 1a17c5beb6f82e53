namespace Gateway.Signing.Internal;

/// <summary>
/// A learned size: the /Contents placeholder is sized from what the last real CMS or token
/// needed, so there is neither a "signature too large" failure (a miss is retried at the exact
/// size) nor kilobytes of zeros in every file.
/// </summary>
internal sealed class SizeEstimate(Func<CancellationToken, Task<int>> probe)
{
    private int _bytes;

    public async Task<int> GetAsync(CancellationToken ct)
    {
        var known = Volatile.Read(ref _bytes);
        if (known > 0) return known;
        known = await probe(ct).ConfigureAwait(false);
        Learn(known);
        return known;
    }

    public void Learn(int bytes) => Volatile.Write(ref _bytes, Math.Max(Volatile.Read(ref _bytes), bytes));
}
