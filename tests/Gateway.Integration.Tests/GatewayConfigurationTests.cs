using System.Security.Cryptography;
using Gateway.Api.V1;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Testing;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Xunit.Abstractions;

namespace Gateway.Integration.Tests;

/// <summary>Gateways started with settings other than the shared fixture's: an external TSA, the development switch.</summary>
public sealed class GatewayConfigurationTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new("gw-config");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task With_an_external_tsa_receipts_carry_its_time_stamps()
    {
        if (!ExternalTool.RequireOpenSsl(output)) return;
        var pki = DevPki.Create(_folder.File("pki"));
        Directory.CreateDirectory(_folder.File("tsa"));
        using var tsa = new OpenSslTsaServer(pki, _folder.File("tsa"));
        var (app, address) = await GatewayFixture.StartAsync(pki, _folder.File("data"), o => o.Tsa.Url = tsa.Url.ToString());
        await using var _ = app;
        using var channel = Cli.Internal.GatewayChannel.Create(address, pki.AgencyClientCertificate("agency-a"), pki.AgencyClientKey("agency-a"), TrustStore.Load(pki.RootsPem));

        var submitted = await new Api.V1.Exchange.ExchangeClient(channel).SubmitAsync(Documents.Submit("agency-b", Documents.Pdf()));
        var verdict = ReceiptVerifier.Verify(submitted.Receipt.Signed.ToByteArray(), TrustStore.Load(pki.RootsPem));
        Assert.True(verdict.Valid, string.Join("; ", verdict.AllErrors));
        Assert.Equal(OpenSslTsaServer.PolicyOid, verdict.Signature.SignatureTimeStamp!.PolicyOid);
        Assert.True(tsa.RequestCount >= 1);

        var token = await new Timestamping.TimestampingClient(channel).TimestampAsync(new TimestampRequest { Digest = ByteString.CopyFrom(SHA256.HashData("x"u8)) });
        Assert.Equal(OpenSslTsaServer.PolicyOid, token.Policy);
        await app.StopAsync();
    }

    [Fact]
    public async Task An_unreachable_external_tsa_refuses_with_unavailable_and_stores_nothing()
    {
        var pki = DevPki.Create(_folder.File("pki"));
        var (app, address) = await GatewayFixture.StartAsync(pki, _folder.File("data"), o => o.Tsa.Url = $"http://127.0.0.1:{LoopbackPort.Free()}/tsa");
        await using var _ = app;
        using var channel = Cli.Internal.GatewayChannel.Create(address, pki.AgencyClientCertificate("agency-a"), pki.AgencyClientKey("agency-a"), TrustStore.Load(pki.RootsPem));
        var key = Guid.NewGuid().ToString();
        await RpcAssert.FailsAsync(() => new Api.V1.Exchange.ExchangeClient(channel).SubmitAsync(Documents.Submit("agency-b", Documents.Pdf(), key: key)).ResponseAsync,
            StatusCode.Unavailable, TimeStampException.Unreachable);
        var store = (Gateway.Exchange.IExchangeStore)app.Services.GetService(typeof(Gateway.Exchange.IExchangeStore))!;
        Assert.Null(await store.FindSubmissionAsync("agency-a", key));
        await app.StopAsync();
    }

    [Fact]
    public async Task The_development_switch_serves_plaintext_and_names_the_agency_by_header()
    {
        var pki = DevPki.Create(_folder.File("pki"));
        var (app, address) = await GatewayFixture.StartAsync(pki, _folder.File("data"), o =>
        {
            o.Development.Insecure = true;
            o.Listen = "http://127.0.0.1:0";
        });
        await using var _ = app;
        Assert.StartsWith("http://", address);
        using var channel = GrpcChannel.ForAddress(address);
        var client = new Diagnostics.DiagnosticsClient(channel);

        var echo = await client.EchoAsync(new EchoRequest(), new Metadata { { "x-gateway-agency", "agency-b" } });
        Assert.Equal("agency-b", echo.Agency);
        await RpcAssert.FailsAsync(() => client.EchoAsync(new EchoRequest()).ResponseAsync, StatusCode.Unauthenticated, "AGENCY_UNKNOWN");
        await app.StopAsync();
    }

    [Fact]
    public void Plaintext_without_the_development_switch_is_refused_at_start()
    {
        var pki = DevPki.Create(_folder.File("pki"));
        var e = Assert.Throws<InvalidOperationException>(() => Server.GatewayHost.Build([], o =>
        {
            o.Listen = "http://127.0.0.1:0";
            o.DataDirectory = _folder.File("data");
            o.PkiDirectory = pki.Directory;
        }));
        Assert.Contains("https", e.Message);
    }
}
