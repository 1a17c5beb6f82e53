using System.Security.Cryptography;
using Gateway.Evidence;

namespace Gateway.Server.Internal;

/// <summary>
/// How this gateway verifies receipts: its own seal is a seal whatever policies its CA wrote into it, and so
/// are its earlier seals (a rotated key's receipts stay its receipts). Asked per verification, as the seal may rotate.
/// </summary>
internal static class OwnSeal
{
    public static ReceiptVerifierOptions ReceiptVerifierOptions(GatewayKeys keys) => new()
    {
        SealCertificates = [.. keys.SealCertificates.Select(c => Convert.ToHexStringLower(SHA256.HashData(c.RawData)))],
    };
}
