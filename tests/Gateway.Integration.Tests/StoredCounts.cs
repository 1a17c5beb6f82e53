using Microsoft.Data.Sqlite;

namespace Gateway.Integration.Tests;

/// <summary>
/// What a gateway has stored: messages, receipts, evidence-log entries (rejections included) and files under blobs/
/// (temporary ones included). Read straight from its SQLite database, read-only beside the running gateway.
/// </summary>
public sealed record StoredCounts(long Messages, long Receipts, long LogEntries, int Files)
{
    public static async Task<StoredCounts> ReadAsync(string dataDirectory)
    {
        var blobs = Path.Combine(dataDirectory, "blobs");
        var files = Directory.Exists(blobs) ? Directory.GetFiles(blobs, "*", SearchOption.AllDirectories).Length : 0;
        return new StoredCounts(await CountAsync(dataDirectory, "SELECT count(*) FROM messages"), await CountAsync(dataDirectory, "SELECT count(*) FROM receipts"),
            await CountAsync(dataDirectory, "SELECT count(*) FROM evidence_log_entries"), files);
    }

    public static async Task<long> CountAsync(string dataDirectory, string sql)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "gateway.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
