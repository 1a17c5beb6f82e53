namespace Gateway.Exchange.Internal;

// The PostgreSQL schema, versioned like SqliteSchema: applied migrations are never edited, a change is
// a new entry with the next version. Same tables and columns as SQLite, so both stores share
// SqliteRecordMapper; timestamps are the same fixed-width UTC text (tick precision, which timestamptz's
// microseconds would not round-trip).
internal static class PostgresSchema
{
    // Taken (transaction-scoped) by MigrateAsync, so that instances starting together migrate one after another.
    public const long MigrationLockKey = 0x6777_6578_6368_0001; // "gwexch" 1

    public const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());";

    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            CREATE TABLE messages (
                message_id        text    NOT NULL PRIMARY KEY,
                seq               bigint  NOT NULL UNIQUE,
                sender            text    NOT NULL,
                recipient         text    NOT NULL,
                idempotency_key   text    NOT NULL,
                document_sha256   text    NOT NULL,
                document_size     bigint  NOT NULL,
                media_type        text    NOT NULL,
                file_name         text    NOT NULL,
                service_id        text    NOT NULL,
                request_kind      integer NOT NULL,
                subject           text    NOT NULL,
                submitted_at      text    NOT NULL,
                acknowledged_at   text    NULL,
                delivery_attempts integer NOT NULL,
                UNIQUE (sender, idempotency_key)
            );
            CREATE INDEX ix_messages_inbox ON messages (recipient, seq) WHERE acknowledged_at IS NULL;

            -- A counter row, not a SEQUENCE: a sequence hands out numbers that commit out of order, and a
            -- recipient paging by "seq > cursor" would skip a message committed after a higher one. The row
            -- lock held to commit makes sequence order commit order (and numbers are never reissued).
            CREATE TABLE message_sequence (id integer NOT NULL PRIMARY KEY CHECK (id = 1), last_value bigint NOT NULL);
            INSERT INTO message_sequence (id, last_value) VALUES (1, 0);

            CREATE TABLE receipts (
                receipt_id text   NOT NULL PRIMARY KEY,
                message_id text   NOT NULL REFERENCES messages (message_id),
                event      text   NOT NULL,
                issued_at  text   NOT NULL,
                signed     bytea  NOT NULL,
                ord        bigint GENERATED ALWAYS AS IDENTITY  -- insertion order, SQLite's rowid
            );
            CREATE INDEX ix_receipts_message ON receipts (message_id);
            """),
        (2, """
            -- Delivery leases (see SqliteSchema 2); claimed with FOR UPDATE SKIP LOCKED, so that streams on
            -- several instances take different messages instead of queueing behind each other's row locks.
            ALTER TABLE messages ADD COLUMN leased_until text NULL;
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;
}
