namespace Gateway.Bench;

/// <summary>
/// A started <see cref="Deployment"/> with the recipient's receive streams open and the sender's channels made:
/// what the cluster comparison, the fixed-rate latency run and the soak all drive through <see cref="Round"/>.
/// </summary>
internal sealed class LoadSession : IAsyncDisposable
{
    /// <summary>Sender connections: a few, as a few clients of one agency (one HTTP/2 connection would serialise on its own stream limits and locks).</summary>
    private const int SenderChannels = 4;

    private LoadSession(Deployment deployment, DeliveryReceiver receiver, ExchangeRound round)
    {
        Deployment = deployment;
        Receiver = receiver;
        Round = round;
    }

    public Deployment Deployment { get; }

    public DeliveryReceiver Receiver { get; }

    public ExchangeRound Round { get; }

    /// <summary>
    /// `--store sqlite` (the default deployment: one TLS instance on SQLite) or `--store postgres` with `--instances N`
    /// behind nginx; `--gw` the CLI to start; `--size` the document size (4096).
    /// </summary>
    public static async Task<LoadSession> StartAsync(string[] args, string store, int instances)
    {
        var gw = Path.GetFullPath(CommandLine.Text(args, "--gw") ?? "bin/gw");
        var size = CommandLine.Int(args, "--size", 4096);
        var deployment = store switch
        {
            "sqlite" when instances == 1 => await Deployment.StartSqliteAsync(gw),
            "sqlite" => throw new ArgumentException("--store sqlite is one instance; several instances share PostgreSQL (--store postgres)"),
            "postgres" => await Deployment.StartPostgresAsync(gw, instances, []),
            _ => throw new ArgumentException($"--store is sqlite or postgres, not {store}"),
        };
        try
        {
            // Two streams per instance: with nginx's round robin each instance holds streams its own submissions wake.
            var receiver = DeliveryReceiver.Start(() => deployment.Channel(BenchDocuments.Recipient), 2 * instances);
            var senders = Enumerable.Range(0, SenderChannels).Select(_ => deployment.Channel(BenchDocuments.Sender)).ToArray();
            return new LoadSession(deployment, receiver, new ExchangeRound(senders, receiver, size));
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// JIT, connections, pools, database pages: a closed-loop round whose figures are dropped (`--warm-up` seconds,
    /// default 10: with 3 s, successive measured rounds still sped up from about 50 to 100 Submit/s on the busy 2-core machine).
    /// </summary>
    public Task WarmUpAsync(int seconds, int concurrency) => Round.ClosedAsync(seconds, concurrency);

    /// <summary>Closed-loop rounds at the concurrency; the peak is their median Submit rate.</summary>
    public async Task<(List<ExchangeResult> Rounds, double Peak)> PeakAsync(int rounds, int seconds, int concurrency, string label)
    {
        var results = new List<ExchangeResult>();
        for (var i = 1; i <= rounds; i++)
        {
            results.Add(await Round.ClosedAsync(seconds, concurrency));
            Console.WriteLine($"{label} closed loop round {i}: {results[^1]}");
        }
        return (results, Stats.Median(results.Select(r => r.Submit.PerSecond)));
    }

    public async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Deployment.DisposeAsync();
    }
}
