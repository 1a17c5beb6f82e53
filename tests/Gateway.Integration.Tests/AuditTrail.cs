using System.Collections.Concurrent;
using Gateway.Server.Internal;
using Microsoft.Extensions.Logging;

namespace Gateway.Integration.Tests;

/// <summary>
/// Captures a gateway's security audit trail (logger category <see cref="SecurityAudit.Category"/>) the way an
/// operator's log pipeline receives it: structured fields, not formatted text. Tests mark where they start and look
/// for their record after the mark, since fixtures share one trail. Also keeps every exception any other category
/// logs at Warning or above (<see cref="Faults"/>): hostile input must be refused by design, never by an accident
/// that a catch-all turned into a polite status.
/// </summary>
public sealed class AuditTrail : ILoggerProvider
{
    private readonly ConcurrentQueue<AuditRecord> _records = new();
    private readonly ConcurrentQueue<string> _faults = new();

    public ILogger CreateLogger(string categoryName) =>
        categoryName == SecurityAudit.Category ? new AuditRecorder(_records) : new FaultRecorder(categoryName, _faults);

    /// <summary>Exceptions logged at Warning or above outside the audit trail, as "category: exception".</summary>
    public IReadOnlyList<string> Faults => [.. _faults];

    /// <summary>How many records there are now; <see cref="Expect"/> looks only at later ones.</summary>
    public int Mark() => _records.Count;

    /// <summary>Every record written since <paramref name="mark"/>.</summary>
    public IReadOnlyList<AuditRecord> Since(int mark) => _records.Skip(mark).ToList();

    /// <summary>The one record written since <paramref name="mark"/> with this reason and matching <paramref name="match"/>; fails listing them all otherwise.</summary>
    public AuditRecord Expect(int mark, string reason, Func<AuditRecord, bool>? match = null)
    {
        var since = Since(mark);
        var found = since.Where(r => r.Reason == reason && (match?.Invoke(r) ?? true)).ToList();
        Assert.True(found.Count == 1, $"expected one audit record {reason}, found {found.Count} among: {string.Join(" | ", since)}");
        return found[0];
    }

    public void Dispose()
    {
    }
}
