using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Gateway.Integration.Tests.VerificationPage;

/// <summary>/verify, /verify/api and /v/{id} over HTTPS without a client certificate, as a browser would reach them.</summary>
[Collection("verify-page")]
public sealed class VerificationPageHttpTests(VerificationPageFixture fixture)
{
    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient http, byte[] bytes, bool multipart = false)
    {
        HttpContent content;
        if (multipart)
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", "upload.bin");
            content = form;
        }
        else
        {
            content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }
        using var response = await http.PostAsync("verify/api", content);
        return (response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task The_page_and_its_assets_come_from_the_gateway_alone()
    {
        using var http = fixture.Http();
        using var page = await http.GetAsync("verify");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("name=\"viewport\"", html);
        Assert.Contains($"data-max-bytes=\"{VerificationPageFixture.MaxUploadBytes}\"", html);
        // Nothing from elsewhere: no absolute URL in the page, and the policy forbids any other origin.
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        foreach (var asset in new[] { "verify.css", "verify.js", "record.js" })
        {
            using var response = await http.GetAsync("verify/assets/" + asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("https://", await response.Content.ReadAsStringAsync());
        }
        // The templates are not assets.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("verify/assets/record.html")).StatusCode);

        // With a trailing slash the relative asset URLs would miss, so the browser is sent to /verify.
        using var noRedirect = fixture.Http(followRedirects: false);
        using var slash = await noRedirect.GetAsync("verify/");
        Assert.Equal(HttpStatusCode.Redirect, slash.StatusCode);
        Assert.Equal("../verify", slash.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_signed_permit_is_green_with_who_when_and_level()
    {
        using var http = fixture.Http();
        var (status, body) = await PostAsync(http, fixture.Signed);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("green", (string?)body["verdict"]);
        Assert.Equal("pdf", (string?)body["kind"]);
        var signature = Assert.Single(body["signatures"]!.AsArray())!;
        Assert.Equal("TOTAL_PASSED", (string?)signature["indication"]);
        Assert.Equal("PAdES-BASELINE-LT", (string?)signature["level"]);
        Assert.Contains("agency-a", (string?)signature["signer"]);
        Assert.NotNull((string?)signature["signedAt"]);
        Assert.Contains("พ.ศ. 25", (string?)signature["signedAtThai"]);
        Assert.False((bool)signature["modifiedAfterSigning"]!);
        Assert.Contains("ลายมือชื่อถูกต้อง", (string?)signature["explanationTh"]);
        Assert.Contains("valid", (string?)signature["explanationEn"]);
        Assert.NotEmpty(signature["checks"]!.AsArray());
        // The full report is the one `gw verify pdf --json` and VerifyDocument give.
        Assert.Equal("TOTAL_PASSED", (string?)body["report"]!["indication"]);
        Assert.Equal("PAdES-BASELINE-LT", (string?)body["report"]!["signatures"]![0]!["level"]);
    }

    [Fact]
    public async Task A_tampered_permit_is_red_because_it_changed_after_signing()
    {
        using var http = fixture.Http();
        var (status, body) = await PostAsync(http, fixture.Tampered(), multipart: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("red", (string?)body["verdict"]);
        var signature = Assert.Single(body["signatures"]!.AsArray())!;
        Assert.Equal("TOTAL_FAILED", (string?)signature["indication"]);
        Assert.Equal("HASH_FAILURE", (string?)signature["subIndication"]);
        Assert.Contains("ถูกแก้ไขหลังการลงนาม", (string?)signature["explanationTh"]);
        Assert.Contains("changed after it was signed", (string?)signature["explanationEn"]);
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_with_413_and_a_reason()
    {
        using var http = fixture.Http();
        var big = new byte[VerificationPageFixture.MaxUploadBytes + 1];
        "%PDF-1.7\n"u8.CopyTo(big);

        var (status, body) = await PostAsync(http, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("too large", (string?)body["error"]!["en"]);
        Assert.Contains("ใหญ่เกินไป", (string?)body["error"]!["th"]);

        // Chunked, so no Content-Length to refuse on: the bounded read refuses it.
        using var chunked = new StreamContent(new MemoryStream(big));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, "verify/api") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_kind_of_file_is_refused_with_415()
    {
        using var http = fixture.Http();
        var (status, body) = await PostAsync(http, "hello, this is not a signed file"u8.ToArray());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("Unknown file type", (string?)body["error"]!["en"]);
    }

    [Fact]
    public async Task A_receipt_is_green_with_its_fields()
    {
        using var http = fixture.Http();
        var (status, body) = await PostAsync(http, fixture.Receipt);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("green", (string?)body["verdict"]);
        Assert.Equal("receipt", (string?)body["kind"]);
        var receipt = body["receipt"]!;
        Assert.Equal(fixture.ReceiptId, (string?)receipt["receiptId"]);
        Assert.Equal("DocumentSigned", (string?)receipt["event"]);
        Assert.Equal("agency-a", (string?)receipt["sender"]);
        Assert.Equal(fixture.SignedSha256, (string?)receipt["document"]!["sha256"]);
        Assert.NotNull(receipt["log"]!["leafIndex"]);
        Assert.Equal("TOTAL_PASSED", (string?)body["signatures"]![0]!["indication"]);
        Assert.True((bool)body["report"]!["valid"]!);
    }

    [Fact]
    public async Task The_record_of_a_receipt_shows_digest_and_parties_and_never_the_document()
    {
        using var http = fixture.Http();
        using var response = await http.GetAsync("v/" + fixture.ReceiptId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains(fixture.ReceiptId, html);
        Assert.Contains(fixture.SignedSha256, html);
        Assert.Contains($"data-sha256=\"{fixture.SignedSha256}\"", html);
        Assert.Contains("agency-a", html);
        Assert.Contains("DocumentSigned", html);
        Assert.Contains("พ.ศ.", html);
        // Neither the document, nor its file name, nor any piece of it.
        Assert.DoesNotContain("permit.pdf", html);
        Assert.DoesNotContain("%PDF", html);
        Assert.DoesNotContain(Convert.ToBase64String(fixture.Signed.AsSpan(0, 48)), html);

        using var json = await http.GetAsync("verify/api/record/" + fixture.ReceiptId);
        var record = JsonNode.Parse(await json.Content.ReadAsStringAsync())!;
        Assert.Equal(fixture.SignedSha256, (string?)record["document"]!["sha256"]);
        Assert.Null(record["document"]!["fileName"]);
    }

    [Fact]
    public async Task A_case_file_is_green_and_one_with_a_swapped_document_is_red()
    {
        using var http = fixture.Http();
        var (status, body) = await PostAsync(http, await File.ReadAllBytesAsync(fixture.CaseFile));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("case", (string?)body["kind"]);
        Assert.True((string?)body["verdict"] == "green", body.ToJsonString());
        Assert.Equal(fixture.MessageId, (string?)body["report"]!["messageId"]);
        Assert.Contains(body["signatures"]!.AsArray(), s => ((string?)s!["field"])!.StartsWith("SubmissionAcceptance", StringComparison.Ordinal));
        Assert.Contains(body["report"]!["findings"]!.AsArray(), f => ((string?)f!["text"])!.Contains($"SHA-256 {fixture.SignedSha256} is the one the receipts name"));

        // The document in the case swapped for another: the digest no longer matches the receipts.
        using var swapped = new MemoryStream();
        swapped.Write(await File.ReadAllBytesAsync(fixture.CaseFile));
        using (var zip = new ZipArchive(swapped, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.Entries.Single(e => e.FullName.StartsWith("document/", StringComparison.Ordinal));
            var name = entry.FullName;
            entry.Delete();
            await using var stream = zip.CreateEntry(name).Open();
            await stream.WriteAsync(fixture.Tampered());
        }
        (status, body) = await PostAsync(http, swapped.ToArray());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("red", (string?)body["verdict"]);
        Assert.Contains(body["report"]!["findings"]!.AsArray(), f => !(bool)f!["ok"]! && ((string?)f["text"])!.Contains("is not the one the receipts name"));
    }

    [Fact]
    public async Task The_record_of_a_message_shows_its_parties_and_receipts_and_never_the_file_name()
    {
        using var http = fixture.Http();
        using var response = await http.GetAsync("v/" + fixture.MessageId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(fixture.SignedSha256, html);
        Assert.Contains("agency-a", html);
        Assert.Contains("agency-b", html);
        Assert.Contains("SubmissionAcceptance", html);
        Assert.Contains("ContentHandover", html);
        Assert.DoesNotContain("permit.pdf", html);
        Assert.DoesNotContain("test.permit", html);
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("not%20an%20id")]
    public async Task An_unknown_id_is_a_404_page_in_Thai_and_English(string id)
    {
        using var http = fixture.Http();
        using var response = await http.GetAsync("v/" + id);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("ไม่พบรายการ", html);
        Assert.Contains("Not found", html);
    }
}
