using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;

namespace Gateway.Validation.Internal;

/// <summary>
/// Signed data given as slices of one buffer (a PDF's two ByteRange segments): hashed and fed to BouncyCastle
/// without concatenating a copy of a large document.
/// </summary>
internal sealed class SegmentedContent(IReadOnlyList<ReadOnlyMemory<byte>> segments) : CmsProcessable
{
    public IReadOnlyList<ReadOnlyMemory<byte>> Segments { get; } = segments;

    public long Length => Segments.Sum(s => (long)s.Length);

    public void Write(Stream outStream)
    {
        foreach (var segment in Segments) outStream.Write(segment.Span);
    }

    /// <summary>Null when no digest by that OID is known. The platform's hashes first: several times faster than BouncyCastle's.</summary>
    public byte[]? Digest(string digestOid)
    {
        if (PlatformName(digestOid) is { } name)
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(name);
            foreach (var segment in Segments) hash.AppendData(segment.Span);
            return hash.GetHashAndReset();
        }

        Org.BouncyCastle.Crypto.IDigest digest;
        try
        {
            digest = DigestUtilities.GetDigest(digestOid);
        }
        catch (SecurityUtilityException)
        {
            return null;
        }
        foreach (var segment in Segments) digest.BlockUpdate(segment.Span);
        var result = new byte[digest.GetDigestSize()];
        digest.DoFinal(result, 0);
        return result;
    }

    private static System.Security.Cryptography.HashAlgorithmName? PlatformName(string oid) => oid switch
    {
        "1.2.840.113549.2.5" => System.Security.Cryptography.HashAlgorithmName.MD5,
        "1.3.14.3.2.26" => System.Security.Cryptography.HashAlgorithmName.SHA1,
        "2.16.840.1.101.3.4.2.1" => System.Security.Cryptography.HashAlgorithmName.SHA256,
        "2.16.840.1.101.3.4.2.2" => System.Security.Cryptography.HashAlgorithmName.SHA384,
        "2.16.840.1.101.3.4.2.3" => System.Security.Cryptography.HashAlgorithmName.SHA512,
        _ => null,
    };
}
