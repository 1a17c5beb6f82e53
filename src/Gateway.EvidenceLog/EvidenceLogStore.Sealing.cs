using System.Security.Cryptography;
using System.Text;
using Gateway.EvidenceLog.Internal;
using Gateway.Merkle;

namespace Gateway.EvidenceLog;

public abstract partial class EvidenceLogStore
{
    /// <summary>
    /// The sealing loop, for a hosted service: whenever entries wait, and at most every
    /// <see cref="EvidenceLogOptions.SealInterval"/>, runs <see cref="SealAsync"/>. Failures are recorded
    /// in <see cref="Health"/> and retried every interval; the loop ends only when
    /// <paramref name="stoppingToken"/> fires.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        EnsureOpen();
        var lastRound = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before the round, so an entry completed during it wakes the next one.
            var work = Volatile.Read(ref _work).Task;
            var wait = lastRound + _options.SealInterval - Clock.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, Clock, stoppingToken).ConfigureAwait(false);
                lastRound = Clock.GetUtcNow();
                await SealAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Recorded in Health by SealAsync; the loop carries on and retries after the interval.
                SealFailed?.Invoke(e);
            }

            // Shared: other instances' entries wait too, and only the database shows them: look every interval.
            if (Shared || Health.FailingSince is not null || _tree.Size != (_latest?.Size ?? -1)) continue;
            try
            {
                await work.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One seal: folds every contiguous new entry into the stored tree, then — if the tree grew (or no
    /// checkpoint exists yet) — signs a checkpoint with the log key, gets one RFC 3161 token over the
    /// signed note and stores both. A TSA failure leaves the tree folded and no new checkpoint, and
    /// counts towards <see cref="EvidenceLogOptions.TsaOutageBound"/>.
    /// </summary>
    /// <returns>True when a new checkpoint was sealed.</returns>
    public async Task<bool> SealAsync(CancellationToken ct = default)
    {
        EnsureOpen();
        await _sealLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await using var lead = await TryLeadSealingAsync(ct).ConfigureAwait(false);
            if (lead is null)
            {
                await FollowAsync(ct).ConfigureAwait(false);
                return false;
            }
            try
            {
                await using (var connection = await OpenConnectionAsync(ct).ConfigureAwait(false))
                    await SyncTreeAsync(connection, ct).ConfigureAwait(false);
                while (true)
                {
                    var (count, gapAt) = await IntegrateAsync(ct).ConfigureAwait(false);
                    if (count == _options.MaxEntriesPerTransaction) continue;
                    // A gap holding back durable entries, whose index no receipt can carry any more: filled with a void entry.
                    if (gapAt is { } gap && await TryFillGapAsync(gap, ct).ConfigureAwait(false)) continue;
                    break;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                RecordFailure("LOG_STORAGE_FAILED", e.Message);
                throw;
            }

            var size = _tree.Size;
            if (_latest is { } latest && latest.Size == size)
            {
                ClearFailure(null);
                return false;
            }

            var sealedAt = Clock.GetUtcNow();
            var body = SignedCheckpoint.MakeBody(Origin, size, _tree.Root(), sealedAt);
            string note;
            try
            {
                note = Checkpoints.Sign(body, _signer);
            }
            catch (Exception e) when (e is CryptographicException or InvalidOperationException)
            {
                // A log key in an HSM can fail (the token gone, a wrong key): an outage like the TSA's, counted the same way.
                RecordFailure("LOG_KEY_FAILED", e.Message);
                throw;
            }
            byte[] token;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(_options.TsaTimeout);
                token = await _timeStamps.GetTokenAsync(SHA256.HashData(Encoding.UTF8.GetBytes(note)), HashAlgorithmName.SHA256, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                RecordFailure(Crypto.TimeStampException.Unreachable, $"no answer from the TSA within {_options.TsaTimeout}");
                throw new Crypto.TimeStampException(Crypto.TimeStampException.Unreachable, $"no answer from the TSA within {_options.TsaTimeout}");
            }
            catch (Crypto.TimeStampException e)
            {
                RecordFailure(e.Reason, e.Message);
                throw;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                RecordFailure(Crypto.TimeStampException.Unreachable, e.Message);
                throw new Crypto.TimeStampException(Crypto.TimeStampException.Unreachable, e.Message, e);
            }

            var sealedCheckpoint = new SignedCheckpoint(body, note, token);
            try
            {
                await WriteAsync((c, t) => LogSql.ExecuteAsync(c,
                    "INSERT INTO evidence_log_checkpoints (tree_size, root_hash, note, timestamp_token, sealed_at) VALUES (@s, @r, @n, @t, @at);", t,
                    ("@s", size), ("@r", body.RootHash), ("@n", note), ("@t", token), ("@at", FormatTime(sealedAt))), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                RecordFailure("LOG_STORAGE_FAILED", e.Message);
                throw;
            }
            _latest = sealedCheckpoint;
            ClearFailure(sealedAt);
            _metrics.Sealed();
            return true;
        }
        finally
        {
            _sealLock.Release();
        }
    }

    /// <summary>
    /// Another instance leads sealing this round: take over what it sealed, and judge health from the
    /// database, since this instance's own seals no longer say whether receipts are being sealed.
    /// </summary>
    private async Task FollowAsync(CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        await SyncTreeAsync(connection, ct).ConfigureAwait(false);
        var sealedSize = _latest?.Size ?? 0;
        var oldest = await OldestUnsealedAsync(connection, sealedSize, ct).ConfigureAwait(false);
        var now = Clock.GetUtcNow();
        // An entry may wait one interval and one TSA round trip for its seal; longer, and the leader is failing.
        if (oldest is { } at && now - at > _options.SealInterval + _options.TsaTimeout)
        {
            lock (_healthLock)
            {
                _failingSince ??= at;
                _lastError = $"LOG_NOT_SEALING: entries logged since {at:O} are not in a checkpoint (sealed by another instance)";
            }
        }
        else
        {
            ClearFailure(_latest?.SealedAt);
        }
    }

    /// <summary>
    /// Folds up to one transaction's worth of contiguous entries after the folded prefix; returns how many,
    /// and the index of the first missing entry when a later one is already there.
    /// </summary>
    private async Task<(int Count, long? GapAt)> IntegrateAsync(CancellationToken ct)
    {
        var from = _tree.Size;
        var leaves = new List<byte[]>();
        long? gapAt = null;
        await using (var connection = await OpenConnectionAsync(ct).ConfigureAwait(false))
        await using (var command = LogSql.Command(connection,
            "SELECT leaf_index, leaf_hash FROM evidence_log_entries WHERE leaf_index >= @from ORDER BY leaf_index LIMIT @n;",
            ("@from", from), ("@n", _options.MaxEntriesPerTransaction)))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            // Stop at the first gap: an index reserved but not (yet) durable. The tree only grows over a contiguous prefix.
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                if (reader.GetInt64(0) != from + leaves.Count)
                {
                    gapAt = from + leaves.Count;
                    break;
                }
                var hash = reader.GetFieldValue<byte[]>(1);
                if (hash.Length != Rfc6962.HashSize) throw new EvidenceLogCorruptException($"the stored leaf hash of entry {from + leaves.Count} is not {Rfc6962.HashSize} bytes");
                leaves.Add(hash);
            }
        }
        if (leaves.Count == 0) return (0, gapAt);

        var next = _tree.Clone();
        var created = new List<(int Level, long Index, byte[] Hash)>(leaves.Count * 2);
        foreach (var leaf in leaves) next.Append(leaf, created);
        await WriteAsync(async (c, t) =>
        {
            await using var insert = LogSql.Command(c, "INSERT INTO evidence_log_nodes (level, node_index, hash) VALUES (@l, @i, @h);");
            var level = LogSql.Add(insert, "@l", 0);
            var index = LogSql.Add(insert, "@i", 0L);
            var hash = LogSql.Add(insert, "@h", Array.Empty<byte>());
            foreach (var node in created)
            {
                level.Value = node.Level;
                index.Value = node.Index;
                hash.Value = node.Hash;
                await insert.ExecuteNonQueryAsync(t).ConfigureAwait(false);
            }
            // Guarded by the size we started from: a second sealer on the same file would fail here instead of forking the tree.
            var updated = await LogSql.ExecuteAsync(c, "UPDATE evidence_log_state SET integrated_size = @to WHERE id = 1 AND integrated_size = @from;", t,
                ("@to", next.Size), ("@from", from)).ConfigureAwait(false);
            if (updated != 1) throw new InvalidOperationException("the stored log grew under this sealer: is another instance sealing the same database without the sealing lock?");
            return true;
        }, ct).ConfigureAwait(false);
        _tree = next;
        return (leaves.Count, gapAt);
    }

    private void RecordFailure(string reason, string message)
    {
        lock (_healthLock)
        {
            _failingSince ??= Clock.GetUtcNow();
            _lastError = $"{reason}: {message}";
        }
        _metrics.SealFailed(reason);
    }

    private void ClearFailure(DateTimeOffset? sealedAt)
    {
        lock (_healthLock)
        {
            _failingSince = null;
            _lastError = null;
            if (sealedAt is not null) _lastSealAt = sealedAt;
        }
    }
}
