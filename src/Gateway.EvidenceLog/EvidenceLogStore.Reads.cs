using Gateway.EvidenceLog.Internal;
using Gateway.Merkle;
using System.Data.Common;

namespace Gateway.EvidenceLog;

public abstract partial class EvidenceLogStore
{
    /// <summary>At most this many entries per <see cref="EntriesAsync(long, long, string?, CancellationToken)"/> call (about 1 MiB of receipts).</summary>
    public const int MaxEntriesPerPage = 256;

    /// <summary>The checkpoint sealed at exactly <paramref name="treeSize"/>, or null.</summary>
    public async Task<SignedCheckpoint?> CheckpointAsync(long treeSize, CancellationToken ct = default)
    {
        if (_latest is { } latest && latest.Size == treeSize) return latest;
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return await ReadCheckpointAsync(connection, treeSize, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The entry with that index, leaf hash or receipt id (operator view: with its data), or null.
    /// Entries not yet covered by a checkpoint are found too; callers compare the index with the sealed size.
    /// </summary>
    public async Task<LogEntry?> FindEntryAsync(long? index = null, byte[]? leafHash = null, string? receiptId = null, CancellationToken ct = default)
    {
        var (where, parameter) = index is { } i ? ("leaf_index = @k", (object)i)
            : leafHash is { } h ? ("leaf_hash = @k", h)
            : receiptId is { } r ? ("receipt_id = @k", r)
            : throw new ArgumentException("give an index, a leaf hash or a receipt id");
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        var entries = await ReadEntriesAsync(connection, $"SELECT leaf_index, receipt_id, parties, data FROM evidence_log_entries WHERE {where} ORDER BY leaf_index LIMIT 1;",
            null, ct, ("@k", parameter)).ConfigureAwait(false);
        return entries.Count == 0 ? null : entries[0];
    }

    /// <summary>Inclusion proof of a leaf in the tree of <paramref name="treeSize"/> leaves (at most the sealed size), from O(log n) stored nodes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below the size, or the size is above the newest checkpoint.</exception>
    public async Task<LogInclusionProof> InclusionProofAsync(long leafIndex, long treeSize, CancellationToken ct = default)
    {
        await CheckSealedAsync(treeSize, ct).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, treeSize);
        var path = ProofRecipes.Inclusion((ulong)leafIndex, (ulong)treeSize);
        var root = ProofRecipes.Root((ulong)treeSize);
        var leaf = new TreeNode(0, (ulong)leafIndex);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var snapshot = await BeginSnapshotAsync(connection, ct).ConfigureAwait(false);
        var nodes = await ReadNodesAsync(connection, [.. path.Nodes, .. root.Nodes, leaf], ct).ConfigureAwait(false);
        var checkpoint = _latest is { } latest && latest.Size == treeSize ? latest : await ReadCheckpointAsync(connection, treeSize, ct).ConfigureAwait(false);
        return new LogInclusionProof(leafIndex, treeSize, nodes[leaf], path.Assemble(n => nodes[n]), root.Assemble(n => nodes[n])[0], checkpoint);
    }

    /// <summary>Consistency proof between two sizes, 1 &lt;= first &lt;= second &lt;= sealed size, with both roots.</summary>
    public async Task<LogConsistencyProof> ConsistencyProofAsync(long firstSize, long secondSize, CancellationToken ct = default)
    {
        await CheckSealedAsync(secondSize, ct).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSize, secondSize);
        var proof = ProofRecipes.Consistency((ulong)firstSize, (ulong)secondSize);
        var root1 = ProofRecipes.Root((ulong)firstSize);
        var root2 = ProofRecipes.Root((ulong)secondSize);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var snapshot = await BeginSnapshotAsync(connection, ct).ConfigureAwait(false);
        var nodes = await ReadNodesAsync(connection, [.. proof.Nodes, .. root1.Nodes, .. root2.Nodes], ct).ConfigureAwait(false);
        var checkpoint = _latest is { } latest && latest.Size == secondSize ? latest : await ReadCheckpointAsync(connection, secondSize, ct).ConfigureAwait(false);
        return new LogConsistencyProof(firstSize, secondSize, proof.Assemble(n => nodes[n]), root1.Assemble(n => nodes[n])[0], root2.Assemble(n => nodes[n])[0], checkpoint);
    }

    /// <summary>
    /// Entries [start, min(end, start + <see cref="MaxEntriesPerPage"/>)) with the compact range at start.
    /// Each leaf hash is computed from the stored bytes. <paramref name="viewer"/> null is the operator and
    /// sees everything; an agency sees the data and receipt id of entries it is a party to, and only the
    /// leaf hash of the others (enough to audit the tree, nothing about other agencies' documents).
    /// </summary>
    /// <exception cref="EvidenceLogCorruptException">An entry in the range is missing from storage.</exception>
    public async Task<LogEntryPage> EntriesAsync(long start, long end, string? viewer, CancellationToken ct = default)
    {
        await CheckSealedAsync(end, ct).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(start, end);
        end = Math.Min(end, start + MaxEntriesPerPage);
        var rangeNodes = ProofRecipes.CompactRange((ulong)start);
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var snapshot = await BeginSnapshotAsync(connection, ct).ConfigureAwait(false);
        var nodes = await ReadNodesAsync(connection, rangeNodes, ct).ConfigureAwait(false);
        var entries = await ReadEntriesAsync(connection,
            "SELECT leaf_index, receipt_id, parties, data FROM evidence_log_entries WHERE leaf_index >= @s AND leaf_index < @e ORDER BY leaf_index;",
            viewer, ct, ("@s", start), ("@e", end)).ConfigureAwait(false);
        for (var i = 0; i < end - start; i++)
        {
            if (i >= entries.Count || entries[i].Index != start + i)
                throw new EvidenceLogCorruptException($"entry {start + i} is missing from the stored log although the tree covers it");
        }
        return new LogEntryPage(start, rangeNodes.Select(n => nodes[n]).ToList(), entries);
    }

