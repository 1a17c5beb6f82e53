namespace Gateway.Pkix;

/// <summary>What to conclude when a certificate's revocation status cannot be had.</summary>
public enum RevocationPolicy
{
    /// <summary>INDETERMINATE / TRY_LATER (ETSI's default, and ours).</summary>
    Indeterminate,

    /// <summary>Pass, and say in the chain element that revocation was unavailable (for offline checks).</summary>
    Accept,
}
