using Gateway.Crypto;
using Gateway.Pdf;
using Gateway.Pkix;
using Gateway.Validation.Internal;

namespace Gateway.Validation;

/// <summary>
/// Validates the signatures of a PDF (PAdES, PKCS#7, document time-stamps) or of a CMS signature over given data,
/// following ETSI EN 319 102-1: cryptographic verification, then modification analysis, algorithm policy, and
/// X.509 validation at the best proof of existence a valid time-stamp gives. Never throws on hostile input.
/// </summary>
public sealed class DocumentValidator
{
    private readonly CertificateValidator _certificates;
    private readonly DocumentValidatorOptions _options;
    private readonly TimeProvider _clock;

    public DocumentValidator(CertificateValidator certificates, DocumentValidatorOptions? options = null, TimeProvider? clock = null)
    {
        _certificates = certificates ?? throw new ArgumentNullException(nameof(certificates));
        _options = options ?? new DocumentValidatorOptions();
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<ValidationReport> ValidatePdfAsync(byte[] pdf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var now = _options.ValidationTime ?? _clock.GetUtcNow();
        if (pdf.Length > _options.MaxDocumentBytes)
            return Unusable("PDF", now, $"the document has {pdf.Length} bytes; at most {_options.MaxDocumentBytes} are accepted");

        PdfDocument document;
        List<PdfSignatureEntry> entries;
        try
        {
            document = PdfDocument.Open(pdf);
            entries = PdfSignatureLocator.Find(document);
        }
        catch (PdfFormatException e)
        {
            return Unusable("PDF", now, $"not a readable PDF: {e.Message}");
        }

        var warnings = new List<string>();
        if (document.Recovered) warnings.Add("the cross-reference table is broken and was rebuilt by scanning the file");
        var context = new PdfContext(document);
        var dss = context.AllDss;

        // Newest document time-stamp first: each proves that everything it covers existed at its genTime.
        var timeStamps = new List<(PdfSignatureEntry Entry, TimeStampReport Report)>();
        DateTimeOffset? laterProof = null;
        foreach (var entry in entries.Where(e => e.IsDocumentTimeStamp).OrderByDescending(e => e.SignedEnd))
        {
            var report = await DocumentTimeStampAsync(document, entry, dss, now, laterProof, cancellationToken).ConfigureAwait(false);
            timeStamps.Add((entry, report));
            if (report.Indication == Indication.TotalPassed && report.GenTime is { } time && (laterProof is null || time < laterProof)) laterProof = time;
        }

        var signatures = new List<SignatureReport>();
        var unreadable = new List<UnreadableSignature>();
        foreach (var entry in entries.Where(e => !e.IsDocumentTimeStamp))
        {
            var covering = timeStamps.Where(t => t.Entry.ByteRangeError is null && t.Entry.SignedEnd >= entry.SignedEnd && entry.ByteRangeError is null).ToList();
            var report = await SignatureAsync(context, entry, dss, covering, now, signatures.Count + 1, cancellationToken).ConfigureAwait(false);
            if (report is null)
            {
                unreadable.Add(new UnreadableSignature(entry.FieldName, CmsInspector.Inspect(entry.Contents, new SegmentedContent([])).Unreadable ?? "unreadable"));
                continue;
            }

            signatures.Add(report);
        }

        return new ValidationReport
        {
            DocumentType = "PDF",
            ValidationTime = now,
            Signatures = signatures,
            DocumentTimeStamps = timeStamps.OrderBy(t => t.Entry.SignedEnd).Select(t => t.Report).ToList(),
            UnreadableSignatures = unreadable,
            Warnings = warnings,
        };
    }

    /// <summary>A CMS (CAdES or plain PKCS#7) signature, detached over <paramref name="detachedContent"/> or encapsulating its content.</summary>
    public async Task<ValidationReport> ValidateCmsAsync(byte[] cms, ReadOnlyMemory<byte>? detachedContent = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cms);
        var now = _options.ValidationTime ?? _clock.GetUtcNow();
        var content = new SegmentedContent(detachedContent is { } d ? [d] : []);
        var facts = CmsInspector.Inspect(cms, content);
        if (facts.Unreadable is not null)
        {
            return new ValidationReport { DocumentType = "CMS", ValidationTime = now, Signatures = [], UnreadableSignatures = [new UnreadableSignature(null, facts.Unreadable)] };
        }

        var outcome = new Outcome();
        if (!facts.Integrity) outcome.Fail(Outcome.IndicationOf(facts.IntegrityFailure!), facts.IntegrityFailure!, facts.IntegrityError!);
        var (stamps, proven, tsaChains) = await SignatureTimeStampsAsync(facts, facts.Material, now, null, cancellationToken).ConfigureAwait(false);
        var chain = await ChainAsync(facts, facts.Material, now, proven, outcome, cancellationToken).ConfigureAwait(false);
        var coverage = new RevocationCoverage(facts.Material);
        var level = !facts.SigningCertificateReference ? SignatureLevels.CmsNotEtsi
            : stamps.Any(s => s.Integrity) ? (LongTerm([chain, .. tsaChains], coverage) ? SignatureLevels.CadesBaselineLt : SignatureLevels.CadesBaselineT)
            : SignatureLevels.CadesBaselineB;
        return new ValidationReport
        {
            DocumentType = "CMS",
            ValidationTime = now,
            Signatures = [Build(facts, outcome, chain, stamps, proven, level, null, "S1")],
        };
    }

