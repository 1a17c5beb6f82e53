using System.Collections.Concurrent;
using Gateway.Merkle;
using Npgsql;
using Xunit.Abstractions;

namespace Gateway.EvidenceLog.Tests;

/// <summary>
/// The log on PostgreSQL with several instances on one database (each with its own connection pool, as
/// separate gateway processes have): indices sequenced by the database, one sealer at a time, abandoned
/// indices voided after the lease, and proofs served by any instance.
/// </summary>
public sealed class PostgresLogTests(ITestOutputHelper output)
{
    private static readonly NoteSigner Signer = NoteSigner.Generate(LogHarness.Origin);

    private static PostgresEvidenceLog NewLog(string connectionString, FakeTimeStamps timeStamps, TimeSpan? lease = null) =>
        new(connectionString, new EvidenceLogOptions
        {
            Origin = LogHarness.Origin,
            SealInterval = TimeSpan.FromMilliseconds(50),
            ReservationLease = lease ?? TimeSpan.FromSeconds(30),
        }, Signer, timeStamps);

    [Fact]
    public async Task Two_instances_appending_and_sealing_together_give_exactly_one_leaf_per_receipt()
    {
        if (PostgresCluster.Require(output) is not { } cluster) return;
        var connectionString = await cluster.CreateDatabaseAsync("evlog");
        var timeStamps = new FakeTimeStamps();
        await using var a = NewLog(connectionString, timeStamps);
        await using var b = NewLog(connectionString, timeStamps);
        // Both migrate at once, as two instances starting together do.
        await Task.WhenAll(a.OpenAsync(), b.OpenAsync());

        using var stop = new CancellationTokenSource();
        var sealers = new[] { a.RunAsync(stop.Token), b.RunAsync(stop.Token) };
        var stored = new ConcurrentDictionary<string, long>();
        var failed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 600), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var log = i % 2 == 0 ? a : b;
            await using var slot = await log.ReserveAsync(ct);
            // One in six fails after reserving (signing or storing failed): voided at once, never reused.
            if (i % 6 == 5)
            {
                Interlocked.Increment(ref failed);
                return;
            }
            await log.AppendAsync(slot, LogHarness.Data("p" + i), "p" + i, ["agency-a"], ct);
            stored["p" + i] = slot.Index;
        });
        await stop.CancelAsync();
        await Task.WhenAll(sealers);
        await a.SealAsync();

        Assert.Equal(500, stored.Count);
        Assert.Equal(500, stored.Values.Distinct().Count());
        var checkpoint = a.LatestCheckpoint!;
        Assert.Equal(600, checkpoint.Size);
        var voids = 0;
        for (var start = 0L; start < checkpoint.Size; start += EvidenceLogStore.MaxEntriesPerPage)
        {
            // Read through the other instance: it learns of checkpoints it did not seal from the database.
            var page = await b.EntriesAsync(start, checkpoint.Size, "agency-a");
            foreach (var entry in page.Entries)
            {
                if (VoidEntry.IsVoid(entry.Data)) voids++;
                else Assert.Equal(entry.Index, stored[entry.ReceiptId!]);
            }
        }
        Assert.Equal(failed, voids);

        foreach (var (receiptId, index) in stored.Take(50))
        {
            var proof = await b.InclusionProofAsync(index, checkpoint.Size);
            Assert.True(MerkleProofs.VerifyInclusion((ulong)index, (ulong)checkpoint.Size, Rfc6962.HashLeaf(LogHarness.Data(receiptId)), proof.AuditPath, checkpoint.RootHash), receiptId);
        }

        // Every checkpoint either instance sealed is consistent with the newest, and each was sealed once.
        var sizes = await QueryAsync(connectionString, "SELECT tree_size FROM evidence_log_checkpoints ORDER BY tree_size;");
        Assert.True(sizes.Count >= 2, $"expected several checkpoints, got {sizes.Count}");
        foreach (var size in sizes.Where(s => s > 0))
        {
            var older = await a.CheckpointAsync(size);
            var consistency = await b.ConsistencyProofAsync(size, checkpoint.Size);
            Assert.True(MerkleProofs.VerifyConsistency((ulong)size, (ulong)checkpoint.Size, consistency.Proof, older!.RootHash, checkpoint.RootHash), $"size {size}");
        }
        Assert.Equal(sizes.Count, timeStamps.Requests);
    }

    [Fact]
    public async Task An_index_held_by_a_dead_instance_is_voided_after_the_lease_and_its_late_receipt_refused()
    {
        if (PostgresCluster.Require(output) is not { } cluster) return;
        var connectionString = await cluster.CreateDatabaseAsync("evlog");
        var timeStamps = new FakeTimeStamps();
        await using var dead = NewLog(connectionString, timeStamps, TimeSpan.FromMilliseconds(300));
        await using var live = NewLog(connectionString, timeStamps, TimeSpan.FromMilliseconds(300));
        await dead.OpenAsync();
        await live.OpenAsync();

        // Reserved and never written nor released: the instance died between signing and storing.
        var orphan = await dead.ReserveAsync();
        Assert.Equal(0, orphan.Index);
        await using (var slot = await live.ReserveAsync())
        {
            await live.AppendAsync(slot, LogHarness.Data("after"), "after", ["agency-a"]);
            Assert.Equal(1, slot.Index);
        }

        // Within the lease the gap is waited for: nothing after it is sealed.
        await live.SealAsync();
        Assert.Equal(0, live.LatestCheckpoint!.Size);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (live.LatestCheckpoint!.Size < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            await live.SealAsync();
        }
        Assert.Equal(2, live.LatestCheckpoint!.Size);
        var voided = await live.FindEntryAsync(index: 0);
        Assert.True(VoidEntry.IsVoid(voided!.Data));

        // Should the receipt still arrive, the primary key refuses it: it is never returned to a client.
        await Assert.ThrowsAsync<PostgresException>(() => dead.AppendAsync(orphan, LogHarness.Data("late"), "late", ["agency-a"]));
        Assert.Null(await live.FindEntryAsync(receiptId: "late"));
    }

    [Fact]
    public async Task A_database_of_another_origin_refuses_to_open()
    {
        if (PostgresCluster.Require(output) is not { } cluster) return;
        var connectionString = await cluster.CreateDatabaseAsync("evlog");
        await using (var first = NewLog(connectionString, new FakeTimeStamps())) await first.OpenAsync();
        var other = NoteSigner.Generate("other.example/log");
        await using var second = new PostgresEvidenceLog(connectionString, new EvidenceLogOptions { Origin = "other.example/log" }, other, new FakeTimeStamps());
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => second.OpenAsync());
        Assert.Contains("origin never changes", e.Message);
    }

    private static async Task<List<long>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<long>();
        while (await reader.ReadAsync()) values.Add(reader.GetInt64(0));
        return values;
    }
}
