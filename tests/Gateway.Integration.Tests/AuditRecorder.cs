using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Gateway.Integration.Tests;

/// <summary>The logger behind <see cref="AuditTrail"/>: keeps each record's structured fields.</summary>
internal sealed class AuditRecorder(ConcurrentQueue<AuditRecord> records) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs) fields[key] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }
        records.Enqueue(new AuditRecord(logLevel, eventId.Id, fields));
    }
}
