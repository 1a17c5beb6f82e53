using System.Security.Cryptography;
using Gateway.Api.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Gateway.Integration.Tests;

/// <summary>Requests with unique documents and keys, so tests sharing one gateway never collide.</summary>
internal static class Documents
{
    public static byte[] Pdf(int size = 4096)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static SubmitRequest Submit(string to, byte[] content, string mediaType = "application/pdf", string? key = null) => new()
    {
        RecipientAgency = to,
        Content = ByteString.CopyFrom(content),
        MediaType = mediaType,
        FileName = "permit.pdf",
        IdempotencyKey = key ?? Guid.NewGuid().ToString("N"),
        ServiceId = "test.permit",
        RequestKind = RequestKind.Permit,
        Claims = { new MethodClaim { Step = "identity", Method = "digital-id:dga", Level = MethodLevel.Standard, Detail = "IAL2.3" } },
    };

    /// <summary>Drains the inbox of the agency and returns the delivery of one message, if present.</summary>
    public static async Task<List<Delivery>> DrainInboxAsync(Api.V1.Exchange.ExchangeClient client)
    {
        var deliveries = new List<Delivery>();
        using var call = client.Receive(new ReceiveRequest { StopWhenEmpty = true });
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) deliveries.Add(call.ResponseStream.Current);
        return deliveries;
    }

    public static SubmitChunk StreamHeader(string to, string key) => new()
    {
        Header = new SubmitHeader { RecipientAgency = to, MediaType = "application/pdf", FileName = "streamed.pdf", IdempotencyKey = key },
    };

    /// <summary>
    /// Writes the chunks (and completes the stream when asked) unless the call has ended: a server that refuses a call
    /// before reading it may end it first, and the test then checks the status on ResponseAsync.
    /// </summary>
    public static async Task SendAsync(IClientStreamWriter<SubmitChunk> stream, bool complete, params SubmitChunk[] chunks)
    {
        try
        {
            foreach (var chunk in chunks) await stream.WriteAsync(chunk);
            if (complete) await stream.CompleteAsync();
        }
        catch (RpcException)
        {
        }
        catch (InvalidOperationException)
        {
            // grpc-dotnet: "the call is complete" when the server ended it before this write.
        }
    }
}
