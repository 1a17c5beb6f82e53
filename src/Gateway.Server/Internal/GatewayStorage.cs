using Gateway.EvidenceLog;
using Gateway.Exchange;
using Microsoft.Extensions.Configuration;

namespace Gateway.Server.Internal;

/// <summary>
/// Which database the gateway runs on: <c>ConnectionStrings:Gateway</c> (environment
/// <c>ConnectionStrings__Gateway</c>) when set, else SQLite at <c>gateway.db</c> in the data folder.
/// A SQLite "Data Source=…" serves one gateway process; a PostgreSQL "Host=…" is shared by several.
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
        _ = ExchangeStores.KindOf(connectionString);
        return connectionString;
    }

    /// <summary>
    /// Opens the evidence log and the exchange store on one database, migrating both (safe from several
    /// instances at once on PostgreSQL: each migration runs under an advisory lock).
    /// </summary>
    public static (EvidenceLogStore Log, IExchangeStore Store) Open(GatewayOptions options, GatewayKeys keys, string connectionString, ServerTelemetry telemetry)
    {
        var log = EvidenceLogSetup.Open(options, keys, connectionString, telemetry);
        IExchangeStore store = log switch
        {
            SqliteEvidenceLog sqlite => new SqliteExchangeStore(new SqliteExchangeStoreOptions { ConnectionString = connectionString }, sqlite),
            PostgresEvidenceLog postgres => new PostgresExchangeStore(new PostgresExchangeStoreOptions { ConnectionString = connectionString }, postgres),
            _ => throw new InvalidOperationException($"no exchange store for {log.GetType().Name}"),
        };
        try
        {
            store.MigrateAsync().GetAwaiter().GetResult();
        }
        catch
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            log.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        return (log, store);
    }
}
