using System.Text.Json.Nodes;
using Gateway.Api.V1;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Exchange;
using Gateway.Testing;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Gateway.Integration.Tests;

/// <summary>
/// Validation inside the gateway: VerifyDocument, and Submit recording each signature's validation in the receipt and
/// refusing documents a service's SignatureRequirement rejects. The gateway serves its PKI's OCSP responder and CRLs.
/// </summary>
public sealed class DocumentValidationTests : IAsyncLifetime
{
    private const string Strict = "permits.strict";
    private readonly TempFolder _folder = new("gw-document-validation");
    private DevPkiLayout _pki = null!;
    private WebApplication _app = null!;
    private GrpcChannel? _channel;
    private byte[] _signed = [];

    public async Task InitializeAsync()
    {
        var port = LoopbackPort.Free();
        _pki = DevPki.Create(_folder.File("pki"), new DevPkiOptions { RevocationBaseUrl = $"http://127.0.0.1:{port}" });
        string address;
        (_app, address) = await GatewayFixture.StartAsync(_pki, _folder.File("data"), o =>
        {
            o.Development.RevocationListen = $"http://127.0.0.1:{port}";
            o.Exchange.SignatureRequirements[Strict] = new SignatureRequirement();
        });
        _channel = GatewayChannel.Create(address, _pki.AgencyClientCertificate("agency-a"), _pki.AgencyClientKey("agency-a"), TrustStore.Load(_pki.RootsPem));
        var permit = await File.ReadAllBytesAsync(RepositoryPaths.Sample("permit.pdf"));
        _signed = (await new Api.V1.Signing.SigningClient(_channel).SignPdfAsync(new SignPdfRequest
        {
            Pdf = ByteString.CopyFrom(permit), Level = PadesLevel.BLt, FileName = "permit.pdf",
        })).Pdf.ToByteArray();
    }

    /// <summary>One signed byte changed where the file still parses: /MediaBox becomes /mediaBox.</summary>
    private byte[] Tampered()
    {
        var tampered = (byte[])_signed.Clone();
        tampered[System.Text.Encoding.Latin1.GetString(tampered).IndexOf("/MediaBox", StringComparison.Ordinal) + 1] = (byte)'m';
        return tampered;
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task VerifyDocument_reports_each_signature_with_the_same_JSON_as_the_CLI()
    {
        var response = await new Verification.VerificationClient(_channel).VerifyDocumentAsync(new VerifyDocumentRequest { Document = ByteString.CopyFrom(_signed) });

        Assert.Equal("TOTAL_PASSED", response.Indication);
        var signature = Assert.Single(response.Signatures);
        Assert.Equal(Api.V1.Indication.TotalPassed, signature.Indication);
        Assert.Equal("PAdES-BASELINE-LT", signature.Level);
        Assert.Equal("S26_S28_CERTIFICATE_BASED", signature.LegalTier);
        Assert.True(signature.Integrity);
        Assert.Equal(3, signature.Chain.Count);
        var json = JsonNode.Parse(response.ReportJson)!;
        Assert.Equal("TOTAL_PASSED", (string?)json["signatures"]![0]!["indication"]);
    }

    [Fact]
    public async Task VerifyDocument_answers_bad_input_with_a_report_or_a_reason()
    {
        var client = new Verification.VerificationClient(_channel);
        await RpcAssert.FailsAsync(() => client.VerifyDocumentAsync(new VerifyDocumentRequest()).ResponseAsync, StatusCode.InvalidArgument, "DOCUMENT_REQUIRED", "document");

        var garbage = await client.VerifyDocumentAsync(new VerifyDocumentRequest { Document = ByteString.CopyFrom(Documents.Pdf()) });
        Assert.NotEqual("TOTAL_PASSED", garbage.Indication);

        var tampered = Tampered();
        var broken = await client.VerifyDocumentAsync(new VerifyDocumentRequest { Document = ByteString.CopyFrom(tampered) });
        Assert.Equal("TOTAL_FAILED", broken.Indication);
        Assert.False(Assert.Single(broken.Signatures).Integrity);
    }

    /// <summary>
    /// Found by fuzz/ rpc: a validation_time outside Timestamp's range (seconds beyond the year 9999, nanos beyond a
    /// second) made the handler throw, an INTERNAL error. Each input is the harness's method byte, then the request.
    /// </summary>
    [Theory]
    [InlineData("verify-document-time.rpc")]
    [InlineData("verify-document-nanos.rpc")]
    public async Task VerifyDocument_refuses_a_validation_time_that_is_no_time(string input)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "testdata", "fuzz", input));
        var request = VerifyDocumentRequest.Parser.ParseFrom(bytes.AsSpan(1));
        await RpcAssert.FailsAsync(() => new Verification.VerificationClient(_channel).VerifyDocumentAsync(request).ResponseAsync,
            StatusCode.InvalidArgument, "VALIDATION_TIME_INVALID", "validation_time");
    }

    [Fact]
    public async Task Submit_records_the_validation_of_each_signature_in_the_acceptance_receipt()
    {
        var request = Documents.Submit("agency-b", _signed);
        request.ServiceId = Strict;

        var response = await new Api.V1.Exchange.ExchangeClient(_channel).SubmitAsync(request);

        var content = ReceiptVerifier.Verify(response.Receipt.Signed.ToByteArray(), TrustStore.Load(_pki.RootsPem)).Content!;
        var signature = Assert.Single(content.DocumentSignatures!);
        Assert.Equal("TOTAL_PASSED", signature.Indication);
        Assert.Equal("PAdES-BASELINE-LT", signature.Level);
        Assert.True(signature.Integrity);
        Assert.Contains("documentSignatures", response.Receipt.Json);
    }

    [Fact]
    public async Task A_service_that_requires_a_trusted_signature_refuses_an_unsigned_or_broken_document_with_a_receipt()
    {
        var client = new Api.V1.Exchange.ExchangeClient(_channel);
        var unsigned = Documents.Submit("agency-b", await File.ReadAllBytesAsync(RepositoryPaths.Sample("permit.pdf")));
        unsigned.ServiceId = Strict;
        var tampered = Tampered();
        var broken = Documents.Submit("agency-b", tampered);
        broken.ServiceId = Strict;

        foreach (var request in new[] { unsigned, broken })
        {
            var e = await RpcAssert.FailsAsync(() => client.SubmitAsync(request).ResponseAsync, StatusCode.FailedPrecondition, ExchangeReasons.SignatureRequirementNotMet, "content");
            var rejection = e.GetRpcStatus()!.GetDetail<Api.V1.Receipt>();
            var verdict = ReceiptVerifier.Verify(rejection.Signed.ToByteArray(), TrustStore.Load(_pki.RootsPem));
            Assert.True(verdict.Valid, string.Join("; ", verdict.AllErrors));
            Assert.Equal(ExchangeReasons.SignatureRequirementNotMet, verdict.Content!.Rejection!.Reason);
        }

        // Without a requirement the broken signature is accepted and recorded as what it is.
        var accepted = await client.SubmitAsync(Documents.Submit("agency-b", tampered));
        var recorded = ReceiptVerifier.Verify(accepted.Receipt.Signed.ToByteArray(), TrustStore.Load(_pki.RootsPem)).Content!;
        Assert.Equal("TOTAL_FAILED", Assert.Single(recorded.DocumentSignatures!).Indication);
    }
}
