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
    private readonly ReceiptVerifierOptions _options;

    public VerificationService(GatewayKeys keys)
    {
        _keys = keys;
        // This gateway's own seal is a seal whatever policies its CA wrote into it.
        _options = new ReceiptVerifierOptions
        {
            SealCertificates = [Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(keys.Seal.Certificate.RawData))],
        };
    }

    public override Task<VerifyReceiptResponse> VerifyReceipt(VerifyReceiptRequest request, ServerCallContext context)
    {
        if (request.Receipt.Length == 0)
            throw RpcErrors.Create(StatusCode.InvalidArgument, "RECEIPT_REQUIRED", "receipt is required", "receipt");
        if (request.Receipt.Length > MaxReceiptBytes)
            throw RpcErrors.Create(StatusCode.InvalidArgument, "RECEIPT_TOO_LARGE", $"a receipt is at most {MaxReceiptBytes} bytes", "receipt");

        var bytes = request.Receipt.ToByteArray();
        var verdict = ReceiptVerifier.Verify(bytes, _keys.Trust, _options);
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
}
