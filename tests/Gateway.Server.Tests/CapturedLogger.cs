using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gateway.Server.Tests;

/// <summary>A logger factory whose every logger keeps each record's level and named fields.</summary>
internal sealed class CapturedLogger : ILoggerFactory, ILogger
{
    public ConcurrentQueue<(LogLevel Level, IReadOnlyDictionary<string, object?> Fields)> Records { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Records.Enqueue((logLevel, (state as IEnumerable<KeyValuePair<string, object?>> ?? []).ToDictionary(p => p.Key, p => p.Value)));

    public void Dispose()
    {
    }
}
