using Microsoft.Data.Sqlite;

namespace Gateway.EvidenceLog.Internal;

/// <summary>Parameterised commands on a connection (and its open transaction, which CreateCommand enlists).</summary>
internal static class LogSql
{
    public static SqliteCommand Command(SqliteConnection c, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static async Task<int> ExecuteAsync(SqliteConnection c, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(c, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(SqliteConnection c, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(c, sql, parameters);
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }
}
