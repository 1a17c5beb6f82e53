using Gateway.Crypto;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Pkix;
using Org.BouncyCastle.X509.Extension;

namespace Gateway.Pkix.Internal;

/// <summary>
/// RFC 5280 §6.1.3–6.1.5 for a built path (anchor last): CA flags, path length, key usage of issuers, critical
/// extensions, name constraints, and the end-entity's purpose. Certificate policies are not processed.
/// Every failure is INDETERMINATE / CHAIN_CONSTRAINTS_FAILURE as ETSI EN 319 102-1 §5.2.6 names it.
/// </summary>
internal static class PathConstraints
{
    public const string OcspSigningEku = "1.3.6.1.5.5.7.3.9";
    public const string OcspNoCheck = "1.3.6.1.5.5.7.48.1.5";
    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";
    private const int KeyCertSignBit = 5;

    /// <summary>Extensions this validator understands, or may ignore because they only add information.</summary>
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        X509Extensions.BasicConstraints.Id,
        X509Extensions.KeyUsage.Id,
        X509Extensions.ExtendedKeyUsage.Id,
        X509Extensions.CertificatePolicies.Id,
        X509Extensions.SubjectAlternativeName.Id,
        X509Extensions.IssuerAlternativeName.Id,
        X509Extensions.NameConstraints.Id,
        X509Extensions.PolicyConstraints.Id,
        X509Extensions.PolicyMappings.Id,
        X509Extensions.InhibitAnyPolicy.Id,
        X509Extensions.SubjectKeyIdentifier.Id,
        X509Extensions.AuthorityKeyIdentifier.Id,
        X509Extensions.CrlDistributionPoints.Id,
        X509Extensions.FreshestCrl.Id,
        X509Extensions.AuthorityInfoAccess.Id,
        X509Extensions.SubjectInfoAccess.Id,
        X509Extensions.SubjectDirectoryAttributes.Id,
        X509Extensions.QCStatements.Id,
        OcspNoCheck,
    };

    public static void Check(BuiltPath path, CertificatePurpose purpose, Findings findings)
    {
        var certificates = path.Certificates;
        for (var i = 0; i < certificates.Count; i++)
        {
            // RFC 5280 takes an anchor as given; its extensions are read only where they constrain what it issues.
            if (!path.IsAnchor(i))
            {
                CheckCriticalExtensions(certificates[i], findings);
            }

            if (i > 0)
            {
                CheckIssuer(path, i, findings);
            }
        }

        CheckNameConstraints(path, findings);
        CheckPurpose(certificates[0], purpose, findings);
    }

    /// <summary>True for a delegated OCSP responder that says its own status need not be checked (RFC 6960 §4.2.2.2.1).</summary>
    public static bool IsOcspNoCheckResponder(ParsedCertificate certificate)
    {
        try
        {
            return certificate.Bc.GetExtensionValue(new DerObjectIdentifier(OcspNoCheck)) is not null
                && certificate.Bc.GetExtendedKeyUsage()?.Any(k => k.Id == OcspSigningEku) == true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static void Fail(Findings findings, string message) =>
        findings.Fail(Indication.Indeterminate, SubIndications.ChainConstraintsFailure, message);

    private static void CheckCriticalExtensions(ParsedCertificate certificate, Findings findings)
    {
        var critical = certificate.Bc.GetCriticalExtensionOids() ?? (ISet<string>)new HashSet<string>();
        foreach (var oid in critical.Where(o => !Known.Contains(o)).Order(StringComparer.Ordinal))
        {
            Fail(findings, $"'{certificate.Name}' has a critical extension this validator does not know ({oid}).");
        }
    }

    private static void CheckIssuer(BuiltPath path, int index, Findings findings)
    {
        var issuer = path.Certificates[index];
        var anchor = path.IsAnchor(index);
        BasicConstraints? basic;
        bool[]? keyUsage;
        try
        {
            basic = issuer.Bc.GetExtensionValue(X509Extensions.BasicConstraints) is { } value
                ? BasicConstraints.GetInstance(X509ExtensionUtilities.FromExtensionValue(value))
                : null;
            keyUsage = issuer.Bc.GetKeyUsage();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(findings, $"'{issuer.Name}' has a malformed basic constraints or key usage extension.");
            return;
        }

        if (basic is null)
        {
            // A version 1 anchor (no extensions) is a CA by configuration; a v3 anchor without basicConstraints is
            // accepted the same way. Any other issuer must say it is a CA (RFC 5280 §6.1.4 (k)).
            if (!anchor)
            {
                Fail(findings, issuer.Bc.Version < 3
                    ? $"'{issuer.Name}' is a version {issuer.Bc.Version} certificate and cannot be a CA."
                    : $"'{issuer.Name}' issues certificates but has no basic constraints extension (not a CA).");
            }
        }
        else if (!basic.IsCA())
        {
            Fail(findings, $"'{issuer.Name}' issues certificates but is not a CA (basic constraints cA is false).");
        }
        else if (basic.PathLenConstraint is { } limit)
        {
            // pathLenConstraint counts the non-self-issued intermediate CAs below this one, the end entity excluded.
            var below = path.Certificates.Skip(1).Take(index - 1).Count(c => !c.IsSelfIssued);
            if (below > limit.IntValue)
            {
                Fail(findings, $"'{issuer.Name}' allows {limit} intermediate CA certificate(s) below it (pathLenConstraint) but the path has {below}.");
            }
        }

        if (keyUsage is not null && !(keyUsage.Length > KeyCertSignBit && keyUsage[KeyCertSignBit]))
        {
            Fail(findings, $"'{issuer.Name}' issues certificates but its key usage lacks keyCertSign.");
        }
    }

    /// <summary>
    /// RFC 5280 §6.1.3 (b)/(c) and §6.1.4 (g), top down: each certificate's names must lie within the subtrees of every
    /// CA above it, the anchor's included; self-issued intermediates are not checked, the end entity always is.
    /// </summary>
    private static void CheckNameConstraints(BuiltPath path, Findings findings)
    {
        var certificates = path.Certificates;
        var validator = new PkixNameConstraintValidator();
        var constrained = false;
        for (var i = certificates.Count - 1; i >= 0; i--)
        {
            var certificate = certificates[i];
            if (constrained && !path.IsAnchor(i) && (i == 0 || !certificate.IsSelfIssued))
            {
                CheckNames(validator, certificate, findings);
            }

            if (i == 0)
            {
                break;
            }

            try
            {
                if (certificate.Bc.GetExtensionValue(X509Extensions.NameConstraints) is not { } value)
                {
                    continue;
                }

                var constraints = NameConstraints.GetInstance(X509ExtensionUtilities.FromExtensionValue(value));
                if (constraints.PermittedSubtreesValue is { } permitted)
                {
                    validator.IntersectPermittedSubtree(Asn1Sequence.GetInstance(permitted.ToAsn1Object()));
                }

                if (constraints.ExcludedSubtreesValue is { } excluded)
                {
                    foreach (var subtree in Asn1Sequence.GetInstance(excluded.ToAsn1Object()))
                    {
                        validator.AddExcludedSubtree(GeneralSubtree.GetInstance(subtree));
                    }
                }

                constrained = true;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Fail(findings, $"'{certificate.Name}' has a name constraints extension this validator cannot apply ({e.Message}).");
            }
        }
    }

    private static void CheckNames(PkixNameConstraintValidator validator, ParsedCertificate certificate, Findings findings)
    {
        try
        {
            var subject = Asn1Sequence.GetInstance(certificate.Subject.ToAsn1Object());
            if (subject.Count > 0)
            {
                validator.CheckPermittedDN(subject);
                validator.CheckExcludedDN(subject);
            }

            // RFC 5280 §4.2.1.10: an e-mail address in the subject DN is constrained like an rfc822Name.
            foreach (var email in certificate.Subject.GetValueList(PkcsObjectIdentifiers.Pkcs9AtEmailAddress))
            {
                validator.CheckPermittedEmail(email);
                validator.CheckExcludedEmail(email);
            }

            if (certificate.Bc.GetExtensionValue(X509Extensions.SubjectAlternativeName) is { } san)
            {
                foreach (var name in GeneralNames.GetInstance(X509ExtensionUtilities.FromExtensionValue(san)).GetNames())
                {
                    validator.CheckPermittedName(name);
                    validator.CheckExcludedName(name);
                }
            }
        }
        catch (PkixNameConstraintValidatorException e)
        {
            Fail(findings, $"'{certificate.Name}' violates the name constraints of its CAs: {e.Message}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(findings, $"'{certificate.Name}' has names that cannot be checked against its CAs' name constraints ({e.Message}).");
        }
    }

    private static void CheckPurpose(ParsedCertificate leaf, CertificatePurpose purpose, Findings findings)
    {
        bool[]? keyUsage;
        IList<DerObjectIdentifier>? eku;
        bool ekuCritical;
        try
        {
            keyUsage = leaf.Bc.GetKeyUsage();
            eku = leaf.Bc.GetExtendedKeyUsage();
            ekuCritical = leaf.Bc.GetCriticalExtensionOids()?.Contains(X509Extensions.ExtendedKeyUsage.Id) == true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(findings, $"'{leaf.Name}' has a malformed key usage or extended key usage extension.");
            return;
        }

        // Every purpose here is about making signatures (documents, time-stamps, OCSP responses).
        if (keyUsage is not null && !keyUsage.Take(2).Any(b => b))
        {
            Fail(findings, $"'{leaf.Name}' may not make signatures: its key usage has neither digitalSignature nor nonRepudiation.");
        }

        switch (purpose)
        {
            case CertificatePurpose.Signer:
                break;

            case CertificatePurpose.TimeStamping:
                if (eku?.Any(k => k.Id == TimeStampingEku) != true)
                {
                    Fail(findings, $"'{leaf.Name}' is not a time-stamping unit: its extended key usage lacks id-kp-timeStamping.");
                }
                else
                {
                    // RFC 3161 §2.3 wants it critical and alone; many deployed TSAs get one of them wrong, so only warn.
                    if (!ekuCritical)
                    {
                        findings.Warn($"'{leaf.Name}': the id-kp-timeStamping extended key usage is not critical (RFC 3161 §2.3).");
                    }

                    if (eku.Count > 1)
                    {
                        findings.Warn($"'{leaf.Name}': extended key usages other than id-kp-timeStamping are present (RFC 3161 §2.3).");
                    }
                }

                break;

            case CertificatePurpose.OcspSigning:
                if (eku?.Any(k => k.Id == OcspSigningEku) != true)
                {
                    Fail(findings, $"'{leaf.Name}' is not an OCSP responder: its extended key usage lacks id-kp-OCSPSigning.");
                }

                break;
        }
    }
}
