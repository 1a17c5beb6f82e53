using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gateway.Integration.Tests;

/// <summary>The logger behind <see cref="AuditTrail.Faults"/>: keeps exceptions logged at Warning or above.</summary>
internal sealed class FaultRecorder(string category, ConcurrentQueue<string> faults) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Warning && exception is not null) faults.Enqueue($"{category}: {exception}");
    }
}
