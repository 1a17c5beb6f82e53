using Gateway.Exchange;
using Microsoft.Extensions.Configuration;

namespace Gateway.Server.Internal;

/// <summary>
/// Which database the gateway runs on: <c>ConnectionStrings:Gateway</c> (environment
/// <c>ConnectionStrings__Gateway</c>) when set, else SQLite at <c>gateway.db</c> in the data folder.
/// </summary>
internal static class GatewayStorage
{
    public const string ConnectionStringName = "Gateway";

    public static string ConnectionString(IConfiguration configuration, string dataDirectory)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        var connectionString = string.IsNullOrWhiteSpace(configured)
            ? $"Data Source={Path.Combine(dataDirectory, "gateway.db")}"
            : configured;
        if (ExchangeStores.KindOf(connectionString) == ExchangeStoreKind.Postgres)
        {
            // PostgresExchangeStore exists, but every receipt must also be a leaf of the evidence log, committed
            // with its row, and the log is still SQLite-only (issue 6): refuse rather than run without the log.
            throw new NotSupportedException(
                "ConnectionStrings:Gateway names PostgreSQL: the exchange store supports it (PostgresExchangeStore), " +
                "but the evidence log does not yet, so the gateway cannot run on it; use a SQLite \"Data Source=...\".");
        }
        return connectionString;
    }
}
