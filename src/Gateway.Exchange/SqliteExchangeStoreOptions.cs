namespace Gateway.Exchange;

public sealed class SqliteExchangeStoreOptions
{
    public required string ConnectionString { get; set; }   // e.g. "Data Source=/path/gateway.db"

    // How long a connection waits for another process's write lock before failing with SQLITE_BUSY.
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
