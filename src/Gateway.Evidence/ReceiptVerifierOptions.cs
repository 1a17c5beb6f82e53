using Gateway.Crypto;

namespace Gateway.Evidence;

/// <summary>
/// Which signers count as gateway seals: a certificate naming one of <see cref="SealPolicies"/>, or
/// one whose SHA-256 is in <see cref="SealCertificates"/> (for seals issued by a CA that sets no
/// such policy, e.g. a production seal under the Thai NRCA).
/// </summary>
public sealed class ReceiptVerifierOptions
{
    public static readonly ReceiptVerifierOptions Default = new();

    public IReadOnlyCollection<string> SealPolicies { get; init; } = [CertificatePolicies.GatewayReceiptSeal];

    /// <summary>Lower-case hex SHA-256 of accepted seal certificates.</summary>
    public IReadOnlyCollection<string> SealCertificates { get; init; } = [];
}
