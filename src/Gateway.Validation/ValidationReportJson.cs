using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Crypto;

namespace Gateway.Validation;

/// <summary>
/// The report as JSON: a contract. Fields may be added; none of these may be renamed: `signatures` (document
/// order) with `indication`, `subIndication`, `integrity`, `modifiedAfterSigning`, `level`, `signer`, `signingTime`.
/// Times are UTC RFC 3339; indications are spelled as ETSI spells them (TOTAL_PASSED).
/// </summary>
public static class ValidationReportJson
{
    public static JsonObject ToJson(ValidationReport report, string? file = null) => new()
    {
        ["file"] = file,
        ["documentType"] = report.DocumentType,
        ["validationTime"] = Time(report.ValidationTime),
        ["indication"] = report.Summary,
        ["signatures"] = Array(report.Signatures.Select(Signature)),
        ["documentTimestamps"] = Array(report.DocumentTimeStamps.Select(TimeStamp)),
        ["unreadableSignatures"] = Array(report.UnreadableSignatures.Select(u => new JsonObject { ["fieldName"] = u.FieldName, ["reason"] = u.Reason })),
        ["errors"] = Strings(report.Errors),
        ["warnings"] = Strings(report.Warnings),
    };

    public static string Serialize(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static string Name(Indication indication) => indication switch
    {
        Indication.TotalPassed => "TOTAL_PASSED",
        Indication.TotalFailed => "TOTAL_FAILED",
        _ => "INDETERMINATE",
    };

    private static JsonObject Signature(SignatureReport s) => new()
    {
        ["id"] = s.Id,
        ["indication"] = Name(s.Indication),
        ["subIndication"] = s.SubIndication,
        ["integrity"] = s.Integrity,
        ["modifiedAfterSigning"] = s.ModifiedAfterSigning,
        ["contentChangedAfterSigning"] = s.ContentChangedAfterSigning,
        ["level"] = s.Level,
        ["signer"] = s.Signer,
        ["signingTime"] = Time(s.SigningTime),
        ["provenSigningTime"] = Time(s.ProvenSigningTime),
        ["legalTier"] = s.LegalTier,
        ["fieldName"] = s.FieldName,
        ["subFilter"] = s.SubFilter,
        ["digestAlgorithm"] = s.DigestAlgorithm,
        ["signatureAlgorithm"] = s.SignatureAlgorithm,
        ["revision"] = s.Revision,
        ["byteRange"] = s.ByteRange is { } r ? new JsonArray([.. r.Select(v => JsonValue.Create(v))]) : null,
        ["coversWholeDocument"] = s.CoversWholeDocument,
        ["certification"] = s.Certification,
        ["docMdpPermission"] = s.DocMdpPermission,
        ["chainsToTrustAnchor"] = s.ChainsToTrustAnchor,
        ["chain"] = Array(s.Chain.Select(Certificate)),
        ["signatureTimestamps"] = Array(s.SignatureTimeStamps.Select(TimeStamp)),
        ["modifications"] = Array(s.Modifications.Select(Modification)),
        ["errors"] = Strings(s.Errors),
        ["warnings"] = Strings(s.Warnings),
    };

    private static JsonObject TimeStamp(TimeStampReport t) => new()
    {
        ["type"] = t.Type,
        ["indication"] = Name(t.Indication),
        ["subIndication"] = t.SubIndication,
        ["integrity"] = t.Integrity,
        ["genTime"] = Time(t.GenTime),
        ["timestampAuthority"] = t.TimeStampAuthority,
        ["fieldName"] = t.FieldName,
        ["revision"] = t.Revision,
        ["coversWholeDocument"] = t.CoversWholeDocument,
        ["modifiedAfterSigning"] = t.ModifiedAfterSigning,
        ["chain"] = Array(t.Chain.Select(Certificate)),
        ["modifications"] = Array(t.Modifications.Select(Modification)),
        ["errors"] = Strings(t.Errors),
    };

    private static JsonObject Certificate(CertificateReport c) => new()
    {
        ["subject"] = c.Subject,
        ["issuer"] = c.Issuer,
        ["serialNumber"] = c.SerialNumber,
        ["notBefore"] = Time(c.NotBefore),
        ["notAfter"] = Time(c.NotAfter),
        ["sha256"] = c.Sha256,
        ["trustAnchor"] = c.TrustAnchor,
        ["revocation"] = c.Revocation,
        ["revocationSource"] = c.RevocationSource,
        ["revocationTime"] = Time(c.RevocationTime),
        ["revocationDetail"] = c.RevocationDetail,
    };

    private static JsonObject Modification(Modification m) => new()
    {
        ["revision"] = m.Revision,
        ["code"] = m.Code,
        ["allowed"] = m.Allowed,
        ["objectNumber"] = m.ObjectNumber,
        ["description"] = m.Description,
    };

    private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonArray Array(IEnumerable<JsonNode> items) => new([.. items]);

    private static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)JsonValue.Create(i))]);
}
