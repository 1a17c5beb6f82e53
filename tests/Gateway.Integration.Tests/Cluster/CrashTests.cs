using System.Collections.Concurrent;
using System.Diagnostics;
using Gateway.Api.V1;
using Gateway.Crypto;
using Gateway.EvidenceLog;
using Gateway.Testing;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace Gateway.Integration.Tests.Cluster;

/// <summary>
/// Crash safety: under continuous submissions, the gateway process is killed with SIGKILL at random moments
/// and started again, 20 times, on SQLite and on PostgreSQL. Whatever a client was told (a receipt) must
/// survive: the receipt is stored and verifies, is in the log, its document is intact, and the log only grew.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Kills = 20;
    private const int Submitters = 3;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Receipts_given_out_before_a_kill_survive_it(string database)
    {
        using var folder = new TempFolder("gw-crash");
        string connectionString;
        if (database == "postgres")
        {
            if (PostgresCluster.Require(output) is not { } postgres) return;
            connectionString = await postgres.CreateDatabaseAsync("crash");
        }
        else
        {
            connectionString = $"Data Source={folder.File("gateway.db")}";
        }
        var pki = new DevPkiLayout(folder.File("pki"));
        // A reservation whose instance was killed holds later receipts out of checkpoints for the lease only.
        await using var gateway = new GatewayProcess(pki.Directory, folder.File("data"), connectionString, ["--Gateway:EvidenceLog:ReservationLease=00:00:02"]);
        await gateway.StartAsync();
        // The process is gone 20 times: without a short reconnect backoff the channel's exponential backoff
        // (1 s doubling) soon outlasts the time between kills, and on a busy machine no call gets through at all.
        using var channel = GrpcChannel.ForAddress(gateway.Address, new GrpcChannelOptions
        {
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(50),
            MaxReconnectBackoff = TimeSpan.FromMilliseconds(200),
        });
        var evidence = new ClusterEvidence(channel, pki);
        var logKey = LogKeys.LoadVerifier(pki.LogPublicKey, "gateway-dev/evidence-log");

        var held = new ConcurrentBag<HeldReceipt>();
        var failures = 0;
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Submitters).Select(s => Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var content = ClusterEvidence.Document(1024 + Random.Shared.Next(4096));
                try
                {
                    var response = await evidence.Exchange.SubmitAsync(new SubmitRequest
                    {
                        RecipientAgency = "agency-b", Content = ByteString.CopyFrom(content), MediaType = "text/plain", FileName = "note.txt",
                        IdempotencyKey = $"{s}-{n++}",
                    }, ClusterEvidence.As("agency-a"), deadline: DateTime.UtcNow.AddSeconds(10));
                    held.Add(new HeldReceipt("agency-a", response.MessageId, response.Receipt.Signed.ToByteArray(),
                        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))));
                }
                catch (RpcException)
                {
                    // The process is down or died mid-call: the client got no receipt, so nothing is promised.
                    Interlocked.Increment(ref failures);
                    await Task.Delay(20);
                }
            }
        })).ToArray();

        var before = new List<Api.V1.SignedCheckpoint>();
        var clock = Stopwatch.StartNew();
        for (var kill = 0; kill < Kills; kill++)
        {
            // Each kill lands under load: once the restarted process has given out a receipt, at a random moment
            // after that. Waiting for the first receipt keeps a slow machine from killing a process still starting.
            await WaitForProgressAsync(held, TimeSpan.FromSeconds(30));
            await Task.Delay(100 + Random.Shared.Next(500));
            before.Add(await evidence.NewestCheckpointAsync());
            gateway.Kill();
            await gateway.StartAsync();
        }
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var receipts = held.ToList();
        output.WriteLine($"{database}: {Kills} kills in {clock.Elapsed.TotalSeconds:F0} s; {receipts.Count} receipts held, {failures} calls failed");
        Assert.True(receipts.Count > Kills, $"only {receipts.Count} receipts: the load did not run");

        var positions = receipts.Select(evidence.VerifyReceipt).ToList();
        Assert.Equal(receipts.Count, positions.Distinct().Count());
        // The restarted instance seals where the killed one stopped (after the lease, for indices it died holding).
        var final = await evidence.CheckpointCoveringAsync(positions.Max() + 1, TimeSpan.FromSeconds(60));
        foreach (var checkpoint in before) await evidence.VerifyConsistentAsync(checkpoint, final, logKey);
        foreach (var (receipt, position) in receipts.Zip(positions))
        {
            await evidence.VerifyStoredAsync(receipt);
            await evidence.VerifyIncludedAsync(receipt, position, logKey);
            await evidence.VerifyDocumentAsync(receipt, "agency-b");
        }
    }

    private static async Task WaitForProgressAsync(ConcurrentBag<HeldReceipt> held, TimeSpan timeout)
    {
        var count = held.Count;
        var deadline = Stopwatch.StartNew();
        while (held.Count == count)
        {
            if (deadline.Elapsed > timeout) throw new TimeoutException($"no receipt within {timeout.TotalSeconds:F0} s of a restart");
            await Task.Delay(10);
        }
    }
}
