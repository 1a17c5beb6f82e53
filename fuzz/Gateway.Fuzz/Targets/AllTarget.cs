namespace Gateway.Fuzz.Targets;

/// <summary>
/// <c>all</c>: every other target behind one harness, the first byte picking which. It lets the smoke run of
/// <c>make test</c> exercise every target under AFL in a single few-second session (one .NET start-up, one
/// calibration). Targets are made when first picked: the rpc target starts a gateway.
/// </summary>
internal sealed class AllTarget(IReadOnlyList<string> names, Func<string, IFuzzTarget> create) : IFuzzTarget, IDisposable
{
    /// <summary>Each target's smallest seeds: the smoke run is about reaching every harness, not about depth.</summary>
    private const int SeedsPerTarget = 3;

    private readonly IFuzzTarget?[] _targets = new IFuzzTarget?[names.Count];

    public string Name => "all";

    public IEnumerable<Seed> Seeds()
    {
        for (var i = 0; i < names.Count; i++)
        {
            var index = (byte)i;
            foreach (var seed in Target(i).Seeds().OrderBy(s => s.Bytes.Length).Take(SeedsPerTarget))
                yield return new Seed($"{names[i]}-{seed.Name}", [index, .. seed.Bytes]);
        }
    }

    public void Run(byte[] input)
    {
        if (input.Length == 0) return;
        Target(input[0] % names.Count).Run(input[1..]);
    }

    private IFuzzTarget Target(int index) => _targets[index] ??= create(names[index]);

    public void Dispose()
    {
        foreach (var target in _targets.OfType<IDisposable>()) target.Dispose();
    }
}
