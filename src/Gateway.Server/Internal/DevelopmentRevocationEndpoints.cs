using Gateway.Crypto;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Server.Internal;

/// <summary>
/// The development PKI's revocation services, at the URLs its certificates name: an RFC 6960 OCSP
/// responder (POST /ocsp) and the CRLs (GET /crl/issuing.crl, /crl/root.crl). Without them a
/// development signature could never reach B-LT. Served only on the development revocation port.
/// </summary>
internal static class DevelopmentRevocationEndpoints
{
    private const int MaxRequestBytes = 64 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints, DevPkiLayout pki, OcspResponder responder, int port)
    {
        var host = $"*:{port}";
        endpoints.MapPost("/ocsp", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            if (body.Length > MaxRequestBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            return Results.Bytes(responder.Respond(body.ToArray()), OcspResponder.ResponseMediaType);
        }).RequireHost(host);
        endpoints.MapGet("/crl/{name}", (string name) =>
        {
            var path = name switch
            {
                "issuing.crl" => pki.IssuingCrl,
                "root.crl" => pki.RootCrl,
                _ => null,
            };
            return path is not null && File.Exists(path) ? Results.File(path, "application/pkix-crl") : Results.NotFound();
        }).RequireHost(host);
    }
}
