using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.Oiw;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;

namespace Gateway.Crypto.Internal;

internal static class OcspCertIds
{
    /// <summary>
    /// A SHA-1 CertID (RFC 6960 §4.1.1; SHA-1 is what responders universally accept, RFC 5019 §2.1.1): hashes of
    /// the issuer's DER subject name and of its subjectPublicKey BIT STRING contents, and the serial.
    /// </summary>
    public static CertificateID Sha1(X509Certificate2 issuer, Org.BouncyCastle.Math.BigInteger serial)
    {
#pragma warning disable CA5350 // SHA-1 is an identifier here, not a signature; RFC 6960 interoperability requires it.
        var nameHash = SHA1.HashData(issuer.SubjectName.RawData);
        var keyHash = SHA1.HashData(issuer.PublicKey.EncodedKeyValue.RawData);
#pragma warning restore CA5350
        return new CertificateID(new CertID(
            new AlgorithmIdentifier(OiwObjectIdentifiers.IdSha1, DerNull.Instance),
            new DerOctetString(nameHash),
            new DerOctetString(keyHash),
            new DerInteger(serial)));
    }

    public static CertificateID Sha1(X509Certificate2 issuer, X509Certificate2 certificate) =>
        Sha1(issuer, SerialNumbers.Parse(certificate.SerialNumber));
}
