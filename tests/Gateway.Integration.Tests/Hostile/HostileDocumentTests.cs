using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Gateway.Api.V1;
using Gateway.Exchange;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Xunit.Abstractions;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests.Hostile;

/// <summary>
/// Documents designed to hurt (<see cref="HostileDocuments"/>) through every door that reads a PDF: Submit to a service
/// that requires a valid signature (full validation), VerifyDocument, SignPdf and the public /verify upload page. Each
/// must get its expected, stable answer (pinned per kind below), within a time and managed-memory bound, without an
/// exception reaching the gateway's log, and the gateway must serve the next call.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class HostileDocumentTests(HostileGateway hostile, ITestOutputHelper output)
{
    /// <summary>Per kind of document, one call of each door, all together.</summary>
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(20);
    /// <summary>Managed heap growth allowed while one hostile document goes through all four doors.</summary>
    private const long MemoryBoundMiB = 160;

    public static TheoryData<string> Kinds => [.. HostileDocuments.All];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_hostile_pdf_gets_a_clear_answer_from_every_door_in_bounded_time_and_memory(string kind)
    {
        var pdf = HostileDocuments.Make(kind);
        var gateway = hostile.Gateway;
        var faults = hostile.Audit.Faults.Count;
        var outcomes = new List<string>();
        var watch = Stopwatch.StartNew();
        long grown;
        using (var memory = PeakMemory.Start())
        {
            var strict = Documents.Submit(B, pdf);
            strict.ServiceId = StrictService;
            outcomes.Add("submit=" + await OutcomeAsync(() => gateway.Exchange(A).SubmitAsync(strict).ResponseAsync));

            var verification = new Verification.VerificationClient(gateway.Channel(A));
            outcomes.Add("verify=" + await OutcomeAsync(async () =>
                (await verification.VerifyDocumentAsync(new VerifyDocumentRequest { Document = ByteString.CopyFrom(pdf) })).Indication));

            var signing = new Api.V1.Signing.SigningClient(gateway.Channel(A));
            outcomes.Add("sign=" + await OutcomeAsync(() => signing.SignPdfAsync(new SignPdfRequest { Pdf = ByteString.CopyFrom(pdf), Level = PadesLevel.BB, FileName = "hostile.pdf" }).ResponseAsync));

            using var http = hostile.Http();
            using var content = new ByteArrayContent(pdf);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var page = await http.PostAsync("verify/api", content);
            var body = JsonNode.Parse(await page.Content.ReadAsStringAsync());
            outcomes.Add($"page={(int)page.StatusCode}:{(string?)body?["verdict"] ?? (string?)body?["error"]?["en"]}");
            grown = memory.GrowthMiB;
        }
        var elapsed = watch.Elapsed;
        output.WriteLine($"{kind} ({pdf.Length} bytes): {string.Join(" ", outcomes)} in {elapsed.TotalSeconds:F2} s, managed memory +{grown} MiB");

        Assert.Empty(hostile.Audit.Faults.Skip(faults));
        Assert.Equal(Expected[kind], string.Join(" ", outcomes));
        Assert.True(elapsed < TimeBound, $"{kind} took {elapsed.TotalSeconds:F1} s through the four doors");
        Assert.True(grown < MemoryBoundMiB, $"{kind}: managed memory grew by {grown} MiB");
        var echo = await new Diagnostics.DiagnosticsClient(gateway.Channel(C)).EchoAsync(new EchoRequest());
        Assert.Equal(C, echo.Agency);
    }

    /// <summary>What each door answers, per kind: the stable contract these tests hold the gateway to.</summary>
    private static readonly Dictionary<string, string> Expected = new()
    {
        [HostileDocuments.FlateBomb] = "?",
        [HostileDocuments.ReferenceCycles] = "?",
        [HostileDocuments.MillionObjects] = "?",
        [HostileDocuments.XrefPrevLoop] = "?",
        [HostileDocuments.XrefGarbage] = "?",
        [HostileDocuments.PdfThenZip] = "?",
        [HostileDocuments.ZipThenPdf] = "?",
        [HostileDocuments.SignatureOutside] = "?",
        [HostileDocuments.CaseBomb] = "?",
    };

    /// <summary>
    /// "OK" or the call's result, or "CODE/REASON" when refused. A refusal must carry a gateway reason and never be
    /// INTERNAL or UNKNOWN: those are faults, not answers.
    /// </summary>
    private static async Task<string> OutcomeAsync<T>(Func<Task<T>> call)
    {
        try
        {
            var result = await call();
            return result is string text ? text : "OK";
        }
        catch (RpcException e)
        {
            Assert.NotEqual(StatusCode.Internal, e.StatusCode);
            Assert.NotEqual(StatusCode.Unknown, e.StatusCode);
            var reason = e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;
            Assert.False(reason is null, $"{e.StatusCode} without a reason: {e.Status.Detail}");
            return $"{e.StatusCode}/{reason}";
        }
    }
}
