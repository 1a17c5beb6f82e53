using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Gateway.Pkcs11.Internal;

/// <summary>
/// What the raw PKCS#11 mechanisms leave to the caller: CKM_RSA_PKCS signs a DigestInfo it does not
/// build, and CKM_ECDSA returns r||s where CMS wants a DER Ecdsa-Sig-Value.
/// </summary>
internal static class SignatureEncoding
{
    public static string Oid(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA256" => "2.16.840.1.101.3.4.2.1",
        "SHA384" => "2.16.840.1.101.3.4.2.2",
        "SHA512" => "2.16.840.1.101.3.4.2.3",
        "SHA1" => "1.3.14.3.2.26",
        _ => throw new NotSupportedException($"hash algorithm {hash.Name} is not supported for PKCS#11 signing"),
    };

    public static int Length(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA256" => 32,
        "SHA384" => 48,
        "SHA512" => 64,
        "SHA1" => 20,
        _ => throw new NotSupportedException($"hash algorithm {hash.Name} is not supported for PKCS#11 signing"),
    };

    /// <summary>DigestInfo ::= SEQUENCE { AlgorithmIdentifier (with NULL parameters), OCTET STRING } (RFC 8017 9.2).</summary>
    public static byte[] DigestInfo(ReadOnlySpan<byte> hash, HashAlgorithmName algorithm)
    {
        CheckLength(hash, algorithm);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oid(algorithm));
                writer.WriteNull();
            }
            writer.WriteOctetString(hash);
        }
        return writer.Encode();
    }

    /// <summary>r||s (each half the field size) to SEQUENCE { INTEGER r, INTEGER s }.</summary>
    public static byte[] EcdsaToDer(ReadOnlySpan<byte> raw)
    {
        if (raw.Length == 0 || raw.Length % 2 != 0) throw new CryptographicException($"the token returned an ECDSA signature of {raw.Length} bytes");
        var half = raw.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(Minimal(raw[..half]));
            writer.WriteIntegerUnsigned(Minimal(raw[half..]));
        }
        return writer.Encode();
    }

    public static void CheckLength(ReadOnlySpan<byte> hash, HashAlgorithmName algorithm)
    {
        if (hash.Length != Length(algorithm))
            throw new CryptographicException($"a {algorithm.Name} hash is {Length(algorithm)} bytes, not {hash.Length}");
    }

    // DER integers carry no leading zero bytes beyond what the sign needs (the writer adds that one).
    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0) start++;
        return value[start..];
    }
}
