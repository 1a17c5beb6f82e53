using System.Security.Cryptography.X509Certificates;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Crypto.Internal;

/// <summary>A certificate carried in a SignedData: its original bytes and the parsed forms of both libraries.</summary>
internal sealed record CarriedCertificate(byte[] Raw, BcCertificate Bc, X509Certificate2 DotNet)
{
    public static IReadOnlyList<CarriedCertificate> From(RawSignedData raw) =>
        raw.Certificates.Select(bytes => new CarriedCertificate(bytes, new BcCertificate(bytes), X509CertificateLoader.LoadCertificate(bytes))).ToList();
}
