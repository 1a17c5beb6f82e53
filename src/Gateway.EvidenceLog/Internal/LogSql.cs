using System.Data.Common;

namespace Gateway.EvidenceLog.Internal;

/// <summary>
/// Parameterised commands on a connection of either provider. Both SQLite and Npgsql enlist a command in
/// the connection's open transaction by themselves, and both bind "@name" parameters, so the log's
/// queries are written once for both.
/// </summary>
internal static class LogSql
{
    public static DbCommand Command(DbConnection c, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) Add(command, name, value);
        return command;
    }

    public static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static async Task<int> ExecuteAsync(DbConnection c, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(c, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(DbConnection c, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(c, sql, parameters);
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }
}
