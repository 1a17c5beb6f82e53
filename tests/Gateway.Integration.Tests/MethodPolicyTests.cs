using Gateway.Api.V1;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Exchange;
using Gateway.Cli.Internal;
using Gateway.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Gateway.Integration.Tests;

/// <summary>
/// A gateway started with a method policy file (Gateway:Methods:PolicyPath): submissions are graded against it, those
/// below the minimum are refused with METHOD_POLICY_NOT_MET and a rejection receipt naming each unmet step, and the
/// sender's claims are recorded as claims, never as what the gateway observed.
/// </summary>
public sealed class MethodPolicyTests : IAsyncLifetime
{
    private const string Standard = "permits.standard";
    private const string Initial = "permits.initial";
    private readonly TempFolder _folder = new("gw-method-policy");
    private DevPkiLayout _pki = null!;
    private WebApplication _app = null!;
    private GrpcChannel? _channel;

    public async Task InitializeAsync()
    {
        var policy = _folder.File("policy.json");
        await File.WriteAllTextAsync(policy, $$"""
            {
              "version": "test-policy-1",
              "services": [
                { "serviceId": "{{Standard}}", "minimum": { "channel": "standard", "authentication": "standard", "identity_proofing": "standard", "signature": "standard" } },
                { "serviceId": "{{Initial}}", "minimum": { "channel": "initial", "supporting_documents": "initial", "identity_proofing": "initial" } }
              ]
            }
            """);
        var port = LoopbackPort.Free();
        _pki = DevPki.Create(_folder.File("pki"), new DevPkiOptions { RevocationBaseUrl = $"http://127.0.0.1:{port}" });
        string address;
        (_app, address) = await GatewayFixture.StartAsync(_pki, _folder.File("data"), o =>
        {
            o.Development.RevocationListen = $"http://127.0.0.1:{port}";
            o.Methods.PolicyPath = policy;
        });
        _channel = GatewayChannel.Create(address, _pki.AgencyClientCertificate("agency-a"), _pki.AgencyClientKey("agency-a"), TrustStore.Load(_pki.RootsPem));
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _folder.Dispose();
    }

    private static SubmitRequest Request(string service, params MethodClaim[] claims)
    {
        var request = Documents.Submit("agency-b", Documents.Pdf());
        request.ServiceId = service;
        request.Claims.Clear();
        request.Claims.Add(claims);
        return request;
    }

    private ReceiptContent Verified(byte[] signed)
    {
        var verdict = ReceiptVerifier.Verify(signed, TrustStore.Load(_pki.RootsPem));
        Assert.True(verdict.Valid, string.Join("; ", verdict.AllErrors));
        return verdict.Content!;
    }

