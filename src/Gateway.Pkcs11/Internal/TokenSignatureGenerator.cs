using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;

namespace Gateway.Pkcs11.Internal;

/// <summary>
/// Lets .NET's CertificateRequest sign a PKCS#10 request with a key that never leaves the token: the request is
/// hashed here and the hash signed by the token (ECDSA or RSA PKCS#1 v1.5).
/// </summary>
internal sealed class TokenSignatureGenerator(TokenKey key, KeyAlgorithm algorithm, byte[] subjectPublicKeyInfo) : X509SignatureGenerator
{
    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            if (algorithm == KeyAlgorithm.Ecdsa)
            {
                // RFC 5758 section 3.2: ecdsa-with-SHA*, parameters absent.
                writer.WriteObjectIdentifier(hashAlgorithm.Name switch
                {
                    "SHA256" => "1.2.840.10045.4.3.2",
                    "SHA384" => "1.2.840.10045.4.3.3",
                    "SHA512" => "1.2.840.10045.4.3.4",
                    _ => throw new NotSupportedException($"ECDSA with {hashAlgorithm.Name} is not supported"),
                });
            }
            else
            {
                // RFC 4055 section 5: sha*WithRSAEncryption, parameters NULL.
                writer.WriteObjectIdentifier(hashAlgorithm.Name switch
                {
                    "SHA256" => "1.2.840.113549.1.1.11",
                    "SHA384" => "1.2.840.113549.1.1.12",
                    "SHA512" => "1.2.840.113549.1.1.13",
                    _ => throw new NotSupportedException($"RSA with {hashAlgorithm.Name} is not supported"),
                });
                writer.WriteNull();
            }
        }
        return writer.Encode();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
    {
        var hash = hashAlgorithm.Name switch
        {
            "SHA256" => SHA256.HashData(data),
            "SHA384" => SHA384.HashData(data),
            "SHA512" => SHA512.HashData(data),
            _ => throw new NotSupportedException($"{hashAlgorithm.Name} is not supported"),
        };
        return key.SignHash(algorithm, hash, hashAlgorithm, this);
    }

    protected override PublicKey BuildPublicKey() => PublicKey.CreateFromSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
}
