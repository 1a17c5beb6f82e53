using Gateway.Api.V1;
using Gateway.Crypto;
using Gateway.EvidenceLog;
using Gateway.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Gateway.Integration.Tests;

/// <summary>
/// Gateways of their own: a checkpoint TSA that cannot be reached (fail-closed by default, or
/// configured to keep accepting), reported in gRPC health; and proofs asked for before the seal.
/// </summary>
public sealed class EvidenceLogPolicyTests() : OwnPkiTests("gw-evlog-policy")
{
    private async Task<(WebApplication App, GrpcChannel Channel)> StartAsync(string name, Action<GatewayOptionsAccess> configure)
    {
        var (app, address) = await GatewayFixture.StartAsync(Pki, Folder.File(name), o => configure(new GatewayOptionsAccess(o)));
        return (app, Cli.Internal.GatewayChannel.Create(address, Pki.AgencyClientCertificate("agency-a"), Pki.AgencyClientKey("agency-a"), TrustStore.Load(Pki.RootsPem)));
    }

    /// <summary>Spares every test the Server namespace import.</summary>
    private sealed record GatewayOptionsAccess(Server.GatewayOptions Options);

    private static async Task<ServingStatus> HealthAsync(GrpcChannel channel, string service) =>
        (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service })).Status;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in 20 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task An_unreachable_checkpoint_tsa_beyond_the_bound_closes_submissions_and_health_says_so()
    {
        var (app, channel) = await StartAsync("closed", a =>
        {
            a.Options.EvidenceLog.TsaUrl = $"http://127.0.0.1:{LoopbackPort.Free()}/tsa";
            a.Options.EvidenceLog.TsaOutageBound = TimeSpan.FromMilliseconds(500);
            a.Options.EvidenceLog.SealInterval = TimeSpan.FromMilliseconds(100);
        });
        await using var _ = app;
        using var __ = channel;

        await WaitUntilAsync(async () => await HealthAsync(channel, "gateway.v1.EvidenceLog") == ServingStatus.NotServing);
        Assert.Equal(ServingStatus.NotServing, await HealthAsync(channel, "gateway.v1.Exchange"));
        Assert.Equal(ServingStatus.NotServing, await HealthAsync(channel, ""));

        var exchange = new Api.V1.Exchange.ExchangeClient(channel);
        await RpcAssert.FailsAsync(() => exchange.SubmitAsync(Documents.Submit("agency-b", Documents.Pdf())).ResponseAsync,
            StatusCode.Unavailable, EvidenceLogReasons.Unavailable);
        // Refused before anything was stored or signed: no rejection receipt either.
        await RpcAssert.FailsAsync(() => exchange.SubmitAsync(Documents.Submit("agency-b", Documents.Pdf(), mediaType: "x/y")).ResponseAsync,
            StatusCode.Unavailable, EvidenceLogReasons.Unavailable);
        await app.StopAsync();
    }

    [Fact]
    public async Task Configured_to_keep_accepting_it_issues_receipts_and_only_the_log_is_unhealthy()
    {
        var (app, channel) = await StartAsync("open", a =>
        {
            a.Options.EvidenceLog.TsaUrl = $"http://127.0.0.1:{LoopbackPort.Free()}/tsa";
            a.Options.EvidenceLog.TsaOutageBound = TimeSpan.FromMilliseconds(500);
            a.Options.EvidenceLog.SealInterval = TimeSpan.FromMilliseconds(100);
            a.Options.EvidenceLog.AcceptWhileUnsealed = true;
        });
        await using var _ = app;
        using var __ = channel;

        await WaitUntilAsync(async () => await HealthAsync(channel, "gateway.v1.EvidenceLog") == ServingStatus.NotServing);
        Assert.Equal(ServingStatus.Serving, await HealthAsync(channel, "gateway.v1.Exchange"));
        Assert.Equal(ServingStatus.Serving, await HealthAsync(channel, ""));
        var submitted = await new Api.V1.Exchange.ExchangeClient(channel).SubmitAsync(Documents.Submit("agency-b", Documents.Pdf()));
        Assert.True(submitted.Receipt.HasLogIndex);
        // Logged, never sealed: there is no checkpoint to prove it against yet.
        await RpcAssert.FailsAsync(() => new Api.V1.EvidenceLog.EvidenceLogClient(channel).GetInclusionProofAsync(
            new GetInclusionProofRequest { ReceiptId = Evidence.ReceiptVerifier.Parse(submitted.Receipt.Signed.ToByteArray())!.Content.ReceiptId }).ResponseAsync,
            StatusCode.FailedPrecondition, EvidenceLogReasons.NotSealed);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_receipt_is_not_provable_before_its_seal_and_is_after_a_restart()
    {
        var (app, channel) = await StartAsync("slow", a => a.Options.EvidenceLog.SealInterval = TimeSpan.FromHours(1));
        var log = new Api.V1.EvidenceLog.EvidenceLogClient(channel);
        // The first seal (size 0) happens at start; the next one is an hour away.
        await WaitUntilAsync(async () =>
        {
            try { return (await log.GetCheckpointAsync(new GetCheckpointRequest())).Checkpoint is not null; }
            catch (RpcException) { return false; }
        });
        var submitted = await new Api.V1.Exchange.ExchangeClient(channel).SubmitAsync(Documents.Submit("agency-b", Documents.Pdf()));
        var request = new GetInclusionProofRequest { LeafIndex = submitted.Receipt.LogIndex };
        await RpcAssert.FailsAsync(() => log.GetInclusionProofAsync(request).ResponseAsync, StatusCode.FailedPrecondition, EvidenceLogReasons.NotSealed);
        channel.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();

        // A restart seals what was logged: the receipt's entry was durable with it.
        (app, channel) = await StartAsync("slow", a => a.Options.EvidenceLog.SealInterval = TimeSpan.FromHours(1));
        await using var _ = app;
        using var __ = channel;
        log = new Api.V1.EvidenceLog.EvidenceLogClient(channel);
        await WaitUntilAsync(async () =>
        {
            try { return (await log.GetInclusionProofAsync(request)).TreeSize > submitted.Receipt.LogIndex; }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition) { return false; }
        });
        await app.StopAsync();
    }
}
