using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Pkix;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// <c>x509</c>: certificates, CRLs and OCSP as they arrive inside signatures and DSS dictionaries. The input is read as
/// a certificate (path building and validation with it as the leaf and as a candidate issuer, its policies and
/// revocation URLs), as an OCSP response and a CRL about the development agency's certificate (embedded and through
/// path validation), and as an OCSP request to the development responder.
/// </summary>
internal sealed class X509Target(FuzzMaterial material) : IFuzzTarget, IDisposable
{
    private readonly CertificateValidator _validator = new(material.Trust, null, new CertificateValidatorOptions { FetchRevocation = false });
    private readonly Crypto.OcspResponder _responder = Crypto.OcspResponder.ForDevPki(material.Pki);
    private readonly byte[] _goodOcspResponse = File.ReadAllBytes(material.File("response.ocsp"));

    public string Name => "x509";

    public IEnumerable<Seed> Seeds() =>
        Directory.EnumerateFiles(material.Pki.Directory, "*.crt", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => new Seed("pki-" + Path.GetRelativePath(material.Pki.Directory, f).Replace('/', '_'), X509CertificateLoader.LoadCertificateFromFile(f).RawData))
            .Concat(material.Files(".crl").Concat(material.Files(".ocsp")).Select(f => new Seed(Path.GetFileName(f), File.ReadAllBytes(f))))
            .Concat(SeedSource.CertificatesIn(SeedSource.SignaturesInPdfs(material)).Take(60))
            .Concat(SeedSource.Regressions("*.der"));

    public void Run(byte[] input)
    {
        if (Certificate(input) is { } certificate)
        {
            using (certificate)
            {
                Validate(certificate, new ValidationMaterial { Certificates = [material.IssuingCa] }, CertificatePurpose.Signer);
                Validate(material.Signer, new ValidationMaterial { Certificates = [certificate] }, CertificatePurpose.Signer);
                CertificatePolicies.Of(certificate);
                try
                {
                    RevocationUrls.Ocsp(certificate);
                    RevocationUrls.Crl(certificate);
                }
                catch (CryptoFormatException)
                {
                }
                EmbeddedRevocation.TryCheckOcsp(_goodOcspResponse, material.Signer, certificate, [certificate], out _, out _);
            }
        }

        EmbeddedRevocation.TryCheckOcsp(input, material.Signer, material.IssuingCa, [material.OcspResponder], out _, out _);
        EmbeddedRevocation.TryCheckCrl(input, material.Signer, material.IssuingCa, out _, out _);
        Validate(material.Signer, new ValidationMaterial { Certificates = [material.IssuingCa, material.OcspResponder], OcspResponses = [input], Crls = [input] },
            CertificatePurpose.Signer);
        _responder.Respond(input);
    }

    private void Validate(X509Certificate2 certificate, ValidationMaterial with, CertificatePurpose purpose) =>
        _validator.ValidateAsync(certificate, purpose, with, FuzzMaterial.ValidationTime).GetAwaiter().GetResult();

    /// <summary>The platform's loader refuses what is not a certificate with CryptographicException, its documented refusal.</summary>
    private static X509Certificate2? Certificate(byte[] input)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(input);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public void Dispose() => _responder.Dispose();
}
