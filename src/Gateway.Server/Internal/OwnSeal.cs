using System.Security.Cryptography;
using Gateway.Evidence;

namespace Gateway.Server.Internal;

/// <summary>How this gateway verifies receipts: its own seal is a seal whatever policies its CA wrote into it.</summary>
internal static class OwnSeal
{
    public static ReceiptVerifierOptions ReceiptVerifierOptions(GatewayKeys keys) => new()
    {
        SealCertificates = [Convert.ToHexStringLower(SHA256.HashData(keys.Seal.Certificate.RawData))],
    };
}
