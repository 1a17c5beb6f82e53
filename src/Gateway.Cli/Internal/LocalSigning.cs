using System.CommandLine;
using Gateway.Crypto;
using Gateway.Pkcs11;
using Gateway.Signing;

namespace Gateway.Cli.Internal;

/// <summary>
/// Options of the local signing commands: whose key (--as AGENCY from the development PKI, or
/// --cert/--key), which TSA (--tsa URL, else the development PKI's TSA key), and the trust
/// anchors and revocation client B-LT needs.
/// </summary>
internal sealed class LocalSigning
{
    public Option<string?> As { get; } = new("--as") { Description = "Agency id: sign with certs/dev/agencies/AGENCY/signing.{crt,key}" };
    public Option<FileInfo?> Cert { get; } = new("--cert") { Description = "Signing certificate (PEM, leaf first, then its chain)" };
    public Option<string?> Key { get; } = new("--key")
    {
        Description = "Signing private key: a PEM file, or a PKCS#11 URI pkcs11:token=...;object=... (module: module-path in the URI or "
            + "$GW_PKCS11_MODULE; PIN: $GW_PKCS11_PIN or pin-source=file:///...; certificate: --cert or the token's)",
    };
    public Option<string?> Tsa { get; } = new("--tsa") { Description = "RFC 3161 TSA URL (default: the development PKI's TSA key, in process)" };
    public Option<FileInfo?> Trust { get; } = new("--trust") { Description = "Trust anchors for B-LT chains (default: the development PKI's roots)" };
    public Option<DirectoryInfo> Pki { get; } = new("--pki")
    {
        Description = "Development PKI folder",
        DefaultValueFactory = _ => new DirectoryInfo(Environment.GetEnvironmentVariable("GW_PKI") ?? "certs/dev"),
    };

    public void AddTo(Command command, bool withKey = true)
    {
        if (withKey)
        {
            command.Add(As);
            command.Add(Cert);
            command.Add(Key);
        }
        command.Add(Tsa);
        command.Add(Trust);
        command.Add(Pki);
    }

    private DevPkiLayout Layout(ParseResult parse) => new(parse.GetValue(Pki)!.FullName);

    /// <summary>The signer's key; the caller disposes it (both kinds of key are <see cref="IDisposable"/>).</summary>
    public ISigningKey LoadKey(ParseResult parse)
    {
        var pki = Layout(parse);
        var agency = parse.GetValue(As);
        var cert = parse.GetValue(Cert)?.FullName ?? (agency is null ? null : pki.AgencySigningCertificate(agency));
        if (parse.GetValue(Key) is { } uri && Pkcs11Uri.IsPkcs11(uri))
            return LoadPkcs11(uri, parse.GetValue(Cert)?.FullName);
        var key = parse.GetValue(Key) is { } path ? Path.GetFullPath(path) : (agency is null ? null : pki.AgencySigningKey(agency));
        if (cert is null || key is null) throw new CliUsageException("name the signer with --as AGENCY, or give --cert and --key");
        if (!File.Exists(cert)) throw new CliUsageException($"{cert}: no such certificate");
        return FileSigningKey.LoadPem(cert, key);
    }

    // The PIN never comes from the command line (it would sit in shell history and the process list).
    private static Pkcs11SigningKey LoadPkcs11(string uri, string? certificate)
    {
        try
        {
            return Pkcs11KeyStore.Load(Pkcs11Uri.Parse(uri), new Pkcs11Options { ModulePath = Environment.GetEnvironmentVariable("GW_PKCS11_MODULE") }, certificate);
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"--key: {e.Message}");
        }
    }

    /// <summary>The gateway's seal key of the development PKI (what the server seals receipts with).</summary>
    public FileSigningKey LoadSeal(ParseResult parse)
    {
        var pki = Layout(parse);
        if (!File.Exists(pki.SealCertificate)) throw new CliUsageException($"no gateway seal key in {pki.Directory} (gw pki init creates one)");
        return FileSigningKey.LoadPem(pki.SealCertificate, pki.SealKey);
    }

    /// <summary>--trust, else the development PKI's roots.</summary>
    public TrustStore LoadTrust(ParseResult parse)
    {
        var path = parse.GetValue(Trust)?.FullName ?? Layout(parse).RootsPem;
        if (!File.Exists(path) && !System.IO.Directory.Exists(path)) throw new CliUsageException($"{path}: no such trust file or folder");
        return TrustStore.Load(path);
    }

    public ITimeStampSource TimeStamps(ParseResult parse)
    {
        if (parse.GetValue(Tsa) is { } url) return new HttpTimeStampClient(new Uri(url));
        var pki = Layout(parse);
        if (!File.Exists(pki.TsaCertificate)) throw new CliUsageException($"no --tsa given and no development TSA key in {pki.Directory}");
        return new EmbeddedTimeStampAuthority(FileSigningKey.LoadPem(pki.TsaCertificate, pki.TsaKey));
    }

    public LongTermValidationOptions LongTerm(ParseResult parse) => new()
    {
        Trust = LoadTrust(parse),
        Revocation = new RevocationClient(),
    };
}
