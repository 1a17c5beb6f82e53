using BenchmarkDotNet.Running;
using Gateway.Bench;

// `load`: the server load generator (receipts per second next to an echo baseline).
// Anything else goes to BenchmarkDotNet (code-path suites), e.g. `--filter *Receipt*`.
if (args.Length > 0 && args[0] == "load") return await LoadGenerator.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(LoadGenerator).Assembly).Run(args);
return 0;
