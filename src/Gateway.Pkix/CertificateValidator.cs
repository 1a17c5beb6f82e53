using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Pkix.Internal;

namespace Gateway.Pkix;

/// <summary>
/// X.509 validation of one certificate at one time (RFC 5280 §6, ETSI EN 319 102-1 §5.2.6), with past validation
/// from a proof of existence (§5.6.2.1): path building to the trust store's anchors, cryptographic and path
/// constraints, the end entity's purpose, validity periods and revocation, embedded or fetched.
/// Thread-safe: one instance can serve concurrent validations.
/// </summary>
public sealed class CertificateValidator
{
    private readonly RevocationClient? _revocation;
    private readonly CertificateValidatorOptions _options;
    private readonly TimeProvider _clock;
    private readonly IReadOnlyList<ParsedCertificate> _anchors;
    private readonly IReadOnlyList<ParsedCertificate> _intermediates;

    // A DSS brings the same certificates to every signature of a document, and a server sees the same CAs all day:
    // parse each once and remember which key verified which certificate. Both are bounded, and cleared when full.
    private readonly BoundedCache<string, (ParsedCertificate? Parsed, string? Problem)> _parsed = new(20_000);
    private readonly BoundedCache<(ParsedCertificate Child, ParsedCertificate Issuer), bool> _signatures = new(100_000);

    /// <param name="revocation">Fetches OCSP / CRLs when the material has nothing usable; null never fetches.</param>
    /// <param name="clock">Our "now": revocation data dated after it is refused.</param>
    public CertificateValidator(TrustStore trust, RevocationClient? revocation = null, CertificateValidatorOptions? options = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(trust);
        Trust = trust;
        _revocation = revocation;
        _options = options ?? new CertificateValidatorOptions();
        _clock = clock ?? TimeProvider.System;
        // The trust store does not change, so its certificates are read once; unreadable ones can never match.
        _anchors = trust.Roots.Select(c => Parse(c, out _)).OfType<ParsedCertificate>().ToList();
        _intermediates = trust.Intermediates.Select(c => Parse(c, out _)).OfType<ParsedCertificate>().ToList();
    }

    public TrustStore Trust { get; }

    /// <summary>
    /// Never throws on malformed certificates/revocation data (only on null args / cancellation).
    /// </summary>
    /// <param name="validationTime">The time to judge at, normally now.</param>
    /// <param name="proofOfExistence">When the signed object is proven to have existed (a time-stamp): used when a
    /// certificate is expired or revoked at <paramref name="validationTime"/>.</param>
    public async Task<CertificateChainResult> ValidateAsync(
        X509Certificate2 certificate,
        CertificatePurpose purpose,
        ValidationMaterial material,
        DateTimeOffset validationTime,
        DateTimeOffset? proofOfExistence = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(material);
        if (!Enum.IsDefined(purpose))
        {
            throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown certificate purpose.");
        }

        ct.ThrowIfCancellationRequested();
        try
        {
            return await ValidateCoreAsync(certificate, purpose, material, validationTime, proofOfExistence, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Input that gets past every check and still breaks a parser must not take the caller down with it.
            return new CertificateChainResult
            {
                Indication = Indication.Indeterminate,
                SubIndication = SubIndications.CertificateChainGeneralFailure,
                Errors = [$"The certificate chain could not be validated: {e.GetType().Name}: {e.Message}"],
                Chain = [new ChainElement(certificate, false, NotChecked("validation broke off"))],
                ValidatedAt = validationTime,
            };
        }
    }

    private ParsedCertificate? Parse(X509Certificate2 certificate, out string? problem)
    {
        var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.RawData));
        if (!_parsed.TryGetValue(key, out var entry))
        {
            entry = (ParsedCertificate.TryParse(certificate, out var why), why);
            _parsed.Set(key, entry);
        }

