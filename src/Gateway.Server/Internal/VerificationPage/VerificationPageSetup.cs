using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Server.Internal.VerificationPage;

/// <summary>
/// The public verification page on the main (TLS) listener; no client certificate is asked for, as TLS only allows one.
/// <list type="bullet">
/// <item><c>GET /verify</c>: the page; <c>GET /verify/assets/{name}</c>: its CSS and scripts;</item>
/// <item><c>POST /verify/api</c>: verifies an upload (raw body or multipart) from memory and answers JSON;</item>
/// <item><c>GET /v/{id}</c>: the record of a receipt or message (HTML, 404 page when unknown); <c>GET /verify/api/record/{id}</c>: the same as JSON.</item>
/// </list>
/// Every URL the pages use is relative, so the page also works behind a reverse proxy on a path prefix.
/// </summary>
internal static class VerificationPageSetup
{
    public const string PagePath = "/verify";
    public const string ApiPath = "/verify/api";
    public const string RecordPath = "/v";

    // Only the gateway's own files and scripts; nothing from elsewhere, no inline script, no framing.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static void AddVerificationPage(IServiceCollection services, VerificationPageOptions options)
    {
        if (!options.Enabled) return;
        services.AddSingleton(options);
        services.AddSingleton<UploadThrottle>();
        services.AddSingleton<UploadVerifier>();
        services.AddSingleton<RecordLookup>();
    }

    public static void Map(WebApplication app, GatewayOptions options)
    {
        if (!options.VerificationPage.Enabled) return;
        var group = app.MapGroup("");
        // Not on the plaintext observability listener, when there is one: the page is served over TLS only.
        if (ObservabilitySetup.Listener(options)?.Port is { } metricsPort)
            group.AddEndpointFilter((context, next) => context.HttpContext.Connection.LocalPort == metricsPort ? ValueTask.FromResult<object?>(Results.NotFound()) : next(context));
        group.AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            // Verdicts and records are about someone's documents: no shared cache keeps them.
            headers.CacheControl = "no-store";
            return await next(context);
        });

        var page = PageAssets.Text("verify.html").Replace("{{MAX_BYTES}}", options.VerificationPage.MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        // Routing also matches /verify/, where the page's relative URLs would miss: send the browser to /verify.
        group.MapGet(PagePath, (HttpRequest request) => request.Path.Value!.EndsWith('/') ? Results.Redirect("../verify") : Html(page));
        group.MapGet(PagePath + "/assets/{name}", (string name) =>
        {
            if (!PageAssets.Public.Contains(name)) return Results.NotFound();
            var (bytes, contentType) = PageAssets.Get(name);
            return Results.Bytes(bytes, contentType);
        });
        group.MapPost(ApiPath, VerifyUploadAsync).DisableAntiforgery();
        // The seal certificates and log keys a verifier pins, earlier ones (before a key rotation) included.
        group.MapGet(ApiPath + "/trust", (GatewayKeys keys, EvidenceLog.EvidenceLogStore log) => Json(PublishedTrust.Of(keys, log)));
        group.MapGet(RecordPath + "/{id}", async (string id, RecordLookup lookup, CancellationToken ct) =>
            await lookup.FindAsync(id, ct) is { } record
                ? Html(RecordPage.Render(id, record))
                : Html(RecordPage.NotFound(id), StatusCodes.Status404NotFound));
        group.MapGet(ApiPath + "/record/{id}", async (string id, RecordLookup lookup, CancellationToken ct) =>
            await lookup.FindAsync(id, ct) is { } record ? Json(record) : Error(new UploadRejectedException("ไม่พบรายการนี้", $"no receipt or message {id}", StatusCodes.Status404NotFound)));
    }

    private static async Task<IResult> VerifyUploadAsync(HttpContext http, UploadVerifier verifier, UploadThrottle throttle, VerificationPageOptions options,
        ILoggerFactory loggers, CancellationToken ct)
    {
        using var slot = await throttle.TryEnterAsync(ct);
        if (slot is null)
        {
            http.Response.Headers.RetryAfter = "5";
            return Error(new UploadRejectedException("มีผู้ตรวจสอบพร้อมกันมากเกินไป กรุณาลองใหม่ในอีกสักครู่", "Too many verifications at once; try again in a few seconds.",
                StatusCodes.Status503ServiceUnavailable));
        }
        try
        {
            var bytes = await UploadReader.ReadAsync(http.Request, options.MaxUploadBytes, ct);
            return await verifier.VerifyAsync(bytes, ct) is { } answer
                ? Json(answer)
                : Error(new UploadRejectedException("ไม่รู้จักชนิดไฟล์: รับเฉพาะ PDF ที่ลงนาม ใบตอบรับ (.p7s) หรือแฟ้มคดี (.zip)",
                    "Unknown file type: the page takes a signed PDF, a receipt (.p7s) or a case file (.zip).", StatusCodes.Status415UnsupportedMediaType));
        }
        catch (UploadRejectedException e)
        {
            return Error(e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The validators report what they can read; this is a file that broke one of them. Said plainly, logged for the operator.
            loggers.CreateLogger("Gateway.VerificationPage").LogWarning(e, "verification page: an upload could not be verified");
            return Error(UploadRejectedException.Damaged());
        }
    }

    private static IResult Html(string html, int status = StatusCodes.Status200OK) => Results.Text(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(), "application/json; charset=utf-8", System.Text.Encoding.UTF8);

    private static IResult Error(UploadRejectedException e) =>
        Results.Text(new JsonObject { ["error"] = new JsonObject { ["th"] = e.Thai, ["en"] = e.Message } }.ToJsonString(),
            "application/json; charset=utf-8", System.Text.Encoding.UTF8, e.Status);
}
