using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Gateway.EvidenceLog;

/// <summary>
/// Group commit: writes queue here, and one writer runs everything waiting in one IMMEDIATE
/// transaction, each write in its own SAVEPOINT, then commits once. With synchronous=FULL the commit's
/// fsync is the cost of a write; sharing it between concurrent writes multiplies throughput without
/// weakening durability: no caller is answered before the commit that holds its write.
/// A write that throws is rolled back to its savepoint alone; the others in the batch still commit.
/// </summary>
/// <remarks>
/// One queue per database file: the exchange store and the evidence log share one (see
/// <see cref="SqliteEvidenceLog.Writes"/>), so that a receipt row and its log entry commit in the same
/// transaction and one fsync, and the two never wait for each other's SQLite write lock.
/// </remarks>
public sealed class SqliteWriteQueue
{
    private const int MaxBatch = 256;

    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    // Counted here: a single-reader unbounded channel cannot count its items.
    private int _pending;

    public SqliteWriteQueue(Func<CancellationToken, Task<SqliteConnection>> open)
    {
        _open = open;
        _writer = Task.Run(RunAsync);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the next shared transaction and completes once that transaction is
    /// durable (or failed). A write still queued when <paramref name="ct"/> fires is dropped; once running
    /// it runs to the end.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var pending = new PendingWrite<T>(work, ct);
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _pending);
            throw new ObjectDisposedException(nameof(SqliteWriteQueue));
        }
        return pending.Task;
    }

    /// <summary>Writes queued and not yet taken into a transaction (a queue depth for metrics; a snapshot, racy by nature).</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Stops taking writes and waits for the queued ones to finish.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _writer;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                Interlocked.Decrement(ref _pending);
                if (next.CancellationToken.IsCancellationRequested) next.Cancel();
                else batch.Add(next);
            }
            if (batch.Count > 0) await RunBatchAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task RunBatchAsync(List<PendingWrite> batch)
    {
        var done = new List<PendingWrite>(batch.Count);
        try
        {
            await using var connection = await _open(CancellationToken.None).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var write in batch)
            {
                await ExecuteAsync(connection, "SAVEPOINT w;").ConfigureAwait(false);
                try
                {
                    await write.RunAsync(connection).ConfigureAwait(false);
                    await ExecuteAsync(connection, "RELEASE w;").ConfigureAwait(false);
                    done.Add(write);
                }
                catch (Exception e)
                {
                    await ExecuteAsync(connection, "ROLLBACK TO w; RELEASE w;").ConfigureAwait(false);
                    write.Fail(e);
                }
            }
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Nothing of this batch is durable: every write not yet answered fails with the cause.
            foreach (var write in batch) write.Fail(e);
            return;
        }
        foreach (var write in done) write.Complete();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private abstract class PendingWrite(CancellationToken cancellationToken)
    {
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public abstract Task RunAsync(SqliteConnection connection);
        public abstract void Complete();
        public abstract void Fail(Exception e);
        public abstract void Cancel();
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        : PendingWrite(cancellationToken)
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _completion.Task;

        // Once queued, a write runs to the end: abandoning it halfway through a shared transaction would cost the others.
        public override async Task RunAsync(SqliteConnection connection) => _result = await work(connection, CancellationToken.None).ConfigureAwait(false);

        public override void Complete() => _completion.TrySetResult(_result);

        public override void Fail(Exception e) => _completion.TrySetException(e);

        public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
    }
}
