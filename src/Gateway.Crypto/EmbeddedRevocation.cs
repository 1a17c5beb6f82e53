using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Internal;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Ocsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Crypto;

/// <summary>
/// Reads revocation data that came with a signed object rather than from the network: an OCSP response or a CRL,
/// checked for one certificate and its issuer by the same rules <see cref="RevocationClient"/> applies to fetched
/// answers (issuer or delegated responder signature, CertID, CRL issuer, scope, no delta CRLs), but with no nonce
/// and no "now": the answer's times are returned for the caller to judge against the time it must prove.
/// Never throws on malformed input: the Try methods say what was wrong instead, and say nothing (false with a null
/// problem) when well-formed data is simply about other certificates, so that a caller trying every embedded answer
/// against every certificate of a chain reports only real faults.
/// </summary>
public static class EmbeddedRevocation
{
    public const string OcspSource = "embedded OCSP";
    public const string CrlSource = "embedded CRL";

    private const int CrlSignBit = 6;

    /// <param name="response">A DER OCSPResponse, or a bare DER BasicOCSPResponse as CAdES and PAdES DSS may hold.</param>
    /// <param name="responderCandidates">Other certificates that may be the delegated responder (the signed object's
    /// certificates); those inside the response are always considered. A delegated responder must have been valid
    /// when the response was produced.</param>
    public static bool TryCheckOcsp(
        byte[] response,
        X509Certificate2 certificate,
        X509Certificate2 issuer,
        IEnumerable<X509Certificate2>? responderCandidates,
        [NotNullWhen(true)] out EmbeddedRevocationAnswer? answer,
        out string? problem)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(issuer);
        answer = null;
        try
        {
            var (basic, whole) = ParseAnyOcsp(response);
            var bcIssuer = BcInterop.ToBc(issuer);
            var serial = SerialNumbers.Parse(certificate.SerialNumber);
            var single = basic.Responses.FirstOrDefault(r => Matches(r.GetCertID(), bcIssuer, serial));
            if (single is null)
            {
                problem = null;
                return false;
            }

            // RFC 6960 §4.2.2.2: a delegated responder must be entitled when it signed, i.e. at producedAt.
            var producedAt = RevocationChecks.Utc(basic.ProducedAt);
            // Converted only if the issuer did not sign the response itself and a delegated responder is looked for.
            var candidates = (responderCandidates ?? []).Select(TryToBc).OfType<BcCertificate>();
            var signedBy = RevocationChecks.RequireAuthorisedSigner(basic, bcIssuer, producedAt, TimeSpan.Zero, candidates, OcspSource);

            var status = RevocationChecks.StatusOf(single);
            DateTimeOffset? nextUpdate = single.NextUpdate is { } next ? RevocationChecks.Utc(next) : null;
            var evidence = new RevocationEvidence(status.Value, whole, null, RevocationChecks.Utc(single.ThisUpdate), nextUpdate, status.RevocationTime, OcspSource);
            answer = new EmbeddedRevocationAnswer(evidence, producedAt, RevocationChecks.ReasonName(status.Reason), signedBy);
            problem = null;
            return true;
        }
        catch (RevocationException e)
        {
            problem = e.Message;
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problem = $"{OcspSource}: the response is malformed ({e.Message}).";
            return false;
        }
    }

    /// <param name="crl">A DER (or PEM) CertificateList issued by <paramref name="issuer"/> itself.</param>
    public static bool TryCheckCrl(
        byte[] crl,
        X509Certificate2 certificate,
        X509Certificate2 issuer,
        [NotNullWhen(true)] out EmbeddedRevocationAnswer? answer,
        out string? problem)
    {
        ArgumentNullException.ThrowIfNull(crl);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(issuer);
        answer = null;
        try
        {
            var parsed = RevocationChecks.ParseCrl(crl, CrlSource);
            var bcIssuer = BcInterop.ToBc(issuer);
            if (!parsed.IssuerDN.Equivalent(bcIssuer.SubjectDN, true))
            {
                problem = null;
                return false;
            }

            RevocationChecks.VerifyCrl(parsed, certificate, bcIssuer, CrlSource);
            // RFC 5280 §4.2.1.3: a CA whose key usage lacks cRLSign does not speak for revocation.
            if (bcIssuer.GetKeyUsage() is { } usage && !usage[CrlSignBit])
            {
                throw RevocationChecks.Bad(CrlSource, $"'{bcIssuer.SubjectDN}' may not sign CRLs (no cRLSign key usage)");
            }

            var status = RevocationChecks.StatusOf(parsed, certificate);
            var thisUpdate = RevocationChecks.Utc(parsed.ThisUpdate);
            DateTimeOffset? nextUpdate = parsed.NextUpdate is { } next ? RevocationChecks.Utc(next) : null;
            var evidence = new RevocationEvidence(status.Value, null, RevocationChecks.DerOf(parsed, crl), thisUpdate, nextUpdate, status.RevocationTime, CrlSource);
            answer = new EmbeddedRevocationAnswer(evidence, thisUpdate, RevocationChecks.ReasonName(status.Reason), $"the issuer '{bcIssuer.SubjectDN}'");
            problem = null;
            return true;
        }
        catch (RevocationException e)
        {
            problem = e.Message;
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problem = $"{CrlSource}: the CRL is malformed ({e.Message}).";
            return false;
        }
    }

    /// <summary>An OCSPResponse starts with its ENUMERATED status; a BasicOCSPResponse with the tbsResponseData SEQUENCE.</summary>
    private static (BasicOcspResp Basic, byte[] Whole) ParseAnyOcsp(byte[] der)
    {
        Asn1Sequence sequence;
        try
        {
            sequence = Asn1Sequence.GetInstance(Asn1Object.FromByteArray(der));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw RevocationChecks.Bad(OcspSource, "the data is neither an OCSPResponse nor a BasicOCSPResponse", e);
        }

        if (sequence.Count > 0 && sequence[0] is DerEnumerated)
        {
            return (RevocationChecks.ParseOcspResponse(der, OcspSource), der);
        }

        BasicOcspResponse basic;
        try
        {
            basic = BasicOcspResponse.GetInstance(sequence);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw RevocationChecks.Bad(OcspSource, "the data is neither an OCSPResponse nor a BasicOCSPResponse", e);
        }

        var whole = new OcspResponse(
            new OcspResponseStatus(OcspResponseStatus.Successful),
            new ResponseBytes(OcspObjectIdentifiers.PkixOcspBasic, new DerOctetString(basic.GetEncoded(Asn1Encodable.Der))));
        return (new BasicOcspResp(basic), whole.GetEncoded(Asn1Encodable.Der));
    }

    /// <summary>By the CertID's own hash algorithm, so SHA-1 and SHA-256 CertIDs both match.</summary>
    private static bool Matches(CertificateID id, BcCertificate issuer, Org.BouncyCastle.Math.BigInteger serial)
    {
        try
        {
            return id.SerialNumber.Equals(serial) && id.MatchesIssuer(issuer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static BcCertificate? TryToBc(X509Certificate2 certificate)
    {
        try
        {
            return BcInterop.ToBc(certificate);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
