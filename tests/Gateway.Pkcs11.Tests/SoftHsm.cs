using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Pkcs11;

namespace Gateway.Pkcs11.Tests;

/// <summary>
/// A throwaway SoftHSM2 token in a folder of the test run (its own softhsm2.conf), with keys made the
/// way an operator would, by pkcs11-tool, and certificates for them from a development CA:
/// "seal" (ECDSA P-256, its certificate stored on the token), "rsa" (RSA-2048, certificate in a PEM
/// file), "tsa" (ECDSA P-384, a time-stamping certificate in a PEM file) and "log" (Ed25519, an evidence
/// log checkpoint key, which has no certificate).
/// </summary>
public sealed class SoftHsm : IDisposable
{
    public const string TokenLabel = "gw-test";

    // Distinctive so that a search for it cannot match a line number or a length by chance.
    public const string Pin = "73915468";
    private const string SoPin = "5678";

    private static readonly string[] Modules = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"];

    private readonly TempFolder _folder = new("gw-softhsm");

    public SoftHsm()
    {
        ModulePath = Modules.FirstOrDefault(File.Exists) ?? "";
        if (!ExternalTool.Require("softhsm2-util") || !ExternalTool.Require("pkcs11-tool")) return;
        if (ModulePath.Length == 0)
        {
            if (ExternalTool.InCi) Assert.Fail("libsofthsm2.so is required under CI=true (make deps installs softhsm2)");
            return;
        }

        var tokens = Directory.CreateDirectory(_folder.File("tokens")).FullName;
        File.WriteAllText(_folder.File("softhsm2.conf"), $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n");
        // SoftHSM reads this at C_Initialize, in pkcs11-tool and in this process alike; .NET keeps its own
        // copy of the environment, so the C library's is set too for the module loaded here.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", _folder.File("softhsm2.conf"));
        _ = SetNativeEnvironment("SOFTHSM2_CONF", _folder.File("softhsm2.conf"), 1);
        Environment.SetEnvironmentVariable(PinVariable, Pin);

        Run("softhsm2-util", "--init-token", "--free", "--label", TokenLabel, "--pin", Pin, "--so-pin", SoPin);
        Generate("EC:prime256v1", "seal", "01");
        Generate("rsa:2048", "rsa", "02");
        Generate("EC:secp384r1", "tsa", "03");
        Generate("EC:edwards25519", "log", "04");

        Pki = DevPki.Create(_folder.File("pki"));
        using var issuing = X509Certificate2.CreateFromPemFile(Pki.IssuingCaCertificate, Pki.IssuingCaKey);
        var seal = Issue(issuing, "01", "CN=HSM Seal, O=Gateway Tests, C=TH", request =>
            request.CertificateExtensions.Add(CertificatePolicies.Extension(CertificatePolicies.GatewayReceiptSeal)));
        File.WriteAllBytes(_folder.File("seal.der"), seal.RawData);
        Run("pkcs11-tool", "--module", ModulePath, "--token-label", TokenLabel, "--login", "--pin", Pin,
            "--write-object", _folder.File("seal.der"), "--type", "cert", "--id", "01", "--label", "seal");
        // The issuing CA next to it, so that a key whose certificate comes from the token has its chain too.
        File.WriteAllBytes(_folder.File("issuing.der"), issuing.RawData);
        Run("pkcs11-tool", "--module", ModulePath, "--token-label", TokenLabel, "--login", "--pin", Pin,
            "--write-object", _folder.File("issuing.der"), "--type", "cert", "--id", "ca", "--label", "issuing-ca");
        SealCertificate = WritePem("seal.pem", seal, issuing);
        RsaCertificate = WritePem("rsa.pem", Issue(issuing, "02", "CN=HSM RSA Signer, O=Gateway Tests, C=TH", _ => { }), issuing);
        TsaCertificate = WritePem("tsa.pem", Issue(issuing, "03", "CN=HSM TSA, O=Gateway Tests, C=TH", request =>
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], critical: true))), issuing);
        Available = true;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetNativeEnvironment(string name, string value, int overwrite);

    public const string PinVariable = "GW_PKCS11_TEST_PIN";

    public bool Available { get; }

    public string ModulePath { get; }

    public DevPkiLayout Pki { get; } = null!;

    public string SealCertificate { get; } = "";

    public string RsaCertificate { get; } = "";

    public string TsaCertificate { get; } = "";

    public TempFolder Folder => _folder;

    public Pkcs11Options Options => new() { ModulePath = ModulePath, PinEnvironmentVariable = PinVariable };

    /// <summary>Every message, exception and tool output of the run, searched for secrets at the end.</summary>
    public ConcurrentQueue<string> Transcript { get; } = new();

    public Pkcs11SigningKey Load(string label, string? certificate = null) =>
        Pkcs11KeyStore.Load($"pkcs11:token={TokenLabel};object={label}", Options, certificate);

    public Pkcs11SigningKey Seal() => Load("seal");

    public Pkcs11SigningKey Rsa() => Load("rsa", RsaCertificate);

    public Pkcs11SigningKey Tsa() => Load("tsa", TsaCertificate);

    /// <summary>A certificate from the development issuing CA for the key a PKCS#10 request (PEM) names, as a real CA would issue it.</summary>
    public X509Certificate2 IssueFromRequest(string requestPem, Action<CertificateRequest>? extend = null)
    {
        var request = CertificateRequest.LoadSigningRequestPem(requestPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        using var issuing = X509Certificate2.CreateFromPemFile(Pki.IssuingCaCertificate, Pki.IssuingCaKey);
        return Certify(issuing, request.PublicKey, request.SubjectName.Name, extend ?? (_ => { }));
    }

    /// <summary>The development issuing CA's certificate (PEM), to append to an issued certificate.</summary>
    public string IssuingCaPem => File.ReadAllText(Pki.IssuingCaCertificate);

    /// <summary>`gw keys ARGS --token gw-test --module ... --json`, the PIN in GW_PKCS11_PIN as an operator sets it; must succeed.</summary>
    public async Task<System.Text.Json.Nodes.JsonNode> KeysAsync(params string[] arguments)
    {
        var (code, stdout, error) = await GwKeysAsync(arguments);
        Assert.True(code == 0, stdout + error);
        return System.Text.Json.Nodes.JsonNode.Parse(stdout)!;
    }

    /// <summary>`gw keys ARGS` on this token, whatever it returns (recorded in the transcript).</summary>
    public async Task<(int Code, string Out, string Error)> GwKeysAsync(params string[] arguments)
    {
        Environment.SetEnvironmentVariable("GW_PKCS11_PIN", Pin);
        var result = await Gateway.Cli.GwCommand.RunCapturedAsync(["keys", .. arguments, "--token", TokenLabel, "--module", ModulePath, "--json"]);
        Transcript.Enqueue(result.Out + result.Error);
        return result;
    }

    public ExternalTool.Result Run(string tool, params string[] arguments)
    {
        var result = ExternalTool.Run(tool, arguments);
        Transcript.Enqueue(result.ToString());
        Assert.True(result.ExitCode == 0, $"{tool}: {result}");
        return result;
    }

    /// <summary>
    /// After the whole run: no message, exception or tool output showed the PIN or anything shaped like a
    /// private key (the token keys cannot be read out at all: <see cref="TokenKeyTests.Private_keys_stay_in_the_token"/>).
    /// A failure here fails the run as a collection clean-up failure.
    /// </summary>
    public void Dispose()
    {
        var needles = Available ? SecretMaterial.Of(Pki) : [];
        _folder.Dispose();
        if (!Available) return;
        Assert.NotEmpty(Transcript);
        foreach (var entry in Transcript) AssertNoSecret(entry, needles);
    }

    /// <summary>No PIN, no PEM private key block, none of the PKI's private key values.</summary>
    public void AssertNoSecret(string text, IReadOnlyList<string>? needles = null)
    {
        Assert.DoesNotContain(Pin, text);
        Assert.DoesNotContain("PRIVATE KEY", text);
        foreach (var needle in needles ?? SecretMaterial.Of(Pki)) Assert.DoesNotContain(needle, text);
    }

    private void Generate(string type, string label, string id) =>
        Run("pkcs11-tool", "--module", ModulePath, "--token-label", TokenLabel, "--login", "--pin", Pin,
            "--keypairgen", "--key-type", type, "--label", label, "--id", id);

    /// <summary>A certificate for the token's public key, issued without a CSR (the token would have to sign one).</summary>
    private X509Certificate2 Issue(X509Certificate2 issuer, string id, string subject, Action<CertificateRequest> extend) =>
        Certify(issuer, PublicKey.CreateFromSubjectPublicKeyInfo(SubjectPublicKeyInfo(id), out _), subject, extend);

    private static X509Certificate2 Certify(X509Certificate2 issuer, PublicKey publicKey, string subject, Action<CertificateRequest> extend)
    {
        var request = new CertificateRequest(new X500DistinguishedName(subject), publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        extend(request);
        var now = DateTimeOffset.UtcNow;
        using var issuerKey = issuer.GetRSAPrivateKey()!;
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1),
            now.AddMinutes(-5), now.AddDays(30), RandomNumberGenerator.GetBytes(16).Select((b, i) => i == 0 ? (byte)(b & 0x7F | 0x01) : b).ToArray());
    }

    /// <summary>
    /// The token's public key as pkcs11-tool shows it. EC keys come from the listing: opensc 0.23
    /// cannot export a P-384 public key ("cannot create EVP_PKEY"), but it prints the point.
    /// </summary>
    private byte[] SubjectPublicKeyInfo(string id)
    {
        var listing = Run("pkcs11-tool", "--module", ModulePath, "--token-label", TokenLabel, "--list-objects", "--type", "pubkey").StandardOutput;
        var block = listing.Split("Public Key Object;").Single(b => System.Text.RegularExpressions.Regex.IsMatch(b, $@"ID:\s+{id}\s"));
        var point = System.Text.RegularExpressions.Regex.Match(block, @"EC_POINT:\s+([0-9a-f]+)");
        if (!point.Success)
        {
            var spki = _folder.File($"{id}.pub.der");
            Run("pkcs11-tool", "--module", ModulePath, "--token-label", TokenLabel, "--read-object", "--type", "pubkey", "--id", id, "--output-file", spki);
            return File.ReadAllBytes(spki);
        }
        // CKA_EC_POINT: an OCTET STRING (04 len) around the uncompressed point 04 || X || Y.
        var encoded = Convert.FromHexString(point.Groups[1].Value);
        var bare = System.Formats.Asn1.AsnDecoder.ReadOctetString(encoded, System.Formats.Asn1.AsnEncodingRules.DER, out _);
        var half = (bare.Length - 1) / 2;
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = half == 32 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384,
            Q = new ECPoint { X = bare[1..(1 + half)], Y = bare[(1 + half)..] },
        });
        return ecdsa.ExportSubjectPublicKeyInfo();
    }

    private string WritePem(string name, X509Certificate2 leaf, X509Certificate2 issuer)
    {
        var path = _folder.File(name);
        File.WriteAllText(path, leaf.ExportCertificatePem() + "\n" + issuer.ExportCertificatePem() + "\n");
        return path;
    }
}
