using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Api.V1;
using Gateway.Cli.Internal;
using Gateway.Exchange;
using Gateway.Server.Internal;
using Gateway.Testing;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests.Hostile;

/// <summary>
/// Callers who are not who they must be, on the shared gateway: each is refused with its status and stable reason,
/// leaves a record in the security audit trail that names it (certificate or agency), and stores nothing. Complements
/// <see cref="AuthenticationTests"/> (no certificate, an untrusted look-alike CA, a certificate without any EKU,
/// an unregistered one), which check the status only.
/// </summary>
[Collection("gateway")]
public sealed class HostileIdentityTests(GatewayFixture gateway)
{
    public const string UntrustedCa = "issued by an untrusted CA";
    public const string Expired = "expired";
    public const string Revoked = "revoked";
    public const string NotForClientAuth = "issued for e-mail, not clientAuth";

    public static TheoryData<string> RefusedCertificates => [UntrustedCa, Expired, Revoked, NotForClientAuth];

    [Theory]
    [MemberData(nameof(RefusedCertificates))]
    public async Task A_client_certificate_that_is_refused_is_audited_and_stores_nothing(string what)
    {
        using var folder = new TempFolder("gw-hostile-certificates");
        var credential = what switch
        {
            UntrustedCa => HostileCertificates.FromUntrustedCa(folder.Path, A),
            Expired => HostileCertificates.Expired(gateway.Pki, folder.Path, A),
            // Registered to an agency like A's: revocation is the only thing wrong with it.
            Revoked => HostileCertificates.Revoke(gateway.Pki, GatewayFixture.Revoked),
            _ => HostileCertificates.WithoutClientAuth(gateway.Pki, folder.Path, A),
        };
        var before = await gateway.StoredAsync();
        var mark = gateway.Audit.Mark();

        using var channel = GatewayChannel.Create(gateway.Address, credential.CertificatePath, credential.KeyPath, gateway.Trust);
        var e = await RpcAssert.FailsAsync(() => new Api.V1.Exchange.ExchangeClient(channel).SubmitAsync(Documents.Submit(B, Documents.Pdf())).ResponseAsync,
            StatusCode.Unauthenticated, ServerReasons.ClientCertificateUntrusted);
        if (what == Revoked) Assert.Contains("revoked", e.Status.Detail);
        if (what == Expired) Assert.Contains("expired", e.Status.Detail, StringComparison.OrdinalIgnoreCase);

        var record = gateway.Audit.Expect(mark, ServerReasons.ClientCertificateUntrusted, r => r.CertificateSha256 == Sha256(credential));
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Equal("/gateway.v1.Exchange/Submit", record.Method);
        Assert.Equal("", record.Agency);
        Assert.Contains("OU=Agency", record.Field("CertificateSubject"));
        Assert.Equal(before, await gateway.StoredAsync());
    }

