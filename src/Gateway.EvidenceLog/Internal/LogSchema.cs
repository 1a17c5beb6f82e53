namespace Gateway.EvidenceLog.Internal;

/// <summary>
/// The log's tables, beside the exchange's in the same database file but with their own version table,
/// so that either side can migrate without the other. Applied migrations are never edited.
/// </summary>
internal static class LogSchema
{
    public const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS evidence_log_schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);";

    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            -- One row per leaf. leaf_hash = SHA-256(0x00 || data), data = the receipt's exact DER bytes.
            -- The log is complete on its own (rejections and signing receipts live nowhere else); the
            -- exchange store reads a logged receipt's bytes from here rather than keeping a second copy.
            CREATE TABLE evidence_log_entries (
                leaf_index INTEGER NOT NULL PRIMARY KEY,
                leaf_hash  BLOB    NOT NULL,
                receipt_id TEXT    NOT NULL UNIQUE,
                parties    TEXT    NOT NULL,
                data       BLOB    NOT NULL
            );
            CREATE INDEX ix_evidence_log_entries_hash ON evidence_log_entries (leaf_hash);

            -- Every perfect subtree once complete (level 0 = the leaf hashes): it never changes again, and
            -- any root or proof is a fold of O(log n) of them.
            CREATE TABLE evidence_log_nodes (
                level      INTEGER NOT NULL,
                node_index INTEGER NOT NULL,
                hash       BLOB    NOT NULL,
                PRIMARY KEY (level, node_index)
            ) WITHOUT ROWID;

            -- How many entries the nodes cover, and the origin the log was created under.
            CREATE TABLE evidence_log_state (
                id              INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                origin          TEXT    NOT NULL,
                integrated_size INTEGER NOT NULL
            );

            -- Every sealed checkpoint: the signed note and the RFC 3161 token over its UTF-8 bytes.
            CREATE TABLE evidence_log_checkpoints (
                tree_size       INTEGER NOT NULL PRIMARY KEY,
                root_hash       BLOB    NOT NULL,
                note            TEXT    NOT NULL,
                timestamp_token BLOB    NOT NULL,
                sealed_at       TEXT    NOT NULL
            );
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;
}
