using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Tests;

/// <summary>
/// A development PKI whose revocation URLs point at a free loopback port, which each test serves (or leaves
/// closed) with a <see cref="LoopbackHttpServer"/>. Tests revoke different certificates so that order does not matter:
/// server, seal and TSA stay good; each test revokes an agency certificate of its own.
/// </summary>
public sealed class RevocationFixture : IDisposable
{
    public RevocationFixture()
    {
        Port = LoopbackPort.Free();
        Folder = new TempFolder("gw-revocation");
        Layout = DevPki.Create(Folder.File("pki"), new DevPkiOptions { RevocationBaseUrl = BaseUrl, Agencies = ["a", "b", "c", "d"] });
        Issuing = X509CertificateLoader.LoadCertificateFromFile(Layout.IssuingCaCertificate);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public TempFolder Folder { get; }

    public DevPkiLayout Layout { get; }

    public X509Certificate2 Issuing { get; }

    public static X509Certificate2 Load(string path) => X509CertificateLoader.LoadCertificateFromFile(path);

    public string NewTempDirectory() => Directory.CreateDirectory(Folder.File("tmp-" + Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>
    /// Serves the PKI's CRL folder at /crl/… and hands /ocsp to <paramref name="ocsp"/> (404 when null).
    /// </summary>
    public LoopbackHttpServer Serve(Func<LoopbackHttpServer.Request, Task<LoopbackHttpServer.Reply?>>? ocsp = null) =>
        new(async request =>
        {
            if (request.Path.StartsWith("/crl/", StringComparison.Ordinal))
            {
                return LoopbackHttpServer.File(Path.Combine(Layout.Directory, "crl"), request with { Path = request.Path["/crl/".Length..] }, "application/pkix-crl");
            }

            if (request.Path == "/ocsp" && ocsp is not null)
            {
                return await ocsp(request);
            }

            return LoopbackHttpServer.Reply.NotFound;
        }, Port);

    public void Dispose()
    {
        Issuing.Dispose();
        Folder.Dispose();
    }
}

/// <summary>
/// Not run in parallel with the other collections: the CPU-heavy CADES tests starve the thread pool that the
/// loopback servers answer on, and the fixture's port must stay free while no test serves it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RevocationCollection : ICollectionFixture<RevocationFixture>
{
    public const string Name = "revocation";
}
