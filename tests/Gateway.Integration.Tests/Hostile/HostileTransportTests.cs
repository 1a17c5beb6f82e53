using Gateway.Api.V1;
using Gateway.Cli.Internal;
using Gateway.Exchange;
using Gateway.Server.Internal;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests.Hostile;

/// <summary>
/// Requests that abuse the transport or the protobuf encoding, on the shared gateway. What HTTP/2 (Kestrel) or gRPC
/// (grpc-dotnet) refuses before the gateway sees the call carries their status and no gateway reason; what reaches the
/// gateway gets its stable reason. Either way the process serves the next call, and nothing is stored but the rejection
/// receipts a refused submission always gets. Each abuse uses a channel of its own, since the transport may close the
/// connection it came on.
/// </summary>
[Collection("gateway")]
public sealed class HostileTransportTests(GatewayFixture gateway)
{
    private const string Exchange = "gateway.v1.Exchange";

    [Fact]
    public async Task Oversized_or_countless_headers_are_refused_by_HTTP2_and_the_gateway_serves_on()
    {
        var before = await gateway.StoredAsync();
        var big = new Metadata { { "x-hostile", new string('h', 64 * 1024) } };
        var many = new Metadata();
        for (var i = 0; i < 2000; i++) many.Add($"x-hostile-{i}", "v");

        foreach (var headers in new[] { big, many })
        {
            using var channel = OwnChannel(A);
            var e = await Assert.ThrowsAsync<RpcException>(() => new Diagnostics.DiagnosticsClient(channel).EchoAsync(new EchoRequest(), headers).ResponseAsync);
            // Kestrel ends the stream or the connection (its HTTP/2 header limits: 16 KiB a field, 32 KiB in all).
            Assert.Contains(e.StatusCode, new[] { StatusCode.Internal, StatusCode.Unavailable, StatusCode.ResourceExhausted, StatusCode.Cancelled });
        }
        await AssertServesAsync();
        Assert.Equal(before, await gateway.StoredAsync());
    }

    [Fact]
    public async Task A_message_over_the_receive_limit_is_refused_before_it_is_read()
    {
        var before = await gateway.StoredAsync();
        using var channel = OwnChannel(A);
        // Over Exchange:MaxUnaryBytes and the 256 KiB of room for header fields: grpc-dotnet refuses it by its length prefix.
        var request = Documents.Submit(B, Documents.Pdf(4 * 1024 * 1024 + 512 * 1024));
        var e = await Assert.ThrowsAsync<RpcException>(() => new Api.V1.Exchange.ExchangeClient(channel).SubmitAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        await AssertServesAsync();
        Assert.Equal(before, await gateway.StoredAsync());
    }

    [Fact]
    public async Task Deeply_nested_or_truncated_protobuf_is_refused_and_the_gateway_serves_on()
    {
        var before = await gateway.StoredAsync();
        foreach (var bytes in new[] { HostileMessages.NestedGroups(100_000), HostileMessages.TruncatedLength() })
        {
            using var channel = OwnChannel(A);
            // grpc-dotnet parses a unary request before any interceptor runs: the reason comes from our binding's marshaller.
            await RpcAssert.FailsAsync(() => HostileMessages.UnaryAsync(channel, Exchange, "Submit", bytes), StatusCode.InvalidArgument, ServerReasons.MessageMalformed);
        }
        await AssertServesAsync();
        Assert.Equal(before, await gateway.StoredAsync());
    }

    [Fact]
    public async Task A_malformed_message_inside_a_stream_is_refused_with_its_reason_audited_and_stores_nothing()
    {
        var before = await gateway.StoredAsync();
        var mark = gateway.Audit.Mark();
        using var channel = OwnChannel(A);
        var header = Documents.StreamHeader(B, Guid.NewGuid().ToString("N")).ToByteArray();
        await RpcAssert.FailsAsync(() => HostileMessages.ClientStreamAsync(channel, Exchange, "SubmitStream", header, HostileMessages.NestedGroups(100_000)),
            StatusCode.InvalidArgument, ServerReasons.MessageMalformed);
        Assert.Equal(A, gateway.Audit.Expect(mark, ServerReasons.MessageMalformed).Agency);
        Assert.Equal(before, await gateway.StoredAsync());
        await AssertServesAsync();
    }

    [Fact]
    public async Task Huge_fields_are_refused_with_their_reason_and_a_small_rejection_receipt()
    {
        var megabyte = new string('x', 1024 * 1024);
        var a = gateway.Exchange(A);
        var cases = new (Action<SubmitRequest> Spoil, string Reason)[]
        {
            (r => r.RecipientAgency = megabyte, ExchangeReasons.FieldTooLong),
            (r => r.FileName = megabyte, ExchangeReasons.FileNameInvalid),
            (r => r.Subject = megabyte, ExchangeReasons.FieldTooLong),
            (r => r.IdempotencyKey = megabyte, ExchangeReasons.IdempotencyKeyInvalid),
            (r => r.ServiceId = megabyte, ExchangeReasons.FieldTooLong),
            (r => r.Claims.Add(Enumerable.Range(0, 100_000).Select(i => new MethodClaim { Step = "s" + i, Method = "m" })), ExchangeReasons.ClaimInvalid),
            (r => r.Claims.Add(new MethodClaim { Step = "identity", Method = "digital-id:dga", Detail = megabyte }), ExchangeReasons.FieldTooLong),
        };
        var mark = gateway.Audit.Mark();
        var before = await gateway.StoredAsync();
        foreach (var (spoil, reason) in cases)
        {
            var request = Documents.Submit(B, Documents.Pdf());
            spoil(request);
            var e = await RpcAssert.FailsAsync(() => a.SubmitAsync(request).ResponseAsync, StatusCode.InvalidArgument, reason);
            // The rejection receipt echoes the request bounded: kilobytes, not the megabyte that was sent.
            var receipt = e.GetRpcStatus()!.GetDetail<Api.V1.Receipt>();
            Assert.NotNull(receipt);
            Assert.InRange(receipt.Signed.Length, 1, 32 * 1024);
        }
        var after = await gateway.StoredAsync();
        Assert.Equal(before.Messages, after.Messages);
        Assert.Equal(before.LogEntries + cases.Length, after.LogEntries);
        var audited = gateway.Audit.Since(mark).Where(r => r.Agency == A).Select(r => r.Reason).ToList();
        Assert.All(cases, c => Assert.Contains(c.Reason, audited));
        Assert.Equal(cases.Length, audited.Count);
        await AssertServesAsync();
    }

    /// <summary>A fresh connection as the agency, so that whatever the transport does to it spares the fixture's shared channels.</summary>
    private GrpcChannel OwnChannel(string agency) =>
        GatewayChannel.Create(gateway.Address, gateway.Pki.AgencyClientCertificate(agency), gateway.Pki.AgencyClientKey(agency), gateway.Trust);

    /// <summary>Another agency on the shared connection is served right after the abuse.</summary>
    private async Task AssertServesAsync()
    {
        var echo = await new Diagnostics.DiagnosticsClient(gateway.Channel(C)).EchoAsync(new EchoRequest { Payload = ByteString.CopyFromUtf8("still here") },
            deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(C, echo.Agency);
    }
}
