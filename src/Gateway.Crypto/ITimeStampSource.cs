using System.Security.Cryptography;

namespace Gateway.Crypto;

/// <summary>Something that returns RFC 3161 TimeStampTokens.</summary>
public interface ITimeStampSource
{
    /// <summary>
    /// Returns a DER TimeStampToken (the CMS ContentInfo, not the TimeStampResp) whose
    /// messageImprint is <paramref name="digest"/>.
    /// </summary>
    Task<byte[]> GetTokenAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default);
}
