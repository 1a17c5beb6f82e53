using System.Security.Cryptography;

namespace Gateway.Crypto.Internal;

internal static class HashAlgorithms
{
    public const string Sha1Oid = "1.3.14.3.2.26";
    public const string Md5Oid = "1.2.840.113549.2.5";
    public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    public const string Sha384Oid = "2.16.840.1.101.3.4.2.2";
    public const string Sha512Oid = "2.16.840.1.101.3.4.2.3";

    public static string ToOid(HashAlgorithmName name)
    {
        if (name == HashAlgorithmName.SHA256) return Sha256Oid;
        if (name == HashAlgorithmName.SHA384) return Sha384Oid;
        if (name == HashAlgorithmName.SHA512) return Sha512Oid;
        // MD5 and SHA-1 are refused on purpose: neither is acceptable for new signatures or time-stamps.
        throw new ArgumentException($"Hash algorithm '{name.Name}' is not supported; use SHA-256, SHA-384 or SHA-512.", nameof(name));
    }

    /// <summary>Maps only the algorithms accepted by policy; MD5, SHA-1 and unknown OIDs give false.</summary>
    public static bool TryFromOid(string oid, out HashAlgorithmName name)
    {
        switch (oid)
        {
            case Sha256Oid: name = HashAlgorithmName.SHA256; return true;
            case Sha384Oid: name = HashAlgorithmName.SHA384; return true;
            case Sha512Oid: name = HashAlgorithmName.SHA512; return true;
            default: name = default; return false;
        }
    }

    public static int Length(HashAlgorithmName name)
    {
        if (name == HashAlgorithmName.SHA256) return 32;
        if (name == HashAlgorithmName.SHA384) return 48;
        if (name == HashAlgorithmName.SHA512) return 64;
        throw new ArgumentException($"Hash algorithm '{name.Name}' is not supported.", nameof(name));
    }

    public static byte[] Hash(HashAlgorithmName name, ReadOnlySpan<byte> data)
    {
        if (name == HashAlgorithmName.SHA256) return SHA256.HashData(data);
        if (name == HashAlgorithmName.SHA384) return SHA384.HashData(data);
        if (name == HashAlgorithmName.SHA512) return SHA512.HashData(data);
        throw new ArgumentException($"Hash algorithm '{name.Name}' is not supported.", nameof(name));
    }

    public static string Describe(string oid) => oid switch
    {
        Md5Oid => "MD5",
        Sha1Oid => "SHA-1",
        Sha256Oid => "SHA-256",
        Sha384Oid => "SHA-384",
        Sha512Oid => "SHA-512",
        _ => oid,
    };
}
