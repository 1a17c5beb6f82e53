using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Gateway.Pkix;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.Utilities.Collections;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Validation.Internal;

/// <summary>Checks an RFC 3161 token against the data it claims to time-stamp (RFC 3161 §2.4.2, ETSI EN 319 102-1 §5.4).</summary>
internal static class TimeStampInspector
{
    public static TimeStampFacts Inspect(byte[] token, SegmentedContent stampedData)
    {
        TimeStampToken parsed;
        List<BcCertificate> certificates;
        try
        {
            var length = new AsnReader(token, AsnEncodingRules.BER).ReadEncodedValue().Length;
            parsed = new TimeStampToken(new CmsSignedData(token.AsSpan(0, length).ToArray()));
            certificates = parsed.GetCertificates().EnumerateMatches(null).ToList();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Failed("FORMAT_FAILURE", $"not an RFC 3161 TimeStampToken: {e.Message}", null);
        }

        var info = parsed.TimeStampInfo;
        var genTime = new DateTimeOffset(DateTime.SpecifyKind(info.GenTime, DateTimeKind.Utc));
        var material = new ValidationMaterial { Certificates = certificates.Select(Platform).OfType<X509Certificate2>().ToList() };
        var imprint = stampedData.Digest(info.MessageImprintAlgOid);
        if (imprint is null)
        {
            return Failed("FORMAT_FAILURE", $"unknown message imprint algorithm {info.MessageImprintAlgOid}", genTime) with { Material = material };
        }

        if (!imprint.AsSpan().SequenceEqual(info.GetMessageImprintDigest()))
        {
            return Failed("HASH_FAILURE", "the message imprint does not match the time-stamped data", genTime) with { Material = material };
        }

        // The token is a CMS signature over its TSTInfo: the same checks as any signature, on the platform's fast path.
        var cms = CmsInspector.Inspect(token, new SegmentedContent([]));
        var tsaCertificate = cms.SignerCertificate;
        if (!cms.Integrity)
        {
            return new TimeStampFacts(false, cms.IntegrityFailure ?? "FORMAT_FAILURE", $"the token's signature does not verify: {cms.Unreadable ?? cms.IntegrityError}", genTime, TsaName(info), tsaCertificate, info.MessageImprintAlgOid, material);
        }

        if (!cms.SigningCertificateReference)
        {
            // RFC 3161 §2.4.1 / RFC 5816: the ESS signing-certificate(-v2) attribute binds the TSA's certificate.
            return new TimeStampFacts(false, "NO_SIGNING_CERTIFICATE_FOUND", "the token has no ESS signing-certificate attribute naming the TSA certificate", genTime, TsaName(info), tsaCertificate, info.MessageImprintAlgOid, material);
        }

        return new TimeStampFacts(true, null, null, genTime, TsaName(info), tsaCertificate, info.MessageImprintAlgOid, material);
    }

    private static string? TsaName(TimeStampTokenInfo info) => info.Tsa?.Name?.ToString();

    /// <summary>
    /// The platform's copy of a certificate the token carries, or null when the platform cannot read what BouncyCastle
    /// did (a name attribute with a context-specific tag, for one: "ASN1 corrupted data"). Such a certificate cannot be
    /// validation material; throwing here took the whole report down (found by fuzz/ pdf-validate).
    /// </summary>
    private static X509Certificate2? Platform(BcCertificate certificate)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(certificate.GetEncoded());
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or Org.BouncyCastle.Security.Certificates.CertificateEncodingException)
        {
            return null;
        }
    }

    private static TimeStampFacts Failed(string subIndication, string error, DateTimeOffset? genTime) =>
        new(false, subIndication, error, genTime, null, null, null, ValidationMaterial.Empty);
}
