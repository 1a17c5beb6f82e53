using Gateway.Crypto;

namespace Gateway.Testing;

/// <summary>
/// An external RFC 3161 TSA for tests: a loopback HTTP server in front of `openssl ts -reply`, signing with the dev TSA key.
/// Requests are handled one at a time because openssl keeps its serial number in a file.
/// </summary>
public sealed class OpenSslTsaServer : IDisposable
{
    public const string PolicyOid = "1.2.3.4.1";

    private readonly LoopbackHttpServer _server;
    private readonly object _gate = new();
    private readonly string _directory;
    private readonly string _config;

    public OpenSslTsaServer(DevPkiLayout layout, string directory)
    {
        _directory = directory;
        File.WriteAllText(Path.Combine(directory, "tsaserial"), "01\n");
        _config = Path.Combine(directory, "tsa.cnf");
        File.WriteAllText(_config, $"""
            [ tsa ]
            default_tsa = tsa_config1

            [ tsa_config1 ]
            dir = {directory}
            serial = $dir/tsaserial
            crypto_device = builtin
            signer_cert = {layout.TsaCertificate}
            certs = {layout.IntermediatesPem}
            signer_key = {layout.TsaKey}
            signer_digest = sha256
            default_policy = {PolicyOid}
            other_policies = 1.2.3.4.5
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = no
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """);

        _server = new LoopbackHttpServer(Reply);
    }

    public int Port => _server.Port;

    public Uri Url => new($"http://127.0.0.1:{Port}/tsa");

    public int RequestCount => _server.RequestCount;

    // One at a time: openssl keeps its serial number in a file.
    private LoopbackHttpServer.Reply Reply(LoopbackHttpServer.Request request)
    {
        lock (_gate)
        {
            var id = Guid.NewGuid().ToString("N");
            var query = Path.Combine(_directory, id + ".tsq");
            var reply = Path.Combine(_directory, id + ".tsr");
            File.WriteAllBytes(query, request.Body);
            // -out to a file: writing the DER reply to stdout is unreliable.
            var result = ExternalTool.RunOpenSsl("ts", "-reply", "-queryfile", query, "-config", _config, "-out", reply);
            return result.ExitCode != 0
                ? new LoopbackHttpServer.Reply(500, "text/plain", System.Text.Encoding.UTF8.GetBytes(result.StandardError))
                : new LoopbackHttpServer.Reply(200, "application/timestamp-reply", File.ReadAllBytes(reply));
        }
    }

    public void Dispose() => _server.Dispose();
}
