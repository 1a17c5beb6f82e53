using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Pkix.Tests;

/// <summary>
/// A certificate made by a test, with its ASN.1 structure and private key for issuing and signing. The BouncyCastle
/// certificate object is made on demand: it refuses some deliberately malformed certificates.
/// </summary>
internal sealed record TestCert(X509Certificate2 Certificate, X509CertificateStructure Structure, AsymmetricCipherKeyPair Key)
{
    public BcCertificate Bc => new(Structure);

    public X509Name SubjectName => Structure.Subject;

    public Org.BouncyCastle.Math.BigInteger Serial => Structure.SerialNumber.Value;

    /// <summary>The signature algorithm this certificate's key signs with by default.</summary>
    public string SigningAlgorithm => Key.Private is Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters ? "SHA256WITHRSA" : "SHA256WITHECDSA";
}
