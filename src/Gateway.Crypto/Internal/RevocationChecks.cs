using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Crypto.Internal;

/// <summary>
/// Checks an OCSP response or a CRL against the question asked. Each method returns the evidence or throws a
/// <see cref="RevocationException"/> whose message says what was wrong (prefixed by the caller with the source).
/// The pieces that do not depend on when the answer was fetched are shared with <see cref="EmbeddedRevocation"/>,
/// so that fetched and embedded answers are trusted by the same rules.
/// </summary>
internal static class RevocationChecks
{
    private const string OcspSigningEku = "1.3.6.1.5.5.7.3.9";

    /// <summary>One certificate's status as an OCSP SingleResponse or a CRL states it.</summary>
    public readonly record struct Status(RevocationStatus Value, DateTimeOffset? RevocationTime, int? Reason);

    public static RevocationEvidence Ocsp(byte[] body, CertificateID asked, byte[] nonce, X509Certificate2 issuer, DateTimeOffset now, TimeSpan skew, string source)
    {
        var basic = ParseOcspResponse(body, source);
        RequireAuthorisedSigner(basic, BcInterop.ToBc(issuer), now, skew, [], source);

        var single = basic.Responses.FirstOrDefault(r => SameCertId(r.GetCertID(), asked))
            ?? throw Bad(source, "the response says nothing about the certificate asked for (CertID)");

        var echoed = basic.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce)?.GetOctets();
        if (echoed is not null && !echoed.AsSpan().SequenceEqual(new DerOctetString(nonce).GetEncoded()) && !echoed.AsSpan().SequenceEqual(nonce))
        {
            throw Bad(source, "the response's nonce differs from the request's");
        }

        var thisUpdate = Utc(single.ThisUpdate);
        DateTimeOffset? nextUpdate = single.NextUpdate is { } next ? Utc(next) : null;
        CheckTimes(source, "OCSP", thisUpdate, nextUpdate, now, skew);

