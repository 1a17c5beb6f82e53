using Microsoft.Data.Sqlite;

namespace Gateway.Exchange.Tests;

public sealed class SqliteExchangeStoreTests : ExchangeStoreContractTests
{
    private readonly TempFolder _dir = new();

    private string DatabasePath => Path.Combine(_dir.Path, "gateway.db");

    protected override Task<bool> CreateDatabaseAsync() => Task.FromResult(true);

    protected override IExchangeStore NewStore() =>
        new SqliteExchangeStore(new SqliteExchangeStoreOptions { ConnectionString = $"Data Source={DatabasePath}" });

    protected override Task DeleteDatabaseAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Migrate_records_schema_version_and_enables_wal()
    {
        await Store.MigrateAsync();

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "SELECT group_concat(version) FROM schema_version;";
        Assert.Equal("1,2", (string?)await command.ExecuteScalarAsync());
    }
}