    private async Task<SignatureReport?> SignatureAsync(PdfContext context, PdfSignatureEntry entry, ValidationMaterial dss,
        List<(PdfSignatureEntry Entry, TimeStampReport Report)> covering, DateTimeOffset now, int number, CancellationToken ct)
    {
        var document = context.Document;
        var sha1Encapsulated = entry.SubFilter == "adbe.pkcs7.sha1";
        var facts = CmsInspector.Inspect(entry.Contents, entry.SignedContent(document.Bytes), sha1Encapsulated);
        if (facts.Unreadable is not null) return null;

        var outcome = new Outcome();
        if (entry.ByteRangeError is not null) outcome.Fail(Indication.TotalFailed, SubIndications.FormatFailure, entry.ByteRangeError);
        else if (!facts.Integrity) outcome.Fail(Outcome.IndicationOf(facts.IntegrityFailure!), facts.IntegrityFailure!, facts.IntegrityError!);
        var integrity = entry.ByteRangeError is null && facts.Integrity;

        ModificationAnalysis? modifications = null;
        if (entry.Revision is { } revision)
        {
            modifications = Safe(() => ModificationAnalyzer.Analyze(document, revision), null);
            if (modifications is null) outcome.Fail(Indication.Indeterminate, SubIndications.FormatFailure, "the revisions after the signed one could not be compared");
            else if (modifications.HasDisallowedChanges && integrity)
            {
                // ETSI lists SIG_CONSTRAINTS_FAILURE under INDETERMINATE; a change the signature does not allow
                // is a definite failure of what was signed, as pyHanko and Acrobat treat it.
                outcome.Fail(Indication.TotalFailed, SubIndications.SigConstraintsFailure,
                    "the document was changed after signing in a way the signature does not allow: " + string.Join("; ", modifications.Modifications.Where(m => !m.Allowed).Take(5).Select(m => m.Description)));
            }
        }

        var material = facts.Material.Merge(dss);
        var docProof = covering.Where(t => t.Report.Indication == Indication.TotalPassed).Select(t => t.Report.GenTime).Min();
        var (stamps, proven, tsaChains) = await SignatureTimeStampsAsync(facts, material, now, docProof, ct).ConfigureAwait(false);
        if (docProof is { } d && (proven is null || d < proven)) proven = d;
        var chain = integrity ? await ChainAsync(facts, material, now, proven, outcome, ct).ConfigureAwait(false) : null;

        var hasT = stamps.Any(s => s.Integrity) || covering.Any(t => t.Report.Integrity);
        var level = Level(context, entry, facts, [chain, .. tsaChains], covering, hasT);
        var report = Build(facts, outcome, chain, stamps, proven, level, modifications, $"S{number}");
        // Safe: the /Reference objects are read here for the first time, and one the reader cannot parse must make this
        // "not a certification", not a PdfFormatException out of a validator that never throws (found by fuzz/ pdf-validate).
        var certification = entry.Dictionary.Get("Reference") is not null && Safe(() => IsCertification(document, entry), false);
        return report with
        {
            FieldName = entry.FieldName,
            SubFilter = entry.SubFilter,
            Integrity = integrity,
            SigningTime = entry.ClaimedTime ?? facts.SigningTimeAttribute,
            Revision = entry.Revision,
            ByteRange = entry.ByteRange,
            CoversWholeDocument = entry.ByteRangeError is null && entry.SignedEnd == document.Bytes.Length,
            Certification = certification,
            DocMdpPermission = modifications?.DocMdpPermission,
            LegalTier = ReportBuilder.LegalTier(outcome.Indication, integrity, modifications?.HasDisallowedChanges ?? false, chain?.ChainsToTrustAnchor ?? false),
        };
    }

