using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Gateway.Crypto;

/// <summary>Where a certificate says its revocation status can be found (RFC 5280 §4.2.2.1 and §4.2.1.13).</summary>
public static class RevocationUrls
{
    private const string AuthorityInformationAccessOid = "1.3.6.1.5.5.7.1.1";
    private const string CrlDistributionPointsOid = "2.5.29.31";

    /// <summary>The id-ad-ocsp URIs of the Authority Information Access extension, in certificate order.</summary>
    public static IReadOnlyList<string> Ocsp(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extension = certificate.Extensions[AuthorityInformationAccessOid];
        if (extension is null)
        {
            return [];
        }

        try
        {
            var aia = new X509AuthorityInformationAccessExtension(extension.RawData, extension.Critical);
            return aia.EnumerateOcspUris().ToList();
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or System.Formats.Asn1.AsnContentException)
        {
            throw new CryptoFormatException($"The Authority Information Access extension of '{certificate.Subject}' is malformed.", e);
        }
    }

    /// <summary>The URIs of full-name distribution points of the CRL Distribution Points extension, in certificate order.</summary>
    public static IReadOnlyList<string> Crl(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extension = certificate.Extensions[CrlDistributionPointsOid];
        if (extension is null)
        {
            return [];
        }

        try
        {
            var points = CrlDistPoint.GetInstance(Asn1Object.FromByteArray(extension.RawData)).GetDistributionPoints();
            return points
                .Where(p => p.DistributionPointName?.Type == DistributionPointName.FullName)
                .SelectMany(p => GeneralNames.GetInstance(p.DistributionPointName.Name).GetNames())
                .Where(n => n.TagNo == GeneralName.UniformResourceIdentifier)
                .Select(n => DerIA5String.GetInstance(n.Name).GetString())
                .ToList();
        }
        // BouncyCastle also refuses a wrongly tagged choice (a primitive [0] fullName) with InvalidOperationException
        // (found by fuzz/ x509).
        catch (Exception e) when (e is ArgumentException or InvalidCastException or InvalidOperationException or IOException || e.GetType().Namespace?.StartsWith("Org.BouncyCastle", StringComparison.Ordinal) == true)
        {
            throw new CryptoFormatException($"The CRL Distribution Points extension of '{certificate.Subject}' is malformed.", e);
        }
    }
}
