using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Pkix.Tests;

/// <summary>A certificate made by a test, with its BouncyCastle twin and private key for issuing and signing.</summary>
internal sealed record TestCert(X509Certificate2 Certificate, BcCertificate Bc, AsymmetricCipherKeyPair Key)
{
    public string Subject => Bc.SubjectDN.ToString();

    public Org.BouncyCastle.Math.BigInteger Serial => Bc.SerialNumber;

    /// <summary>The signature algorithm this certificate's key signs with by default.</summary>
    public string SigningAlgorithm => Key.Private is Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters ? "SHA256WITHRSA" : "SHA256WITHECDSA";
}
