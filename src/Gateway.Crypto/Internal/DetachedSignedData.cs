using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using ContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using SignerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo;
using SignedData = Org.BouncyCastle.Asn1.Cms.SignedData;
using IssuerAndSerialNumber = Org.BouncyCastle.Asn1.Cms.IssuerAndSerialNumber;

namespace Gateway.Crypto.Internal;

/// <summary>
/// A detached CAdES SignedData built from a content digest computed elsewhere. BouncyCastle's
/// generator insists on hashing the content itself with its managed SHA-2, several times slower than
/// the platform's; for a PDF's ByteRange (megabytes) the hash is the whole cost of a signature.
/// The structure is the generator's: RFC 5652 SignedData v1, IssuerAndSerialNumber, the CAdES-B-B
/// signed attributes, the signature over their DER SET encoding.
/// </summary>
internal static class DetachedSignedData
{
    public static SignerInfo Sign(ISigningKey key, Attribute signingCertificateV2, HashAlgorithmName digestAlgorithm, ReadOnlySpan<byte> contentDigest, bool rsaPss = false)
    {
        var certificate = X509CertificateStructure.GetInstance(key.Certificate.RawData);
        var attributes = new DerSet(new Asn1EncodableVector
        {
            new Attribute(CmsAttributes.ContentType, new DerSet(CmsObjectIdentifiers.Data)),
            new Attribute(CmsAttributes.MessageDigest, new DerSet(new DerOctetString(contentDigest.ToArray()))),
            signingCertificateV2,
        });
        var toBeSigned = HashAlgorithms.Hash(digestAlgorithm, attributes.GetEncoded(Asn1Encodable.Der));
        var signature = rsaPss ? key.SignHashPss(toBeSigned, digestAlgorithm) : key.SignHash(toBeSigned, digestAlgorithm);
        return new SignerInfo(
            new SignerIdentifier(new IssuerAndSerialNumber(certificate.Issuer, certificate.SerialNumber)),
            DigestAlgorithm(digestAlgorithm),
            attributes,
            rsaPss ? SigningKeySignatureFactory.PssAlgorithm(digestAlgorithm) : SigningKeySignatureFactory.SignatureAlgorithm(key.Algorithm, digestAlgorithm),
            new DerOctetString(signature),
            null);
    }

    public static byte[] Encode(ISigningKey key, HashAlgorithmName digestAlgorithm, SignerInfo signer)
    {
        var certificates = new Asn1EncodableVector { X509CertificateStructure.GetInstance(key.Certificate.RawData) };
        foreach (var issuer in key.Chain) certificates.Add(X509CertificateStructure.GetInstance(issuer.RawData));
        var signedData = new SignedData(
            new DerSet(DigestAlgorithm(digestAlgorithm)),
            new ContentInfo(CmsObjectIdentifiers.Data, null),
            new DerSet(certificates),
            null,
            new DerSet(signer));
        return new ContentInfo(CmsObjectIdentifiers.SignedData, signedData).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>The same SignerInfo with a signature time-stamp token as its only unsigned attribute.</summary>
    public static SignerInfo WithTimeStamp(SignerInfo signer, byte[] token) => new(
        signer.SignerID,
        signer.DigestAlgorithm,
        signer.SignedAttrs,
        signer.SignatureAlgorithm,
        signer.Signature,
        new DerSet(new Attribute(PkcsObjectIdentifiers.IdAASignatureTimeStampToken, new DerSet(BcInterop.ParseContentInfo(token)))));

    private static AlgorithmIdentifier DigestAlgorithm(HashAlgorithmName name) =>
        new(new DerObjectIdentifier(HashAlgorithms.ToOid(name)));
}
