using System.Data.Common;

namespace Gateway.Exchange.Internal;

/// <summary>
/// Parameterised commands on an open connection, shared by the SQLite and PostgreSQL stores: both providers enlist
/// a command in the connection's open transaction by themselves, and both bind a parameter named as in the SQL.
/// </summary>
internal static class DbCommands
{
    public static DbCommand Command(DbConnection c, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static async Task ExecuteAsync(DbConnection c, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(c, sql, parameters);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<T>> QueryListAsync<T>(DbConnection c, string sql, Func<DbDataReader, T> read, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(c, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    public static async Task<T?> QuerySingleAsync<T>(DbConnection c, string sql, Func<DbDataReader, T> read, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        var rows = await QueryListAsync(c, sql, read, ct, parameters).ConfigureAwait(false);
        return rows.Count == 0 ? default : rows[0];
    }
}
