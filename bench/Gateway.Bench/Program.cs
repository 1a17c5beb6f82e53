using System.Globalization;
using BenchmarkDotNet.Running;
using Gateway.Bench;

// `load`: the server load generator (receipts per second next to an echo baseline).
// `make-pdf OUT SIZE_MB`: writes the benchmark PDF (one page, SIZE_MB MiB of image samples) for scripts/bench-sign.sh.
// Anything else goes to BenchmarkDotNet (code-path suites), e.g. `--filter *Receipt*`.
if (args.Length > 0 && args[0] == "load") return await LoadGenerator.RunAsync(args[1..]);
// `cluster`: Submit and receive through one and two instances on PostgreSQL behind nginx; `--at F`/`--rate R`: latency at a fixed rate.
if (args.Length > 0 && args[0] == "cluster") return await ClusterBench.RunAsync(args[1..]);
// `soak`: a fixed fraction of the peak for many minutes, memory and errors sampled over time.
if (args.Length > 0 && args[0] == "soak") return await SoakBench.RunAsync(args[1..]);
// `log`: evidence log appends per second (durable, sealing running) and proof time at 10^6 entries.
if (args.Length > 0 && args[0] == "log") return await LogBenchmark.RunAsync(args[1..]);
// `hsm`: signatures per second through a PKCS#11 token next to PKCS#12 keys (scripts/bench-hsm.sh sets up SoftHSM2).
if (args.Length > 0 && args[0] == "hsm") return await HsmBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "make-pdf")
{
    if (args.Length != 3)
    {
        Console.Error.WriteLine("usage: make-pdf OUT SIZE_MB");
        return 2;
    }
    var pdf = BenchPdf.Create(int.Parse(args[2], CultureInfo.InvariantCulture));
    await File.WriteAllBytesAsync(args[1], pdf);
    Console.WriteLine($"{args[1]}: {pdf.Length} bytes");
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(LoadGenerator).Assembly).Run(args);
return 0;