    [Fact]
    public async Task An_agency_acting_as_another_is_refused_audited_and_stores_nothing()
    {
        // B sends C a message; A, with its own good certificate, then tries to act as B or as the recipient.
        var sent = await gateway.Exchange(B).SubmitAsync(Documents.Submit(C, Documents.Pdf()));
        var a = gateway.Exchange(A);
        var before = await gateway.StoredAsync();
        var mark = gateway.Audit.Mark();

        await RpcAssert.FailsAsync(() => a.SubmitAsync(Documents.Submit(C, Documents.Pdf()), new Metadata { { AgencyAuthenticator.DevelopmentAgencyHeader, B } }).ResponseAsync,
            StatusCode.PermissionDenied, ServerReasons.AgencyMismatch);
        await RpcAssert.FailsAsync(() => a.AcknowledgeAsync(new AcknowledgeRequest { MessageId = sent.MessageId }).ResponseAsync,
            StatusCode.PermissionDenied, ExchangeReasons.NotAParty);
        await RpcAssert.FailsAsync(async () =>
        {
            using var fetch = a.FetchContent(new FetchContentRequest { MessageId = sent.MessageId });
            await fetch.ResponseStream.MoveNext(CancellationToken.None);
        }, StatusCode.PermissionDenied, ExchangeReasons.NotAParty);
        await RpcAssert.FailsAsync(() => a.GetReceiptsAsync(new GetReceiptsRequest { MessageId = sent.MessageId }).ResponseAsync,
            StatusCode.PermissionDenied, ExchangeReasons.NotAParty);
        await RpcAssert.FailsAsync(() => new Api.V1.EvidenceLog.EvidenceLogClient(gateway.Channel(A))
                .GetInclusionProofAsync(new GetInclusionProofRequest { ReceiptId = sent.Receipt.ReceiptId }).ResponseAsync,
            StatusCode.PermissionDenied, ExchangeReasons.NotAParty);

        gateway.Audit.Expect(mark, ServerReasons.AgencyMismatch, r => r.Agency == "" && r.Method.EndsWith("/Submit"));
        foreach (var method in new[] { "Acknowledge", "FetchContent", "GetReceipts", "GetInclusionProof" })
        {
            var record = gateway.Audit.Expect(mark, ExchangeReasons.NotAParty, r => r.Method.EndsWith("/" + method));
            Assert.Equal(A, record.Agency);
            Assert.Equal(LogLevel.Warning, record.Level);
        }
        // No handover receipt, no message, nothing in the log: the message still waits for C alone.
        Assert.Equal(before, await gateway.StoredAsync());
        var receipts = await gateway.Exchange(B).GetReceiptsAsync(new GetReceiptsRequest { MessageId = sent.MessageId });
        Assert.Single(receipts.Receipts);
    }

    [Fact]
    public async Task A_replayed_request_changes_nothing_and_a_replay_with_other_content_is_refused_and_audited()
    {
        var a = gateway.Exchange(A);
        var key = Guid.NewGuid().ToString("N");
        var document = Documents.Pdf();
        var first = await a.SubmitAsync(Documents.Submit(B, document, key: key));
        var acknowledged = await gateway.Exchange(B).AcknowledgeAsync(new AcknowledgeRequest { MessageId = first.MessageId });
        var before = await gateway.StoredAsync();
        var mark = gateway.Audit.Mark();

        // The same request again (a retry, or a replay of captured bytes by whoever holds A's key): the first answer,
        // marked replayed; nothing new is stored, so a replay cannot duplicate a message.
        var again = await a.SubmitAsync(Documents.Submit(B, document, key: key));
        Assert.True(again.Replayed);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(first.Receipt.Signed, again.Receipt.Signed);
        var ackAgain = await gateway.Exchange(B).AcknowledgeAsync(new AcknowledgeRequest { MessageId = first.MessageId });
        Assert.Equal(acknowledged.Receipt.Signed, ackAgain.Receipt.Signed);
        Assert.Equal(before, await gateway.StoredAsync());

        // The same key with another document: refused, audited, with a rejection receipt (in the log) and no message.
        var e = await RpcAssert.FailsAsync(() => a.SubmitAsync(Documents.Submit(B, Documents.Pdf(), key: key)).ResponseAsync,
            StatusCode.AlreadyExists, ExchangeReasons.IdempotencyKeyConflict);
        Assert.NotNull(e.GetRpcStatus()!.GetDetail<Api.V1.Receipt>());
        Assert.Equal(A, gateway.Audit.Expect(mark, ExchangeReasons.IdempotencyKeyConflict).Agency);
        var after = await gateway.StoredAsync();
        Assert.Equal(before.Messages, after.Messages);
        // A rejection receipt is kept in the evidence log, not among the messages' receipts.
        Assert.Equal(before.Receipts, after.Receipts);
        Assert.Equal(before.LogEntries + 1, after.LogEntries);

        // A key never reaches across agencies: C using A's key makes C's own, new submission.
        var other = await gateway.Exchange(C).SubmitAsync(Documents.Submit(B, document, key: key));
        Assert.False(other.Replayed);
        Assert.NotEqual(first.MessageId, other.MessageId);
    }

    private static string Sha256(Credential credential)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(credential.CertificatePath));
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }
}
