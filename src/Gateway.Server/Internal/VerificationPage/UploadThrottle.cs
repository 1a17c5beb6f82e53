namespace Gateway.Server.Internal.VerificationPage;

/// <summary>Bounds the uploads verified at once (<see cref="VerificationPageOptions.MaxConcurrentVerifications"/>): each holds its file in memory.</summary>
internal sealed class UploadThrottle(VerificationPageOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.MaxConcurrentVerifications));

    /// <summary>A slot, or null at once when all are taken: a person is better served by "try again" than by a hanging upload.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken ct) =>
        await _slots.WaitAsync(TimeSpan.Zero, ct) ? new Slot(_slots) : null;

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
