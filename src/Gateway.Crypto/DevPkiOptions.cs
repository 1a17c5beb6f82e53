namespace Gateway.Crypto;

public sealed class DevPkiOptions
{
    /// <summary>Agency identifiers; lowercase letters, digits and '-' (they become folder names).</summary>
    public IReadOnlyList<string> Agencies { get; set; } = ["agency-a", "agency-b"];

    /// <summary>Regenerate everything, CA included, even when the files exist.</summary>
    public bool Overwrite { get; set; }

    /// <summary>Validity of end-entity certificates (capped by the issuing CA's).</summary>
    public TimeSpan Validity { get; set; } = TimeSpan.FromDays(825);
}
