using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.EvidenceLog;
using Gateway.Exchange.Cases;
using Gateway.Merkle;
using Gateway.Validation;

namespace Gateway.Server.Internal.VerificationPage;

/// <summary>
/// Verifies one uploaded file from memory with the code the rest of the gateway uses: a PDF with
/// <see cref="DocumentValidator"/>, a receipt with <see cref="ReceiptVerifier"/> (this gateway's trust anchors and seal),
/// any other CMS with <see cref="DocumentValidator.ValidateCmsAsync"/>, a case file with <see cref="CaseVerifier"/>
/// (this gateway's anchors and log key, never those shipped in the case: the page vouches for nothing it did not check).
/// The answer is the page's JSON: verdict, kind, per signature the plain-language reading, and the full report.
/// </summary>
internal sealed class UploadVerifier(GatewayKeys keys, DocumentValidator validator, EvidenceLogStore evidenceLog)
{
    /// <summary>The page's answer, or null when the bytes are none of the kinds the page knows.</summary>
    public async Task<JsonObject?> VerifyAsync(byte[] bytes, CancellationToken ct) => UploadKinds.Sniff(bytes) switch
    {
        UploadKinds.Pdf => FromReport(UploadKinds.Pdf, await validator.ValidatePdfAsync(bytes, ct)),
        UploadKinds.Cms when ReceiptVerifier.Parse(bytes) is not null => FromReceipt(bytes),
        UploadKinds.Cms => FromReport(UploadKinds.Cms, await validator.ValidateCmsAsync(bytes, null, ct)),
        UploadKinds.Case => FromCase(bytes),
        _ => null,
    };

    private static JsonObject FromReport(string kind, ValidationReport report)
    {
        // A file the validator could not read at all (a PDF whose structure is broken or hostile) is not "no signature":
        // say it could not be verified, as for a file that breaks a validator.
        if (report.Errors.Count > 0 && report.Signatures.Count == 0 && report.DocumentTimeStamps.Count == 0 && report.UnreadableSignatures.Count == 0)
            throw UploadRejectedException.Damaged();
        // A signature field whose signature cannot be read claims a signature nobody can check: red, not "no signature".
        var verdict = report.Signatures.Count == 0 && report.DocumentTimeStamps.Count == 0 && report.UnreadableSignatures.Count == 0
            ? Verdict.Amber
            : report.UnreadableSignatures.Count > 0
                ? Verdict.Red
                : Verdicts.Of([.. report.Signatures.Select(s => s.Indication), .. report.DocumentTimeStamps.Select(t => t.Indication)]);
        var signatures = new JsonArray();
        foreach (var s in report.Signatures)
        {
            var explanation = Explanations.For(s.Indication, s.SubIndication, s.ModifiedAfterSigning);
            // To a person, signed bytes that no longer match (HASH_FAILURE) are a change after signing too; the report
            // keeps ETSI's split (integrity for the signed bytes, modifiedAfterSigning for later revisions).
            signatures.Add(Signature(s.FieldName ?? s.Id, s.Signer, s.ProvenSigningTime ?? s.SigningTime, s.Level, s.Indication, s.SubIndication,
                s.LegalTier, s.ModifiedAfterSigning || !s.Integrity, [.. Checks(s)], [.. s.Errors], explanation));
        }
        foreach (var u in report.UnreadableSignatures)
        {
            signatures.Add(Signature(u.FieldName, null, null, null, Indication.TotalFailed, SubIndications.FormatFailure, null, false, [], [u.Reason],
                Explanations.For(Indication.TotalFailed, SubIndications.FormatFailure, false)));
        }
        var summary = verdict == Verdict.Amber && report.Signatures.Count == 0 ? Explanations.NoSignature : Explanations.Verdict(verdict, kind);
        return Answer(verdict, kind, summary, signatures, ValidationReportJson.ToJson(report));
    }

    private JsonObject FromReceipt(byte[] der)
    {
        var result = ReceiptVerifier.Verify(der, keys.Trust, OwnSeal.ReceiptVerifierOptions(keys));
        var verdict = Verdicts.Of([result.Indication]);
        var signature = Signature("receipt seal", result.Signature.SignerCertificate?.Subject, result.Signature.SignatureTimeStamp?.GenTime,
            "CAdES-BASELINE-T", result.Indication, result.SubIndication, null, false, [.. result.Signature.Checks], [.. result.AllErrors],
            Explanations.For(result.Indication, result.SubIndication, false));
        var report = new JsonObject
        {
            ["valid"] = result.Valid,
            ["indication"] = ValidationReportJson.Name(result.Indication),
            ["subIndication"] = result.SubIndication,
            ["signer"] = result.Signature.SignerCertificate?.Subject,
            ["timeStampAuthority"] = result.Signature.TimeStampAuthorityCertificate?.Subject,
            ["timeStampTime"] = ThaiCalendar.Iso(result.Signature.SignatureTimeStamp?.GenTime),
            ["checks"] = new JsonArray([.. result.Signature.Checks.Select(c => JsonValue.Create(c))]),
            ["errors"] = new JsonArray([.. result.AllErrors.Select(e => JsonValue.Create(e))]),
            // The person holds the receipt, so its whole content is theirs to read.
            ["receipt"] = result.Json is { } json ? JsonNode.Parse(json) : null,
        };
        var answer = Answer(verdict, UploadKinds.Receipt, Explanations.Verdict(verdict, UploadKinds.Receipt), [signature], report);
        if (result.Content is { } content) answer["receipt"] = PublicRecords.Receipt(content, result.Signature.SignatureTimeStamp?.GenTime);
        return answer;
    }

