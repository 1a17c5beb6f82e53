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
    /// <summary>Managed heap growth allowed while one hostile document goes through one door.</summary>
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
        var costs = new List<string>();
        var elapsed = TimeSpan.Zero;
        long grown = 0;

        // Each door on its own, memory measured from a collected heap, so that one door's garbage is not charged to the next.
        async Task DoorAsync(string door, Func<Task<string>> call)
        {
            var watch = Stopwatch.StartNew();
            using var memory = PeakMemory.Start();
            outcomes.Add($"{door}={await call()}");
            elapsed += watch.Elapsed;
            grown = Math.Max(grown, memory.GrowthMiB);
            costs.Add($"{door} {watch.Elapsed.TotalSeconds:F2} s +{memory.GrowthMiB} MiB");
        }

        var strict = Documents.Submit(B, pdf);
        strict.ServiceId = StrictService;
        await DoorAsync("submit", () => OutcomeAsync(() => gateway.Exchange(A).SubmitAsync(strict).ResponseAsync));

        var verification = new Verification.VerificationClient(gateway.Channel(A));
        // The indication, then how many signatures were judged and how many were found unreadable.
        await DoorAsync("verify", () => OutcomeAsync(async () =>
        {
            var report = await verification.VerifyDocumentAsync(new VerifyDocumentRequest { Document = ByteString.CopyFrom(pdf) });
            return $"{report.Indication}:{report.Signatures.Count}+{report.UnreadableSignatures.Count}";
        }));

        var signing = new Api.V1.Signing.SigningClient(gateway.Channel(A));
        await DoorAsync("sign", () => OutcomeAsync(() =>
            signing.SignPdfAsync(new SignPdfRequest { Pdf = ByteString.CopyFrom(pdf), Level = PadesLevel.BB, FileName = "hostile.pdf" }).ResponseAsync));

        using var http = hostile.Http();
        await DoorAsync("page", async () =>
        {
            using var content = new ByteArrayContent(pdf);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var page = await http.PostAsync("verify/api", content);
            var body = JsonNode.Parse(await page.Content.ReadAsStringAsync());
            // The verdict's colour, or the refusal: its English text must be there, in full, for a person.
            if ((string?)body?["verdict"] is { } verdict) return $"{(int)page.StatusCode}:{verdict}";
            Assert.False(string.IsNullOrEmpty((string?)body?["error"]?["en"]) || string.IsNullOrEmpty((string?)body?["error"]?["th"]));
            return $"{(int)page.StatusCode}";
        });
        output.WriteLine($"{kind} ({pdf.Length} bytes): {string.Join(" ", outcomes)}");
        output.WriteLine($"  {string.Join("; ", costs)}");

        Assert.Empty(hostile.Audit.Faults.Skip(faults));
        Assert.Equal(Expected[kind], string.Join(" ", outcomes));
        Assert.True(elapsed < TimeBound, $"{kind} took {elapsed.TotalSeconds:F1} s through the four doors: {string.Join("; ", costs)}");
        Assert.True(grown < MemoryBoundMiB, $"{kind}: managed memory grew by {grown} MiB at one door: {string.Join("; ", costs)}");
        var echo = await new Diagnostics.DiagnosticsClient(gateway.Channel(C)).EchoAsync(new EchoRequest());
        Assert.Equal(C, echo.Agency);
    }

    /// <summary>What each door answers, per kind: the stable contract these tests hold the gateway to.</summary>
    private static readonly Dictionary<string, string> Expected = new()
    {
        // The catalog is inside a bomb stream the reader refuses to inflate past its 64 MiB cap: an unreadable PDF.
        [HostileDocuments.FlateBomb] = "submit=FailedPrecondition/SIGNATURE_REQUIREMENT_NOT_MET verify=TOTAL_FAILED:0+0 sign=InvalidArgument/PDF_UNREADABLE page=422",
        // Read without looping; both signature dictionaries are found and judged unreadable; no page tree to sign on.
        [HostileDocuments.ReferenceCycles] = "submit=FailedPrecondition/SIGNATURE_REQUIREMENT_NOT_MET verify=NO_SIGNATURE_FOUND:0+2 sign=InvalidArgument/PDF_UNREADABLE page=200:red",
        // More cross-reference entries than bytes: the table is refused and the file recovered by scanning; it can be signed.
        [HostileDocuments.MillionObjects] = "submit=FailedPrecondition/SIGNATURE_REQUIREMENT_NOT_MET verify=NO_SIGNATURE_FOUND:0+0 sign=OK page=200:amber",
        // Broken cross-references are recovered by scanning, as viewers do: readable, unsigned, signable.
        [HostileDocuments.XrefPrevLoop] = "submit=FailedPrecondition/SIGNATURE_REQUIREMENT_NOT_MET verify=NO_SIGNATURE_FOUND:0+0 sign=OK page=200:amber",
        [HostileDocuments.XrefGarbage] = "submit=FailedPrecondition/SIGNATURE_REQUIREMENT_NOT_MET verify=NO_SIGNATURE_FOUND:0+0 sign=OK page=200:amber",
        // Polyglots are judged as what they start with (or hold within the first KB, as PDF readers do): here a PDF.
        [HostileDocuments.PdfThenZip] = "submit=FailedPrecondition/SIGNATURE_REQUIREMENT_NOT_MET verify=NO_SIGNATURE_FOUND:0+0 sign=OK page=200:amber",
        [HostileDocuments.ZipThenPdf] = "submit=FailedPrecondition/SIGNATURE_REQUIREMENT_NOT_MET verify=NO_SIGNATURE_FOUND:0+0 sign=OK page=200:amber",
        // Every one of the eight signature dictionaries is found and refused (FORMAT_FAILURE), none is trusted.
        [HostileDocuments.SignatureOutside] = "submit=FailedPrecondition/SIGNATURE_REQUIREMENT_NOT_MET verify=NO_SIGNATURE_FOUND:0+8 sign=OK page=200:red",
        // Not a PDF: mislabelled on submit, unreadable to the PDF doors; the page reads it as a case and stops at the case's 16 MiB.
        [HostileDocuments.CaseBomb] = "submit=InvalidArgument/CONTENT_MISLABELLED verify=TOTAL_FAILED:0+0 sign=InvalidArgument/PDF_UNREADABLE page=400",
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
