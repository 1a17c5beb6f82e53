using Gateway.Api.V1;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Testing;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Xunit.Abstractions;

namespace Gateway.Integration.Tests;

/// <summary>
/// gateway.v1.Signing on a gateway that also serves its development PKI's OCSP responder and CRLs,
/// so that B-LTA is reached end to end.
/// </summary>
public sealed class SigningServiceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempFolder _folder = new("gw-signing-service");
    private DevPkiLayout _pki = null!;
    private WebApplication _app = null!;
    private GrpcChannel? _channel;
    private Api.V1.Signing.SigningClient _client = null!;

    public async Task InitializeAsync()
    {
        var port = LoopbackPort.Free();
        _pki = DevPki.Create(_folder.File("pki"), new DevPkiOptions { RevocationBaseUrl = $"http://127.0.0.1:{port}" });
        string address;
        (_app, address) = await GatewayFixture.StartAsync(_pki, _folder.File("data"), o => o.Development.RevocationListen = $"http://127.0.0.1:{port}");
        _channel = GatewayChannel.Create(address, _pki.AgencyClientCertificate("agency-a"), _pki.AgencyClientKey("agency-a"), TrustStore.Load(_pki.RootsPem));
        _client = new Api.V1.Signing.SigningClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task SignPdf_at_B_LTA_returns_a_valid_pdf_and_a_DocumentSigned_receipt()
    {
        var permit = await File.ReadAllBytesAsync(RepositoryPaths.Sample("permit.pdf"));
        var response = await _client.SignPdfAsync(new SignPdfRequest
        {
            Pdf = ByteString.CopyFrom(permit), Level = PadesLevel.BLta, FileName = "permit.pdf", Reason = "อนุมัติ", CertifyPermissions = 2,
            Appearance = new SignatureAppearance { VerificationUrl = "https://gateway.example/v/demo" },
        });
        var signed = response.Pdf.ToByteArray();
        Assert.True(signed.AsSpan(0, permit.Length).SequenceEqual(permit));
        Assert.Equal(Documents.Sha256(signed), response.DocumentSha256);

        var receipt = ReceiptVerifier.Verify(response.Receipt.Signed.ToByteArray(), TrustStore.Load(_pki.RootsPem));
        Assert.True(receipt.Valid, string.Join("; ", receipt.AllErrors));
        Assert.Equal(Evidence.ReceiptEvent.DocumentSigned, receipt.Content!.Event);
        Assert.Equal(response.DocumentSha256, receipt.Content.Document!.Sha256);
        Assert.Equal(Documents.Sha256(permit), receipt.Content.Signature!.OriginalSha256);
        Assert.Equal("B-LTA", receipt.Content.Signature.Level);
        Assert.Contains("agency-a signing", receipt.Content.Signature.Signer.Subject);

        var path = _folder.File("signed.pdf");
        await File.WriteAllBytesAsync(path, signed);
        using var pdfsig = PdfSig.Create(_pki.RootsPem, output);
        if (pdfsig is null) return;
        var signatures = pdfsig.Verify(path);
        Assert.Equal(2, signatures.Count); // the signature and the document time-stamp
        Assert.True(signatures[0].Valid, signatures[0].Text);
        Assert.True(pdfsig.ChainTrusted(path, signatures[0]), signatures[0].Text);
    }

    [Fact]
    public async Task A_PDF_above_the_unary_limit_is_signed_through_the_stream()
    {
        // The sample permit with a 6 MiB stream appended as an incremental update: a valid PDF over 4 MiB.
        var document = Pdf.PdfDocument.Open(await File.ReadAllBytesAsync(RepositoryPaths.Sample("permit.pdf")));
        var update = new Pdf.PdfIncrementalUpdate(document);
        update.Add(new Pdf.PdfStream(new Pdf.PdfDictionary(), new byte[6 * 1024 * 1024]));
        var large = update.ToArray();

        using var call = _client.SignPdfStream();
        await call.RequestStream.WriteAsync(new SignPdfChunk { Header = new SignPdfRequest { Level = PadesLevel.BT, FileName = "large.pdf" } });
        for (var offset = 0; offset < large.Length; offset += 1024 * 1024)
            await call.RequestStream.WriteAsync(new SignPdfChunk { Data = ByteString.CopyFrom(large, offset, Math.Min(1024 * 1024, large.Length - offset)) });
        await call.RequestStream.CompleteAsync();

        using var signed = new MemoryStream();
        SignPdfResponse? trailer = null;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.PartCase == SignedPdfChunk.PartOneofCase.Data) call.ResponseStream.Current.Data.WriteTo(signed);
            else trailer = call.ResponseStream.Current.Trailer;
        }
        Assert.NotNull(trailer);
        var bytes = signed.ToArray();
        Assert.True(bytes.AsSpan(0, large.Length).SequenceEqual(large));
        Assert.Equal(Documents.Sha256(bytes), trailer!.DocumentSha256);
        Assert.True(ReceiptVerifier.Verify(trailer.Receipt.Signed.ToByteArray(), TrustStore.Load(_pki.RootsPem)).Valid);

        var path = _folder.File("large-signed.pdf");
        await File.WriteAllBytesAsync(path, bytes);
        using var pdfsig = PdfSig.Create(_pki.RootsPem, output);
        if (pdfsig is null) return;
        Assert.True(pdfsig.Verify(path).Single().Valid);
    }

    [Fact]
    public async Task SignDetached_is_a_CAdES_signature_openssl_accepts()
    {
        var content = "เอกสารแนบ: ใบเสร็จรับเงิน"u8.ToArray();
        var response = await _client.SignDetachedAsync(new SignDetachedRequest { Content = ByteString.CopyFrom(content), Timestamp = true, FileName = "receipt.txt" });
        var verdict = CadesVerifier.Verify(response.Signature.Span, TrustStore.Load(_pki.RootsPem), content, requireTimeStamp: true);
        Assert.True(verdict.Valid, string.Join("; ", verdict.Errors));
        if (!ExternalTool.RequireOpenSsl(output)) return;
        var p7s = _folder.File("detached.p7s");
        var data = _folder.File("detached.txt");
        await File.WriteAllBytesAsync(p7s, response.Signature.ToByteArray());
        await File.WriteAllBytesAsync(data, content);
        var result = ExternalTool.RunOpenSsl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", data, "-CAfile", _pki.RootsPem, "-purpose", "any", "-out", _folder.File("out"));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Damaged_pdfs_are_signed_or_refused_with_a_reason_never_an_internal_error()
    {
        var permit = await File.ReadAllBytesAsync(RepositoryPaths.Sample("permit.pdf"));
        var random = new Random(3);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 60; i++)
        {
            var damaged = i < 20 ? permit[..random.Next(1, permit.Length)] : (byte[])permit.Clone();
            if (i >= 20)
                for (var flips = 0; flips < 1 + i % 8; flips++) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            string outcome;
            try
            {
                await _client.SignPdfAsync(new SignPdfRequest { Pdf = ByteString.CopyFrom(damaged) });
                outcome = "signed";
            }
            catch (RpcException e)
            {
                Assert.True(e.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition, $"mutation {i}: {e.Status}");
                outcome = e.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason ?? e.StatusCode.ToString();
            }
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
        // The gateway is still up and signing.
        await _client.SignPdfAsync(new SignPdfRequest { Pdf = ByteString.CopyFrom(permit) });
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_reason()
    {
        await RpcAssert.FailsAsync(() => _client.SignPdfAsync(new SignPdfRequest { Pdf = ByteString.CopyFromUtf8("not a pdf") }).ResponseAsync,
            StatusCode.InvalidArgument, "PDF_UNREADABLE");
        await RpcAssert.FailsAsync(() => _client.SignPdfAsync(new SignPdfRequest()).ResponseAsync, StatusCode.InvalidArgument, "CONTENT_EMPTY", "pdf");
        var permit = ByteString.CopyFrom(await File.ReadAllBytesAsync(RepositoryPaths.Sample("permit.pdf")));
        await RpcAssert.FailsAsync(() => _client.SignPdfAsync(new SignPdfRequest { Pdf = permit, CertifyPermissions = 7 }).ResponseAsync,
            StatusCode.InvalidArgument, "CERTIFY_PERMISSIONS_INVALID", "certify_permissions");
        await RpcAssert.FailsAsync(() => _client.SignPdfAsync(new SignPdfRequest { Pdf = permit, Appearance = new SignatureAppearance { Page = 9 } }).ResponseAsync,
            StatusCode.InvalidArgument, "APPEARANCE_PAGE");
        await RpcAssert.FailsAsync(() => _client.ExtendPdfAsync(new ExtendPdfRequest { Pdf = permit, Level = PadesLevel.BLt }).ResponseAsync,
            StatusCode.FailedPrecondition, "NO_SIGNATURES");
    }
}