        var status = StatusOf(single);
        return new RevocationEvidence(status.Value, body, null, thisUpdate, nextUpdate, status.RevocationTime, source);
    }

    public static RevocationEvidence Crl(byte[] body, X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset now, TimeSpan skew, string source)
    {
        var crl = ParseCrl(body, source);
        VerifyCrl(crl, certificate, BcInterop.ToBc(issuer), source);

        var thisUpdate = Utc(crl.ThisUpdate);
        DateTimeOffset? nextUpdate = crl.NextUpdate is { } next ? Utc(next) : null;
        CheckTimes(source, "CRL", thisUpdate, nextUpdate, now, skew);

        var status = StatusOf(crl, certificate);
        return new RevocationEvidence(status.Value, null, DerOf(crl, body), thisUpdate, nextUpdate, status.RevocationTime, source);
    }

    public static RevocationException Bad(string source, string detail, Exception? inner = null) =>
        new(RevocationException.BadResponse, $"{source}: {detail}.", inner);

    /// <summary>The BasicOCSPResponse of a successful DER OCSPResponse.</summary>
    public static BasicOcspResp ParseOcspResponse(byte[] body, string source)
    {
        OcspResp response;
        try
        {
            response = new OcspResp(body);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Bad(source, "the answer is not an OCSPResponse", e);
        }

        if (response.Status != OcspRespStatus.Successful)
        {
            var reason = response.Status is OcspRespStatus.TryLater or OcspRespStatus.InternalError ? RevocationException.Unavailable : RevocationException.BadResponse;
            throw new RevocationException(reason, $"OCSP {source}: responseStatus {StatusName(response.Status)}.");
        }

        try
        {
            return response.GetResponseObject() as BasicOcspResp ?? throw Bad(source, "the response is not a BasicOCSPResponse");
        }
        catch (Exception e) when (e is not OutOfMemoryException and not RevocationException)
        {
            throw Bad(source, "the BasicOCSPResponse is malformed", e);
        }
    }

    /// <summary>
    /// Makes sure the response is signed by the issuer itself or by a delegated responder (RFC 6960 §4.2.2.2) found
    /// among the response's certificates or <paramref name="candidates"/> and valid at <paramref name="at"/>.
    /// Returns who signed, for humans.
    /// </summary>
    public static string RequireAuthorisedSigner(BasicOcspResp basic, BcCertificate issuer, DateTimeOffset at, TimeSpan skew, IEnumerable<BcCertificate> candidates, string source)
    {
        if (Verifies(basic, issuer))
        {
            return $"the issuer '{issuer.SubjectDN}'";
        }

        var delegated = SafeCerts(basic).Concat(candidates).FirstOrDefault(c => IsDelegatedResponder(c, issuer, at, skew) && Verifies(basic, c));
        if (delegated is null)
        {
            throw Bad(source, "the response is signed neither by the issuer nor by an OCSP responder certificate the issuer issued (id-kp-OCSPSigning)");
        }

        return $"the delegated responder '{delegated.SubjectDN}'";
    }

    public static Status StatusOf(SingleResp single) => single.GetCertStatus() switch
    {
        null => new Status(RevocationStatus.Good, null, null),
        RevokedStatus revoked => new Status(RevocationStatus.Revoked, Utc(revoked.RevocationTime), revoked.HasRevocationReason ? revoked.RevocationReason : null),
        _ => new Status(RevocationStatus.Unknown, null, null),
    };

    // A CRL embedded in a document is checked for each certificate of each chain, and a CRL can hold
    // thousands of entries: parse each byte array once, for as long as the caller keeps it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<byte[], X509Crl> ParsedCrls = new();

    public static X509Crl ParseCrl(byte[] body, string source)
    {
        try
        {
            if (ParsedCrls.TryGetValue(body, out var known)) return known;
            var parsed = new X509CrlParser().ReadCrl(body) ?? throw Bad(source, "the answer is not a CRL");
            ParsedCrls.AddOrUpdate(body, parsed);
            return parsed;
        }
        catch (Exception e) when (e is not OutOfMemoryException and not RevocationException)
        {
            throw Bad(source, "the answer is not a CRL", e);
        }
    }

    /// <summary>Issuer name and signature, no delta CRL, and a scope that covers <paramref name="certificate"/>.</summary>
    public static void VerifyCrl(X509Crl crl, X509Certificate2 certificate, BcCertificate issuer, string source)
    {
        if (!crl.IssuerDN.Equivalent(issuer.SubjectDN, true))
        {
            throw Bad(source, $"the CRL is issued by '{crl.IssuerDN}', not '{issuer.SubjectDN}'");
        }

        try
        {
            var platform = PlatformSignatures.TryVerifyData(issuer.SubjectPublicKeyInfo.GetEncoded(), crl.SigAlgOid, crl.GetTbsCertList(), crl.GetSignature());
            if (platform == false) throw new InvalidOperationException("signature mismatch");
            if (platform is null) crl.Verify(issuer.GetPublicKey());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Bad(source, "the CRL's signature does not verify with the issuer's key", e);
        }

        if (crl.GetExtensionValue(X509Extensions.DeltaCrlIndicator) is not null)
        {
            throw Bad(source, "delta CRLs are not supported");
        }

        CheckScope(crl, certificate, source);
    }

    public static Status StatusOf(X509Crl crl, X509Certificate2 certificate)
    {
        var entry = crl.GetRevokedCertificate(SerialNumbers.Parse(certificate.SerialNumber));
        if (entry is not null)
        {
            var reason = ReasonOf(entry);
            if (reason != CrlReason.RemoveFromCrl)
            {
                return new Status(RevocationStatus.Revoked, Utc(entry.RevocationDate), reason);
            }
        }

        return new Status(RevocationStatus.Good, null, null);
    }

    /// <summary>The CRL as received when it was DER, re-encoded when it came as PEM.</summary>
    public static byte[] DerOf(X509Crl crl, byte[] body) => body.Length > 0 && body[0] == 0x30 ? body : crl.GetEncoded();

    public static DateTimeOffset Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc), TimeSpan.Zero),
    };

    /// <summary>RFC 5280 §5.3.1 CRLReason names.</summary>
    public static string? ReasonName(int? reason) => reason switch
    {
        null => null,
        CrlReason.Unspecified => "unspecified",
        CrlReason.KeyCompromise => "keyCompromise",
        CrlReason.CACompromise => "cACompromise",
        CrlReason.AffiliationChanged => "affiliationChanged",
        CrlReason.Superseded => "superseded",
        CrlReason.CessationOfOperation => "cessationOfOperation",
        CrlReason.CertificateHold => "certificateHold",
        CrlReason.RemoveFromCrl => "removeFromCRL",
        CrlReason.PrivilegeWithdrawn => "privilegeWithdrawn",
        CrlReason.AACompromise => "aACompromise",
        _ => reason.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static void CheckTimes(string source, string kind, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, DateTimeOffset now, TimeSpan skew)
    {
        if (thisUpdate > now + skew)
        {
            throw Bad(source, $"the {kind} thisUpdate {SerialNumbers.Time(thisUpdate)} is in the future");
        }

        if (nextUpdate is { } next && next < now - skew)
        {
            throw Bad(source, $"the {kind} is stale: nextUpdate {SerialNumbers.Time(next)} has passed");
        }
    }

    /// <summary>Refuses partitioned / indirect CRLs that may not cover the certificate (RFC 5280 §5.2.5).</summary>
    private static void CheckScope(X509Crl crl, X509Certificate2 certificate, string source)
    {
        var value = crl.GetExtensionValue(X509Extensions.IssuingDistributionPoint);
        if (value is null)
        {
            return;
        }

        var idp = IssuingDistributionPoint.GetInstance(Asn1Object.FromByteArray(value.GetOctets()));
        var isCa = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault()?.CertificateAuthority == true;
        if (idp.IsIndirectCrl || idp.OnlySomeReasons is not null || idp.OnlyContainsAttributeCerts
            || (idp.OnlyContainsUserCerts && isCa) || (idp.OnlyContainsCACerts && !isCa))
        {
            throw Bad(source, "the CRL's scope (issuing distribution point) does not cover the certificate");
        }
    }

    private static int ReasonOf(X509CrlEntry entry)
    {
        var value = entry.GetExtensionValue(X509Extensions.ReasonCode);
        return value is null ? CrlReason.Unspecified : DerEnumerated.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).IntValueExact;
    }

    private static bool SameCertId(CertificateID a, CertificateID b) =>
        a.HashAlgOid == b.HashAlgOid
        && a.GetIssuerNameHash().AsSpan().SequenceEqual(b.GetIssuerNameHash())
        && a.GetIssuerKeyHash().AsSpan().SequenceEqual(b.GetIssuerKeyHash())
        && a.SerialNumber.Equals(b.SerialNumber);

    private static bool Verifies(BasicOcspResp response, BcCertificate signer)
    {
        try
        {
            return PlatformSignatures.TryVerifyData(signer.SubjectPublicKeyInfo.GetEncoded(), SignatureOid(response), response.GetTbsResponseData(), response.GetSignature())
                ?? response.Verify(signer.GetPublicKey());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

#pragma warning disable CS0618 // BouncyCastle marks the accessor obsolete without offering another for BasicOcspResp.
    private static string SignatureOid(BasicOcspResp response) => response.SignatureAlgOid;
#pragma warning restore CS0618

    private static bool Verified(BcCertificate candidate, BcCertificate issuer)
    {
        candidate.Verify(issuer.GetPublicKey());
        return true;
    }

    private static BcCertificate[] SafeCerts(BasicOcspResp response)
    {
        try
        {
            return response.GetCerts() ?? [];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [];
        }
    }

    /// <summary>RFC 6960 §4.2.2.2: issued directly by the CA in question, with id-kp-OCSPSigning, valid at <paramref name="at"/>.</summary>
    private static bool IsDelegatedResponder(BcCertificate candidate, BcCertificate issuer, DateTimeOffset at, TimeSpan skew)
    {
        try
        {
            if (!candidate.IssuerDN.Equivalent(issuer.SubjectDN, true)
                || candidate.GetExtendedKeyUsage()?.Any(k => k.Id == OcspSigningEku) != true
                || Utc(candidate.NotBefore) > at + skew
                || Utc(candidate.NotAfter) < at - skew)
            {
                return false;
            }

            return PlatformSignatures.TryVerifyData(issuer.SubjectPublicKeyInfo.GetEncoded(), candidate.SigAlgOid, candidate.GetTbsCertificate(), candidate.GetSignature())
                ?? Verified(candidate, issuer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static string StatusName(int status) => status switch
    {
        OcspRespStatus.MalformedRequest => "malformedRequest",
        OcspRespStatus.InternalError => "internalError",
        OcspRespStatus.TryLater => "tryLater",
        OcspRespStatus.SigRequired => "sigRequired",
        OcspRespStatus.Unauthorized => "unauthorized",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
