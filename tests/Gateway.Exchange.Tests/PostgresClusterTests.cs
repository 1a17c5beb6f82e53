using Npgsql;
using Xunit.Abstractions;

namespace Gateway.Exchange.Tests;

public sealed class PostgresClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Throwaway_cluster_listens_on_loopback_and_gives_each_caller_its_own_database()
    {
        if (PostgresCluster.Require(output) is not { } cluster) return;

        var first = await cluster.CreateDatabaseAsync();
        var second = await cluster.CreateDatabaseAsync();

        Assert.NotEqual(first, second);
        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('server_version_num')::int >= 150000, inet_server_addr()::text";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetBoolean(0));
        Assert.Equal("127.0.0.1/32", reader.GetString(1));
    }
}