    [Fact]
    public async Task A_submission_below_a_standard_policy_is_refused_with_a_receipt_listing_each_unmet_step()
    {
        var client = new Api.V1.Exchange.ExchangeClient(_channel);
        // An unsigned document and no identity claim: signature and identity proofing fall short; channel and mTLS do not.
        var e = await RpcAssert.FailsAsync(() => client.SubmitAsync(Request(Standard)).ResponseAsync,
            StatusCode.FailedPrecondition, ExchangeReasons.MethodPolicyNotMet, "claims");
        Assert.Contains("identity_proofing requires standard, nothing recorded", e.Status.Detail);
        Assert.Contains("signature requires standard, nothing recorded", e.Status.Detail);
        Assert.DoesNotContain("channel requires", e.Status.Detail);
        Assert.DoesNotContain("authentication requires", e.Status.Detail);

        var rejection = Verified(e.GetRpcStatus()!.GetDetail<Api.V1.Receipt>().Signed.ToByteArray());
        Assert.Equal(Evidence.ReceiptEvent.SubmissionRejection, rejection.Event);
        Assert.Equal(ExchangeReasons.MethodPolicyNotMet, rejection.Rejection!.Reason);
        Assert.Contains("test-policy-1", rejection.Rejection.Message);
        Assert.Contains(rejection.Methods, m => m is { Step: "channel", Method: "gateway-grpc-api", Level: "standard", Basis: MethodBasis.Observed });
        Assert.Contains(rejection.Methods, m => m is { Step: "authentication", Method: "tls-client-certificate", Level: "standard", Basis: MethodBasis.Observed });
        Assert.Equal(ReceiptSchemas.V3, rejection.Schema);
        Assert.Equal(MethodCatalogue.Default.Version, rejection.Grade!.CatalogueVersion);
        Assert.Equal("test-policy-1", rejection.Grade.PolicyVersion);
        Assert.False(rejection.Grade.Met);
        Assert.Equal(["identity_proofing", "signature"], rejection.Grade.Steps.Where(s => !s.Met).Select(s => s.Step));
        var authentication = rejection.Grade.Steps.Single(s => s.Step == "authentication");
        Assert.Equal(rejection.Sender.Certificate!.Sha256, authentication.Evidence!.CertificateSha256);
        Assert.Equal(rejection.Sender.Certificate.Issuer, authentication.Evidence.CertificateIssuer);

        // The identity claim fixes identity proofing, but a claimed signature does not count: the gateway looks at signatures itself.
        var claimed = await RpcAssert.FailsAsync(() => client.SubmitAsync(Request(Standard,
                new MethodClaim { Step = "identity_proofing", Method = "digital-id:dga", Level = MethodLevel.Standard, Detail = "IAL2.3" },
                new MethodClaim { Step = "signature", Method = "s26-s28-certificate-based", Level = MethodLevel.Standard })).ResponseAsync,
            StatusCode.FailedPrecondition, ExchangeReasons.MethodPolicyNotMet, "claims");
        Assert.DoesNotContain("identity_proofing", claimed.Status.Detail);
        Assert.Contains("signature requires standard, nothing recorded", claimed.Status.Detail);
        var recorded = Verified(claimed.GetRpcStatus()!.GetDetail<Api.V1.Receipt>().Signed.ToByteArray());
        Assert.Contains(recorded.Methods, m => m is { Step: "signature", Basis: MethodBasis.Claimed });
        Assert.DoesNotContain(recorded.Methods, m => m is { Step: "signature", Basis: MethodBasis.Observed });
    }

    [Fact]
    public async Task A_submission_meeting_an_initial_policy_is_accepted_with_observed_facts_and_claims_apart()
    {
        var client = new Api.V1.Exchange.ExchangeClient(_channel);
        var response = await client.SubmitAsync(Request(Initial,
            new MethodClaim { Step = "identity_proofing", Method = "digital-id:ndid", Level = MethodLevel.Standard, Detail = "IAL2.1" },
            new MethodClaim { Step = "authentication", Method = "tls-client-certificate", Level = MethodLevel.Standard, Detail = "said by the sender" }));

        var content = Verified(response.Receipt.Signed.ToByteArray());
        Assert.Equal(Evidence.ReceiptEvent.SubmissionAcceptance, content.Event);
        Assert.Contains(content.Methods, m => m is { Step: "supporting_documents", Method: "gateway-document-exchange", Basis: MethodBasis.Observed });
        Assert.Contains(content.Methods, m => m is { Step: "timestamp", Method: "rfc3161-tsa", Basis: MethodBasis.Observed });
        Assert.Contains(content.Methods, m => m is { Step: "identity_proofing", Method: "digital-id:ndid", Basis: MethodBasis.Claimed });
        // Every method the sender claimed is recorded as claimed, even one naming what the gateway also observed.
        Assert.Contains(content.Methods, m => m is { Step: "authentication", Detail: "said by the sender", Basis: MethodBasis.Claimed });
        Assert.DoesNotContain(content.Methods, m => m.Basis == MethodBasis.Observed && m.Detail == "said by the sender");
        Assert.DoesNotContain(content.Methods, m => m.Basis == MethodBasis.Observed && m.Step == "identity_proofing");
        Assert.Equal(ReceiptSchemas.V3, content.Schema);
        Assert.True(content.Grade!.Met);
        Assert.Equal("standard", content.Grade.Level); // above the policy's minimum: every step it names is met at standard
        Assert.Equal("test-policy-1", content.Grade.PolicyVersion);
        Assert.Equal(MethodBasis.Claimed, content.Grade.Steps.Single(s => s.Step == "identity_proofing").Basis);
        Assert.Equal("embedded TSA", content.Grade.Steps.Single(s => s.Step == "timestamp").Evidence!.TimeStampAuthority);

        // A service without a rule is not graded.
        await client.SubmitAsync(Request("unpoliced.service"));
    }

