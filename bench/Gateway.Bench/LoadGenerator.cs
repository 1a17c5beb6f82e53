using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Gateway.Api.V1;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Google.Protobuf;
using Grpc.Net.Client;

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
        var seconds = Option(args, "--seconds", 5);
        var rounds = Option(args, "--rounds", 3);
        var concurrency = Option(args, "--concurrency", 16);
        var size = Option(args, "--size", 4096);
        var gw = Path.GetFullPath(OptionText(args, "--gw") ?? "bin/gw");

        var work = Directory.CreateTempSubdirectory("gw-bench-");
        var pki = DevPki.Create(Path.Combine(work.FullName, "pki"));
        using var server = StartServer(gw, work.FullName, pki);
        try
        {
            var address = await WaitForAddressAsync(server);
            using var channel = GatewayChannel.Create(address, pki.AgencyClientCertificate("agency-a"), pki.AgencyClientKey("agency-a"), TrustStore.Load(pki.RootsPem));
            var exchange = new Api.V1.Exchange.ExchangeClient(channel);
            var diagnostics = new Api.V1.Diagnostics.DiagnosticsClient(channel);
            var payload = ByteString.CopyFrom(Document(size));

            Console.WriteLine($"gateway {address}; {concurrency} concurrent calls, {seconds} s per round, {rounds} rounds, {size}-byte documents; {Environment.ProcessorCount} cores");
            // Warm-up: JIT, TLS, connection pools, SQLite pages.
            await MeasureAsync(2, concurrency, _ => diagnostics.EchoAsync(new EchoRequest { Payload = payload }).ResponseAsync);
            await MeasureAsync(2, concurrency, _ => exchange.SubmitAsync(Submit(size)).ResponseAsync);

            var echo = new List<Round>();
            var submit = new List<Round>();
            for (var round = 1; round <= rounds; round++)
            {
                echo.Add(await MeasureAsync(seconds, concurrency, _ => diagnostics.EchoAsync(new EchoRequest { Payload = payload }).ResponseAsync));
                submit.Add(await MeasureAsync(seconds, concurrency, _ => exchange.SubmitAsync(Submit(size)).ResponseAsync));
                Console.WriteLine($"round {round}: echo {echo[^1]}; submit {submit[^1]}");
            }

            var echoRate = Median(echo.Select(r => r.PerSecond));
            var submitRate = Median(submit.Select(r => r.PerSecond));
            Console.WriteLine();
            Console.WriteLine("| call | median calls/s | median latency p50 (ms) | median p99 (ms) |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine($"| Echo (4 KiB, baseline) | {echoRate:F0} | {Median(echo.Select(r => r.P50)):F2} | {Median(echo.Select(r => r.P99)):F2} |");
            Console.WriteLine($"| Submit (4 KiB → signed, time-stamped, durable receipt) | {submitRate:F0} | {Median(submit.Select(r => r.P50)):F2} | {Median(submit.Select(r => r.P99)):F2} |");
            Console.WriteLine($"receipts/s ÷ echo/s = {submitRate / echoRate:F3}");
            return submit.Sum(r => r.Errors) + echo.Sum(r => r.Errors) == 0 ? 0 : 1;
        }
        finally
        {
            try { server.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await server.WaitForExitAsync();
            work.Delete(recursive: true);
        }

        SubmitRequest Submit(int bytes) => new()
        {
            RecipientAgency = "agency-b",
            MediaType = "application/pdf",
            FileName = "bench.pdf",
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            RequestKind = RequestKind.Permit,
            Content = ByteString.CopyFrom(Document(bytes)),
        };
    }

    private sealed record Round(double PerSecond, double P50, double P99, int Errors)
    {
        public override string ToString() => $"{PerSecond:F0}/s p50 {P50:F2} ms p99 {P99:F2} ms{(Errors > 0 ? $" errors {Errors}" : "")}";
    }

    private static async Task<Round> MeasureAsync(int seconds, int concurrency, Func<int, Task> call)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var stop = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>();
            while (stop.Elapsed < until)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call(worker);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Grpc.Core.RpcException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var elapsed = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Round(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), errors);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static byte[] Document(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    private static Process StartServer(string gw, string work, DevPkiLayout pki)
    {
        // The per-agency call rate is off: the generator measures how fast the gateway works, not how it throttles one agency.
        var start = new ProcessStartInfo(gw)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "serve", "--urls", "https://127.0.0.1:0", "--data", Path.Combine(work, "data"), "--pki", pki.Directory, "--Logging:LogLevel:Default=Warning", "--Gateway:Development:RevocationListen=",
                "--Gateway:Limits:RequestsPerSecondPerAgency=0" },
        };
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {gw}");
    }

    private static async Task<string> WaitForAddressAsync(Process server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            const string marker = "gateway listening on ";
            if (line.StartsWith(marker, StringComparison.Ordinal))
            {
                // Keep draining so the server never blocks on a full pipe.
                _ = server.StandardOutput.ReadToEndAsync();
                _ = server.StandardError.ReadToEndAsync();
                return line[marker.Length..].Trim();
            }
        }
        throw new InvalidOperationException("the gateway exited before listening: " + await server.StandardError.ReadToEndAsync());
    }

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