    private SignatureReport Build(CmsFacts facts, Outcome outcome, CertificateChainResult? chain, List<TimeStampReport> stamps,
        DateTimeOffset? proven, string level, ModificationAnalysis? modifications, string id)
    {
        var modified = modifications?.HasDisallowedChanges ?? false;
        return new SignatureReport
        {
            Id = id,
            Indication = outcome.Indication,
            SubIndication = outcome.SubIndication,
            Integrity = facts.Integrity,
            ModifiedAfterSigning = modified,
            ContentChangedAfterSigning = modifications?.HasContentChanges ?? false,
            Level = level,
            Signer = facts.SignerCertificate?.Subject,
            SigningTime = facts.SigningTimeAttribute,
            ProvenSigningTime = proven,
            LegalTier = ReportBuilder.LegalTier(outcome.Indication, facts.Integrity, modified, chain?.ChainsToTrustAnchor ?? false),
            DigestAlgorithm = facts.DigestOid.Length > 0 ? Algorithms.DescribeDigest(facts.DigestOid) : null,
            SignatureAlgorithm = facts.SignatureOid.Length > 0 ? Algorithms.DescribeSignature(facts.SignatureOid) : null,
            Chain = ReportBuilder.Chain(chain),
            ChainsToTrustAnchor = chain?.ChainsToTrustAnchor ?? false,
            SignatureTimeStamps = stamps,
            Modifications = modifications?.Modifications ?? [],
            Errors = outcome.Errors,
            Warnings = [.. facts.Warnings, .. chain?.Warnings ?? []],
        };
    }

    /// <summary>Crypto policy, then the signer's chain at the best proof of existence.</summary>
    private async Task<CertificateChainResult?> ChainAsync(CmsFacts facts, ValidationMaterial material, DateTimeOffset now, DateTimeOffset? proven, Outcome outcome, CancellationToken ct)
    {
        if (facts.SignerCertificate is null) return null;
        var at = proven ?? now;
        if (facts.DigestOid.Length > 0 && !(_options.DigestAlgorithmExpiry.TryGetValue(facts.DigestOid, out var expiry) && at < expiry))
        {
            outcome.Fail(Indication.Indeterminate, SubIndications.CryptoConstraintsFailureNoPoe,
                $"{Algorithms.DescribeDigest(facts.DigestOid)} is not accepted for a signature at {at:yyyy-MM-dd} and no earlier proof of existence is available");
        }

        var chain = await _certificates.ValidateAsync(facts.SignerCertificate, CertificatePurpose.Signer, material, now, proven, ct).ConfigureAwait(false);
        if (!chain.Passed) outcome.Fail(chain.Indication, chain.SubIndication ?? SubIndications.CertificateChainGeneralFailure, chain.Errors.FirstOrDefault() ?? "the signer's certificate chain is not valid");
        foreach (var error in chain.Errors.Skip(1)) outcome.Errors.Add(error);
        return chain;
    }

    /// <returns>The reports, the earliest time a valid one proves, and the TSA chains of those whose cryptography holds.</returns>
    private async Task<(List<TimeStampReport> Reports, DateTimeOffset? Proven, List<CertificateChainResult?> TsaChains)> SignatureTimeStampsAsync(CmsFacts facts, ValidationMaterial material, DateTimeOffset now, DateTimeOffset? laterProof, CancellationToken ct)
    {
        var reports = new List<TimeStampReport>();
        var chains = new List<CertificateChainResult?>();
        DateTimeOffset? proven = null;
        foreach (var token in facts.SignatureTimeStampTokens)
        {
            var stamp = TimeStampInspector.Inspect(token, new SegmentedContent([facts.SignatureValue]));
            var (report, tsaChain) = await TimeStampAsync("SIGNATURE_TIMESTAMP", stamp, material, now, laterProof, ct).ConfigureAwait(false);
            reports.Add(report);
            if (report.Integrity) chains.Add(tsaChain);
            if (report.Indication == Indication.TotalPassed && (proven is null || report.GenTime < proven)) proven = report.GenTime;
        }

        return (reports, proven, chains);
    }

