using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Pkix;
using Gateway.Signing;
using Gateway.Validation;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Tsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Fuzz;

/// <summary>
/// What the harnesses validate against and start from, made once at run time and kept under artifacts/fuzz/material
/// (never committed): a development PKI, documents signed with it, a receipt, a detached CAdES signature, an RFC 3161
/// token and request, CRLs and an OCSP response. A restarted harness (AFL restarts it after every hang) only loads it.
/// </summary>
internal sealed class FuzzMaterial
{
    /// <summary>What the detached signature signs and the time-stamp token stamps.</summary>
    public static readonly byte[] SignedData = "Gateway fuzzing: the data a detached signature covers"u8.ToArray();

    /// <summary>Validation is judged at one time for the whole run, so that an input takes the same path every time it runs.</summary>
    public static readonly DateTimeOffset ValidationTime = DateTimeOffset.UtcNow;

    private const string ReadyMarker = "ready";

    private FuzzMaterial(string directory)
    {
        Directory = directory;
        Pki = new DevPkiLayout(System.IO.Path.Combine(directory, "pki"));
        Trust = TrustStore.Load(Pki.RootsPem);
        IssuingCa = X509CertificateLoader.LoadCertificateFromFile(Pki.IssuingCaCertificate);
        Signer = X509CertificateLoader.LoadCertificateFromFile(Pki.AgencySigningCertificate("agency-a"));
        OcspResponder = X509CertificateLoader.LoadCertificateFromFile(Pki.OcspCertificate);
    }

    public string Directory { get; }

    public DevPkiLayout Pki { get; }

    public TrustStore Trust { get; }

    public X509Certificate2 IssuingCa { get; }

    /// <summary>agency-a's signing certificate, issued by <see cref="IssuingCa"/>: what revocation data is checked for.</summary>
    public X509Certificate2 Signer { get; }

    public X509Certificate2 OcspResponder { get; }

    public string File(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>The files this material made with the given extension, e.g. ".pdf".</summary>
    public IEnumerable<string> Files(string extension) =>
        System.IO.Directory.EnumerateFiles(Directory, "*" + extension).Order(StringComparer.Ordinal);

    /// <summary>The gateway's validator against the development PKI, offline so that no input makes it reach the network.</summary>
    public DocumentValidator OfflineValidator() => new(
        new CertificateValidator(Trust, null, new CertificateValidatorOptions { FetchRevocation = false }),
        new DocumentValidatorOptions { ValidationTime = ValidationTime });

    /// <summary>$GATEWAY_FUZZ_MATERIAL, or artifacts/fuzz/material in the repository; made when absent.</summary>
    public static FuzzMaterial Load()
    {
        var directory = Environment.GetEnvironmentVariable("GATEWAY_FUZZ_MATERIAL") is { Length: > 0 } configured
            ? configured
            : RepositoryFiles.Path("artifacts", "fuzz", "material");
        if (!System.IO.File.Exists(System.IO.Path.Combine(directory, ReadyMarker))) Create(directory).GetAwaiter().GetResult();
        return new FuzzMaterial(directory);
    }

    private static async Task Create(string directory)
    {
        if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        System.IO.Directory.CreateDirectory(directory);
        var pki = DevPki.Create(System.IO.Path.Combine(directory, "pki"));
        void Write(string name, byte[] bytes) => System.IO.File.WriteAllBytes(System.IO.Path.Combine(directory, name), bytes);

        using var tsaKey = FileSigningKey.LoadPem(pki.TsaCertificate, pki.TsaKey);
        var tsa = new EmbeddedTimeStampAuthority(tsaKey);
        using var agency = FileSigningKey.LoadPem(pki.AgencySigningCertificate("agency-a"), pki.AgencySigningKey("agency-a"));
        using var seal = FileSigningKey.LoadPem(pki.SealCertificate, pki.SealKey);

        // Signed documents: the signer's own output is what a peer gateway or an agency sends back most often.
        var permit = System.IO.File.ReadAllBytes(RepositoryFiles.Path("samples", "permit.pdf"));
        var signer = new PadesSigner(agency, tsa);
        var baselineT = await signer.SignAsync(permit, new PadesSignatureOptions { Level = PadesLevel.BaselineT });
        Write("signed-b.pdf", await signer.SignAsync(permit, new PadesSignatureOptions { Level = PadesLevel.BaselineB }));
        Write("signed-t.pdf", baselineT);
        Write("certified-p2.pdf", await signer.SignAsync(permit, new PadesSignatureOptions { Level = PadesLevel.BaselineT, CertifyPermissions = 2 }));
        Write("signed-twice.pdf", await signer.SignAsync(baselineT, new PadesSignatureOptions { Level = PadesLevel.BaselineB, FieldName = "Second" }));

        // A receipt as the gateway issues it (CAdES-B-T, encapsulated JSON), and a detached CAdES-B-T signature.
        var receipt = await new ReceiptIssuer(seal, tsa).IssueAsync(new ReceiptContent
        {
            ReceiptId = ReceiptIssuer.NewId(),
            Event = ReceiptEvent.SubmissionAcceptance,
            MessageId = ReceiptIssuer.NewId(),
            Sender = new ReceiptParty("agency-a"),
            Recipient = new ReceiptParty("agency-b"),
            Document = new ReceiptDocumentInfo(Convert.ToHexStringLower(SHA256.HashData(permit)), permit.Length, "application/pdf", "permit.pdf"),
            GatewayTime = DateTimeOffset.UtcNow,
            GatewayId = "gateway-fuzz",
        });
        Write("receipt.p7s", receipt.Signed);
        Write("detached.p7s", await new CadesSigner(agency, tsa).SignAsync(SignedData, encapsulate: false));

        // RFC 3161: a token over SignedData, and the request a client would POST to /tsa.
        var digest = SHA256.HashData(SignedData);
        Write("token.tst", tsa.Issue(digest, HashAlgorithmName.SHA256));
        var request = new TimeStampRequestGenerator();
        request.SetCertReq(true);
        Write("request.tsq", request.Generate(TspAlgorithms.Sha256, digest).GetEncoded());

        // Revocation data about agency-a's signing certificate: the PKI's CRLs and its OCSP responder's answer.
        System.IO.File.Copy(pki.IssuingCrl, System.IO.Path.Combine(directory, "issuing.crl"));
        System.IO.File.Copy(pki.RootCrl, System.IO.Path.Combine(directory, "root.crl"));
        using var issuer = X509CertificateLoader.LoadCertificateFromFile(pki.IssuingCaCertificate);
        using var subject = X509CertificateLoader.LoadCertificateFromFile(pki.AgencySigningCertificate("agency-a"));
        var ocspRequest = new OcspReqGenerator();
        ocspRequest.AddRequest(new CertificateID(CertificateID.DigestSha1, new BcCertificate(issuer.RawData), new BcCertificate(subject.RawData).SerialNumber));
        var ocspRequestDer = ocspRequest.Generate().GetEncoded();
        Write("request.ocsp", ocspRequestDer);
        using (var responder = Crypto.OcspResponder.ForDevPki(pki)) Write("response.ocsp", responder.Respond(ocspRequestDer));

        System.IO.File.WriteAllText(System.IO.Path.Combine(directory, ReadyMarker), DateTimeOffset.UtcNow.ToString("O"));
    }
}
