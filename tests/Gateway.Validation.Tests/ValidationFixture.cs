using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Pkix;
using Gateway.Signing;
using Reply = Gateway.Testing.LoopbackHttpServer.Reply;

namespace Gateway.Validation.Tests;

/// <summary>
/// A development PKI whose OCSP answers come from `openssl ocsp` (and CRLs from the PKI's files), documents signed
/// by agency-a at every level, and documents by agency-b signed before agency-b's certificate was revoked.
/// </summary>
public sealed class ValidationFixture : IAsyncLifetime
{
    private OpenSslOcspResponder? _openssl;
    private LoopbackHttpServer? _server;
    private readonly HttpClient _upstream = new();

    public TempFolder Folder { get; } = new("gw-validation");
    public DevPkiLayout Pki { get; private set; } = null!;
    public TrustStore Trust { get; private set; } = null!;
    public EmbeddedTimeStampAuthority Tsa { get; private set; } = null!;
    public Dictionary<string, byte[]> Signed { get; } = [];
    public DateTimeOffset RevokedAt { get; private set; }

    public byte[] Permit => File.ReadAllBytes(RepositoryPaths.Sample("permit.pdf"));

    public async Task InitializeAsync()
    {
        var port = LoopbackPort.Free();
        Pki = DevPki.Create(Folder.File("pki"), new DevPkiOptions { RevocationBaseUrl = $"http://127.0.0.1:{port}" });
        Trust = TrustStore.Load(Pki.RootsPem);
        Tsa = new EmbeddedTimeStampAuthority(FileSigningKey.LoadPem(Pki.TsaCertificate, Pki.TsaKey));
        _server = new LoopbackHttpServer(Route, port);

        // Until openssl starts, the CRLs answer: B-LT signing gathers them.
        using var agencyA = FileSigningKey.LoadPem(Pki.AgencySigningCertificate("agency-a"), Pki.AgencySigningKey("agency-a"));
        using var agencyB = FileSigningKey.LoadPem(Pki.AgencySigningCertificate("agency-b"), Pki.AgencySigningKey("agency-b"));
        var longTerm = new LongTermValidationOptions { Trust = Trust, Revocation = new RevocationClient() };
        foreach (var level in Enum.GetValues<PadesLevel>())
            Signed[$"a-{level}"] = await new PadesSigner(agencyA, Tsa, longTerm).SignAsync(Permit, new PadesSignatureOptions { Level = level });
        Signed["a-certified-P2"] = await new PadesSigner(agencyA, Tsa).SignAsync(Permit, new PadesSignatureOptions { Level = PadesLevel.BaselineT, CertifyPermissions = 2 });
        Signed["b-BaselineB"] = await new PadesSigner(agencyB, Tsa).SignAsync(Permit, new PadesSignatureOptions { Level = PadesLevel.BaselineB });
        Signed["b-BaselineT"] = await new PadesSigner(agencyB, Tsa).SignAsync(Permit, new PadesSignatureOptions { Level = PadesLevel.BaselineT });

        // Revoked strictly after the time-stamps above (openssl's index keeps whole seconds).
        await Task.Delay(1100 - DateTimeOffset.UtcNow.Millisecond);
        RevokedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        using var victim = X509CertificateLoader.LoadCertificateFromFile(Pki.AgencySigningCertificate("agency-b"));
        DevPki.Revoke(Pki, victim);
        var entries = new List<OpenSslOcspResponder.Entry> { new(victim, RevokedAt) };
        foreach (var path in new[] { Pki.AgencySigningCertificate("agency-a"), Pki.TsaCertificate, Pki.ServerCertificate, Pki.SealCertificate })
            entries.Add(new(X509CertificateLoader.LoadCertificateFromFile(path)));
        _openssl = new OpenSslOcspResponder(Pki, Directory.CreateDirectory(Folder.File("openssl-ocsp")).FullName, entries);
    }

    /// <summary>The gateway's validator: this PKI trusted, revocation fetched.</summary>
    public DocumentValidator Validator(bool online = true, DateTimeOffset? at = null) => new(
        new CertificateValidator(Trust, online ? new RevocationClient() : null, new CertificateValidatorOptions { FetchRevocation = online }),
        new DocumentValidatorOptions { ValidationTime = at });

    /// <summary>The certificates name {base}/ocsp and {base}/crl/*.crl: OCSP goes to openssl, CRLs come from the PKI's files.</summary>
    private async Task<Reply?> Route(LoopbackHttpServer.Request request)
    {
        if (request.Path == "/ocsp")
        {
            if (_openssl is null) return new Reply(503, "text/plain", "not yet"u8.ToArray());
            try
            {
                using var content = new ByteArrayContent(request.Body);
                content.Headers.ContentType = new(OcspResponder.RequestMediaType);
                using var response = await _upstream.PostAsync(_openssl.Url, content);
                return new Reply((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }

        var crl = request.Path switch
        {
            "/crl/issuing.crl" => Pki.IssuingCrl,
            "/crl/root.crl" => Pki.RootCrl,
            _ => null,
        };
        return crl is null ? Reply.NotFound : new Reply(200, "application/pkix-crl", File.ReadAllBytes(crl));
    }

    public Task DisposeAsync()
    {
        _openssl?.Dispose();
        _server?.Dispose();
        _upstream.Dispose();
        Folder.Dispose();
        return Task.CompletedTask;
    }
}
