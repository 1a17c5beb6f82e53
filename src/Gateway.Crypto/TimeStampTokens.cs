using Gateway.Crypto.Internal;
using Org.BouncyCastle.Tsp;

namespace Gateway.Crypto;

public static class TimeStampTokens
{
    /// <summary>Reads the TSTInfo of a DER TimeStampToken. Does not check the token's signature.</summary>
    /// <exception cref="CryptoFormatException">The bytes are not a TimeStampToken.</exception>
    public static TimeStampTokenInfo Parse(byte[] token)
    {
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            return ToInfo(new TimeStampToken(BcInterop.ParseContentInfo(token)).TimeStampInfo);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new CryptoFormatException("Not a valid RFC 3161 TimeStampToken.", e);
        }
    }

    internal static TimeStampTokenInfo ToInfo(Org.BouncyCastle.Tsp.TimeStampTokenInfo info) => new(
        new DateTimeOffset(DateTime.SpecifyKind(info.GenTime, DateTimeKind.Utc)),
        info.SerialNumber.ToString(16),
        info.Policy,
        info.Tsa?.Name.ToString(),
        info.MessageImprintAlgOid,
        info.GetMessageImprintDigest(),
        info.Nonce?.ToByteArrayUnsigned());
}
