using System.Security.Cryptography.X509Certificates;
using Gateway.Evidence;
using Gateway.Exchange.Internal;

namespace Gateway.Exchange;

/// <summary>
/// Grades a case's methods against the method policy of its service (and request kind), for Submit and for
/// signing alike: met, the grade goes into the receipt; not met, an <see cref="ExchangeException"/>
/// METHOD_POLICY_NOT_MET lists each unmet step and carries the methods and grade for the rejection receipt.
/// </summary>
public static class CasePolicy
{
    /// <summary>Steps the gateway observes when it signs for an agency: a claim at one of them never counts.</summary>
    public static readonly IReadOnlySet<string> SigningObservableSteps = new HashSet<string>(StringComparer.Ordinal)
    {
        ProcessSteps.Channel, ProcessSteps.Authentication, ProcessSteps.Signature, ProcessSteps.Timestamp,
    };

    /// <exception cref="ExchangeException">FAILED_PRECONDITION METHOD_POLICY_NOT_MET when the service has a rule the methods do not meet.</exception>
    public static ReceiptGrade GradeOrRefuse(ExchangeOptions options, string? serviceId, string? requestKind, IReadOnlyList<StepMethod> methods,
        IReadOnlySet<string> observableSteps, IReadOnlyList<ValidatedSignature>? signatures = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var policy = options.MethodPolicy;
        var rule = policy?.Find(serviceId, requestKind);
        var grade = MethodGrader.Grade(options.Catalogue, methods, rule, policy?.Version, observableSteps);
        if (rule is null || grade.Met) return ReceiptGrade.From(grade);
        var unmet = string.Join("; ", grade.Unmet.Select(g => $"{g.Step} requires {g.Required}, "
            + (g.Method is null ? "nothing recorded" : $"found {g.Method} ({g.Level ?? "no level"}, {g.Basis.ToString()!.ToLowerInvariant()})")));
        throw new ExchangeException(ExchangeErrorKind.FailedPrecondition, ExchangeReasons.MethodPolicyNotMet,
            $"the case does not meet method policy {policy!.Version} for service '{rule.ServiceId}'"
            + (rule.RequestKind is null ? "" : $" ({rule.RequestKind})") + $": {unmet}", "claims")
        { Methods = methods, Grade = grade, Signatures = signatures };
    }

    /// <summary>
    /// What the gateway observes when it signs with an agency's key: the API channel, the caller's authentication,
    /// the certificate-based signature it makes (s.26 / s.28), its time-stamp when the level has one; then the
    /// agency's claims, as claims.
    /// </summary>
    public static StepMethod[] SigningMethods(MethodCatalogue catalogue, ReceiptParty agency, X509Certificate2 signingCertificate, string format, string level,
        string? timeStampAuthority, IEnumerable<StepMethod> claims)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(signingCertificate);
        var methods = new List<StepMethod>
        {
            SubmissionMethodFacts.Fact(catalogue, ProcessSteps.Channel, "gateway-grpc-api", "gateway.v1.Signing over TLS"),
            SubmissionMethodFacts.Authentication(catalogue, agency),
            SubmissionMethodFacts.Fact(catalogue, ProcessSteps.Signature, "s26-s28-certificate-based",
                $"{format} {level} with the agency's certificate-based key held by the gateway",
                new MethodEvidence(CertificateSha256: Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(signingCertificate.RawData)), CertificateIssuer: signingCertificate.Issuer)),
        };
        if (timeStampAuthority is not null)
            methods.Add(SubmissionMethodFacts.Fact(catalogue, ProcessSteps.Timestamp, "rfc3161-tsa", $"signature time-stamped by {timeStampAuthority}",
                new MethodEvidence(TimeStampAuthority: timeStampAuthority)));
        methods.AddRange(SubmissionMethodFacts.Claims(claims));
        return [.. methods];
    }
}
