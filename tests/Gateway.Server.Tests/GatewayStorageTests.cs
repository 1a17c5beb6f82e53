using Gateway.Server.Internal;
using Microsoft.Extensions.Configuration;

namespace Gateway.Server.Tests;

public sealed class GatewayStorageTests
{
    private static IConfiguration Config(string? connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(
            connectionString is null ? [] : [new("ConnectionStrings:Gateway", connectionString)]).Build();

    [Fact]
    public void Without_a_connection_string_the_database_is_sqlite_in_the_data_folder() =>
        Assert.Equal($"Data Source={Path.Combine("/srv/gw", "gateway.db")}", GatewayStorage.ConnectionString(Config(null), "/srv/gw"));

    [Fact]
    public void A_sqlite_connection_string_is_used_as_given() =>
        Assert.Equal("Data Source=/var/lib/gw/x.db", GatewayStorage.ConnectionString(Config("Data Source=/var/lib/gw/x.db"), "/srv/gw"));

    [Fact]
    public void A_postgres_connection_string_is_used_as_given() =>
        Assert.Equal("Host=127.0.0.1;Database=gateway;Username=gw",
            GatewayStorage.ConnectionString(Config("Host=127.0.0.1;Database=gateway;Username=gw"), "/srv/gw"));

    [Theory]
    [InlineData("Data Source=a.db", Gateway.Exchange.ExchangeStoreKind.Sqlite)]
    [InlineData("Filename=a.db;Mode=ReadWriteCreate", Gateway.Exchange.ExchangeStoreKind.Sqlite)]
    [InlineData("Host=db;Port=5432;Database=gateway", Gateway.Exchange.ExchangeStoreKind.Postgres)]
    [InlineData("Server=db;Database=gateway", Gateway.Exchange.ExchangeStoreKind.Postgres)]
    public void The_kind_of_store_follows_the_connection_string(string connectionString, Gateway.Exchange.ExchangeStoreKind kind) =>
        Assert.Equal(kind, Gateway.Exchange.ExchangeStores.KindOf(connectionString));

    [Theory]
    [InlineData("Password=x")]
    [InlineData("Host=db;Data Source=a.db")]
    public void An_ambiguous_or_unknown_connection_string_is_refused(string connectionString) =>
        Assert.Throws<ArgumentException>(() => Gateway.Exchange.ExchangeStores.KindOf(connectionString));
}
