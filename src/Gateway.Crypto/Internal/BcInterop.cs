using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.Cms;
using ContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;

namespace Gateway.Crypto.Internal;

internal static class BcInterop
{
    public static BcCertificate ToBc(X509Certificate2 certificate) => new(certificate.RawData);

    public static X509Certificate2 ToDotNet(BcCertificate certificate) =>
        X509CertificateLoader.LoadCertificate(certificate.GetEncoded());

    /// <summary>
    /// signing-certificate-v2 (RFC 5035) with a SHA-256 ESSCertIDv2 (the DEFAULT algorithm, so it is
    /// omitted from the encoding) and issuerSerial, as CAdES-B-B requires.
    /// </summary>
    public static Attribute SigningCertificateV2(X509Certificate2 certificate)
    {
        var bc = ToBc(certificate);
        var issuerSerial = new IssuerSerial(
            new GeneralNames(new GeneralName(bc.IssuerDN)),
            new DerInteger(bc.SerialNumber));
        var certId = new EssCertIDv2(HashAlgorithms.Hash(System.Security.Cryptography.HashAlgorithmName.SHA256, certificate.RawData), issuerSerial);
        return new Attribute(PkcsObjectIdentifiers.IdAASigningCertificateV2, new DerSet(new SigningCertificateV2(new[] { certId })));
    }

    /// <summary>A positive random serial number of the given size (RFC 5280 allows up to 20 octets).</summary>
    public static byte[] RandomPositiveSerial(int length)
    {
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);
        // Keep the first octet in 0x40..0x7F: positive, and the DER length stays exactly `length`.
        bytes[0] = (byte)((bytes[0] & 0x3F) | 0x40);
        return bytes;
    }

    public static ContentInfo ParseContentInfo(byte[] der) => ContentInfo.GetInstance(Asn1Object.FromByteArray(der));
}
