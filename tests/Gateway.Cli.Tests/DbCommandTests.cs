using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit.Abstractions;

namespace Gateway.Cli.Tests;

/// <summary>`gw db migrate`: creates the exchange's and the evidence log's tables, idempotently, on SQLite and PostgreSQL.</summary>
public sealed class DbCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Migrate_creates_both_schemas_in_the_default_sqlite_database_and_can_run_again()
    {
        using var folder = new TempFolder("gw-db");
        string[] args = ["db", "migrate", "--data", folder.File("data"), "--pki", folder.File("pki")];
        var (code, stdout, error) = await GwCommand.RunCapturedAsync(args);
        Assert.True(code == 0, error);
        Assert.Contains("Sqlite", stdout);
        Assert.Equal(0, (await GwCommand.RunCapturedAsync(args)).Code);

        await using var connection = new SqliteConnection($"Data Source={folder.File("data/gateway.db")}");
        await connection.OpenAsync();
        Assert.Equal("1,2", await ScalarAsync(connection, "SELECT group_concat(version, ',') FROM (SELECT version FROM schema_version ORDER BY version);"));
        Assert.Equal("1", await ScalarAsync(connection, "SELECT group_concat(version, ',') FROM evidence_log_schema_version;"));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Migrate_creates_both_schemas_in_postgres_from_two_runs_at_once()
    {
        if (PostgresCluster.Require(output) is not { } cluster) return;
        var database = await cluster.CreateDatabaseAsync("migrate");
        using var folder = new TempFolder("gw-db");
        string[] args = ["db", "migrate", "--pki", folder.File("pki"), $"--ConnectionStrings:Gateway={database}"];
        // The development PKI (the log key) is made by the first run; then two deployments migrate together.
        Assert.Equal(0, (await GwCommand.RunCapturedAsync(args)).Code);
        var runs = await Task.WhenAll(GwCommand.RunCapturedAsync(args), GwCommand.RunCapturedAsync(args));
        Assert.All(runs, r => Assert.True(r.Code == 0, r.Error));
        Assert.Contains("Postgres", runs[0].Out);

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        Assert.Equal("1,2", await ScalarAsync(connection, "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version;"));
        Assert.Equal("1", await ScalarAsync(connection, "SELECT string_agg(version::text, ',' ORDER BY version) FROM evidence_log_schema_version;"));
    }

    private static async Task<string?> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
