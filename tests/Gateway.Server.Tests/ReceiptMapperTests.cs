using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Server.Internal;

namespace Gateway.Server.Tests;

public sealed class ReceiptMapperTests : IDisposable
{
    private readonly TempFolder _folder = new("gw-server-tests");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Parsed_fields_come_from_the_signed_bytes()
    {
        var pki = DevPki.Create(_folder.Path);
        using var seal = FileSigningKey.LoadPem(pki.SealCertificate, pki.SealKey);
        var issuer = new ReceiptIssuer(seal, new EmbeddedTimeStampAuthority(FileSigningKey.LoadPem(pki.TsaCertificate, pki.TsaKey)));
        var issued = await issuer.IssueAsync(new ReceiptContent
        {
            ReceiptId = "r-1",
            Event = ReceiptEvent.SubmissionRejection,
            Sender = new ReceiptParty("agency-a"),
            Recipient = new ReceiptParty("agency-x"),
            Rejection = new ReceiptRejection("RECIPIENT_UNKNOWN", "no agency 'agency-x'", "recipient_agency"),
            GatewayTime = DateTimeOffset.UnixEpoch.AddYears(56),
            GatewayId = "test",
        });

        var receipt = ReceiptMapper.ToProto(issued.Signed);
        Assert.Equal("r-1", receipt.ReceiptId);
        Assert.Equal(Api.V1.ReceiptEvent.SubmissionRejection, receipt.Event);
        Assert.Equal("agency-a", receipt.SenderAgency);
        Assert.Equal("agency-x", receipt.RecipientAgency);
        Assert.Equal("RECIPIENT_UNKNOWN", receipt.RejectionReason);
        Assert.Equal(issued.Json, receipt.Json);
        Assert.Equal(issued.TimeStampTime, receipt.TimestampTime.ToDateTimeOffset());
        Assert.Equal(issued.Signed, receipt.Signed.ToByteArray());
    }

    [Fact]
    public void Unreadable_bytes_map_to_a_receipt_with_only_the_bytes()
    {
        var receipt = ReceiptMapper.ToProto([1, 2, 3]);
        Assert.Equal(3, receipt.Signed.Length);
        Assert.Equal("", receipt.ReceiptId);
    }
}
