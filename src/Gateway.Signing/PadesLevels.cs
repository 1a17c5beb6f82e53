namespace Gateway.Signing;

/// <summary>The names people and the CLI use for levels: "B-B", "B-T", "B-LT", "B-LTA".</summary>
public static class PadesLevels
{
    public static string Name(PadesLevel level) => level switch
    {
        PadesLevel.BaselineB => "B-B",
        PadesLevel.BaselineT => "B-T",
        PadesLevel.BaselineLT => "B-LT",
        PadesLevel.BaselineLTA => "B-LTA",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static bool TryParse(string? text, out PadesLevel level)
    {
        var normalised = (text ?? "").Trim().ToUpperInvariant().Replace("PADES-", "").Replace("BASELINE-", "").Replace('_', '-');
        (var ok, level) = normalised switch
        {
            "B-B" or "B" => (true, PadesLevel.BaselineB),
            "B-T" or "T" => (true, PadesLevel.BaselineT),
            "B-LT" or "LT" => (true, PadesLevel.BaselineLT),
            "B-LTA" or "LTA" => (true, PadesLevel.BaselineLTA),
            _ => (false, PadesLevel.BaselineB),
        };
        return ok;
    }
}
