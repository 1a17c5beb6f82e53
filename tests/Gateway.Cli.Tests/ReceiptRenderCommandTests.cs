using Gateway.Crypto;
using Gateway.Evidence;
using Xunit.Abstractions;

namespace Gateway.Cli.Tests;

/// <summary>`gw receipt render`: a receipt issued with the development PKI's seal becomes a PDF that poppler finds sealed; a forged one is refused.</summary>
public sealed class ReceiptRenderCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new("gw-cli-render");

    public void Dispose() => _folder.Dispose();

    private async Task<(DevPkiLayout Pki, string Receipt)> IssueAsync()
    {
        var pki = DevPki.Create(_folder.File("pki"));
        using var seal = FileSigningKey.LoadPem(pki.SealCertificate, pki.SealKey);
        var issued = await new ReceiptIssuer(seal, new EmbeddedTimeStampAuthority(FileSigningKey.LoadPem(pki.TsaCertificate, pki.TsaKey))).IssueAsync(new ReceiptContent
        {
            ReceiptId = ReceiptIssuer.NewId(),
            Event = ReceiptEvent.ContentHandover,
            Sender = new ReceiptParty("agency-a"),
            Recipient = new ReceiptParty("agency-b"),
            Document = new ReceiptDocumentInfo(new string('a', 64), 812, "application/pdf", "permit.pdf"),
            Methods = [new StepMethod("channel", "gateway-grpc-api", "standard", MethodBasis.Observed)],
            GatewayTime = DateTimeOffset.UtcNow,
            GatewayId = "gateway-dev",
        });
        var path = _folder.File("receipt.p7s");
        await File.WriteAllBytesAsync(path, issued.Signed);
        return (pki, path);
    }

    [Fact]
    public async Task A_valid_receipt_is_rendered_and_sealed()
    {
        var (pki, receipt) = await IssueAsync();
        var pdf = _folder.File("receipt.pdf");
        var (code, stdout, error) = await GwCommand.RunCapturedAsync("receipt", "render", receipt, "-o", pdf, "--pki", pki.Directory, "--verify-url", "https://verify.example.go.th");
        Assert.True(code == GwCommand.Ok, error);
        Assert.Contains("PAdES-B-T", stdout);

        using var pdfsig = PdfSig.Create(pki.RootsPem, output);
        if (pdfsig is null) return;
        var signature = Assert.Single(pdfsig.Verify(pdf));
        Assert.True(signature.Valid, signature.Text);
        Assert.Contains("Gateway Development Seal", signature.Text);
    }

    [Fact]
    public async Task A_forged_receipt_exits_1_and_writes_nothing()
    {
        var (pki, receipt) = await IssueAsync();
        var bytes = await File.ReadAllBytesAsync(receipt);
        bytes[bytes.AsSpan().IndexOf("agency-b"u8) + 7] ^= 0x01;
        await File.WriteAllBytesAsync(receipt, bytes);
        var pdf = _folder.File("forged.pdf");
        var (code, _, error) = await GwCommand.RunCapturedAsync("receipt", "render", receipt, "-o", pdf, "--pki", pki.Directory);
        Assert.Equal(GwCommand.Failed, code);
        Assert.Contains("RECEIPT_INVALID", error);
        Assert.False(File.Exists(pdf));
    }

    [Fact]
    public async Task A_relative_verify_url_is_a_usage_error()
    {
        var (code, _, error) = await GwCommand.RunCapturedAsync("receipt", "render", _folder.File("none.p7s"), "-o", _folder.File("x.pdf"), "--verify-url", "gateway/v");
        Assert.Equal(GwCommand.Usage, code);
        Assert.Contains("--verify-url", error);
    }
}
