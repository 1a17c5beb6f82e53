using System.Security.Cryptography.X509Certificates;
using Gateway.Api.V1;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests;

[Collection("gateway")]
public sealed class AuthenticationTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_call_without_a_client_certificate_is_unauthenticated()
    {
        using var channel = GatewayChannel.Create(gateway.Address, gateway.Trust, certificate: null);
        await RpcAssert.FailsAsync(() => new Api.V1.Exchange.ExchangeClient(channel).SubmitAsync(Documents.Submit(B, Documents.Pdf())).ResponseAsync,
            StatusCode.Unauthenticated, "CLIENT_CERTIFICATE_REQUIRED");
        await RpcAssert.FailsAsync(() => new Diagnostics.DiagnosticsClient(channel).EchoAsync(new EchoRequest()).ResponseAsync,
            StatusCode.Unauthenticated, "CLIENT_CERTIFICATE_REQUIRED");
    }

    [Fact]
    public async Task A_lookalike_certificate_from_another_CA_is_refused()
    {
        // Same subject as the real agency-a, issued by a CA the gateway does not trust.
        using var other = new TempFolder("gw-other-pki");
        var foreign = DevPki.Create(other.Path, new DevPkiOptions { Agencies = [A] });
        using var channel = GatewayChannel.Create(gateway.Address, foreign.AgencyClientCertificate(A), foreign.AgencyClientKey(A), gateway.Trust);
        await RpcAssert.FailsAsync(() => new Api.V1.Exchange.ExchangeClient(channel).SubmitAsync(Documents.Submit(B, Documents.Pdf())).ResponseAsync,
            StatusCode.Unauthenticated, "CLIENT_CERTIFICATE_UNTRUSTED");
    }

    [Fact]
    public async Task A_certificate_without_the_client_auth_EKU_is_refused()
    {
        using var channel = GatewayChannel.Create(gateway.Address, gateway.Pki.AgencySigningCertificate(A), gateway.Pki.AgencySigningKey(A), gateway.Trust);
        await RpcAssert.FailsAsync(() => new Api.V1.Exchange.ExchangeClient(channel).SubmitAsync(Documents.Submit(B, Documents.Pdf())).ResponseAsync,
            StatusCode.Unauthenticated, "CLIENT_CERTIFICATE_UNTRUSTED");
    }

    [Fact]
    public async Task A_trusted_client_certificate_registered_to_no_agency_is_denied()
    {
        using var channel = GatewayChannel.Create(gateway.Address, gateway.Pki.AgencyClientCertificate(Unregistered), gateway.Pki.AgencyClientKey(Unregistered), gateway.Trust);
        await RpcAssert.FailsAsync(() => new Api.V1.Exchange.ExchangeClient(channel).SubmitAsync(Documents.Submit(B, Documents.Pdf())).ResponseAsync,
            StatusCode.PermissionDenied, "AGENCY_UNKNOWN");
    }

    [Fact]
    public async Task Echo_names_the_authenticated_agency()
    {
        var echo = await new Diagnostics.DiagnosticsClient(gateway.Channel(C)).EchoAsync(new EchoRequest { Payload = Google.Protobuf.ByteString.CopyFromUtf8("hi") });
        Assert.Equal(C, echo.Agency);
        Assert.Equal("hi", echo.Payload.ToStringUtf8());
    }

    [Fact]
    public async Task Health_and_reflection_answer_without_a_client_certificate()
    {
        using var channel = GatewayChannel.Create(gateway.Address, gateway.Trust, certificate: null);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None));
        var services = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("gateway.v1.Exchange", services);
        Assert.Contains("gateway.v1.Timestamping", services);
        Assert.Contains("gateway.v1.Verification", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }
}
