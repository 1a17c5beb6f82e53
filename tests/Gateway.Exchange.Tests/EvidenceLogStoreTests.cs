using System.Security.Cryptography;
using Gateway.Crypto;
using Gateway.EvidenceLog;
using Gateway.Merkle;

namespace Gateway.Exchange.Tests;

/// <summary>With an evidence log, a receipt row and its log entry commit together or not at all.</summary>
public sealed class EvidenceLogStoreTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();
    private SqliteEvidenceLog _log = null!;
    private SqliteExchangeStore _store = null!;

    private sealed class NoTsa : ITimeStampSource
    {
        public Task<byte[]> GetTokenAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default) =>
            Task.FromResult<byte[]>([0x30, .. digest.Span]);
    }

    public async Task InitializeAsync()
    {
        var connection = $"Data Source={Path.Combine(_dir.Path, "gateway.db")}";
        const string origin = "test/evidence-log";
        _log = new SqliteEvidenceLog(connection, new EvidenceLogOptions { Origin = origin }, NoteSigner.Generate(origin), new NoTsa());
        await _log.OpenAsync();
        _store = new SqliteExchangeStore(new SqliteExchangeStoreOptions { ConnectionString = connection }, _log);
        await _store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _log.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_stored_receipt_is_in_the_log_a_replay_or_a_failed_write_is_not()
    {
        var message = Samples.Message(key: "logged");
        await using (var slot = _log.Reserve())
        {
            var acceptance = Samples.Acceptance(message) with { LogIndex = slot.Index };
            var stored = await _store.InsertSubmissionAsync(message, acceptance);
            Assert.False(stored.Replayed);
            slot.Complete();
            var entry = await _log.FindEntryAsync(receiptId: acceptance.ReceiptId);
            Assert.Equal(slot.Index, entry!.Index);
            Assert.Equal(acceptance.Signed, entry.Data);
            Assert.Equal(["agency-a", "agency-b"], entry.Parties);

            // Stored once, in the log entry, and read back from there.
            Assert.Equal(acceptance.Signed, (await _store.FindSubmissionAsync(message.SenderAgency, message.IdempotencyKey))!.Receipt.Signed);
            Assert.Equal(acceptance.Signed, (await _store.GetReceiptsAsync(message.MessageId)).Single().Signed);
            await using var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir.Path, "gateway.db")};Pooling=False");
            await raw.OpenAsync();
            await using var command = raw.CreateCommand();
            command.CommandText = "SELECT length(signed) FROM receipts WHERE receipt_id = $id";
            command.Parameters.AddWithValue("$id", acceptance.ReceiptId);
            Assert.Equal(0L, await command.ExecuteScalarAsync());
        }

        // The same key again: the store answers with the first receipt and writes no entry; the index goes back.
        long replayedIndex;
        await using (var slot = _log.Reserve())
        {
            replayedIndex = slot.Index;
            var again = Samples.Message(key: "logged");
            var replay = await _store.InsertSubmissionAsync(again, Samples.Acceptance(again) with { LogIndex = slot.Index });
            Assert.True(replay.Replayed);
            Assert.Null(await _log.FindEntryAsync(index: slot.Index));
        }

        // A write that fails inside the transaction (a message id already taken) takes its entry down with it.
        await using (var slot = _log.Reserve())
        {
            Assert.Equal(replayedIndex, slot.Index);
            var clash = Samples.Message(key: "clash", id: message.MessageId);
            var receipt = Samples.Acceptance(clash) with { LogIndex = slot.Index };
            await Assert.ThrowsAnyAsync<Exception>(() => _store.InsertSubmissionAsync(clash, receipt));
            Assert.Null(await _log.FindEntryAsync(receiptId: receipt.ReceiptId));
        }

        // A handover is logged with its row too.
        await using (var slot = _log.Reserve())
        {
            Assert.Equal(replayedIndex, slot.Index);
            var handover = Samples.Handover(message.MessageId) with { LogIndex = slot.Index };
            Assert.Equal(handover.ReceiptId, (await _store.AcknowledgeAsync(message.MessageId, "agency-b", handover))!.ReceiptId);
            slot.Complete();
            Assert.Equal(handover.Signed, (await _store.GetHandoverAsync(message.MessageId))!.Signed);
        }
        await _log.SealAsync();
        Assert.Equal(2, _log.LatestCheckpoint!.Size);

        // A store without the log refuses a receipt that claims a log index rather than dropping the entry.
        await using var plain = new SqliteExchangeStore(new SqliteExchangeStoreOptions { ConnectionString = $"Data Source={Path.Combine(_dir.Path, "other.db")}" });
        await plain.MigrateAsync();
        var orphan = Samples.Message(key: "orphan");
        await Assert.ThrowsAsync<InvalidOperationException>(() => plain.InsertSubmissionAsync(orphan, Samples.Acceptance(orphan) with { LogIndex = 0 }));
    }
}
