using Gateway.Api.V1;
using Gateway.Validation;
using Google.Protobuf.WellKnownTypes;
using CryptoIndication = Gateway.Crypto.Indication;

namespace Gateway.Server.Internal;

/// <summary>Gateway.Validation's report as the gateway.v1 messages; the JSON contract rides along verbatim.</summary>
internal static class ValidationMapper
{
    public static VerifyDocumentResponse ToProto(ValidationReport report)
    {
        var response = new VerifyDocumentResponse
        {
            Indication = report.Summary,
            DocumentType = report.DocumentType,
            ReportJson = ValidationReportJson.Serialize(ValidationReportJson.ToJson(report)),
        };
        response.Signatures.AddRange(report.Signatures.Select(Signature));
        response.DocumentTimestamps.AddRange(report.DocumentTimeStamps.Select(TimeStamp));
        response.UnreadableSignatures.AddRange(report.UnreadableSignatures.Select(u => new Api.V1.UnreadableSignature { FieldName = u.FieldName ?? "", Reason = u.Reason }));
        response.Errors.AddRange(report.Errors);
        response.Warnings.AddRange(report.Warnings);
        return response;
    }

    public static Api.V1.Indication Indication(CryptoIndication indication) => indication switch
    {
        CryptoIndication.TotalPassed => Api.V1.Indication.TotalPassed,
        CryptoIndication.TotalFailed => Api.V1.Indication.TotalFailed,
        _ => Api.V1.Indication.Indeterminate,
    };

    private static SignatureValidation Signature(SignatureReport s)
    {
        var result = new SignatureValidation
        {
            Id = s.Id,
            Indication = Indication(s.Indication),
            SubIndication = s.SubIndication ?? "",
            Integrity = s.Integrity,
            ModifiedAfterSigning = s.ModifiedAfterSigning,
            ContentChangedAfterSigning = s.ContentChangedAfterSigning,
            Level = s.Level ?? "",
            Signer = s.Signer ?? "",
            SigningTime = Time(s.SigningTime),
            ProvenSigningTime = Time(s.ProvenSigningTime),
            LegalTier = s.LegalTier,
            FieldName = s.FieldName ?? "",
            SubFilter = s.SubFilter ?? "",
            Revision = s.Revision ?? -1,
            CoversWholeDocument = s.CoversWholeDocument,
            Certification = s.Certification,
            DocMdpPermission = s.DocMdpPermission ?? 0,
            ChainsToTrustAnchor = s.ChainsToTrustAnchor,
        };
        result.Chain.AddRange(s.Chain.Select(c => new CertificateValidation
        {
            Subject = c.Subject,
            Issuer = c.Issuer,
            SerialNumber = c.SerialNumber,
            Sha256 = c.Sha256,
            TrustAnchor = c.TrustAnchor,
            Revocation = c.Revocation,
            RevocationSource = c.RevocationSource ?? "",
            RevocationTime = Time(c.RevocationTime),
        }));
        result.SignatureTimestamps.AddRange(s.SignatureTimeStamps.Select(TimeStamp));
        result.Modifications.AddRange(s.Modifications.Select(m => new ModificationFound { Revision = m.Revision, Code = m.Code, Allowed = m.Allowed, Description = m.Description }));
        result.Errors.AddRange(s.Errors);
        result.Warnings.AddRange(s.Warnings);
        return result;
    }

    private static TimestampValidation TimeStamp(TimeStampReport t)
    {
        var result = new TimestampValidation
        {
            Type = t.Type,
            Indication = Indication(t.Indication),
            SubIndication = t.SubIndication ?? "",
            Integrity = t.Integrity,
            GenTime = Time(t.GenTime),
            TimestampAuthority = t.TimeStampAuthority ?? "",
            FieldName = t.FieldName ?? "",
        };
        result.Errors.AddRange(t.Errors);
        return result;
    }

    private static Timestamp? Time(DateTimeOffset? time) => time is { } t ? Timestamp.FromDateTimeOffset(t) : null;
}
