using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Crypto.Internal;

namespace Gateway.Crypto;

/// <summary>
/// The development PKI: a root and an issuing CA and every certificate the gateway and its demo agencies need.
/// Idempotent: files that exist are kept, so a running system's trust does not change under it.
/// </summary>
public static partial class DevPki
{
    private const string Organization = "O=Gateway Development, C=TH";
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string TimeStamping = "1.3.6.1.5.5.7.3.8";
    private const string OcspSigning = "1.3.6.1.5.5.7.3.9";
    private const string OcspNoCheck = "1.3.6.1.5.5.7.48.1.5";

    private static readonly UTF8Encoding Utf8NoBom = new(false);

    public static DevPkiLayout Create(string directory, DevPkiOptions? options = null)
    {
        options ??= new DevPkiOptions();
        foreach (var agency in options.Agencies)
        {
            if (!AgencyId().IsMatch(agency))
            {
                throw new ArgumentException($"Agency id '{agency}' must match {AgencyId()} (it becomes a folder name).", nameof(options));
            }
        }

        var revocationBase = RevocationBase(options.RevocationBaseUrl);
        var layout = new DevPkiLayout(Path.GetFullPath(directory));
        var leaves = Leaves(layout, options.Agencies);
        string[] caFiles = [layout.RootCaCertificate, layout.RootCaKey, layout.IssuingCaCertificate, layout.IssuingCaKey, layout.RootsPem, layout.IntermediatesPem];
        var now = DateTimeOffset.UtcNow;

        bool newCa = options.Overwrite || !caFiles.All(File.Exists);
        if (newCa && !options.Overwrite && leaves.Any(l => File.Exists(l.CertificatePath) || File.Exists(l.KeyPath)))
        {
            // A new CA would orphan the existing certificates; make the caller say so explicitly.
            throw new InvalidOperationException($"The development CA under '{layout.Directory}' is incomplete but issued files exist; set Overwrite to regenerate everything.");
        }

        using var issuing = newCa ? CreateCa(layout, now, revocationBase) : X509Certificate2.CreateFromPemFile(layout.IssuingCaCertificate, layout.IssuingCaKey);
        using var issuingPublic = X509CertificateLoader.LoadCertificate(issuing.RawData);
        using var issuingKey = issuing.GetRSAPrivateKey()!;

        foreach (var leaf in leaves)
        {
            if (newCa || !File.Exists(leaf.CertificatePath) || !File.Exists(leaf.KeyPath))
            {
                IssueLeaf(issuingPublic, issuingKey, leaf, now, options.Validity, revocationBase);
            }
        }

        EnsureCrls(layout, newCa, now);

        WriteIfChanged(layout.AgenciesJson, AgenciesJson(layout, options.Agencies));
        EnsureLogKey(layout);
        return layout;
    }

    private sealed record Leaf(string CertificatePath, string KeyPath, string Subject, Action<CertificateRequest> AddExtensions);

