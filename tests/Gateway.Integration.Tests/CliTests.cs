using Gateway.Cli;
using Gateway.Testing;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests;

/// <summary>`gw` end to end against the running gateway, and `gw verify` offline with its exit codes.</summary>
[Collection("gateway")]
public sealed class CliTests(GatewayFixture gateway) : IDisposable
{
    private readonly TempFolder _folder = new("gw-cli");

    public void Dispose() => _folder.Dispose();

    private static Task<(int Code, string Out, string Error)> GwAsync(params string[] args) => GwCommand.RunCapturedAsync(args);

    private string[] Connection(string agency) => ["--server", gateway.Address, "--pki", gateway.Pki.Directory, "--as", agency];

    [Fact]
    public async Task Submit_inbox_ack_and_verify_through_the_cli()
    {
        var document = _folder.File("permit.pdf");
        await File.WriteAllBytesAsync(document, Documents.Pdf());
        var receipt = _folder.File("submission.p7s");

        var submit = await GwAsync(["submit", document, "--to", B, "--kind", "Permit", "--claim", "identity=digital-id:standard", "--out", receipt, .. Connection(A)]);
        Assert.True(submit.Code == 0, submit.Error + submit.Out);
        Assert.Contains("SubmissionAcceptance", submit.Out);
        Assert.True(File.Exists(receipt));

        // Running the same command again is a replay, not a second message.
        var again = await GwAsync(["submit", document, "--to", B, "--out", _folder.File("again.p7s"), .. Connection(A)]);
        Assert.Equal(0, again.Code);
        Assert.Contains("accepted earlier", again.Out);

        var inbox = await GwAsync(["inbox", "--out", _folder.File("inbox"), "--ack", .. Connection(B)]);
        Assert.True(inbox.Code == 0, inbox.Error + inbox.Out);
        var handover = Directory.GetFiles(_folder.File("inbox"), "handover-receipt.p7s", SearchOption.AllDirectories);
        Assert.NotEmpty(handover);

        var verify = await GwAsync("verify", "receipt", receipt, "--trust", gateway.Pki.RootsPem);
        Assert.True(verify.Code == 0, verify.Error + verify.Out);
        Assert.Contains("VALID", verify.Out);
        var json = await GwAsync("verify", "receipt", handover[0], "--trust", gateway.Pki.RootsPem, "--json");
        Assert.Equal(0, json.Code);
        Assert.Contains("\"valid\": true", json.Out);
        Assert.Contains("ContentHandover", json.Out);
    }

    [Fact]
    public async Task Submit_inbox_ack_and_receipts_print_json_for_scripts()
    {
        var document = _folder.File("json.pdf");
        await File.WriteAllBytesAsync(document, Documents.Pdf());
        var submit = await GwAsync(["submit", document, "--to", B, "--json", .. Connection(A)]);
        Assert.True(submit.Code == 0, submit.Error);
        var submitted = System.Text.Json.Nodes.JsonNode.Parse(submit.Out)!;
        Assert.Equal("accepted", submitted["status"]!.GetValue<string>());
        var messageId = submitted["messageId"]!.GetValue<string>();
        Assert.Equal("SubmissionAcceptance", submitted["receipt"]!["event"]!.GetValue<string>());
        Assert.True(File.Exists(submitted["receipt"]!["file"]!.GetValue<string>()));

        // JSON Lines: one object per message; this test's message among whatever else waits for B.
        var inbox = await GwAsync(["inbox", "--out", _folder.File("inbox-json"), "--ack", "--json", .. Connection(B)]);
        Assert.True(inbox.Code == 0, inbox.Error);
        var lines = inbox.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).ToList();
        var mine = lines.Single(l => l["messageId"]!.GetValue<string>() == messageId);
        Assert.Equal(A, mine["sender"]!.GetValue<string>());
        Assert.Equal("ContentHandover", mine["handoverReceipt"]!["event"]!.GetValue<string>());

        var receipts = await GwAsync(["receipts", messageId, "--out", _folder.File("receipts-json"), "--json", .. Connection(A)]);
        Assert.True(receipts.Code == 0, receipts.Error);
        var listed = System.Text.Json.Nodes.JsonNode.Parse(receipts.Out)!["receipts"]!.AsArray();
        Assert.Equal(["SubmissionAcceptance", "ContentHandover"], listed.Select(r => r!["event"]!.GetValue<string>()));

