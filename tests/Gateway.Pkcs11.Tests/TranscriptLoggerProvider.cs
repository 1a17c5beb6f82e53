using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gateway.Pkcs11.Tests;

/// <summary>Everything an in-process gateway logs (message and exception), into the run's transcript searched for secrets.</summary>
public sealed class TranscriptLoggerProvider(ConcurrentQueue<string> transcript) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, transcript);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> transcript) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            transcript.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
    }
}
