using Gateway.Crypto;

namespace Gateway.Testing;

/// <summary>
/// Serves a development PKI's revocation material where its certificates point: OCSP (our in-process
/// responder) at /ocsp and the CRLs at /crl/…, on the loopback port of the PKI's RevocationBaseUrl.
/// </summary>
public sealed class DevRevocationServer : IDisposable
{
    private readonly OcspResponder _responder;
    private readonly LoopbackHttpServer _server;

    public DevRevocationServer(DevPkiLayout layout, int port)
    {
        _responder = OcspResponder.ForDevPki(layout);
        var crls = Path.Combine(layout.Directory, "crl");
        _server = new LoopbackHttpServer(request =>
        {
            if (request.Path == "/ocsp" && request.Method == "POST")
                return new LoopbackHttpServer.Reply(200, OcspResponder.ResponseMediaType, _responder.Respond(request.Body));
            if (request.Path.StartsWith("/crl/", StringComparison.Ordinal))
                return LoopbackHttpServer.File(crls, request with { Path = request.Path["/crl/".Length..] }, "application/pkix-crl");
            return LoopbackHttpServer.Reply.NotFound;
        }, port);
    }

    public int RequestCount => _server.RequestCount;

    public IReadOnlyList<string> Log => _server.Log;

    public void Dispose()
    {
        _server.Dispose();
        _responder.Dispose();
    }
}
