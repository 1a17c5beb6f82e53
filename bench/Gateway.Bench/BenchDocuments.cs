using System.Security.Cryptography;
using Gateway.Api.V1;
using Google.Protobuf;

namespace Gateway.Bench;

/// <summary>The submissions every load mode sends: random bytes behind a PDF header (passes the media-type sniffing, defeats any compression).</summary>
internal static class BenchDocuments
{
    public const string Sender = "agency-a";
    public const string Recipient = "agency-b";

    public static byte[] Document(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    public static SubmitRequest Submit(int size) => new()
    {
        RecipientAgency = Recipient,
        MediaType = "application/pdf",
        FileName = "bench.pdf",
        IdempotencyKey = Guid.NewGuid().ToString("N"),
        RequestKind = RequestKind.Permit,
        Content = ByteString.CopyFrom(Document(size)),
    };
}