        problem = entry.Problem;
        return entry.Parsed;
    }

    private async Task<CertificateChainResult> ValidateCoreAsync(
        X509Certificate2 certificate,
        CertificatePurpose purpose,
        ValidationMaterial material,
        DateTimeOffset validationTime,
        DateTimeOffset? proofOfExistence,
        CancellationToken ct)
    {
        var findings = new Findings();
        var leaf = Parse(certificate, out var unreadable);
        if (leaf is null)
        {
            findings.Fail(Indication.Indeterminate, SubIndications.CertificateChainGeneralFailure, $"The certificate cannot be read: {unreadable}");
            return Result(findings, [new ChainElement(certificate, false, NotChecked("the certificate cannot be read"))], false, validationTime);
        }

        var candidates = new List<ParsedCertificate>();
        foreach (var extra in material.Certificates)
        {
            if (extra is null)
            {
                continue;
            }

            if (Parse(extra, out var problem) is { } parsed)
            {
                candidates.Add(parsed);
            }
            else
            {
                findings.Warn($"A certificate that came with the signed object cannot be read and was ignored: {problem}");
            }
        }

        candidates.AddRange(_intermediates);
        candidates.AddRange(_anchors);
        candidates = candidates.Distinct().ToList();

        var path = new PathBuilder(candidates, _anchors, _options.MaxPathLength, validationTime, _signatures).Build(leaf);
        if (!path.EndsAtAnchor)
        {
            var top = path.Certificates[^1];
            var why = path.Certificates.Count >= _options.MaxPathLength
                ? $"the path reached the maximum length of {_options.MaxPathLength} certificates at '{top.Name}'"
                : $"no available certificate named '{top.IssuerName}' signed '{top.Name}'";
            findings.Fail(Indication.Indeterminate, SubIndications.NoCertificateChainFound, $"No chain from '{leaf.Name}' to a trust anchor: {why}.");
        }

        CryptoConstraints.Check(path, _options.MinimumRsaKeyBits, findings);
        PathConstraints.Check(path, purpose, findings);

        if (!path.EndsAtAnchor)
        {
            // Revocation of an untrusted chain means nothing, and asking the network about it would only leak.
            var notChecked = NotChecked("no chain to a trust anchor");
            return Result(findings, path.Certificates.Select(c => new ChainElement(c.Certificate, false, notChecked)).ToList(), false, validationTime);
        }

        var judge = new ChainTimeJudge(path, new RevocationSources(material, _revocation, _options.FetchRevocation), _options, _clock.GetUtcNow());
        var earlierFailure = findings.Failed;
        // With an expired certificate and a proof of existence the decision is taken at the proof's time: data
        // fetched for the validation time would not be used, so none is fetched for it.
        var pastValidation = proofOfExistence is not null && path.Certificates.Any(c => c.NotAfter < validationTime);
        var judgement = await judge.JudgeAsync(validationTime, !earlierFailure && !pastValidation, ct).ConfigureAwait(false);
        if (proofOfExistence is { } poe && judgement.CurableByPoe)
        {
            var atValidationTime = judgement;
            judgement = await judge.JudgeAsync(poe, !earlierFailure, ct).ConfigureAwait(false);
            if (judgement.Problems.Count == 0)
            {
                foreach (var cured in atValidationTime.Problems.Where(p => p.Kind is TimeProblemKind.Expired or TimeProblemKind.Revoked))
                {
                    findings.Warn($"{cured.Message} Validated at the proof of existence {Times.Format(poe)} instead.");
                }
            }
        }

        TimeVerdict.Apply(judgement, path, _options.WhenRevocationUnavailable, findings);

        var chain = path.Certificates.Select((c, i) => new ChainElement(c.Certificate, path.IsAnchor(i), judgement.Revocation[i].Info)).ToList();
        return Result(findings, chain, true, judgement.At);
    }

    private static CertificateChainResult Result(Findings findings, IReadOnlyList<ChainElement> chain, bool anchored, DateTimeOffset validatedAt) => new()
    {
        Indication = findings.Indication,
        SubIndication = findings.SubIndication,
        Errors = [.. findings.Errors],
        Warnings = [.. findings.Warnings],
        Chain = chain,
        ChainsToTrustAnchor = anchored,
        ValidatedAt = validatedAt,
    };

    private static CertificateRevocationInfo NotChecked(string why) =>
        new(RevocationCheckStatus.Unavailable, "not checked", Detail: $"not checked: {why}");
}