    private static List<Leaf> Leaves(DevPkiLayout layout, IReadOnlyList<string> agencies)
    {
        var leaves = new List<Leaf>
        {
            new(layout.ServerCertificate, layout.ServerKey, "CN=localhost, " + Organization, r =>
            {
                var san = new SubjectAlternativeNameBuilder();
                san.AddDnsName("localhost");
                san.AddIpAddress(IPAddress.Loopback);
                san.AddIpAddress(IPAddress.IPv6Loopback);
                r.CertificateExtensions.Add(san.Build());
                r.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                r.CertificateExtensions.Add(Eku(ServerAuth, critical: false));
            }),
            // No EKU on the seal: it signs documents and receipts, and any EKU would only restrict it.
            new(layout.SealCertificate, layout.SealKey, "CN=Gateway Development Seal, " + Organization, r =>
            {
                r.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
                // Marks the certificate as a receipt seal, which receipt verification requires.
                r.CertificateExtensions.Add(CertificatePolicies.Extension(CertificatePolicies.GatewayReceiptSeal));
            }),
            // RFC 3161 §2.3 requires the timeStamping EKU to be the only one and critical (openssl ts -verify enforces it).
            new(layout.TsaCertificate, layout.TsaKey, "CN=Gateway Development TSA, " + Organization, r =>
            {
                r.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
                r.CertificateExtensions.Add(Eku(TimeStamping, critical: true));
            }),
            new(layout.OcspCertificate, layout.OcspKey, "CN=Gateway Development OCSP Responder, " + Organization, r =>
            {
                r.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                r.CertificateExtensions.Add(Eku(OcspSigning, critical: false));
                // id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1): clients need not ask whether the responder itself is revoked.
                r.CertificateExtensions.Add(new X509Extension(OcspNoCheck, [0x05, 0x00], false));
            }),
        };

        foreach (var agency in agencies)
        {
            leaves.Add(new(layout.AgencyClientCertificate(agency), layout.AgencyClientKey(agency), $"CN={agency}, OU=Agency, O=Demonstration Agency {agency}, C=TH", r =>
            {
                r.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                r.CertificateExtensions.Add(Eku(ClientAuth, critical: false));
            }));
            leaves.Add(new(layout.AgencySigningCertificate(agency), layout.AgencySigningKey(agency), $"CN={agency} signing, OU=Agency, O=Demonstration Agency {agency}, C=TH", r =>
                r.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true))));
        }

        return leaves;
    }

    /// <summary>Creates root and issuing CA files and returns the issuing CA with its private key.</summary>
    private static X509Certificate2 CreateCa(DevPkiLayout layout, DateTimeOffset now, string revocationBase)
    {
        var notBefore = now.AddHours(-1);
        var notAfter = now.AddYears(10);

        using var rootKey = RSA.Create(3072);
        var rootRequest = new CertificateRequest("CN=Gateway Development Root CA, " + Organization, rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var root = rootRequest.Create(rootRequest.SubjectName, X509SignatureGenerator.CreateForRSA(rootKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, BcInterop.RandomPositiveSerial(16));

        using var issuingKey = RSA.Create(3072);
        var issuingRequest = new CertificateRequest("CN=Gateway Development Issuing CA, " + Organization, issuingKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        issuingRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        issuingRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        issuingRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(issuingRequest.PublicKey, false));
        issuingRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        // anyPolicy lets RFC 5280 policy processing carry the seal policy through the CA, so that
        // `openssl cms -verify -policy OID -explicit_policy` can check a receipt's signer is a seal.
        issuingRequest.CertificateExtensions.Add(CertificatePolicies.Extension(CertificatePolicies.AnyPolicy));
        issuingRequest.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([revocationBase + "/crl/root.crl"], false));
        using var issuing = issuingRequest.Create(root.SubjectName, X509SignatureGenerator.CreateForRSA(rootKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, BcInterop.RandomPositiveSerial(16));

        WriteText(layout.RootCaCertificate, root.ExportCertificatePem() + "\n");
        WriteKey(layout.RootCaKey, rootKey.ExportPkcs8PrivateKeyPem());
        WriteText(layout.IssuingCaCertificate, issuing.ExportCertificatePem() + "\n");
        WriteKey(layout.IssuingCaKey, issuingKey.ExportPkcs8PrivateKeyPem());
        WriteText(layout.RootsPem, root.ExportCertificatePem() + "\n");
        WriteText(layout.IntermediatesPem, issuing.ExportCertificatePem() + "\n");
        return issuing.CopyWithPrivateKey(issuingKey);
    }

    private static void IssueLeaf(X509Certificate2 issuer, RSA issuerKey, Leaf leaf, DateTimeOffset now, TimeSpan validity, string revocationBase)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(leaf.Subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        leaf.AddExtensions(request);
        request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension([revocationBase + "/ocsp"], null, false));
        request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([revocationBase + "/crl/issuing.crl"], false));

        var notBefore = Max(now.AddHours(-1), issuer.NotBefore.ToUniversalTime());
        var notAfter = Min(now + validity, issuer.NotAfter.ToUniversalTime());
        using var certificate = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, BcInterop.RandomPositiveSerial(16));

        WriteText(leaf.CertificatePath, certificate.ExportCertificatePem() + "\n" + issuer.ExportCertificatePem() + "\n");
        WriteKey(leaf.KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Written with Utf8JsonWriter rather than JsonSerializer so that trimmed / AOT hosts work too.</summary>
    private static byte[] AgenciesJson(DevPkiLayout layout, IReadOnlyList<string> agencies)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("agencies");
            foreach (var agency in agencies)
            {
                using var client = X509CertificateLoader.LoadCertificate(FirstPemCertificate(layout.AgencyClientCertificate(agency)));
                writer.WriteStartObject();
                writer.WriteString("id", agency);
                writer.WriteString("name", $"Demonstration agency {agency}");
                writer.WriteString("clientCertificateSubject", client.Subject);
                writer.WriteString("clientCertificateSha256", Convert.ToHexStringLower(SHA256.HashData(client.RawData)));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static byte[] FirstPemCertificate(string path)
    {
        var text = File.ReadAllText(path);
        var fields = PemEncoding.Find(text);
        return Convert.FromBase64String(text[fields.Base64Data]);
    }

    private static X509Extension Eku(string oid, bool critical) =>
        new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(oid) }, critical);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static void WriteIfChanged(string path, byte[] content)
    {
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private static void WriteText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, Utf8NoBom);
    }

    private static void WriteKey(string path, string pem)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Deleting first makes the 0600 creation mode apply also when an old key is replaced.
        File.Delete(path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, fileOptions);
        using var writer = new StreamWriter(stream, Utf8NoBom);
        writer.Write(pem);
        writer.Write('\n');
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex AgencyId();
}