    private async Task<TimeStampReport> DocumentTimeStampAsync(PdfDocument document, PdfSignatureEntry entry, ValidationMaterial dss, DateTimeOffset now, DateTimeOffset? laterProof, CancellationToken ct)
    {
        if (entry.ByteRangeError is not null)
        {
            return new TimeStampReport { Type = "DOCUMENT_TIMESTAMP", Indication = Indication.TotalFailed, SubIndication = SubIndications.FormatFailure, Integrity = false, FieldName = entry.FieldName, Errors = [entry.ByteRangeError] };
        }

        var stamp = TimeStampInspector.Inspect(entry.Contents, entry.SignedContent(document.Bytes));
        var (report, _) = await TimeStampAsync("DOCUMENT_TIMESTAMP", stamp, dss, now, laterProof, ct).ConfigureAwait(false);
        var modifications = entry.Revision is { } revision ? Safe(() => ModificationAnalyzer.Analyze(document, revision), null) : null;
        if (modifications?.HasDisallowedChanges == true && report.Indication == Indication.TotalPassed)
        {
            report = report with
            {
                Indication = Indication.TotalFailed,
                SubIndication = SubIndications.SigConstraintsFailure,
                Errors = [.. report.Errors, "the document was changed after this time-stamp in a way it does not allow"],
            };
        }

        return report with
        {
            FieldName = entry.FieldName,
            Revision = entry.Revision,
            CoversWholeDocument = entry.SignedEnd == document.Bytes.Length,
            ModifiedAfterSigning = modifications?.HasDisallowedChanges ?? false,
            Modifications = modifications?.Modifications ?? [],
        };
    }

    private async Task<(TimeStampReport Report, CertificateChainResult? TsaChain)> TimeStampAsync(string type, TimeStampFacts stamp, ValidationMaterial material, DateTimeOffset now, DateTimeOffset? laterProof, CancellationToken ct)
    {
        var outcome = new Outcome();
        if (!stamp.Integrity) outcome.Fail(Outcome.IndicationOf(stamp.FailureSubIndication!), stamp.FailureSubIndication!, stamp.Error!);
        CertificateChainResult? chain = null;
        if (stamp.TsaCertificate is not null && stamp.Integrity)
        {
            var at = laterProof ?? now;
            if (stamp.ImprintDigestOid is { } oid && !(_options.DigestAlgorithmExpiry.TryGetValue(oid, out var expiry) && at < expiry))
                outcome.Fail(Indication.Indeterminate, SubIndications.CryptoConstraintsFailureNoPoe, $"the time-stamp's {Algorithms.DescribeDigest(oid)} imprint is not accepted at {at:yyyy-MM-dd}");
            chain = await _certificates.ValidateAsync(stamp.TsaCertificate, CertificatePurpose.TimeStamping, stamp.Material.Merge(material), now, laterProof, ct).ConfigureAwait(false);
            if (!chain.Passed) outcome.Fail(chain.Indication, chain.SubIndication ?? SubIndications.CertificateChainGeneralFailure, "TSA: " + (chain.Errors.FirstOrDefault() ?? "chain not valid"));
        }

        return (new TimeStampReport
        {
            Type = type,
            Indication = outcome.Indication,
            SubIndication = outcome.SubIndication,
            Integrity = stamp.Integrity,
            GenTime = stamp.GenTime,
            TimeStampAuthority = stamp.TsaCertificate?.Subject ?? stamp.TsaName,
            Chain = ReportBuilder.Chain(chain),
            Errors = outcome.Errors,
        }, chain);
    }

