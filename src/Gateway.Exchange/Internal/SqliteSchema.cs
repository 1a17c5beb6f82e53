namespace Gateway.Exchange.Internal;

// All DDL lives here. Applied migrations are never edited: a schema change is a new entry
// with the next version, so existing databases upgrade in place.
internal static class SqliteSchema
{
    public const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);";

    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            CREATE TABLE messages (
                message_id        TEXT    NOT NULL PRIMARY KEY,
                seq               INTEGER NOT NULL UNIQUE,
                sender            TEXT    NOT NULL,
                recipient         TEXT    NOT NULL,
                idempotency_key   TEXT    NOT NULL,
                document_sha256   TEXT    NOT NULL,
                document_size     INTEGER NOT NULL,
                media_type        TEXT    NOT NULL,
                file_name         TEXT    NOT NULL,
                service_id        TEXT    NOT NULL,
                request_kind      INTEGER NOT NULL,
                subject           TEXT    NOT NULL,
                submitted_at      TEXT    NOT NULL,
                acknowledged_at   TEXT    NULL,
                delivery_attempts INTEGER NOT NULL,
                UNIQUE (sender, idempotency_key)
            );
            CREATE INDEX ix_messages_inbox ON messages (recipient, acknowledged_at, seq);

            -- A counter row instead of MAX(seq)+1: sequence numbers are recipients' paging cursors,
            -- so they must never be reissued, even if the newest message is one day purged.
            CREATE TABLE message_sequence (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), last_value INTEGER NOT NULL);
            INSERT INTO message_sequence (id, last_value) VALUES (1, 0);

            CREATE TABLE receipts (
                receipt_id TEXT NOT NULL PRIMARY KEY,
                message_id TEXT NOT NULL REFERENCES messages (message_id),
                event      TEXT NOT NULL,
                issued_at  TEXT NOT NULL,
                signed     BLOB NOT NULL
            );
            CREATE INDEX ix_receipts_message ON receipts (message_id);
            """),
        (2, """
            -- Delivery leases: a message handed to one inbox stream is not handed to another until the lease
            -- runs out; unacknowledged by then, it is delivered again (at-least-once).
            ALTER TABLE messages ADD COLUMN leased_until TEXT NULL;
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;
}
