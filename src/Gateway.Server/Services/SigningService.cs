using System.Security.Cryptography;
using Gateway.Api.V1;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Exchange;
using Gateway.Server.Internal;
using Gateway.Signing;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PadesLevel = Gateway.Signing.PadesLevel;

namespace Gateway.Server.Services;

/// <summary>gateway.v1.Signing: PAdES and CAdES signatures with the calling agency's own key, each with a DocumentSigned receipt.</summary>
internal sealed class SigningService(AgencySigners signers, Exchange.LoggedReceiptIssuer issuer, GatewayKeys keys, IOptions<GatewayOptions> options, TimeProvider clock)
    : Api.V1.Signing.SigningBase
{
    private const int ChunkBytes = 1024 * 1024;

    public override async Task<SignPdfResponse> SignPdf(SignPdfRequest request, ServerCallContext context)
    {
        RequirePdf(request.Pdf.Length, options.Value.Exchange.MaxUnaryBytes);
        var (signed, receipt) = await SignCoreAsync(GatewayInterceptor.Agency(context), request, request.Pdf.ToByteArray(), context.CancellationToken);
        return new SignPdfResponse { Pdf = ByteString.CopyFrom(signed), DocumentSha256 = Sha256(signed), Receipt = receipt };
    }

    public override async Task SignPdfStream(IAsyncStreamReader<SignPdfChunk> requestStream, IServerStreamWriter<SignedPdfChunk> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        if (!await requestStream.MoveNext(ct) || requestStream.Current.PartCase != SignPdfChunk.PartOneofCase.Header)
            throw RpcErrors.Create(StatusCode.InvalidArgument, "STREAM_HEADER_MISSING", "the first chunk must be the header", "header");
        var header = requestStream.Current.Header;
        var limit = options.Value.Exchange.MaxDocumentBytes;
        using var input = new MemoryStream();
        while (await requestStream.MoveNext(ct))
        {
            if (requestStream.Current.PartCase != SignPdfChunk.PartOneofCase.Data)
                throw RpcErrors.Create(StatusCode.InvalidArgument, "STREAM_HEADER_REPEATED", "only the first chunk may be a header", "header");
            if (input.Length + requestStream.Current.Data.Length > limit)
                throw RpcErrors.Create(StatusCode.ResourceExhausted, "CONTENT_TOO_LARGE", $"the PDF is larger than {limit} bytes", "pdf");
            requestStream.Current.Data.WriteTo(input);
        }
        RequirePdf(input.Length, limit);
        var (signed, receipt) = await SignCoreAsync(GatewayInterceptor.Agency(context), header, input.ToArray(), ct);
        for (var offset = 0; offset < signed.Length; offset += ChunkBytes)
            await responseStream.WriteAsync(new SignedPdfChunk { Data = ByteString.CopyFrom(signed, offset, Math.Min(ChunkBytes, signed.Length - offset)) }, ct);
        await responseStream.WriteAsync(new SignedPdfChunk { Trailer = new SignPdfResponse { DocumentSha256 = Sha256(signed), Receipt = receipt } }, ct);
    }

    private async Task<(byte[] Signed, Api.V1.Receipt Receipt)> SignCoreAsync(ReceiptParty agency, SignPdfRequest request, byte[] pdf, CancellationToken ct)
    {
        if (request.CertifyPermissions is < 0 or > 3)
            throw RpcErrors.Create(StatusCode.InvalidArgument, "CERTIFY_PERMISSIONS_INVALID", "certify_permissions is 0 (approval) or 1, 2, 3 (DocMDP P)", "certify_permissions");
        var level = Level(request.Level);
        var (key, signer) = signers.For(agency.Agency);
        // Graded before anything is signed: a case below its service's policy gets a rejection receipt, not a signature.
        var serviceId = NullIfEmpty(request.ServiceId);
        var requestKind = RequestKindNames.Of(request.RequestKind)
                          ?? throw RpcErrors.Create(StatusCode.InvalidArgument, "REQUEST_KIND_INVALID", $"request_kind {(int)request.RequestKind} is not defined", "request_kind");
        var signingCase = await GradeAsync(agency, key, "PAdES", PadesLevels.Name(level), level >= PadesLevel.BaselineT, serviceId, requestKind,
            MethodLevels.Claims(request.Claims), ct);
        var signed = await signer.SignAsync(pdf, new PadesSignatureOptions
        {
            Level = level,
            Reason = NullIfEmpty(request.Reason),
            Location = NullIfEmpty(request.Location),
            ContactInfo = NullIfEmpty(request.ContactInfo),
            FieldName = NullIfEmpty(request.FieldName),
            CertifyPermissions = request.CertifyPermissions > 0 ? request.CertifyPermissions : null,
            Appearance = request.Appearance is { } a
                ? new VisibleSignature
                {
                    PageIndex = Math.Max(0, a.Page - 1),
                    X = a.X,
                    Y = a.Y,
                    Width = a.Width,
                    Height = a.Height,
                    VerificationUrl = NullIfEmpty(a.VerificationUrl),
                }
                : null,
        }, ct);
        var receipt = await ReceiptAsync(agency, key, signed, pdf, "application/pdf", request.FileName, "PAdES", PadesLevels.Name(level), signingCase, ct);
        return (signed, receipt);
    }

    public override async Task<ExtendPdfResponse> ExtendPdf(ExtendPdfRequest request, ServerCallContext context)
    {
        var agency = GatewayInterceptor.Agency(context);
        RequirePdf(request.Pdf.Length, options.Value.Exchange.MaxUnaryBytes);
        var level = Level(request.Level);
        if (level < PadesLevel.BaselineLT)
            throw RpcErrors.Create(StatusCode.InvalidArgument, "LEVEL_INVALID", "extension goes to B-LT or B-LTA", "level");
        var (key, _) = signers.For(agency.Agency);
        var extended = await new PadesExtender(keys.TimeStamps, signers.LongTerm, clock).ExtendAsync(request.Pdf.ToByteArray(), level, context.CancellationToken);
        var signingCase = await GradeAsync(agency, key, "PAdES", PadesLevels.Name(level), timeStamped: true, null, null, [], context.CancellationToken);
        var receipt = await ReceiptAsync(agency, key, extended, request.Pdf.Memory, "application/pdf", request.FileName, "PAdES", PadesLevels.Name(level), signingCase,
            context.CancellationToken);
        return new ExtendPdfResponse { Pdf = ByteString.CopyFrom(extended), DocumentSha256 = Sha256(extended), Receipt = receipt };
    }

    public override async Task<SignDetachedResponse> SignDetached(SignDetachedRequest request, ServerCallContext context)
    {
        var agency = GatewayInterceptor.Agency(context);
        if (request.Content.IsEmpty)
            throw RpcErrors.Create(StatusCode.InvalidArgument, "CONTENT_EMPTY", "content is required", "content");
        var (key, _) = signers.For(agency.Agency);
        var signature = await new CadesSigner(key, request.Timestamp ? keys.TimeStamps : null).SignAsync(request.Content.Memory, encapsulate: false, context.CancellationToken);
        var level = request.Timestamp ? "B-T" : "B-B";
        var signingCase = await GradeAsync(agency, key, "CAdES", level, request.Timestamp, null, null, [], context.CancellationToken);
        var receipt = await ReceiptAsync(agency, key, signature, request.Content.Memory, "application/pkcs7-signature", request.FileName, "CAdES",
            level, signingCase, context.CancellationToken, documentIsContent: true);
        return new SignDetachedResponse { Signature = ByteString.CopyFrom(signature), ContentSha256 = Sha256(request.Content.Span), Receipt = receipt };
    }

    private static void RequirePdf(long length, long limit)
    {
        if (length == 0) throw RpcErrors.Create(StatusCode.InvalidArgument, "CONTENT_EMPTY", "pdf is required", "pdf");
        if (length > limit)
            throw RpcErrors.Create(StatusCode.ResourceExhausted, "CONTENT_TOO_LARGE", $"the PDF is larger than {limit} bytes", "pdf");
    }

    private static PadesLevel Level(Api.V1.PadesLevel level) => level switch
    {
        Api.V1.PadesLevel.Unspecified or Api.V1.PadesLevel.BB => PadesLevel.BaselineB,
        Api.V1.PadesLevel.BT => PadesLevel.BaselineT,
        Api.V1.PadesLevel.BLt => PadesLevel.BaselineLT,
        Api.V1.PadesLevel.BLta => PadesLevel.BaselineLTA,
        _ => throw RpcErrors.Create(StatusCode.InvalidArgument, "LEVEL_INVALID", $"level {(int)level} is not defined", "level"),
    };

    /// <summary>The DocumentSigned receipt: the signed result as the document, the input as the original.</summary>
    /// <summary>The methods of a signing and their grade; below the service's method policy, a rejection receipt and FAILED_PRECONDITION.</summary>
    private async Task<SigningCase> GradeAsync(ReceiptParty agency, ISigningKey key, string format, string level, bool timeStamped, string? serviceId, string? requestKind,
        IEnumerable<StepMethod> claims, CancellationToken ct)
    {
        var exchange = options.Value.Exchange;
        var methods = CasePolicy.SigningMethods(exchange.Catalogue, agency, key.Certificate, format, level, timeStamped ? exchange.TimeStampAuthority : null, claims);
        try
        {
            return new SigningCase(methods, CasePolicy.GradeOrRefuse(exchange, serviceId, requestKind, methods, CasePolicy.SigningObservableSteps), serviceId, requestKind);
        }
        catch (ExchangeException refusal)
        {
            var rejection = await issuer.IssueAsync(new ReceiptContent
            {
                ReceiptId = ReceiptIssuer.NewId(),
                Event = Evidence.ReceiptEvent.SubmissionRejection,
                Sender = agency,
                ServiceId = serviceId,
                RequestKind = requestKind,
                Methods = methods,
                Rejection = new ReceiptRejection(refusal.Reason, refusal.Message, refusal.Field),
                Grade = ReceiptGrade.From(refusal.Grade!),
                GatewayTime = clock.GetUtcNow(),
                GatewayId = exchange.GatewayId,
            }, [agency.Agency], ct);
            throw RpcErrors.Create(StatusCode.FailedPrecondition, refusal.Reason, refusal.Message, refusal.Field, ReceiptMapper.ToProto(rejection.Signed));
        }
    }

    private sealed record SigningCase(StepMethod[] Methods, ReceiptGrade Grade, string? ServiceId, string? RequestKind);

    private async Task<Api.V1.Receipt> ReceiptAsync(ReceiptParty agency, ISigningKey key, byte[] result, ReadOnlyMemory<byte> original, string mediaType,
        string fileName, string format, string level, SigningCase signingCase, CancellationToken ct, bool documentIsContent = false)
    {
        var certificate = key.Certificate;
        var originalSha = Sha256(original.Span);
        var issued = await issuer.IssueAsync(new ReceiptContent
        {
            ReceiptId = ReceiptIssuer.NewId(),
            Event = Evidence.ReceiptEvent.DocumentSigned,
            Sender = agency,
            Document = documentIsContent
                ? new ReceiptDocumentInfo(originalSha, original.Length, mediaType, fileName)
                : new ReceiptDocumentInfo(Sha256(result), result.Length, mediaType, fileName),
            Signature = new ReceiptSignatureInfo(format, level,
                new PartyCertificate(certificate.Subject, certificate.Issuer, certificate.SerialNumber, Sha256(certificate.RawData)),
                documentIsContent ? null : originalSha),
            ServiceId = signingCase.ServiceId,
            RequestKind = signingCase.RequestKind,
            Methods = signingCase.Methods,
            Grade = signingCase.Grade,
            GatewayTime = clock.GetUtcNow(),
            GatewayId = options.Value.Exchange.GatewayId,
        }, [agency.Agency], ct);
        return ReceiptMapper.ToProto(issued.Signed);
    }

    private static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
