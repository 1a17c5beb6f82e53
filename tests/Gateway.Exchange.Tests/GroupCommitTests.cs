namespace Gateway.Exchange.Tests;

/// <summary>Writes share commits; a failing write must not take its batch-mates down with it.</summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();
    private SqliteExchangeStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteExchangeStore(new SqliteExchangeStoreOptions { ConnectionString = $"Data Source={Path.Combine(_dir.Path, "gateway.db")}" });
        await _store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_failing_write_among_concurrent_ones_fails_alone()
    {
        var taken = Samples.Message(key: "first");
        await _store.InsertSubmissionAsync(taken, Samples.Acceptance(taken));

        // 64 valid submissions race with 8 that reuse a stored message id (a primary-key violation inside the transaction).
        var valid = Enumerable.Range(0, 64).Select(i => Samples.Message(key: $"ok-{i}")).ToList();
        var clashing = Enumerable.Range(0, 8).Select(i => Samples.Message(key: $"clash-{i}", id: taken.MessageId)).ToList();
        var validTasks = valid.Select(m => _store.InsertSubmissionAsync(m, Samples.Acceptance(m))).ToList();
        var clashTasks = clashing.Select(m => _store.InsertSubmissionAsync(m, Samples.Acceptance(m) with { ReceiptId = Guid.NewGuid().ToString("N") })).ToList();

        await Task.WhenAll(validTasks);
        foreach (var clash in clashTasks) await Assert.ThrowsAnyAsync<Exception>(() => clash);

        foreach (var message in valid) Assert.NotNull(await _store.FindSubmissionAsync(message.SenderAgency, message.IdempotencyKey));
        foreach (var message in clashing) Assert.Null(await _store.FindSubmissionAsync(message.SenderAgency, message.IdempotencyKey));
        var sequences = validTasks.Select(t => t.Result.Message.Sequence).ToList();
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
    }

    [Fact]
    public async Task Writes_queued_before_dispose_complete_and_later_ones_are_refused()
    {
        var messages = Enumerable.Range(0, 32).Select(i => Samples.Message(key: $"k-{i}")).ToList();
        var writes = messages.Select(m => _store.InsertSubmissionAsync(m, Samples.Acceptance(m))).ToList();
        await _store.DisposeAsync();
        await Task.WhenAll(writes);
        var late = Samples.Message(key: "late");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.InsertSubmissionAsync(late, Samples.Acceptance(late)));
    }
}