    [Fact]
    public async Task Signing_for_a_service_is_graded_against_its_policy_before_anything_is_signed()
    {
        var signing = new Api.V1.Signing.SigningClient(_channel);
        SignPdfRequest Sign(params MethodClaim[] claims)
        {
            var request = new SignPdfRequest { Pdf = Google.Protobuf.ByteString.CopyFrom(File.ReadAllBytes(RepositoryPaths.Sample("permit.pdf"))), Level = Api.V1.PadesLevel.BT, FileName = "permit.pdf", ServiceId = Standard };
            request.Claims.Add(claims);
            return request;
        }

        // The gateway's own signature (certificate-based, observed) meets the signature step; identity proofing is not recorded.
        var e = await RpcAssert.FailsAsync(() => signing.SignPdfAsync(Sign()).ResponseAsync, StatusCode.FailedPrecondition, ExchangeReasons.MethodPolicyNotMet, "claims");
        Assert.Contains("identity_proofing requires standard, nothing recorded", e.Status.Detail);
        Assert.DoesNotContain("signature requires", e.Status.Detail);
        var rejection = Verified(e.GetRpcStatus()!.GetDetail<Api.V1.Receipt>().Signed.ToByteArray());
        Assert.Equal(Evidence.ReceiptEvent.SubmissionRejection, rejection.Event);
        Assert.Equal(Standard, rejection.ServiceId);
        Assert.Equal(["identity_proofing"], rejection.Grade!.Steps.Where(s => !s.Met).Select(s => s.Step));

        // With the agency's identity claim the case meets the policy: signed, and the DocumentSigned receipt shows the grade.
        var signed = await signing.SignPdfAsync(Sign(new MethodClaim { Step = "identity_proofing", Method = "digital-id:dga", Level = MethodLevel.Standard, Detail = "IAL2.3" }));
        var receipt = Verified(signed.Receipt.Signed.ToByteArray());
        Assert.Equal(Evidence.ReceiptEvent.DocumentSigned, receipt.Event);
        Assert.True(receipt.Grade!.Met);
        Assert.Equal("test-policy-1", receipt.Grade.PolicyVersion);
        Assert.Contains(receipt.Methods, m => m is { Step: "signature", Method: "s26-s28-certificate-based", Basis: MethodBasis.Observed });
        Assert.Contains(receipt.Methods, m => m is { Step: "timestamp", Method: "rfc3161-tsa", Basis: MethodBasis.Observed });
        Assert.Contains(receipt.Methods, m => m is { Step: "identity_proofing", Basis: MethodBasis.Claimed });

        // A claimed signature cannot stand in for the observed one, and a service without a rule is not graded.
        var unpoliced = await signing.SignPdfAsync(new SignPdfRequest { Pdf = Google.Protobuf.ByteString.CopyFrom(File.ReadAllBytes(RepositoryPaths.Sample("permit.pdf"))), FileName = "x.pdf", ServiceId = "unpoliced.service" });
        Assert.Null(Verified(unpoliced.Receipt.Signed.ToByteArray()).Grade!.PolicyVersion);
    }
}
