using System.Collections.Concurrent;

namespace Gateway.Exchange;

/// <summary>
/// Wakes an agency's open inbox streams when this process stores a message for it. Streams also
/// poll, so a message stored by another instance is delivered too, only later.
/// </summary>
public sealed class InboxSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    public void Notify(string agencyId)
    {
        if (_waiters.TryRemove(agencyId, out var waiter)) waiter.TrySetResult();
    }

    /// <summary>
    /// A task that completes on the next <see cref="Notify"/> for the agency. Take it before looking
    /// at the inbox, so that a message stored in between is not missed.
    /// </summary>
    public Task Next(string agencyId) =>
        _waiters.GetOrAdd(agencyId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
}
