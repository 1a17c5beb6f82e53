using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Gateway.Cli.Internal;
using Gateway.Merkle;
using Gateway.Pkcs11;

namespace Gateway.Cli.Commands;

/// <summary>
/// `gw keys list|generate|import-cert`: keys in a PKCS#11 token (an HSM; SoftHSM2 in tests). Keys are made in the
/// token and never leave it; a CA certifies them from the PKCS#10 request the token signs, and the certificate
/// goes back next to its key. Every URI printed is ready for Gateway:Seal:KeyPath and the like.
/// </summary>
internal static class KeysCommand
{
    private static readonly Dictionary<string, Pkcs11KeyType> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ec-p256"] = Pkcs11KeyType.EcP256,
        ["ec-p384"] = Pkcs11KeyType.EcP384,
        ["rsa-2048"] = Pkcs11KeyType.Rsa2048,
        ["rsa-3072"] = Pkcs11KeyType.Rsa3072,
        ["ed25519"] = Pkcs11KeyType.Ed25519,
    };

    public static Command Create(CliConsole console) =>
        new("keys", "Keys in a PKCS#11 token: list, generate (with a CSR), store a certificate") { List(console), Generate(console), ImportCertificate(console) };

    private static Command List(CliConsole console)
    {
        var token = new TokenOptions();
        var json = CliOutput.JsonOption();
        var command = new Command("list", "Each private key on the token: label, id, type, certificate and its pkcs11: URI") { json };
        token.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var keys = Pkcs11Tokens.ListKeys(token.Uri(parse), token.Options(parse));
            IEnumerable<string> lines = keys.Count == 0
                ? [$"no private keys on token '{parse.GetValue(token.Token)}'"]
                : keys.SelectMany(k => new[] { $"{k.Label,-16} id {Convert.ToHexStringLower(k.Id),-16} {k.Type,-9} {Certificate(k.Certificate)}", $"  {k.Uri}" });
            await CliOutput.WriteAsync(console, parse, json, string.Join(Environment.NewLine, lines), () => new()
            {
                ["token"] = parse.GetValue(token.Token),
                ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)Json(k))]),
            });
            return GwCommand.Ok;
        }));
        return command;
    }

    private static Command Generate(CliConsole console)
    {
        var token = new TokenOptions();
        var label = new Option<string>("--label") { Description = "The new key's label (CKA_LABEL), e.g. seal-2027", Required = true };
        var type = new Option<string>("--type")
        {
            Description = "ec-p256 (default), ec-p384, rsa-2048, rsa-3072, or ed25519 (the evidence log's checkpoint key)",
            DefaultValueFactory = _ => "ec-p256",
        };
        var id = new Option<string?>("--id") { Description = "The key id in hex (default: 8 random bytes)" };
        var subject = new Option<string?>("--subject") { Description = "Subject of the certificate request, e.g. \"CN=Gateway Seal 2027, O=Agency, C=TH\" (EC and RSA keys)" };
        var csr = new Option<FileInfo?>("--csr") { Description = "Where to write the PKCS#10 request (PEM) for the CA (default LABEL.csr)" };
        var origin = new Option<string?>("--origin") { Description = "Ed25519: the evidence log's origin, to print the key's C2SP verifier key" };
        var publicKey = new Option<FileInfo?>("--public-key") { Description = "Ed25519: where to write the public key (PEM) for verifiers (default LABEL.pub)" };
        var json = CliOutput.JsonOption();
        var command = new Command("generate", "Generate a key pair in the token; for EC and RSA write a CSR the token signs") { label, type, id, subject, csr, origin, publicKey, json };
        token.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            if (!Types.TryGetValue(parse.GetValue(type)!, out var keyType))
                throw new CliUsageException($"--type {parse.GetValue(type)}: one of {string.Join(", ", Types.Keys)}");
            X500DistinguishedName? name = null;
            if (keyType != Pkcs11KeyType.Ed25519)
            {
                var dn = parse.GetValue(subject) ?? throw new CliUsageException("--subject is required: the CA certifies the key from the request written here");
                try { name = new X500DistinguishedName(dn); }
                catch (CryptographicException) { throw new CliUsageException($"--subject {dn}: not a distinguished name (e.g. \"CN=Gateway Seal, O=Agency, C=TH\")"); }
            }
            var options = token.Options(parse);
            var info = Pkcs11Tokens.Generate(token.Uri(parse), options, parse.GetValue(label)!, keyType, TokenOptions.ParseId(parse.GetValue(id)));
            var keyUri = token.Uri(parse, info.Label, info.Id);
            var result = Json(info);
            var lines = new List<string> { $"generated {info.Type} key '{info.Label}' (id {Convert.ToHexStringLower(info.Id)}) in token '{parse.GetValue(token.Token)}'", $"  {info.Uri}" };
            if (name is not null)
            {
                var path = (parse.GetValue(csr) ?? new FileInfo(info.Label + ".csr")).FullName;
                var request = Pkcs11Tokens.CreateSigningRequest(keyUri, options, name);
                await File.WriteAllTextAsync(path, PemEncoding.WriteString("CERTIFICATE REQUEST", request) + "\n", ct);
                result["csr"] = path;
                lines.Add($"certificate request for {name.Name}: {path}");
                lines.Add($"  then: gw keys import-cert CERT.pem --token {parse.GetValue(token.Token)} --label {info.Label}");
            }
            else
            {
                using var key = Pkcs11KeyStore.LoadEd25519(keyUri, options);
                var path = (parse.GetValue(publicKey) ?? new FileInfo(info.Label + ".pub")).FullName;
                await File.WriteAllTextAsync(path, PemEncoding.WriteString("PUBLIC KEY", [.. Ed25519SpkiPrefix, .. key.PublicKey]) + "\n", ct);
                result["publicKey"] = path;
                lines.Add($"public key: {path}");
                if (parse.GetValue(origin) is { } logOrigin)
                {
                    var verifierKey = NoteVerifier.FromEd25519PublicKey(logOrigin, key.PublicKey).VerifierKey;
                    result["verifierKey"] = verifierKey;
                    lines.Add($"verifier key: {verifierKey}");
                }
            }
            await CliOutput.WriteAsync(console, parse, json, string.Join(Environment.NewLine, lines), () => result);
            return GwCommand.Ok;
        }));
        return command;
    }

    private static Command ImportCertificate(CliConsole console)
    {
        var token = new TokenOptions();
        var file = new Argument<FileInfo>("certificate") { Description = "The CA-issued certificate (PEM; leaf first, then its CA certificates, which are stored too)" };
        var label = new Option<string?>("--label") { Description = "The key's label" };
        var id = new Option<string?>("--id") { Description = "The key's id in hex" };
        var replace = new Option<bool>("--replace") { Description = "Replace the certificate stored for the key (a renewal)" };
        var json = CliOutput.JsonOption();
        var command = new Command("import-cert", "Store a certificate in the token next to its key (same CKA_ID), after checking it certifies that key") { file, label, id, replace, json };
        token.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            if (parse.GetValue(label) is null && parse.GetValue(id) is null) throw new CliUsageException("name the key with --label and/or --id");
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(parse.GetValue(file)!.FullName);
            if (certificates.Count == 0) throw new CliUsageException($"{parse.GetValue(file)!.FullName} holds no PEM certificate");
            var info = Pkcs11Tokens.ImportCertificate(token.Uri(parse, parse.GetValue(label), TokenOptions.ParseId(parse.GetValue(id))), token.Options(parse),
                certificates[0], [.. certificates.Skip(1)], parse.GetValue(replace));
            await CliOutput.WriteAsync(console, parse, json,
                $"stored '{certificates[0].Subject}' with key '{info.Label}' (id {Convert.ToHexStringLower(info.Id)}){Environment.NewLine}  {info.Uri}", () => Json(info));
            return GwCommand.Ok;
        }));
        return command;
    }

    // RFC 8410: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (32 bytes) }.
    private static readonly byte[] Ed25519SpkiPrefix = Convert.FromHexString("302a300506032b6570032100");

    private static string Certificate(X509Certificate2? certificate) =>
        certificate is null ? "(no certificate)" : $"{certificate.Subject}, until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}";

    private static JsonObject Json(Pkcs11KeyInfo key) => new()
    {
        ["label"] = key.Label,
        ["id"] = Convert.ToHexStringLower(key.Id),
        ["type"] = key.Type,
        ["certificate"] = key.Certificate is { } c
            ? new JsonObject
            {
                ["subject"] = c.Subject, ["issuer"] = c.Issuer, ["serialNumber"] = c.SerialNumber,
                ["notAfter"] = c.NotAfter.ToUniversalTime().ToString("O"),
            }
            : null,
        ["uri"] = key.Uri,
    };
}
