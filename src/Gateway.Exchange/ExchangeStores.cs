using System.Data.Common;

namespace Gateway.Exchange;

/// <summary>Which store a connection string (<c>ConnectionStrings:Gateway</c>) names.</summary>
public enum ExchangeStoreKind
{
    Sqlite,
    Postgres,
}

public static class ExchangeStores
{
    /// <summary>
    /// <c>Data Source=…</c> (or <c>Filename=…</c>) is SQLite; <c>Host=…</c> (or <c>Server=…</c>) is PostgreSQL.
    /// Anything else is refused rather than guessed.
    /// </summary>
    public static ExchangeStoreKind KindOf(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var isPostgres = builder.ContainsKey("Host") || builder.ContainsKey("Server");
        var isSqlite = builder.ContainsKey("Data Source") || builder.ContainsKey("DataSource") || builder.ContainsKey("Filename");
        return (isPostgres, isSqlite) switch
        {
            (true, false) => ExchangeStoreKind.Postgres,
            (false, true) => ExchangeStoreKind.Sqlite,
            _ => throw new ArgumentException(
                "ConnectionStrings:Gateway must be a SQLite \"Data Source=...\" or a PostgreSQL \"Host=...\" connection string.",
                nameof(connectionString)),
        };
    }
}
