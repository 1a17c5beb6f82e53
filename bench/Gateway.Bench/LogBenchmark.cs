using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Gateway.Crypto;
using Gateway.EvidenceLog;
using Gateway.Merkle;

namespace Gateway.Bench;

/// <summary>
/// The evidence log on this machine's disk, without the network:
/// (1) appends per second: concurrent writers each reserve an index, append an 8 000-byte entry (a real receipt with its certificates and time-stamp is 7–8 KB) and
///     wait until it is durable (WAL, synchronous=FULL, group commit), while the sealing loop folds
///     the entries into the tree and seals a checkpoint (Ed25519 + one embedded-TSA token) every
///     second; rounds are medianed;
/// (2) proof generation at 10^6 entries: a log bulk-loaded to that size and sealed, then inclusion
///     and consistency proofs for random leaves/sizes, each timed alone (open connection, read the
///     O(log n) stored nodes, assemble), every proof verified.
/// </summary>
internal static class LogBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 5);
        var rounds = Option(args, "--rounds", 3);
        var concurrency = Option(args, "--concurrency", 64);
        var entryBytes = Option(args, "--entry-bytes", 8000);
        var proofSize = Option(args, "--proof-size", 1_000_000);
        var proofs = Option(args, "--proofs", 5_000);
        var appendRounds = rounds;

        var work = Directory.CreateTempSubdirectory("gw-bench-log-");
        try
        {
            var pki = DevPki.Create(Path.Combine(work.FullName, "pki"), new DevPkiOptions { Agencies = [] });
            using var tsaKey = FileSigningKey.LoadPem(pki.TsaCertificate, pki.TsaKey);
            var tsa = new EmbeddedTimeStampAuthority(tsaKey);
            Console.WriteLine($"work folder {work.FullName} ({Environment.ProcessorCount} cores); {concurrency} concurrent appenders, {entryBytes}-byte entries, {seconds} s rounds");

            if (appendRounds > 0) await AppendsAsync(work.FullName, pki, tsa, seconds, appendRounds, concurrency, entryBytes);
            await ProofsAsync(work.FullName, pki, tsa, proofSize, proofs);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    private static async Task<SqliteEvidenceLog> OpenAsync(string folder, string name, DevPkiLayout pki, ITimeStampSource tsa)
    {
        var options = new EvidenceLogOptions { Origin = "bench.example/evidence-log" };
        var log = new SqliteEvidenceLog($"Data Source={Path.Combine(folder, name)}", options, LogKeys.LoadSigner(pki.LogKey, options.Origin), tsa);
        await log.OpenAsync();
        return log;
    }

    private static async Task AppendsAsync(string folder, DevPkiLayout pki, ITimeStampSource tsa, int seconds, int rounds, int concurrency, int entryBytes)
    {
        await using var log = await OpenAsync(folder, "appends.db", pki, tsa);
        using var stop = new CancellationTokenSource();
        var sealer = log.RunAsync(stop.Token);
        var entry = RandomNumberGenerator.GetBytes(entryBytes);
        long next = 0;

        async Task<(double PerSecond, double P50, double P99)> RoundAsync(int duration)
        {
            var latencies = new List<double>[concurrency];
            var deadline = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
            {
                var mine = latencies[w] = [];
                while (deadline.Elapsed.TotalSeconds < duration)
                {
                    var started = Stopwatch.GetTimestamp();
                    var id = "b" + Interlocked.Increment(ref next).ToString(CultureInfo.InvariantCulture);
                    await using var slot = log.Reserve();
                    await log.AppendAsync(slot, entry, id, ["agency-a"]);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            })).ToArray();
            await Task.WhenAll(workers);
            var all = latencies.SelectMany(l => l).Order().ToList();
            return (all.Count / deadline.Elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
        }

        await RoundAsync(2); // warm-up
        var results = new List<(double PerSecond, double P50, double P99)>();
        for (var round = 1; round <= rounds; round++)
        {
            results.Add(await RoundAsync(seconds));
            Console.WriteLine($"appends round {round}: {results[^1].PerSecond:F0}/s, p50 {results[^1].P50:F2} ms, p99 {results[^1].P99:F2} ms");
        }

        // Everything appended is sealed within about one interval.
        var appended = log.Health.Size;
        var sealStart = Stopwatch.StartNew();
        while (log.LatestCheckpoint!.Size < Interlocked.Read(ref next) && sealStart.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(10);
        await stop.CancelAsync();
        await sealer;
        Console.WriteLine($"sealed {log.LatestCheckpoint!.Size} of {Interlocked.Read(ref next)} entries {sealStart.Elapsed.TotalMilliseconds:F0} ms after the last append (folded when it ended: {appended})");
        Console.WriteLine();
        Console.WriteLine("| evidence log | median | p50 latency | p99 latency |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| durable appends/s ({concurrency} writers, {entryBytes} B, sealing every 1 s) | {Median(results.Select(r => r.PerSecond)):F0} | {Median(results.Select(r => r.P50)):F2} ms | {Median(results.Select(r => r.P99)):F2} ms |");
    }

    private static async Task ProofsAsync(string folder, DevPkiLayout pki, ITimeStampSource tsa, int size, int count)
    {
        await using var log = await OpenAsync(folder, "proofs.db", pki, tsa);
        var load = Stopwatch.StartNew();
        var entry = new byte[100];
        for (var start = 0; start < size; start += 50_000)
        {
            var batch = new List<(byte[], string, string[])>();
            for (var i = start; i < Math.Min(size, start + 50_000); i++)
            {
                var data = (byte[])entry.Clone();
                BitConverter.TryWriteBytes(data, i);
                batch.Add((data, "p" + i.ToString(CultureInfo.InvariantCulture), ["agency-a"]));
            }
            await log.AppendBatchAsync(batch);
        }
        var loaded = load.Elapsed;
        await log.SealAsync();
        Console.WriteLine($"proof log: {size} entries loaded in {loaded.TotalSeconds:F1} s, folded and sealed in {(load.Elapsed - loaded).TotalSeconds:F1} s");

        var checkpoint = log.LatestCheckpoint!;
        var random = new Random(1);
        // Warm-up: JIT and the page cache, as a serving gateway has them.
        for (var i = 0; i < 2_000; i++)
        {
            await log.InclusionProofAsync(random.NextInt64(size), size);
            await log.ConsistencyProofAsync(random.NextInt64(1, size), size);
        }

        var inclusion = new List<double>(count);
        var consistency = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var index = random.NextInt64(size);
            var started = Stopwatch.GetTimestamp();
            var proof = await log.InclusionProofAsync(index, size);
            inclusion.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            var data = (byte[])entry.Clone();
            BitConverter.TryWriteBytes(data, (int)index);
            if (!MerkleProofs.VerifyInclusion((ulong)index, (ulong)size, Rfc6962.HashLeaf(data), proof.AuditPath, checkpoint.RootHash))
                throw new InvalidOperationException($"inclusion proof of {index} does not verify");

            var first = random.NextInt64(1, size);
            started = Stopwatch.GetTimestamp();
            var consistent = await log.ConsistencyProofAsync(first, size);
            consistency.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            if (!MerkleProofs.VerifyConsistency((ulong)first, (ulong)size, consistent.Proof, consistent.FirstRoot, checkpoint.RootHash))
                throw new InvalidOperationException($"consistency proof {first} -> {size} does not verify");
        }
        inclusion.Sort();
        consistency.Sort();
        Console.WriteLine();
        Console.WriteLine($"| proofs at {size} entries ({count} each, all verified) | median | p90 | p99 |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| inclusion proof (with root) | {Percentile(inclusion, 0.5):F0} µs | {Percentile(inclusion, 0.9):F0} µs | {Percentile(inclusion, 0.99):F0} µs |");
        Console.WriteLine($"| consistency proof (with both roots) | {Percentile(consistency, 0.5):F0} µs | {Percentile(consistency, 0.9):F0} µs | {Percentile(consistency, 0.99):F0} µs |");
        Console.WriteLine($"(gen0/1/2 collections during the run: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)})");
    }

    private static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
