using System.IO.Compression;
using Gateway.Api.V1;
using Gateway.Cli;
using Gateway.Crypto;
using Gateway.Testing;

namespace Gateway.Integration.Tests;

/// <summary>`gw case export` by the recipient and by the sender, and `gw verify case` on the result, untouched and tampered with.</summary>
public sealed class CaseCliTests() : OwnPkiTests("gw-case")
{
    [Fact]
    public async Task A_case_exported_by_either_party_verifies_offline_and_a_changed_document_or_receipt_does_not()
    {
        var (app, address) = await GatewayFixture.StartAsync(Pki, Folder.File("data"), o => o.EvidenceLog.SealInterval = TimeSpan.FromMilliseconds(100));
        await using var _ = app;
        using var channel = Cli.Internal.GatewayChannel.Create(address, Pki.AgencyClientCertificate("agency-b"), Pki.AgencyClientKey("agency-b"), TrustStore.Load(Pki.RootsPem));
        using var senderChannel = Cli.Internal.GatewayChannel.Create(address, Pki.AgencyClientCertificate("agency-a"), Pki.AgencyClientKey("agency-a"), TrustStore.Load(Pki.RootsPem));
        var content = Documents.Pdf();
        var submitted = await new Api.V1.Exchange.ExchangeClient(senderChannel).SubmitAsync(Documents.Submit("agency-b", content));
        await new Api.V1.Exchange.ExchangeClient(channel).AcknowledgeAsync(new AcknowledgeRequest { MessageId = submitted.MessageId, DocumentSha256 = Documents.Sha256(content) });

        // The recipient fetches the document itself; the sender gives its own copy.
        var byRecipient = Folder.File("recipient.zip");
        var export = await GwCommand.RunCapturedAsync("case", "export", submitted.MessageId, "-o", byRecipient, "--server", address, "--pki", Pki.Directory, "--as", "agency-b");
        Assert.True(export.Code == 0, export.Error);
        await File.WriteAllBytesAsync(Folder.File("permit.pdf"), content);
        var bySender = Folder.File("sender.zip");
        export = await GwCommand.RunCapturedAsync("case", "export", submitted.MessageId, "-o", bySender, "--document", Folder.File("permit.pdf"), "--server", address, "--pki", Pki.Directory, "--as", "agency-a");
        Assert.True(export.Code == 0, export.Error);
        await app.StopAsync();

        foreach (var file in new[] { byRecipient, bySender })
        {
            // Offline: the gateway is stopped; the verifier pins its own anchors and the log key.
            var verified = await GwCommand.RunCapturedAsync("verify", "case", file, "--trust", Pki.RootsPem, "--log-key", Pki.LogPublicKey);
            Assert.True(verified.Code == 0, verified.Out + verified.Error);
            Assert.Contains("VALID", verified.Out);
            Assert.Contains("SubmissionAcceptance", verified.Out);
            Assert.Contains("ContentHandover", verified.Out);
            Assert.Contains($"SHA-256 {Documents.Sha256(content)} is the one the receipts name", verified.Out);
        }

        // Someone swaps the document in the case: the digest no longer matches the receipts.
        var swapped = Folder.File("swapped.zip");
        File.Copy(byRecipient, swapped);
        using (var zip = ZipFile.Open(swapped, ZipArchiveMode.Update))
        {
            var entry = zip.Entries.Single(e => e.FullName.StartsWith("document/", StringComparison.Ordinal));
            var name = entry.FullName;
            entry.Delete();
            await using var stream = zip.CreateEntry(name).Open();
            await stream.WriteAsync(Documents.Pdf());
        }
        var refused = await GwCommand.RunCapturedAsync("verify", "case", swapped, "--trust", Pki.RootsPem, "--log-key", Pki.LogPublicKey);
        Assert.Equal(GwCommand.Failed, refused.Code);
        Assert.Contains("is not the one the receipts name", refused.Error);

        // A verifier pinning another log key does not take the case's word for the log.
        var otherKey = Folder.File("other-log.pub");
        await File.WriteAllTextAsync(otherKey, Merkle.NoteSigner.Generate("gateway-dev/evidence-log").VerifierKey);
        refused = await GwCommand.RunCapturedAsync("verify", "case", byRecipient, "--trust", Pki.RootsPem, "--log-key", otherKey);
        Assert.Equal(GwCommand.Failed, refused.Code);
        Assert.Contains("not shown in the evidence log", refused.Error);
    }
}
