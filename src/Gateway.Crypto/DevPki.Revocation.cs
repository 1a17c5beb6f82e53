using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Internal;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Gateway.Crypto;

public static partial class DevPki
{
    private static readonly TimeSpan CrlLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// Revokes <paramref name="certificate"/> (issued by the development issuing CA, or the issuing CA itself):
    /// appends its serial and the time to <see cref="DevPkiLayout.RevokedSerialsFile"/> and re-issues both CRLs.
    /// Revoking twice keeps the first revocation time.
    /// </summary>
    public static void Revoke(DevPkiLayout layout, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(certificate);
        using var root = X509CertificateLoader.LoadCertificateFromFile(layout.RootCaCertificate);
        using var issuing = X509CertificateLoader.LoadCertificateFromFile(layout.IssuingCaCertificate);
        var issuer = certificate.IssuerName.RawData;
        if (!issuer.AsSpan().SequenceEqual(issuing.SubjectName.RawData) && !issuer.AsSpan().SequenceEqual(root.SubjectName.RawData))
        {
            throw new ArgumentException($"'{certificate.Subject}' was not issued by the development CA under '{layout.Directory}'.", nameof(certificate));
        }

        if (certificate.RawData.AsSpan().SequenceEqual(root.RawData))
        {
            throw new ArgumentException("The root CA cannot be revoked; make a new PKI instead.", nameof(certificate));
        }

        var serial = SerialNumbers.Canonical(certificate);
        if (!ReadRevoked(layout).ContainsKey(serial))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(layout.RevokedSerialsFile)!);
            var existing = File.Exists(layout.RevokedSerialsFile) ? File.ReadAllText(layout.RevokedSerialsFile) : "";
            var separator = existing.Length == 0 || existing.EndsWith('\n') ? "" : "\n";
            File.AppendAllText(layout.RevokedSerialsFile, $"{separator}{serial} {SerialNumbers.Time(DateTimeOffset.UtcNow)}\n", Utf8NoBom);
        }

        RefreshCrls(layout);
    }

    /// <summary>Re-issues both CRLs from <see cref="DevPkiLayout.RevokedSerialsFile"/>: thisUpdate now, nextUpdate in 7 days.</summary>
    public static void RefreshCrls(DevPkiLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var now = DateTimeOffset.UtcNow;
        using var root = X509Certificate2.CreateFromPemFile(layout.RootCaCertificate, layout.RootCaKey);
        using var issuing = X509Certificate2.CreateFromPemFile(layout.IssuingCaCertificate, layout.IssuingCaKey);
        var revoked = ReadRevoked(layout);
        var issuingSerial = SerialNumbers.Canonical(issuing);

        // The issuing CA's serial goes on the root's CRL, every other one on the issuing CA's.
        var onRoot = revoked.Where(r => r.Key == issuingSerial);
        var onIssuing = revoked.Where(r => r.Key != issuingSerial);
        WriteCrl(layout.RootCrl, root, onRoot, now);
        WriteCrl(layout.IssuingCrl, issuing, onIssuing, now);
    }

    /// <summary>
    /// Serials listed in <see cref="DevPkiLayout.RevokedSerialsFile"/> (canonical upper-case hex) and their revocation
    /// time; null when the line gives none (callers then use the CA's notBefore: revoked for the whole lifetime).
    /// </summary>
    internal static Dictionary<string, DateTimeOffset?> ReadRevoked(DevPkiLayout layout)
    {
        var result = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        if (!File.Exists(layout.RevokedSerialsFile))
        {
            return result;
        }

        var lineNumber = 0;
        foreach (var raw in File.ReadAllLines(layout.RevokedSerialsFile))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var serial = SerialNumbers.TryCanonical(parts[0])
                ?? throw new CryptoFormatException($"{layout.RevokedSerialsFile}:{lineNumber}: '{parts[0]}' is not a hex serial number.");
            DateTimeOffset? time = null;
            if (parts.Length == 2)
            {
                if (!DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    throw new CryptoFormatException($"{layout.RevokedSerialsFile}:{lineNumber}: '{parts[1]}' is not a time.");
                }

                time = parsed;
            }

            result.TryAdd(serial, time);
        }

        return result;
    }

    /// <summary>Validates and normalises <see cref="DevPkiOptions.RevocationBaseUrl"/> (no trailing slash).</summary>
    private static string RevocationBase(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"RevocationBaseUrl '{url}' must be an absolute http(s) URL.", nameof(url));
        }

        return url.TrimEnd('/');
    }

    /// <summary>
    /// A new CA starts with an empty revocation list. Otherwise existing CRLs are kept (idempotency) unless missing,
    /// unreadable or within a day of their nextUpdate.
    /// </summary>
    private static void EnsureCrls(DevPkiLayout layout, bool newCa, DateTimeOffset now)
    {
        if (newCa || !File.Exists(layout.RevokedSerialsFile))
        {
            WriteText(layout.RevokedSerialsFile, "");
        }

        if (newCa || NeedsRefresh(layout.IssuingCrl, now) || NeedsRefresh(layout.RootCrl, now))
        {
            RefreshCrls(layout);
        }
    }

    private static bool NeedsRefresh(string path, DateTimeOffset now)
    {
        try
        {
            var crl = new X509CrlParser().ReadCrl(File.ReadAllBytes(path));
            return crl?.NextUpdate is not { } next || next < now.UtcDateTime.AddDays(1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException || e.GetType().Namespace?.StartsWith("Org.BouncyCastle", StringComparison.Ordinal) == true)
        {
            return true;
        }
    }

    private static void WriteCrl(string path, X509Certificate2 ca, IEnumerable<KeyValuePair<string, DateTimeOffset?>> revoked, DateTimeOffset now)
    {
        var bcCa = BcInterop.ToBc(ca);
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(bcCa.SubjectDN);
        generator.SetThisUpdate(now.UtcDateTime);
        generator.SetNextUpdate((now + CrlLifetime).UtcDateTime);
        foreach (var (serial, time) in revoked.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            generator.AddCrlEntry(SerialNumbers.Parse(serial), (time ?? ca.NotBefore.ToUniversalTime()).UtcDateTime, CrlReason.Unspecified);
        }

        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(bcCa));
        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(NextCrlNumber(path, now)));

        using var rsa = ca.GetRSAPrivateKey() ?? throw new InvalidOperationException($"'{ca.Subject}' has no RSA private key.");
        var key = PrivateKeyFactory.CreateKey(rsa.ExportPkcs8PrivateKey());
        var crl = generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", key));

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Replace, not rewrite in place, so that a server reading the file never sees half a CRL.
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllBytes(temporary, crl.GetEncoded());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Increases with every issue: the previous number + 1, or the Unix time if larger.</summary>
    private static BcBigInteger NextCrlNumber(string path, DateTimeOffset now)
    {
        var number = BcBigInteger.ValueOf(now.ToUnixTimeSeconds());
        try
        {
            var previous = new X509CrlParser().ReadCrl(File.ReadAllBytes(path));
            var value = previous?.GetExtensionValue(X509Extensions.CrlNumber);
            if (value is not null)
            {
                var next = DerInteger.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).Value.Add(BcBigInteger.One);
                return next.CompareTo(number) > 0 ? next : number;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException || e.GetType().Namespace?.StartsWith("Org.BouncyCastle", StringComparison.Ordinal) == true)
        {
        }

        return number;
    }
}
