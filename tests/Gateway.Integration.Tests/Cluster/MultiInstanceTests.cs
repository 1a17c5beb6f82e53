using Gateway.Testing;
using System.Collections.Concurrent;
using Gateway.Api.V1;
using Gateway.Crypto;
using Gateway.EvidenceLog;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace Gateway.Integration.Tests.Cluster;

/// <summary>
/// Two gateway processes on one PostgreSQL database behind nginx (grpc_pass, round robin per call), driven by
/// several clients that submit and several that receive and acknowledge, all through nginx.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MultiInstanceTests(ITestOutputHelper output)
{
    private const int Submitters = 4;
    private const int PerSubmitter = 30;

    [Fact]
    public async Task Two_instances_behind_nginx_lose_and_duplicate_nothing_and_keep_one_consistent_log()
    {
        if (PostgresCluster.Require(output) is not { } postgres) return;
        if (NginxBalancer.Binary() is null)
        {
            if (ExternalTool.InCi) Assert.Fail("nginx is required under CI=true (make deps installs it)");
            output.WriteLine("nginx not installed; test not run");
            return;
        }
        using var folder = new TempFolder("gw-cluster");
        var database = await postgres.CreateDatabaseAsync("cluster");
        var pki = new DevPkiLayout(folder.File("pki"));
        string[] settings = ["--Gateway:InboxPollInterval=00:00:00.5"];
        await using var a = new GatewayProcess(pki.Directory, folder.File("data"), database, settings);
        // The first start makes the development PKI; the second instance must use the same keys.
        await a.StartAsync();
        await using var b = new GatewayProcess(pki.Directory, folder.File("data"), database, settings);
        await b.StartAsync();
        using var nginx = await NginxBalancer.StartAsync(folder.File("nginx"), [a.Port, b.Port]);

        var channels = Enumerable.Range(0, 3).Select(_ => GrpcChannel.ForAddress(nginx.Address)).ToArray();
        using var direct = new DisposableChannels(GrpcChannel.ForAddress(a.Address), GrpcChannel.ForAddress(b.Address));
        try
        {
            var evidence = new ClusterEvidence(channels[0], pki);
            var logKey = LogKeys.LoadVerifier(pki.LogPublicKey, "gateway-dev/evidence-log");
            var held = new ConcurrentBag<HeldReceipt>();
            var checkpoints = new ConcurrentBag<Api.V1.SignedCheckpoint>();
            using var done = new CancellationTokenSource(TimeSpan.FromMinutes(3));

            // Each instance's own view of the newest checkpoint, sampled while the load runs.
            var sampler = Task.Run(async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    foreach (var channel in direct.Channels)
                        checkpoints.Add((await new Api.V1.EvidenceLog.EvidenceLogClient(channel).GetCheckpointAsync(new GetCheckpointRequest(), ClusterEvidence.As("agency-a"))).Checkpoint);
                    await Task.Delay(250);
                }
            });

            var deliveries = new ConcurrentDictionary<string, int>();
            var acknowledged = new ConcurrentDictionary<string, bool>();
            var receivers = Enumerable.Range(0, 2).Select(r => Task.Run(async () =>
            {
                var exchange = new Api.V1.Exchange.ExchangeClient(channels[1 + r]);
                try
                {
                    using var call = exchange.Receive(new ReceiveRequest(), ClusterEvidence.As("agency-b"), cancellationToken: done.Token);
                    while (await call.ResponseStream.MoveNext(done.Token))
                    {
                        var delivery = call.ResponseStream.Current;
                        deliveries.AddOrUpdate(delivery.MessageId, 1, (_, n) => n + 1);
                        var ack = await exchange.AcknowledgeAsync(new AcknowledgeRequest { MessageId = delivery.MessageId, DocumentSha256 = delivery.DocumentSha256 }, ClusterEvidence.As("agency-b"));
                        held.Add(new HeldReceipt("agency-b", delivery.MessageId, ack.Receipt.Signed.ToByteArray(), delivery.DocumentSha256));
                        acknowledged[delivery.MessageId] = true;
                        if (acknowledged.Count == Submitters * PerSubmitter) await done.CancelAsync();
                    }
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled || done.IsCancellationRequested)
                {
                }
                catch (OperationCanceledException)
                {
                }
            })).ToArray();

            var submitted = new ConcurrentDictionary<string, string>();
            var firstDocuments = new ConcurrentDictionary<int, byte[]>();
            await Task.WhenAll(Enumerable.Range(0, Submitters).Select(s => Task.Run(async () =>
            {
                var exchange = new Api.V1.Exchange.ExchangeClient(channels[s % channels.Length]);
                for (var i = 0; i < PerSubmitter; i++)
                {
                    var content = ClusterEvidence.Document(2048);
                    if (i == 0) firstDocuments[s] = content;
                    var response = await exchange.SubmitAsync(new SubmitRequest
                    {
                        RecipientAgency = "agency-b", Content = ByteString.CopyFrom(content), MediaType = "text/plain", FileName = "note.txt",
                        IdempotencyKey = $"s{s}-{i}",
                    }, ClusterEvidence.As("agency-a"));
                    var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
                    submitted[response.MessageId] = sha;
                    held.Add(new HeldReceipt("agency-a", response.MessageId, response.Receipt.Signed.ToByteArray(), sha));
                }
            })));

            // A client retrying through the balancer lands on either instance: it gets the first receipt back, nothing new.
            var retries = await Task.WhenAll(Enumerable.Range(0, Submitters).SelectMany(s => Enumerable.Range(0, 2).Select(_ =>
                new Api.V1.Exchange.ExchangeClient(channels[s % channels.Length]).SubmitAsync(new SubmitRequest
                {
                    RecipientAgency = "agency-b", Content = ByteString.CopyFrom(firstDocuments[s]), MediaType = "text/plain", FileName = "note.txt",
                    IdempotencyKey = $"s{s}-0",
                }, ClusterEvidence.As("agency-a")).ResponseAsync)));
            Assert.All(retries, r => Assert.True(r.Replayed));
            Assert.All(retries, r => Assert.Contains(held, h => h.MessageId == r.MessageId && h.Der.AsSpan().SequenceEqual(r.Receipt.Signed.Span)));

            await Task.WhenAll(receivers);
            Assert.False(done.IsCancellationRequested && acknowledged.Count < submitted.Count, $"only {acknowledged.Count} of {submitted.Count} acknowledged in time");
            await sampler;

            // No delivery lost or duplicated: every message reached exactly one receiver, once, and was acknowledged.
            Assert.Equal(Submitters * PerSubmitter, submitted.Count);
            Assert.Equal(submitted.Keys.Order(), deliveries.Keys.Order());
            Assert.All(deliveries, d => Assert.Equal(1, d.Value));

            // Every receipt verifies, is stored, and is in the log once; the log holds nothing else.
            var receipts = held.ToList();
            Assert.Equal(2 * submitted.Count, receipts.Count);
            var positions = receipts.Select(evidence.VerifyReceipt).ToList();
            Assert.Equal(receipts.Count, positions.Distinct().Count());
            var final = await evidence.CheckpointCoveringAsync(positions.Max() + 1, TimeSpan.FromSeconds(30));
            foreach (var (receipt, position) in receipts.Zip(positions))
            {
                await evidence.VerifyStoredAsync(receipt);
                await evidence.VerifyIncludedAsync(receipt, position, logKey);
            }
            var entries = await AllEntriesAsync(evidence, (long)final.TreeSize);
            Assert.Equal(receipts.Count, entries.Count(e => !VoidEntry.IsVoid(e.Receipt.ToByteArray())));
            Assert.Equal(receipts.Select(r => Convert.ToHexString(Merkle.Rfc6962.HashLeaf(r.Der))).Order(),
                entries.Where(e => !VoidEntry.IsVoid(e.Receipt.ToByteArray())).Select(e => Convert.ToHexString(e.LeafHash.ToByteArray())).Order());

            // Every checkpoint either instance showed is consistent with the final one.
            var seen = checkpoints.DistinctBy(c => c.TreeSize).ToList();
            output.WriteLine($"{seen.Count} distinct checkpoints seen; final size {final.TreeSize}");
            Assert.True(seen.Count >= 2);
            foreach (var checkpoint in seen.Where(c => c.TreeSize <= final.TreeSize)) await evidence.VerifyConsistentAsync(checkpoint, final, logKey);
            foreach (var receipt in receipts.Where(r => r.Holder == "agency-a").Take(20)) await evidence.VerifyDocumentAsync(receipt, "agency-b");
        }
        finally
        {
            foreach (var channel in channels) channel.Dispose();
        }
    }

    /// <summary>Every entry of the log up to the size, as the sender agency sees them (it is a party to all of this test's receipts).</summary>
    private static async Task<List<Api.V1.LogEntry>> AllEntriesAsync(ClusterEvidence evidence, long size)
    {
        var entries = new List<Api.V1.LogEntry>();
        while (entries.Count < size)
        {
            var page = await evidence.Log.GetEntriesAsync(new GetEntriesRequest { Start = (ulong)entries.Count, End = (ulong)size }, ClusterEvidence.As("agency-a"));
            entries.AddRange(page.Entries);
        }
        return entries;
    }
}
