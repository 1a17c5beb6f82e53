using System.Diagnostics;

namespace Gateway.Fuzz;

/// <summary>
/// Runs a target over files without AFL: its seeds (the smoke run of <c>make test</c>), or the crashes and hangs an
/// AFL session saved (to see the exception and its stack). An input that takes longer than the timeout is a hang.
/// </summary>
internal static class Replay
{
    public static int Run(IFuzzTarget target, IEnumerable<Seed> inputs, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        int runs = 0, bugs = 0;
        foreach (var input in inputs)
        {
            runs++;
            var started = Stopwatch.GetTimestamp();
            Exception? failure = null;
            var worker = new Thread(() =>
            {
                try
                {
                    Guard.Run(target, input.Bytes);
                }
                catch (Exception e)
                {
                    failure = e;
                }
            }); // the default stack size, as the service's threads have: a recursion too deep for them is one here too
            worker.Start();
            if (!worker.Join(timeout))
            {
                // The worker cannot be stopped; report and leave, the process ends it.
                Console.WriteLine($"HANG {target.Name} {input.Name}: still running after {timeout.TotalSeconds:0} s");
                Console.WriteLine($"replay {target.Name}: {runs} inputs, {bugs + 1} bugs, {clock.Elapsed.TotalSeconds:0.0} s");
                Console.Out.Flush();
                Environment.Exit(1);
            }
            if (failure is not null)
            {
                bugs++;
                Console.WriteLine($"BUG {target.Name} {input.Name} ({input.Bytes.Length} bytes): {failure}");
            }
            else if (Stopwatch.GetElapsedTime(started) > timeout / 4)
            {
                Console.WriteLine($"slow {target.Name} {input.Name}: {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
            }
        }
        Console.WriteLine($"replay {target.Name}: {runs} inputs, {bugs} bugs, {clock.Elapsed.TotalSeconds:0.0} s");
        return bugs == 0 && runs > 0 ? 0 : 1;
    }

    /// <summary>Files, and the files of folders (not recursively; AFL's README.txt in a crashes folder is skipped).</summary>
    public static IEnumerable<Seed> Files(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            IEnumerable<string> files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path).Where(f => Path.GetFileName(f) != "README.txt").Order(StringComparer.Ordinal)
                : [path];
            foreach (var file in files) yield return new Seed(Path.GetFileName(file), File.ReadAllBytes(file));
        }
    }
}
