using Gateway.Crypto;

namespace Gateway.Signing;

/// <summary>What B-LT needs: the roots to build chains to, and where revocation answers come from.</summary>
public sealed class LongTermValidationOptions
{
    public required TrustStore Trust { get; init; }
    public required RevocationClient Revocation { get; init; }
}
