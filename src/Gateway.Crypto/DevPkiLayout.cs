namespace Gateway.Crypto;

/// <summary>Where <see cref="DevPki.Create"/> puts its files. All paths are absolute when <see cref="Directory"/> is.</summary>
public sealed record DevPkiLayout(string Directory)
{
    public string RootsPem => Path.Combine(Directory, "trust", "roots.pem");

    public string IntermediatesPem => Path.Combine(Directory, "trust", "intermediates.pem");

    public string RootCaCertificate => Path.Combine(Directory, "ca", "root.crt");

    public string RootCaKey => Path.Combine(Directory, "ca", "root.key");

    public string IssuingCaCertificate => Path.Combine(Directory, "ca", "issuing.crt");

    public string IssuingCaKey => Path.Combine(Directory, "ca", "issuing.key");

    /// <summary>Leaf first, then the issuing CA.</summary>
    public string ServerCertificate => Path.Combine(Directory, "server", "tls.crt");

    public string ServerKey => Path.Combine(Directory, "server", "tls.key");

    /// <summary>Leaf first, then the issuing CA.</summary>
    public string SealCertificate => Path.Combine(Directory, "seal", "seal.crt");

    public string SealKey => Path.Combine(Directory, "seal", "seal.key");

    /// <summary>Leaf first, then the issuing CA.</summary>
    public string TsaCertificate => Path.Combine(Directory, "tsa", "tsa.crt");

    public string TsaKey => Path.Combine(Directory, "tsa", "tsa.key");

    public string OcspCertificate => Path.Combine(Directory, "ocsp", "ocsp.crt");

    public string OcspKey => Path.Combine(Directory, "ocsp", "ocsp.key");

    /// <summary>The evidence log's Ed25519 checkpoint key (PKCS#8 PEM); see <see cref="DevPki.EnsureLogKey"/>. Secret.</summary>
    public string LogKey => Path.Combine(Directory, "log", "log.key");

    /// <summary>The log key's public half (SubjectPublicKeyInfo PEM), what checkpoint verifiers pin.</summary>
    public string LogPublicKey => Path.Combine(Directory, "log", "log.pub");

    /// <summary>DER CRL of the issuing CA (signed by it), re-issued by <see cref="DevPki.Revoke"/> and <see cref="DevPki.RefreshCrls"/>.</summary>
    public string IssuingCrl => Path.Combine(Directory, "crl", "issuing.crl");

    /// <summary>DER CRL of the root CA (signed by it); lists the issuing CA when that was revoked.</summary>
    public string RootCrl => Path.Combine(Directory, "crl", "root.crl");

    /// <summary>
    /// Revoked serial numbers: one hex serial a line, optionally followed by whitespace and the revocation time
    /// (ISO 8601, UTC); may be empty. Lines starting with '#' are comments.
    /// </summary>
    public string RevokedSerialsFile => Path.Combine(Directory, "crl", "revoked.txt");

    public string AgenciesJson => Path.Combine(Directory, "agencies.json");

    public string AgencyClientCertificate(string agency) => Path.Combine(AgencyDirectory(agency), "client.crt");

    public string AgencyClientKey(string agency) => Path.Combine(AgencyDirectory(agency), "client.key");

    public string AgencySigningCertificate(string agency) => Path.Combine(AgencyDirectory(agency), "signing.crt");

    public string AgencySigningKey(string agency) => Path.Combine(AgencyDirectory(agency), "signing.key");

    private string AgencyDirectory(string agency) => Path.Combine(Directory, "agencies", agency);
}
