namespace Gateway.Exchange.Tests;

/// <summary>
/// The behaviour every <see cref="IExchangeStore"/> promises, run against each implementation
/// (<see cref="SqliteExchangeStoreTests"/>, <see cref="PostgresExchangeStoreTests"/>).
/// </summary>
public abstract class ExchangeStoreContractTests : IAsyncLifetime
{
    private IExchangeStore _store = null!;

    protected IExchangeStore Store => _store;

    /// <summary>False when the store's database is not available here (outside CI only): each test then returns early.</summary>
    protected bool Available { get; private set; }

    /// <summary>Makes a new, empty database for this test; false when the store cannot run here.</summary>
    protected abstract Task<bool> CreateDatabaseAsync();

    /// <summary>A store on this test's database (a second call: another instance on the same database), not yet migrated.</summary>
    protected abstract IExchangeStore NewStore();

    protected virtual Task DeleteDatabaseAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Available = await CreateDatabaseAsync();
        if (Available) _store = await OpenStoreAsync();
    }

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await DeleteDatabaseAsync();
    }

    protected async Task<IExchangeStore> OpenStoreAsync()
    {
        var store = NewStore();
        await store.MigrateAsync();
        return store;
    }

    protected async Task<SubmissionResult> SubmitAsync(MessageRecord message) =>
        await _store.InsertSubmissionAsync(message, Samples.Acceptance(message));

    [Fact]
    public async Task Ping_answers_and_the_unacknowledged_count_follows_submissions_and_acknowledgements()
    {
        if (!Available) return;
        await _store.PingAsync();
        Assert.Equal(0, await _store.CountUnacknowledgedAsync());

        var first = await SubmitAsync(Samples.Message(key: "key-1"));
        await SubmitAsync(Samples.Message(key: "key-2", recipient: "agency-c"));
        Assert.Equal(2, await _store.CountUnacknowledgedAsync());

        Assert.NotNull(await _store.AcknowledgeAsync(first.Message.MessageId, "agency-b", Samples.Handover(first.Message.MessageId)));
        Assert.Equal(1, await _store.CountUnacknowledgedAsync());
    }

    [Fact]
    public async Task Insert_then_find_returns_stored_message_and_acceptance()
    {
        if (!Available) return;
        var message = Samples.Message();
        var acceptance = Samples.Acceptance(message);

        var inserted = await _store.InsertSubmissionAsync(message, acceptance);
        var found = await _store.FindSubmissionAsync(message.SenderAgency, message.IdempotencyKey);

        Assert.False(inserted.Replayed);
        Assert.True(inserted.Message.Sequence > 0);
        Assert.NotNull(found);
        Assert.True(found.Replayed);
        Assert.Equal(inserted.Message, found.Message);
        Assert.Equal(acceptance.ReceiptId, found.Receipt.ReceiptId);
        Assert.Equal(acceptance.Signed, found.Receipt.Signed);
        Assert.Equal(acceptance.IssuedAt, found.Receipt.IssuedAt);
        Assert.Equal(inserted.Message, await _store.GetMessageAsync(message.MessageId));
        Assert.Null(await _store.FindSubmissionAsync(message.SenderAgency, "other-key"));
    }

    [Fact]
    public async Task Same_sender_and_key_replays_first_submission_and_stores_nothing()
    {
        if (!Available) return;
        var first = await SubmitAsync(Samples.Message());
        var second = Samples.Message();

        var replay = await SubmitAsync(second);

        Assert.True(replay.Replayed);
        Assert.Equal(first.Message, replay.Message);
        Assert.Equal(first.Receipt.ReceiptId, replay.Receipt.ReceiptId);
        Assert.Null(await _store.GetMessageAsync(second.MessageId));
        Assert.Single(await _store.GetReceiptsAsync(first.Message.MessageId));
    }

    [Fact]
    public async Task Different_sender_with_same_key_is_a_different_message()
    {
        if (!Available) return;
        var a = await SubmitAsync(Samples.Message(sender: "agency-a"));
        var c = await SubmitAsync(Samples.Message(sender: "agency-c"));

        Assert.False(c.Replayed);
        Assert.NotEqual(a.Message.MessageId, c.Message.MessageId);
        Assert.True(c.Message.Sequence > a.Message.Sequence);
    }

    [Fact]
    public async Task Concurrent_inserts_of_same_key_store_exactly_one_message()
    {
        if (!Available) return;
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await SubmitAsync(Samples.Message());
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);

        Assert.Single(results, r => !r.Replayed);
        Assert.Single(results.Select(r => r.Message.MessageId).Distinct());
        Assert.Single(results.Select(r => r.Receipt.ReceiptId).Distinct());
        Assert.Single(await _store.ListUnacknowledgedAsync("agency-b", 0, 100));
    }

    [Fact]
    public async Task List_unacknowledged_orders_by_sequence_pages_and_filters_recipient()
    {
        if (!Available) return;
        var mine = new List<MessageRecord>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add((await SubmitAsync(Samples.Message(key: $"k{i}"))).Message);
            await SubmitAsync(Samples.Message(key: $"other{i}", recipient: "agency-z"));
        }

        var page1 = await _store.ListUnacknowledgedAsync("agency-b", 0, 2);
        var page2 = await _store.ListUnacknowledgedAsync("agency-b", page1[^1].Sequence, 2);
        var page3 = await _store.ListUnacknowledgedAsync("agency-b", page2[^1].Sequence, 2);

        Assert.Equal(mine, page1.Concat(page2).Concat(page3));
        Assert.Empty(await _store.ListUnacknowledgedAsync("agency-b", page3[^1].Sequence, 2));

        await _store.AcknowledgeAsync(mine[1].MessageId, "agency-b", Samples.Handover(mine[1].MessageId));
        var remaining = await _store.ListUnacknowledgedAsync("agency-b", 0, 100);
        Assert.Equal(mine.Where((_, i) => i != 1).Select(m => m.MessageId), remaining.Select(m => m.MessageId));
    }

    [Fact]
    public async Task Mark_delivered_increments_attempts()
    {
        if (!Available) return;
        var message = (await SubmitAsync(Samples.Message())).Message;

        await _store.MarkDeliveredAsync(message.MessageId);
        await _store.MarkDeliveredAsync(message.MessageId);

        Assert.Equal(2, (await _store.GetMessageAsync(message.MessageId))!.DeliveryAttempts);
    }

    [Fact]
    public async Task A_leased_message_is_kept_from_other_claims_until_its_lease_ends_and_gone_once_acknowledged()
    {
        if (!Available) return;
        var t0 = Samples.BaseTime;
        var messages = new List<MessageRecord>();
        for (var i = 0; i < 3; i++) messages.Add((await SubmitAsync(Samples.Message(key: $"lease{i}"))).Message);
        await SubmitAsync(Samples.Message(key: "elsewhere", recipient: "agency-z"));

        var first = await Store.LeaseDeliveriesAsync("agency-b", 2, t0, t0.AddSeconds(60));
        Assert.Equal(messages.Take(2).Select(m => m.MessageId), first.Select(m => m.MessageId));
        Assert.All(first, m => Assert.Equal(1, m.DeliveryAttempts));
        // Another stream, within the lease: only what nobody holds.
        var second = await Store.LeaseDeliveriesAsync("agency-b", 10, t0.AddSeconds(1), t0.AddSeconds(61));
        Assert.Equal([messages[2].MessageId], second.Select(m => m.MessageId));
        Assert.Empty(await Store.LeaseDeliveriesAsync("agency-b", 10, t0.AddSeconds(2), t0.AddSeconds(62)));

        // One is acknowledged; the lease of the other runs out and it comes back, a second attempt.
        await Store.AcknowledgeAsync(messages[0].MessageId, "agency-b", Samples.Handover(messages[0].MessageId));
        var again = await Store.LeaseDeliveriesAsync("agency-b", 10, t0.AddSeconds(60), t0.AddSeconds(120));
        Assert.Equal([messages[1].MessageId], again.Select(m => m.MessageId));
        Assert.Equal(2, again[0].DeliveryAttempts);
    }

    [Fact]
    public async Task Concurrent_claims_from_two_store_instances_never_hand_out_a_message_twice()
    {
        if (!Available) return;
        for (var i = 0; i < 40; i++) await SubmitAsync(Samples.Message(key: $"race{i}"));
        await using var other = await OpenStoreAsync();
        var t0 = Samples.BaseTime;
        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            (i % 2 == 0 ? Store : other).LeaseDeliveriesAsync("agency-b", 5, t0, t0.AddMinutes(1))));
        var ids = claims.SelectMany(c => c).Select(m => m.MessageId).ToList();
        Assert.Equal(40, ids.Count);
        Assert.Equal(40, ids.Distinct().Count());
    }

    [Fact]
    public async Task Acknowledge_by_wrong_recipient_or_unknown_message_returns_null_and_changes_nothing()
    {
        if (!Available) return;
        var message = (await SubmitAsync(Samples.Message())).Message;

        Assert.Null(await _store.AcknowledgeAsync(message.MessageId, "agency-x", Samples.Handover(message.MessageId)));
        Assert.Null(await _store.AcknowledgeAsync("missing", "agency-b", Samples.Handover("missing")));

        Assert.Null((await _store.GetMessageAsync(message.MessageId))!.AcknowledgedAt);
        Assert.Null(await _store.GetHandoverAsync(message.MessageId));
        Assert.Single(await _store.GetReceiptsAsync(message.MessageId));
    }

    [Fact]
    public async Task Acknowledge_is_idempotent_and_keeps_first_handover()
    {
        if (!Available) return;
        var submitted = await SubmitAsync(Samples.Message());
        var id = submitted.Message.MessageId;
        var first = Samples.Handover(id, minutesLater: 5);

        var stored = await _store.AcknowledgeAsync(id, "agency-b", first);
        var again = await _store.AcknowledgeAsync(id, "agency-b", Samples.Handover(id, minutesLater: 9));

        Assert.Equal(first.ReceiptId, stored!.ReceiptId);
        Assert.Equal(first.ReceiptId, again!.ReceiptId);
        Assert.Equal(first.Signed, again.Signed);
        Assert.Equal(first.ReceiptId, (await _store.GetHandoverAsync(id))!.ReceiptId);
        Assert.Equal(first.IssuedAt, (await _store.GetMessageAsync(id))!.AcknowledgedAt);

        var receipts = await _store.GetReceiptsAsync(id);
        Assert.Equal(
            [ReceiptEvents.SubmissionAcceptance, ReceiptEvents.ContentHandover],
            receipts.Select(r => r.Event));
        Assert.Equal([submitted.Receipt.ReceiptId, first.ReceiptId], receipts.Select(r => r.ReceiptId));
    }

    [Fact]
    public async Task Receipt_for_another_message_is_refused()
    {
        if (!Available) return;
        var message = Samples.Message();

        await Assert.ThrowsAsync<ArgumentException>(() => _store.InsertSubmissionAsync(message, Samples.Handover(message.MessageId)));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.AcknowledgeAsync(message.MessageId, "agency-b", Samples.Handover("other")));
    }

    [Fact]
    public async Task Malformed_document_digest_is_refused()
    {
        if (!Available) return;
        var message = Samples.Message() with { DocumentSha256 = "../" + new string('A', 61) };

        await Assert.ThrowsAsync<ArgumentException>(() => _store.InsertSubmissionAsync(message, Samples.Acceptance(message)));
        Assert.Null(await _store.GetMessageAsync(message.MessageId));
    }

    [Fact]
    public async Task Data_survives_reopening_and_migrate_is_idempotent()
    {
        if (!Available) return;
        var submitted = await SubmitAsync(Samples.Message());
        await _store.DisposeAsync();

        _store = await OpenStoreAsync();
        await _store.MigrateAsync();

        var found = await _store.FindSubmissionAsync(submitted.Message.SenderAgency, submitted.Message.IdempotencyKey);
        Assert.Equal(submitted.Message, found!.Message);
        Assert.Equal(submitted.Receipt.Signed, found.Receipt.Signed);
        var next = await SubmitAsync(Samples.Message(key: "after-reopen"));
        Assert.True(next.Message.Sequence > submitted.Message.Sequence);
    }
}
