using System.Globalization;
using Grpc.Core;

namespace Gateway.Server.Internal;

/// <summary>
/// A client stream that must deliver its next message within <see cref="LimitsOptions.StreamIdleTimeout"/>. Without it a
/// client that opens SubmitStream or SignPdfStream and then goes quiet (crashed half-way, or holding slots on purpose)
/// keeps its stream slot, its temporary file and the handler forever: HTTP/2 keep-alive sees a healthy connection,
/// and a client deadline is the client's choice. The call then ends with DEADLINE_EXCEEDED and STREAM_IDLE (the
/// limit in seconds in ErrorInfo.metadata["limit"]), and the handler cleans up as for any cancelled upload.
/// </summary>
internal sealed class IdleTimeoutStreamReader<T>(IAsyncStreamReader<T> inner, TimeSpan timeout) : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(timeout);
        try
        {
            return await inner.MoveNext(idle.Token).ConfigureAwait(false);
        }
        // Whatever the transport throws for a read cut short by our timer (OperationCanceledException, IOException, a
        // CANCELLED RpcException), it is the idle limit that ended it.
        catch (Exception) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Idle(timeout);
        }
    }

    /// <summary>The limit goes in whole seconds (at least 1), like the other limits' metadata.</summary>
    public static RpcException Idle(TimeSpan timeout) =>
        RpcErrors.Create(StatusCode.DeadlineExceeded, ServerReasons.StreamIdle,
            $"the stream sent nothing for {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (Gateway:Limits:StreamIdleTimeout)",
            limit: Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds)));
}
