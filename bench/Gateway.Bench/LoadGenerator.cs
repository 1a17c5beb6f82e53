using Gateway.Api.V1;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Google.Protobuf;

namespace Gateway.Bench;

/// <summary>
/// Starts `gw serve` as its own process on a free loopback port with a fresh data folder, then
/// alternates rounds of Echo (the baseline: same TLS, authentication and transport, no work) and
/// Submit of 4 KiB documents (validation, SQLite commit, seal signature, time-stamp), with the same
/// concurrency. Reports per-round throughput, the medians, and their ratio.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = CommandLine.Int(args, "--seconds", 5);
        var rounds = CommandLine.Int(args, "--rounds", 3);
        var concurrency = CommandLine.Int(args, "--concurrency", 16);
        var size = CommandLine.Int(args, "--size", 4096);
        var gw = Path.GetFullPath(CommandLine.Text(args, "--gw") ?? "bin/gw");

        var work = Directory.CreateTempSubdirectory("gw-bench-");
        var pki = DevPki.Create(Path.Combine(work.FullName, "pki"));
        var server = await GatewayServer.StartAsync(gw, ["--urls", "https://127.0.0.1:0", "--data", Path.Combine(work.FullName, "data"), "--pki", pki.Directory]);
        try
        {
            var address = server.Address;
            using var channel = GatewayChannel.Create(address, pki.AgencyClientCertificate(BenchDocuments.Sender), pki.AgencyClientKey(BenchDocuments.Sender), TrustStore.Load(pki.RootsPem));
            var exchange = new Api.V1.Exchange.ExchangeClient(channel);
            var diagnostics = new Api.V1.Diagnostics.DiagnosticsClient(channel);
            var payload = ByteString.CopyFrom(BenchDocuments.Document(size));

            Console.WriteLine($"gateway {address}; {concurrency} concurrent calls, {seconds} s per round, {rounds} rounds, {size}-byte documents; {Environment.ProcessorCount} cores");
            // Warm-up: JIT, TLS, connection pools, SQLite pages.
            await ClosedLoop.RunAsync(2, concurrency, _ => diagnostics.EchoAsync(new EchoRequest { Payload = payload }).ResponseAsync);
            await ClosedLoop.RunAsync(2, concurrency, _ => exchange.SubmitAsync(BenchDocuments.Submit(size)).ResponseAsync);

            var echo = new List<Round>();
            var submit = new List<Round>();
            for (var round = 1; round <= rounds; round++)
            {
                echo.Add(await ClosedLoop.RunAsync(seconds, concurrency, _ => diagnostics.EchoAsync(new EchoRequest { Payload = payload }).ResponseAsync));
                submit.Add(await ClosedLoop.RunAsync(seconds, concurrency, _ => exchange.SubmitAsync(BenchDocuments.Submit(size)).ResponseAsync));
                Console.WriteLine($"round {round}: echo {echo[^1]}; submit {submit[^1]}");
            }

            var echoRate = Stats.Median(echo.Select(r => r.PerSecond));
            var submitRate = Stats.Median(submit.Select(r => r.PerSecond));
            Console.WriteLine();
            Console.WriteLine("| call | median calls/s | median latency p50 (ms) | median p99 (ms) |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine($"| Echo (4 KiB, baseline) | {echoRate:F0} | {Stats.Median(echo.Select(r => r.P50)):F2} | {Stats.Median(echo.Select(r => r.P99)):F2} |");
            Console.WriteLine($"| Submit (4 KiB → signed, time-stamped, durable receipt) | {submitRate:F0} | {Stats.Median(submit.Select(r => r.P50)):F2} | {Stats.Median(submit.Select(r => r.P99)):F2} |");
            Console.WriteLine($"receipts/s ÷ echo/s = {submitRate / echoRate:F3}");
            return submit.Sum(r => r.Errors) + echo.Sum(r => r.Errors) == 0 ? 0 : 1;
        }
        finally
        {
            server.Dispose();
            work.Delete(recursive: true);
        }
    }
}