    private JsonObject FromCase(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        CaseArchive.Contents contents;
        try
        {
            contents = CaseArchive.Read(zip);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidDataException or InvalidOperationException)
        {
            throw new UploadRejectedException($"ไม่ใช่แฟ้มคดีของเกตเวย์: {e.Message}", $"not a gateway case file: {e.Message}");
        }
        var findings = CaseVerifier.Verify(zip, contents, keys.Trust, evidenceLog.Verifier);
        var verdict = findings.All(f => f.Ok) ? Verdict.Green : Verdict.Red;
        var report = new JsonObject
        {
            ["valid"] = verdict == Verdict.Green,
            ["messageId"] = contents.Manifest["messageId"]?.DeepClone(),
            ["pins"] = "this gateway's trust anchors and evidence log key",
            ["findings"] = new JsonArray([.. findings.Select(f => (JsonNode)new JsonObject { ["ok"] = f.Ok, ["subject"] = f.Subject, ["text"] = f.Text })]),
        };
        // Each receipt of the case as a signature row, so the page shows a case the way it shows a document.
        var signatures = new JsonArray();
        foreach (var receipt in contents.Receipts)
        {
            var subject = $"{receipt.Event} {receipt.ReceiptId}";
            var own = findings.Where(f => f.Subject == subject).ToList();
            var failed = own.Any(f => !f.Ok);
            var indication = failed ? Indication.TotalFailed : Indication.TotalPassed;
            var parsed = ReceiptVerifier.Parse(receipt.Der);
            signatures.Add(Signature(subject, "gateway " + parsed?.Content.GatewayId, parsed?.TimeStampTime, receipt.Event, indication, null, null, false,
                [.. own.Where(f => f.Ok).Select(f => f.Text)], [.. own.Where(f => !f.Ok).Select(f => f.Text)],
                failed ? new PlainExplanation("ใบตอบรับนี้ไม่ผ่านการตรวจสอบ (ดูเหตุผล)", "This receipt does not check out (see the reasons).")
                       : new PlainExplanation("ใบตอบรับถูกต้องและอยู่ในบันทึกหลักฐานของเกตเวย์", "The receipt is valid and in the gateway's evidence log.")));
        }
        return Answer(verdict, UploadKinds.Case, Explanations.Verdict(verdict, UploadKinds.Case), signatures, report);
    }

    private static IEnumerable<string> Checks(SignatureReport s)
    {
        yield return s.Integrity ? "integrity: the signed bytes match the signature" : "integrity: the signed bytes do NOT match the signature";
        yield return s.ChainsToTrustAnchor ? "certificate chain: leads to a trust anchor" : "certificate chain: does not lead to a trust anchor";
        foreach (var c in s.Chain) yield return $"certificate {c.Subject}: revocation {c.Revocation}" + (c.RevocationSource is { } source ? $" ({source})" : "");
        foreach (var t in s.SignatureTimeStamps) yield return $"signature time-stamp {ThaiCalendar.Iso(t.GenTime)} by {t.TimeStampAuthority}: {ValidationReportJson.Name(t.Indication)}";
        yield return s.CoversWholeDocument ? "covers the whole file" : "does not cover the whole file";
        foreach (var m in s.Modifications) yield return $"change after signing (revision {m.Revision}): {m.Description} — {(m.Allowed ? "allowed" : "NOT allowed")}";
    }

    private static JsonObject Signature(string? field, string? signer, DateTimeOffset? signedAt, string? level, Indication indication, string? subIndication,
        string? legalTier, bool modifiedAfterSigning, string[] checks, string[] errors, PlainExplanation explanation) => new()
    {
        ["field"] = field,
        ["signer"] = signer,
        ["signedAt"] = ThaiCalendar.Iso(signedAt),
        ["signedAtThai"] = signedAt is { } t ? ThaiCalendar.Format(t) : null,
        ["level"] = level,
        ["indication"] = ValidationReportJson.Name(indication),
        ["subIndication"] = subIndication,
        ["legalTier"] = legalTier,
        ["modifiedAfterSigning"] = modifiedAfterSigning,
        ["checks"] = new JsonArray([.. checks.Select(c => JsonValue.Create(c))]),
        ["errors"] = new JsonArray([.. errors.Select(e => JsonValue.Create(e))]),
        ["explanationTh"] = explanation.Thai,
        ["explanationEn"] = explanation.English,
    };

    private static JsonObject Answer(Verdict verdict, string kind, PlainExplanation summary, JsonArray signatures, JsonNode report) => new()
    {
        ["verdict"] = Verdicts.Name(verdict),
        ["kind"] = kind,
        ["summaryTh"] = summary.Thai,
        ["summaryEn"] = summary.English,
        ["signatures"] = signatures,
        ["report"] = report,
    };
}