        var ack = await GwAsync(["ack", messageId, "--json", "--out", _folder.File("again.handover.p7s"), .. Connection(B)]);
        Assert.True(ack.Code == 0, ack.Error);
        // A second acknowledgement returns the first handover receipt.
        Assert.Equal(mine["handoverReceipt"]!["receiptId"]!.GetValue<string>(), System.Text.Json.Nodes.JsonNode.Parse(ack.Out)!["receipt"]!["receiptId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Verify_exits_1_with_a_reason_for_a_tampered_receipt_and_2_for_usage_errors()
    {
        var submitted = await gateway.Exchange(A).SubmitAsync(Documents.Submit(B, Documents.Pdf()));
        var bytes = submitted.Receipt.Signed.ToByteArray();
        bytes[bytes.AsSpan().IndexOf("\"event\""u8) + 12] ^= 0x01;
        var tampered = _folder.File("tampered.p7s");
        await File.WriteAllBytesAsync(tampered, bytes);

        var invalid = await GwAsync("verify", "receipt", tampered, "--trust", gateway.Pki.RootsPem);
        Assert.Equal(1, invalid.Code);
        Assert.Contains("INVALID", invalid.Error);
        Assert.Contains("✗", invalid.Error);

        // A receipt checked against the wrong roots is not valid either.
        using var other = new TempFolder("gw-cli-other");
        var foreign = Crypto.DevPki.Create(other.Path, new Crypto.DevPkiOptions { Agencies = [A] });
        var good = _folder.File("good.p7s");
        await File.WriteAllBytesAsync(good, submitted.Receipt.Signed.ToByteArray());
        Assert.Equal(1, (await GwAsync("verify", "receipt", good, "--trust", foreign.RootsPem)).Code);

        Assert.Equal(2, (await GwAsync("verify", "receipt", good)).Code);
        Assert.Equal(2, (await GwAsync("verify", "receipt", _folder.File("missing.p7s"), "--trust", gateway.Pki.RootsPem)).Code);
        Assert.Equal(2, (await GwAsync("verify", "nonsense")).Code);
        Assert.Equal(1, (await GwAsync("verify", "receipt", gateway.Pki.RootsPem, "--trust", gateway.Pki.RootsPem)).Code);
    }

    [Fact]
    public async Task A_refused_submission_writes_the_rejection_receipt_and_exits_1()
    {
        var document = _folder.File("empty.pdf");
        await File.WriteAllBytesAsync(document, []);
        var receipt = _folder.File("rejection.p7s");
        var submit = await GwAsync(["submit", document, "--to", B, "--out", receipt, .. Connection(A)]);
        Assert.Equal(1, submit.Code);
        Assert.Contains("CONTENT_EMPTY", submit.Error);
        var verify = await GwAsync("verify", "receipt", receipt, "--trust", gateway.Pki.RootsPem);
        Assert.Equal(0, verify.Code);
        Assert.Contains("SubmissionRejection", verify.Out);
    }

    [Fact]
    public async Task Sign_pdf_writes_a_signed_file_and_leaves_nothing_when_refused()
    {
        var output = _folder.File("signed.pdf");
        var sign = await GwAsync("sign", "pdf", Testing.RepositoryPaths.Sample("permit.pdf"), "-o", output, "--as", A, "--pki", gateway.Pki.Directory, "--level", "B-T", "--certify", "1");
        Assert.True(sign.Code == 0, sign.Error + sign.Out);
        Assert.Contains("B-T signature", sign.Out);

        // A certified (P=1) document refuses further signatures: exit 1 with the reason, no output file.
        var again = _folder.File("again.pdf");
        var refused = await GwAsync("sign", "pdf", output, "-o", again, "--as", B, "--pki", gateway.Pki.Directory);
        Assert.Equal(1, refused.Code);
        Assert.Contains("CERTIFIED_NO_CHANGES", refused.Error);
        Assert.False(File.Exists(again));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));

        Assert.Equal(2, (await GwAsync("sign", "pdf", output, "-o", again, "--as", B, "--level", "B-Q")).Code);
    }
}
