using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Server.Internal;

/// <summary>
/// RFC 3161 over HTTP (section 3.4): POST application/timestamp-query, answer application/timestamp-reply.
/// Served by the embedded TSA only; an external TSA is asked directly by its clients. Public (no client certificate),
/// so at most <see cref="MaxConcurrent"/> tokens are signed at once and a request beyond that gets 503 with Retry-After:
/// anonymous callers must not queue up work for the TSA key (with an HSM, a token the seal needs too) without bound.
/// The slot is taken only around the signature, after the query has arrived, so slow senders cannot hold it.
/// </summary>
internal static class TsaEndpoint
{
    public const string Path = "/tsa";
    private const int MaxQueryBytes = 8 * 1024;
    private static readonly int MaxConcurrent = Math.Max(2, Environment.ProcessorCount);

    public static void Map(IEndpointRouteBuilder endpoints, GatewayKeys keys)
    {
        var slots = new SemaphoreSlim(MaxConcurrent);
        endpoints.MapPost(Path, async (HttpContext http) =>
        {
            if (keys.EmbeddedTsa is not { } tsa) return Results.NotFound();
            if (!string.Equals(http.Request.ContentType, "application/timestamp-query", StringComparison.OrdinalIgnoreCase))
                return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
            if (http.Request.ContentLength > MaxQueryBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

            using var body = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
            {
                if (body.Length + read > MaxQueryBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
                body.Write(buffer, 0, read);
            }

            if (!slots.Wait(TimeSpan.Zero))
            {
                http.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            try
            {
                return Results.Bytes(tsa.Respond(body.ToArray()), "application/timestamp-reply");
            }
            finally
            {
                slots.Release();
            }
        });
    }
}
