using Gateway.Api.V1;
using Gateway.Evidence;
using Gateway.Server.Internal;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using CryptoIndication = Gateway.Crypto.Indication;

namespace Gateway.Server.Services;

/// <summary>gateway.v1.Verification: the verdict `gw verify receipt` gives, against the gateway's trust store.</summary>
internal sealed class VerificationService : Api.V1.Verification.VerificationBase
{
    private const int MaxReceiptBytes = 1024 * 1024;
    private readonly GatewayKeys _keys;
    private readonly Validation.DocumentValidator _validator;
    private readonly Pkix.CertificateValidator _certificates;

    public VerificationService(GatewayKeys keys, Validation.DocumentValidator validator, Pkix.CertificateValidator certificates)
    {
        _keys = keys;
        _validator = validator;
        _certificates = certificates;
    }

    public override Task<VerifyReceiptResponse> VerifyReceipt(VerifyReceiptRequest request, ServerCallContext context)
    {
        if (request.Receipt.Length == 0)
            throw RpcErrors.Create(StatusCode.InvalidArgument, "RECEIPT_REQUIRED", "receipt is required", "receipt");
        if (request.Receipt.Length > MaxReceiptBytes)
            throw RpcErrors.Create(StatusCode.InvalidArgument, "RECEIPT_TOO_LARGE", $"a receipt is at most {MaxReceiptBytes} bytes", "receipt");

        var bytes = request.Receipt.ToByteArray();
        var verdict = ReceiptVerifier.Verify(bytes, _keys.Trust, OwnSeal.ReceiptVerifierOptions(_keys));
        var response = new VerifyReceiptResponse
        {
            Valid = verdict.Valid,
            Indication = verdict.Indication switch
            {
                CryptoIndication.TotalPassed => Api.V1.Indication.TotalPassed,
                CryptoIndication.TotalFailed => Api.V1.Indication.TotalFailed,
                _ => Api.V1.Indication.Indeterminate,
            },
            SubIndication = verdict.SubIndication ?? "",
            SignerSubject = verdict.Signature.SignerCertificate?.Subject ?? "",
            TimestampAuthority = verdict.Signature.TimeStampAuthorityCertificate?.Subject ?? "",
        };
        response.Errors.AddRange(verdict.AllErrors);
        response.Checks.AddRange(verdict.Signature.Checks);
        if (verdict.Signature.SignatureTimeStamp is { } ts) response.TimestampTime = Timestamp.FromDateTimeOffset(ts.GenTime);
        if (verdict.Content is not null) response.Receipt = ReceiptMapper.ToProto(bytes);
        return Task.FromResult(response);
    }

    public override async Task<VerifyDocumentResponse> VerifyDocument(VerifyDocumentRequest request, ServerCallContext context)
    {
        // A CMS that encapsulates its content (a receipt, for one) needs no separate document.
        if (request.Document.Length == 0 && request.Signature.Length == 0)
            throw RpcErrors.Create(StatusCode.InvalidArgument, "DOCUMENT_REQUIRED", "document (a PDF, or the data a detached signature covers) or signature is required", "document");
        var document = request.Document.ToByteArray();
        var validator = _validator;
        if (request.ValidationTime is { } at)
        {
            // A past validation time is a per-request option; the trust and revocation machinery stays shared.
            validator = new Validation.DocumentValidator(_certificates, new Validation.DocumentValidatorOptions { ValidationTime = ValidationTime(at) });
        }

        var report = request.Signature.Length > 0
            ? await validator.ValidateCmsAsync(request.Signature.ToByteArray(), document.Length > 0 ? document : null, context.CancellationToken)
            : await validator.ValidatePdfAsync(document, context.CancellationToken);
        return ValidationMapper.ToProto(report);
    }

    /// <summary>
    /// Timestamp.ToDateTimeOffset throws InvalidOperationException for seconds outside the years 1-9999 or nanos
    /// outside 0-999 999 999, which any client can send: a bad field, not an INTERNAL error (found by fuzz/ rpc).
    /// </summary>
    private static DateTimeOffset ValidationTime(Timestamp at)
    {
        try
        {
            return at.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            throw RpcErrors.Create(StatusCode.InvalidArgument, "VALIDATION_TIME_INVALID",
                "validation_time is not a time: seconds must fall within the years 1 to 9999 and nanos within 0 to 999999999", "validation_time");
        }
    }
}
