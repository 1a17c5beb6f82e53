using Gateway.EvidenceLog;
using Gateway.Exchange;

namespace Gateway.Server;

/// <summary>
/// The gateway's configuration (section "Gateway"). Every path may be relative to the working
/// directory. Defaults are the embedded development set-up: SQLite and blobs under ./data, a
/// development PKI under ./certs/dev made on first start, the embedded TSA.
/// </summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Where the gateway listens. https unless <see cref="DevelopmentOptions.Insecure"/>.</summary>
    public string Listen { get; set; } = "https://127.0.0.1:7443";

    /// <summary>SQLite database and content-addressed document store.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The development PKI; made on first start when <see cref="CreateDevelopmentPki"/> and missing.</summary>
    public string PkiDirectory { get; set; } = "certs/dev";

    public bool CreateDevelopmentPki { get; set; } = true;

    public TlsOptions Tls { get; set; } = new();

    public KeyFileOptions Seal { get; set; } = new();

    public TsaOptions Tsa { get; set; } = new();

    /// <summary>Module and PIN variable for keys named by pkcs11: URIs (Seal:KeyPath, Tsa:Key:KeyPath, SigningKeys).</summary>
    public Gateway.Pkcs11.Pkcs11Options Pkcs11 { get; set; } = new();

    /// <summary>Trust anchors for verifying receipts and signatures (a PEM file or a folder).</summary>
    public string? TrustRoots { get; set; }

    /// <summary>The agencies file (id, client certificate subject, optional SHA-256 pin).</summary>
    public string? AgenciesFile { get; set; }

    public ExchangeOptions Exchange { get; set; } = new();

    /// <summary>The method catalogue and the per-service method policy enforced on Submit (มสพร. 6).</summary>
    public MethodOptions Methods { get; set; } = new();

    /// <summary>How certificate chains of validated signatures are judged (revocation fetching and policy).</summary>
    public Pkix.CertificateValidatorOptions Validation { get; set; } = new();

    /// <summary>The evidence log: origin, key, seal interval, TSA outage bound and accept policy.</summary>
    public EvidenceLogOptions EvidenceLog { get; set; } = new();

    /// <summary>Each agency's signing key, by agency id; default: the development PKI's agencies/ID/signing.{crt,key}.</summary>
    public Dictionary<string, KeyFileOptions> SigningKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per-agency back-pressure: concurrent streams and call rate.</summary>
    public LimitsOptions Limits { get; set; } = new();

    public DevelopmentOptions Development { get; set; } = new();

    /// <summary>Prometheus metrics, OpenTelemetry traces and the HTTP health endpoints.</summary>
    public ObservabilityOptions Observability { get; set; } = new();

    /// <summary>The public verification page: /verify (drop a file) and /v/{id} (the record behind a QR code).</summary>
    public VerificationPageOptions VerificationPage { get; set; } = new();

    /// <summary>How often an open inbox stream looks for messages stored by other instances.</summary>
    public TimeSpan InboxPollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class TlsOptions
{
    public string? CertificatePath { get; set; }
    public string? KeyPath { get; set; }
    /// <summary>Roots that agency client certificates must chain to (PEM file or folder).</summary>
    public string? ClientCaPath { get; set; }

    /// <summary>
    /// CRL files (DER or PEM), or folders of *.crl/*.pem/*.der, that revoke agency client certificates and their CAs.
    /// Read again when they change. Empty: the development PKI's CRLs (crl/issuing.crl, crl/root.crl) when PkiDirectory is set.
    /// </summary>
    public List<string> ClientCrlPaths { get; set; } = [];
}

public sealed class KeyFileOptions
{
    public string? CertificatePath { get; set; }
    /// <summary>A PEM private key file, or a PKCS#11 URI (pkcs11:token=...;object=...) for a key in a token.</summary>
    public string? KeyPath { get; set; }
    public string? Pkcs12Path { get; set; }
    /// <summary>Name of an environment variable holding the PKCS#12 password (never the password itself).</summary>
    public string? Pkcs12PasswordEnvironmentVariable { get; set; }

    /// <summary>
    /// Certificates (PEM files) of the keys this one replaced (Seal only): receipts they sealed keep verifying as
    /// the gateway's, through VerifyReceipt and the /verify page. Keep a retired seal's certificate here.
    /// </summary>
    public List<string> PreviousCertificates { get; set; } = [];
}

public sealed class TsaOptions
{
    /// <summary>An external RFC 3161 TSA. Empty: the embedded TSA signs.</summary>
    public string? Url { get; set; }
    public KeyFileOptions Key { get; set; } = new();
    public string? PolicyOid { get; set; }
}

public sealed class DevelopmentOptions
{
    /// <summary>
    /// Plaintext HTTP/2 and no client certificates: the caller names its agency in the
    /// x-gateway-agency header. For local experiments only; off by default.
    /// </summary>
    public bool Insecure { get; set; }

    /// <summary>
    /// Where the development PKI's OCSP responder and CRLs are served (plain HTTP, as revocation is),
    /// matching the URLs its certificates name. Empty: not served. Only with a development PKI.
    /// </summary>
    public string? RevocationListen { get; set; } = "http://127.0.0.1:7444";
}
