using System.Security.Cryptography;

namespace Gateway.Fuzz;

/// <summary>
/// The harness process. <c>fuzz TARGET</c> serves AFL (SharpFuzz's loop: one long-lived process takes one input after
/// another); <c>seeds</c> writes a target's starting corpus; <c>replay</c> runs inputs without AFL; <c>smoke</c>
/// replays every target's seeds. scripts/fuzz.sh drives it (see fuzz/README.md).
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: Gateway.Fuzz list
               Gateway.Fuzz fuzz TARGET                       (under afl-fuzz; reads inputs from standard input)
               Gateway.Fuzz seeds TARGET DIR [--max-bytes N]  (the starting corpus, one file per seed)
               Gateway.Fuzz replay TARGET [--timeout S] [FILE|DIR ...]  (the seeds when no path is given)
               Gateway.Fuzz smoke [--timeout S]                (every target over its seeds)
        """;

    /// <summary>AFL++ refuses larger seeds.</summary>
    private const long AflMaxBytes = 1024 * 1024;

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var timeout = TimeSpan.FromSeconds(Option(ref args, "--timeout") ?? 20);
        switch (args)
        {
            case ["list"]:
                Console.WriteLine(string.Join('\n', FuzzTargets.Names.Append("all")));
                return 0;
            case ["fuzz", var name]:
                Fuzz(name);
                return 0;
            case ["seeds", var name, var directory, .. var rest]:
                var maxBytes = Option(ref rest, "--max-bytes") ?? AflMaxBytes;
                return WithTarget(name, target => WriteSeeds(target, directory, maxBytes));
            case ["replay", var name, .. var paths]:
                return WithTarget(name, target => Replay.Run(target, paths.Length == 0 ? target.Seeds() : Replay.Files(paths), timeout));
            case ["smoke"]:
                return Smoke(timeout);
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    private static void Fuzz(string name)
    {
        // SharpFuzz's out-of-process server: AFL talks to this process, which runs the inputs in a child dotnet process
        // and starts a new child when one dies (a stack overflow) or AFL kills it (a hang), so that neither ends the
        // session. The target is made in the child, on its first input: the server never runs one. Under AFL standard
        // output goes nowhere; the harness writes nothing itself.
        IFuzzTarget? target = null;
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            target ??= FuzzTargets.Create(name, FuzzMaterial.Load());
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            Guard.Run(target, buffer.ToArray());
        });
    }

    private static int WithTarget(string name, Func<IFuzzTarget, int> action)
    {
        var target = FuzzTargets.Create(name, FuzzMaterial.Load());
        try
        {
            return action(target);
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }

    /// <summary>One file per distinct seed up to <paramref name="maxBytes"/>, named after its source.</summary>
    private static int WriteSeeds(IFuzzTarget target, string directory, long maxBytes)
    {
        Directory.CreateDirectory(directory);
        var seen = new HashSet<string>();
        int written = 0, skipped = 0;
        foreach (var seed in target.Seeds())
        {
            if (seed.Bytes.Length > maxBytes || !seen.Add(Convert.ToHexString(SHA256.HashData(seed.Bytes))))
            {
                skipped++;
                continue;
            }
            File.WriteAllBytes(Path.Combine(directory, SafeName(seed.Name)), seed.Bytes);
            written++;
        }
        Console.WriteLine($"seeds {target.Name}: {written} written to {directory} ({skipped} duplicates or larger than {maxBytes} bytes left out)");
        return written > 0 ? 0 : 1;
    }

    private static int Smoke(TimeSpan timeout)
    {
        var material = FuzzMaterial.Load();
        var failed = new List<string>();
        foreach (var name in FuzzTargets.Names)
        {
            var target = FuzzTargets.Create(name, material);
            try
            {
                if (Replay.Run(target, target.Seeds(), timeout) != 0) failed.Add(name);
            }
            finally
            {
                (target as IDisposable)?.Dispose();
            }
        }
        Console.WriteLine($"smoke: {FuzzTargets.Names.Count - failed.Count} targets passed, {failed.Count} failed{(failed.Count > 0 ? ": " + string.Join(", ", failed) : "")}");
        return failed.Count == 0 ? 0 : 1;
    }

    private static string SafeName(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').Take(120).ToArray());

    /// <summary>Removes "--name value" from the arguments and returns the value.</summary>
    private static long? Option(ref string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        if (at < 0 || at + 1 >= args.Length) return null;
        var value = long.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture);
        args = [.. args[..at], .. args[(at + 2)..]];
        return value;
    }
}
