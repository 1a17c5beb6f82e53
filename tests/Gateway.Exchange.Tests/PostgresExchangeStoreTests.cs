using Npgsql;
using Xunit.Abstractions;

namespace Gateway.Exchange.Tests;

/// <summary>
/// The store contract on PostgreSQL (a throwaway cluster on loopback, one database per test), and what only
/// several instances on one database can show: migrations, idempotency, sequence and acknowledgement races
/// between two store instances, each with its own connection pool (two gateways).
/// </summary>
public sealed class PostgresExchangeStoreTests(ITestOutputHelper output) : ExchangeStoreContractTests
{
    private string _connectionString = "";

    protected override async Task<bool> CreateDatabaseAsync()
    {
        if (PostgresCluster.Require(output) is not { } cluster) return false;
        _connectionString = await cluster.CreateDatabaseAsync("exchange");
        return true;
    }

    protected override IExchangeStore NewStore() =>
        new PostgresExchangeStore(new PostgresExchangeStoreOptions { ConnectionString = _connectionString });

    private async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T?)await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Migrate_records_schema_version()
    {
        if (!Available) return;
        await Store.MigrateAsync();

        Assert.Equal("1,2", await ScalarAsync<string>("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version;"));
    }

    [Fact]
    public async Task Instances_starting_together_apply_each_migration_once()
    {
        if (!Available) return;
        // A database of its own, still empty: the fixture's store has already migrated this test's one.
        _connectionString = await PostgresCluster.Shared!.CreateDatabaseAsync("migrate");
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore()).ToArray();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync())));

            Assert.Equal("1,2", await ScalarAsync<string>("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version;"));
            var message = Samples.Message();
            Assert.False((await stores[3].InsertSubmissionAsync(message, Samples.Acceptance(message))).Replayed);
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_instances_submitting_the_same_key_store_exactly_one_message()
    {
        if (!Available) return;
        await using var other = await OpenStoreAsync();
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            start.Wait();
            var message = Samples.Message();
            return await (i % 2 == 0 ? Store : other).InsertSubmissionAsync(message, Samples.Acceptance(message));
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);

        Assert.Single(results, r => !r.Replayed);
        Assert.Single(results.Select(r => r.Message.MessageId).Distinct());
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM messages;"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM receipts;"));
    }

    [Fact]
    public async Task Two_instances_number_messages_without_gaps_in_commit_order()
    {
        if (!Available) return;
        await using var other = await OpenStoreAsync();
        var seen = new List<MessageRecord>();
        var done = false;
        // A recipient paging by sequence while two instances insert must never step over a message.
        var reader = Task.Run(async () =>
        {
            long cursor = 0;
            while (true)
            {
                var finished = Volatile.Read(ref done);
                var page = await Store.ListUnacknowledgedAsync("agency-b", cursor, 50);
                seen.AddRange(page);
                if (page.Count > 0) cursor = page[^1].Sequence;
                else if (finished) return;
            }
        });
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = w % 2 == 0 ? Store : other;
            for (var i = 0; i < 25; i++)
            {
                var message = Samples.Message(key: $"w{w}-{i}");
                await store.InsertSubmissionAsync(message, Samples.Acceptance(message));
            }
        })).ToArray();
        await Task.WhenAll(writers);
        Volatile.Write(ref done, true);
        await reader;

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), seen.Select(m => m.Sequence));
    }

    [Fact]
    public async Task Two_instances_acknowledging_at_once_keep_one_handover()
    {
        if (!Available) return;
        await using var other = await OpenStoreAsync();
        var id = (await SubmitAsync(Samples.Message())).Message.MessageId;
        var handovers = Enumerable.Range(0, 8).Select(i => Samples.Handover(id, minutesLater: i + 1)).ToArray();

        var results = await Task.WhenAll(handovers.Select((h, i) => Task.Run(() => (i % 2 == 0 ? Store : other).AcknowledgeAsync(id, "agency-b", h))));

        var winner = Assert.Single(results.Select(r => r!.ReceiptId).Distinct());
        Assert.Contains(handovers, h => h.ReceiptId == winner);
        Assert.Equal(2, (await Store.GetReceiptsAsync(id)).Count);
        Assert.Equal(winner, (await other.GetHandoverAsync(id))!.ReceiptId);
    }

    [Fact]
    public async Task A_receipt_for_the_evidence_log_is_refused_until_the_log_is_on_postgres()
    {
        if (!Available) return;
        var message = Samples.Message();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.InsertSubmissionAsync(message, Samples.Acceptance(message) with { LogIndex = 0 }));
        Assert.Null(await Store.GetMessageAsync(message.MessageId));
    }
}
