using System.Net.Security;
using Gateway.Api.V1;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.Testing;
using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Gateway.Integration.Tests.VerificationPage;

/// <summary>
/// One gateway for the verification page's tests (HTTP and browser): it serves its PKI's OCSP responder and CRLs, so a
/// B-LT signature it makes validates TOTAL_PASSED; it signs samples/permit.pdf once through gateway.v1.Signing and keeps the
/// signed PDF, a tampered copy and the DocumentSigned receipt; then sends the signed permit to agency-b and exports the case. Uploads are limited to <see cref="MaxUploadBytes"/>.
/// </summary>
public sealed class VerificationPageFixture : IAsyncLifetime
{
    public const long MaxUploadBytes = 2 * 1024 * 1024;

    public TempFolder Folder { get; } = new("gw-verify-page");
    public DevPkiLayout Pki { get; private set; } = null!;
    public WebApplication App { get; private set; } = null!;
    /// <summary>The gateway's https:// address, ending without a slash.</summary>
    public string Address { get; private set; } = "";
    public byte[] Signed { get; private set; } = [];
    public byte[] Receipt { get; private set; } = [];
    public string ReceiptId { get; private set; } = "";
    public string SignedSha256 { get; private set; } = "";
    /// <summary>The message that carried the signed permit from agency-a to agency-b (submitted and acknowledged).</summary>
    public string MessageId { get; private set; } = "";
    /// <summary>That message's case file, from `gw case export` by the recipient.</summary>
    public string CaseFile { get; private set; } = "";
    private GrpcChannel? _channel;

    public async Task InitializeAsync()
    {
        var port = LoopbackPort.Free();
        Pki = DevPki.Create(Folder.File("pki"), new DevPkiOptions { RevocationBaseUrl = $"http://127.0.0.1:{port}" });
        (App, Address) = await GatewayFixture.StartAsync(Pki, Folder.File("data"), o =>
        {
            o.Development.RevocationListen = $"http://127.0.0.1:{port}";
            o.VerificationPage.MaxUploadBytes = MaxUploadBytes;
            // Sealed soon, so that the case export below finds every receipt under a checkpoint.
            o.EvidenceLog.SealInterval = TimeSpan.FromMilliseconds(100);
        });
        Address = Address.TrimEnd('/');
        _channel = GatewayChannel.Create(Address, Pki.AgencyClientCertificate("agency-a"), Pki.AgencyClientKey("agency-a"), TrustStore.Load(Pki.RootsPem));
        var response = await new Api.V1.Signing.SigningClient(_channel).SignPdfAsync(new SignPdfRequest
        {
            Pdf = ByteString.CopyFrom(await File.ReadAllBytesAsync(RepositoryPaths.Sample("permit.pdf"))), Level = PadesLevel.BLt, FileName = "permit.pdf",
        });
        Signed = response.Pdf.ToByteArray();
        SignedSha256 = response.DocumentSha256;
        Receipt = response.Receipt.Signed.ToByteArray();
        ReceiptId = response.Receipt.ReceiptId;

        // The signed permit exchanged from agency-a to agency-b, and its case as the recipient exports it.
        using var recipient = GatewayChannel.Create(Address, Pki.AgencyClientCertificate("agency-b"), Pki.AgencyClientKey("agency-b"), TrustStore.Load(Pki.RootsPem));
        MessageId = (await new Api.V1.Exchange.ExchangeClient(_channel).SubmitAsync(Documents.Submit("agency-b", Signed))).MessageId;
        await new Api.V1.Exchange.ExchangeClient(recipient).AcknowledgeAsync(new AcknowledgeRequest { MessageId = MessageId, DocumentSha256 = SignedSha256 });
        CaseFile = Folder.File("case.zip");
        var export = await Cli.GwCommand.RunCapturedAsync("case", "export", MessageId, "-o", CaseFile, "--server", Address, "--pki", Pki.Directory, "--as", "agency-b");
        if (export.Code != 0) throw new InvalidOperationException("gw case export failed: " + export.Error);
    }

    /// <summary>One signed byte changed where the file still parses (/MediaBox becomes /mediaBox): inside the signed range.</summary>
    public byte[] Tampered()
    {
        var tampered = (byte[])Signed.Clone();
        tampered[System.Text.Encoding.Latin1.GetString(tampered).IndexOf("/MediaBox", StringComparison.Ordinal) + 1] = (byte)'m';
        return tampered;
    }

    /// <summary>A client that checks the gateway's TLS certificate against the development root (as `gw` does), with no client certificate.</summary>
    public HttpClient Http(bool followRedirects = true) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = followRedirects,
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = GatewayChannel.ServerCertificateValidation(TrustStore.Load(Pki.RootsPem)) },
    }) { BaseAddress = new Uri(Address + "/") };

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Folder.Dispose();
    }
}

[CollectionDefinition("verify-page")]
public sealed class VerificationPageCollection : ICollectionFixture<VerificationPageFixture>;
