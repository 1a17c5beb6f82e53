namespace Gateway.EvidenceLog.Internal;

/// <summary>
/// The log's tables, beside the exchange's in the same database but with their own version table, so
/// that either side can migrate without the other. One script per provider, the same tables and columns;
/// applied migrations are never edited, a change is a new entry with the next version.
/// </summary>
internal sealed record LogSchema(string CreateVersionTable, IReadOnlyList<(int Version, string Sql)> Migrations)
{
    public int LatestVersion => Migrations[^1].Version;

    public static readonly LogSchema Sqlite = new(
        "CREATE TABLE IF NOT EXISTS evidence_log_schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);",
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
        ]);

    public static readonly LogSchema Postgres = new(
        "CREATE TABLE IF NOT EXISTS evidence_log_schema_version (version integer NOT NULL PRIMARY KEY, applied_at text NOT NULL);",
        [
            (1, """
                -- As in SQLite, plus logged_at: the time the entry's transaction began, which bounds from
                -- above when every lower index was reserved (a sequence hands indices out in time order).
                -- The sealer voids a gap once the entry after it is older than the reservation lease.
                CREATE TABLE evidence_log_entries (
                    leaf_index bigint      NOT NULL PRIMARY KEY,
                    leaf_hash  bytea       NOT NULL,
                    receipt_id text        NOT NULL UNIQUE,
                    parties    text        NOT NULL,
                    data       bytea       NOT NULL,
                    logged_at  timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX ix_evidence_log_entries_hash ON evidence_log_entries (leaf_hash);

                -- Leaf indices for every instance: never handed out twice, in the order they were asked for.
                CREATE SEQUENCE evidence_log_leaf_index AS bigint MINVALUE 0 START WITH 0;

                CREATE TABLE evidence_log_nodes (
                    level      integer NOT NULL,
                    node_index bigint  NOT NULL,
                    hash       bytea   NOT NULL,
                    PRIMARY KEY (level, node_index)
                );

                CREATE TABLE evidence_log_state (
                    id              integer NOT NULL PRIMARY KEY CHECK (id = 1),
                    origin          text    NOT NULL,
                    integrated_size bigint  NOT NULL
                );

                CREATE TABLE evidence_log_checkpoints (
                    tree_size       bigint NOT NULL PRIMARY KEY,
                    root_hash       bytea  NOT NULL,
                    note            text   NOT NULL,
                    timestamp_token bytea  NOT NULL,
                    sealed_at       text   NOT NULL
                );
                """),
        ]);
}