    /// <param name="chains">The signer's chain first, then the chains of its signature time-stamps' TSAs: B-LT needs validation data for all.</param>
    private static string Level(PdfContext context, PdfSignatureEntry entry, CmsFacts facts, IReadOnlyList<CertificateChainResult?> chains,
        List<(PdfSignatureEntry Entry, TimeStampReport Report)> covering, bool hasT)
    {
        if (facts.SignerInfoCount != 1) return SignatureLevels.PdfNotEtsi; // EN 319 142-1 §6.3: exactly one SignerInfo
        var cms = new RevocationCoverage(facts.Material);
        var dssOnly = context.Coverage(null);
        var lt = LongTerm(chains, cms, dssOnly);
        // LTA: a document time-stamp over a revision whose DSS already held that validation data.
        var lta = lt && covering.Any(t => t.Report.Integrity && t.Entry.Revision is { } r && LongTerm(chains, cms, context.Coverage(r)));
        switch (entry.SubFilter)
        {
            case "ETSI.CAdES.detached":
                // EN 319 142-1 §6.3: a baseline signature binds its certificate and keeps the time in /M, not in CMS signing-time.
                if (facts.SigningCertificateReference && facts.SigningTimeAttribute is null)
                {
                    return lta ? SignatureLevels.PadesBaselineLta : lt && hasT ? SignatureLevels.PadesBaselineLt : hasT ? SignatureLevels.PadesBaselineT : SignatureLevels.PadesBaselineB;
                }

                if (!facts.SigningCertificateReference) return SignatureLevels.PdfNotEtsi;
                // The legacy LTV profile (ETSI TS 102 778-4) is validation data in a DSS, not inside the CMS.
                return LongTerm(chains.Take(1).ToList(), dssOnly) ? SignatureLevels.PadesLtv : facts.HasSignaturePolicy ? SignatureLevels.PadesEpes : SignatureLevels.PadesBes;
            case "adbe.pkcs7.detached":
            case "adbe.pkcs7.sha1":
                return lta ? SignatureLevels.Pkcs7Lta : lt && hasT ? SignatureLevels.Pkcs7Lt : hasT ? SignatureLevels.Pkcs7T : SignatureLevels.Pkcs7B;
            default:
                return SignatureLevels.PdfNotEtsi;
        }
    }

    /// <summary>Every chain is complete and embedded, authenticated revocation data answers for each of its certificates.</summary>
    private static bool LongTerm(IReadOnlyList<CertificateChainResult?> chains, params RevocationCoverage[] sources) =>
        chains.All(c => Complete(c) && Covered(c, sources));

    /// <summary>The chain found ends at a trust anchor or a self-signed certificate: no certificate is missing.</summary>
    private static bool Complete(CertificateChainResult? chain) =>
        chain is { Chain.Count: > 0 } c && (c.ChainsToTrustAnchor || c.Chain[^1].Certificate.SubjectName.RawData.AsSpan().SequenceEqual(c.Chain[^1].Certificate.IssuerName.RawData));

    /// <summary>
    /// Embedded, authenticated revocation data answers for every certificate of the signer's chain that needs it
    /// (all but the trust anchor or self-signed root, and OCSP responders with ocsp-nocheck).
    /// </summary>
    private static bool Covered(CertificateChainResult? chain, params RevocationCoverage[] sources)
    {
        if (chain is null || sources.All(s => s.IsEmpty)) return false;
        var elements = chain.Chain;
        var needing = 0;
        for (var i = 0; i + 1 < elements.Count; i++)
        {
            if (elements[i].IsTrustAnchor || elements[i].Revocation.Status == RevocationCheckStatus.NotRequired) continue;
            needing++;
            if (!sources.Any(s => s.Covers(elements[i].Certificate, elements[i + 1].Certificate))) return false;
        }

        return needing > 0;
    }

    private static bool IsCertification(PdfDocument document, PdfSignatureEntry entry) =>
        document.Resolve(entry.Dictionary.Get("Reference")) is PdfArray references
        && references.Any(r => document.Resolve(document.Resolve<PdfDictionary>(r)?.Get("TransformMethod")) is PdfName { Value: "DocMDP" });

    private static ValidationReport Unusable(string type, DateTimeOffset now, string error) =>
        new() { DocumentType = type, ValidationTime = now, Signatures = [], Errors = [error] };

    private static T Safe<T>(Func<T> action, T fallback)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is PdfFormatException or InvalidOperationException or ArgumentException or FormatException or IndexOutOfRangeException or InvalidCastException)
        {
            return fallback;
        }
    }
}
