using System.Net;
using System.Net.Sockets;

using Gateway.Crypto;

namespace Gateway.Testing;

/// <summary>
/// An external RFC 3161 TSA for tests: HttpListener in front of `openssl ts -reply`, signing with the dev TSA key.
/// Requests are handled one at a time because openssl keeps its serial number in a file.
/// </summary>
public sealed class OpenSslTsaServer : IDisposable
{
    public const string PolicyOid = "1.2.3.4.1";

    private readonly HttpListener _listener = new();
    private readonly string _directory;
    private readonly string _config;
    private readonly Task _loop;

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

        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/tsa");

    public int RequestCount { get; private set; }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                RequestCount++;
                var id = Guid.NewGuid().ToString("N");
                var query = Path.Combine(_directory, id + ".tsq");
                var reply = Path.Combine(_directory, id + ".tsr");
                using (var file = File.Create(query))
                {
                    await context.Request.InputStream.CopyToAsync(file);
                }

                // -out to a file: writing the DER reply to stdout is unreliable.
                var result = ExternalTool.RunOpenSsl("ts", "-reply", "-queryfile", query, "-config", _config, "-out", reply);
                if (result.ExitCode != 0)
                {
                    context.Response.StatusCode = 500;
                }
                else
                {
                    var body = await File.ReadAllBytesAsync(reply);
                    context.Response.ContentType = "application/timestamp-reply";
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body);
                }
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