    async Task<(string Note, byte[] TimeStampToken)> ILogSource.LatestCheckpointAsync(CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        var latest = await ReadCheckpointAsync(connection, null, ct).ConfigureAwait(false)
                     ?? throw new InvalidOperationException("the log has no checkpoint yet");
        return (latest.Note, latest.TimeStampToken);
    }

    async Task<(string Note, byte[] TimeStampToken)?> ILogSource.CheckpointAsync(long treeSize, CancellationToken ct) =>
        await CheckpointAsync(treeSize, ct).ConfigureAwait(false) is { } checkpoint ? (checkpoint.Note, checkpoint.TimeStampToken) : null;

    async Task<IReadOnlyList<byte[]>> ILogSource.ConsistencyProofAsync(long firstSize, long secondSize, CancellationToken ct) =>
        (await ConsistencyProofAsync(firstSize, secondSize, ct).ConfigureAwait(false)).Proof;

    Task<LogEntryPage> ILogSource.EntriesAsync(long start, long end, CancellationToken ct) => EntriesAsync(start, end, null, ct);

    /// <summary>
    /// Refuses a size beyond the newest checkpoint. With several instances, another may have sealed since
    /// this one looked: a size beyond what it knows is checked against the database before it is refused.
    /// </summary>
    private async Task CheckSealedAsync(long treeSize, CancellationToken ct)
    {
        if (Shared && treeSize > (_latest?.Size ?? 0))
        {
            await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
            if (await ReadCheckpointAsync(connection, null, ct).ConfigureAwait(false) is { } newest && newest.Size > (_latest?.Size ?? 0)) _latest = newest;
        }
        var sealedSize = _latest?.Size ?? 0;
        if (treeSize < 0 || treeSize > sealedSize)
            throw new ArgumentOutOfRangeException(nameof(treeSize), treeSize, $"the newest checkpoint covers {sealedSize} entries");
    }

    /// <summary>Reads the given nodes with one prepared statement; a missing or malformed node is damage, not a proof.</summary>
    private static async Task<Dictionary<TreeNode, byte[]>> ReadNodesAsync(DbConnection connection, IEnumerable<TreeNode> nodes, CancellationToken ct)
    {
        var result = new Dictionary<TreeNode, byte[]>();
        await using var command = LogSql.Command(connection, "SELECT hash FROM evidence_log_nodes WHERE level = @l AND node_index = @i;");
        var level = LogSql.Add(command, "@l", 0);
        var index = LogSql.Add(command, "@i", 0L);
        foreach (var node in nodes)
        {
            if (result.ContainsKey(node)) continue;
            level.Value = node.Level;
            index.Value = checked((long)node.Index);
            if (await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is not byte[] { Length: Rfc6962.HashSize } hash)
                throw new EvidenceLogCorruptException($"tree node {node.Level}/{node.Index} is missing or malformed in the stored log");
            result[node] = hash;
        }
        return result;
    }

    /// <param name="viewer">Null: everything. Otherwise data, receipt id and parties only for entries it is a party to.</param>
    private static async Task<List<LogEntry>> ReadEntriesAsync(DbConnection connection, string sql, string? viewer, CancellationToken ct, params (string, object?)[] parameters)
    {
        var entries = new List<LogEntry>();
        await using var command = LogSql.Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var data = reader.GetFieldValue<byte[]>(3);
            var parties = reader.GetString(2).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // Void entries are nobody's and hide nothing: everyone sees them.
            var visible = viewer is null || parties.Contains(viewer, StringComparer.Ordinal) || VoidEntry.IsVoid(data);
            entries.Add(new LogEntry(reader.GetInt64(0), Rfc6962.HashLeaf(data), visible ? data : null, visible ? reader.GetString(1) : null, visible ? parties : []));
        }
        return entries;
    }

    /// <summary>The checkpoint at a size, or the newest one when <paramref name="treeSize"/> is null.</summary>
    private static async Task<SignedCheckpoint?> ReadCheckpointAsync(DbConnection connection, long? treeSize, CancellationToken ct)
    {
        var sql = treeSize is null
            ? "SELECT note, timestamp_token FROM evidence_log_checkpoints ORDER BY tree_size DESC LIMIT 1;"
            : "SELECT note, timestamp_token FROM evidence_log_checkpoints WHERE tree_size = @s;";
        await using var command = treeSize is { } size ? LogSql.Command(connection, sql, ("@s", size)) : LogSql.Command(connection, sql);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        var note = reader.GetString(0);
        // Our own note: read without a verifier, but it must still be a checkpoint.
        if (!SignedCheckpoint.TryReadUnverified(note, out var body))
            throw new EvidenceLogCorruptException($"a stored checkpoint{(treeSize is null ? "" : $" of size {treeSize}")} is not a well-formed signed checkpoint");
        return new SignedCheckpoint(body!, note, reader.GetFieldValue<byte[]>(1));
    }
}
