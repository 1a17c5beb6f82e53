using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509.Extension;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Pkix.Internal;

/// <summary>
/// A certificate read once by BouncyCastle, with what path building compares. .NET's X509Certificate2 parses
/// extensions lazily and throws on the first malformed one; reading everything up front here means a bad certificate
/// fails in one place, as "unreadable", and never in the middle of a check.
/// </summary>
internal sealed class ParsedCertificate
{
    private ParsedCertificate(X509Certificate2 certificate, BcCertificate bc, byte[] raw)
    {
        Certificate = certificate;
        Bc = bc;
        Raw = raw;
        Subject = bc.SubjectDN;
        Issuer = bc.IssuerDN;
        SubjectPublicKeyInfo = bc.SubjectPublicKeyInfo.GetEncoded(Asn1Encodable.Der);
        NotBefore = Utc(bc.NotBefore);
        NotAfter = Utc(bc.NotAfter);
        // Most significant RDN last, as people (and .NET) write names.
        Name = Subject.ToString(true, X509Name.DefaultSymbols);
        IssuerName = Issuer.ToString(true, X509Name.DefaultSymbols);
        SubjectKeyId = Try(() => bc.GetExtensionValue(X509Extensions.SubjectKeyIdentifier) is { } ski
            ? SubjectKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(ski)).GetKeyIdentifier()
            : null);
        AuthorityKeyId = Try(() => bc.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier) is { } aki
            ? AuthorityKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(aki)).KeyIdentifier?.GetOctets()
            : null);
        _publicKey = new Lazy<AsymmetricKeyParameter?>(() => Try(bc.GetPublicKey));
        IsSelfIssued = Subject.Equivalent(Issuer, true);
        SubjectKey = NameKey(Name);
        IssuerKey = NameKey(IssuerName);
    }

    public X509Certificate2 Certificate { get; }

    public BcCertificate Bc { get; }

    public byte[] Raw { get; }

    public X509Name Subject { get; }

    public X509Name Issuer { get; }

    /// <summary>The subject DN for messages.</summary>
    public string Name { get; }

    public string IssuerName { get; }

    /// <summary>
    /// The subject as a comparison key (case and runs of spaces folded): names that differ here are not equivalent,
    /// so path building calls BouncyCastle's slower <see cref="X509Name.Equivalent(X509Name, bool)"/> only on a match.
    /// </summary>
    public string SubjectKey { get; }

    public string IssuerKey { get; }

    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>Null when absent or unreadable: then it does not constrain path building.</summary>
    public byte[]? SubjectKeyId { get; }

    public byte[]? AuthorityKeyId { get; }

    /// <summary>Null when the key's algorithm is unknown to BouncyCastle: such a certificate cannot issue anything.</summary>
    public AsymmetricKeyParameter? PublicKey => _publicKey.Value;

    // BouncyCastle tests every RSA modulus it reads for primality (tens of milliseconds for 4096 bits): read the key
    // only when the platform could not verify with it.
    private readonly Lazy<AsymmetricKeyParameter?> _publicKey;

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>RFC 5280: subject and issuer names are the same (a root, or a CA's re-key / self-issued certificate).</summary>
    public bool IsSelfIssued { get; }

    /// <summary>RFC 5280 §6.1 identifies a trust anchor by its name and key, so a re-issued root is the same anchor.</summary>
    public bool SameNameAndKey(ParsedCertificate other) =>
        Subject.Equivalent(other.Subject, true) && SubjectPublicKeyInfo.AsSpan().SequenceEqual(other.SubjectPublicKeyInfo);

    public bool SameBytes(ParsedCertificate other) => Raw.AsSpan().SequenceEqual(other.Raw);

    public bool IsValidAt(DateTimeOffset time) => NotBefore <= time && time <= NotAfter;

    /// <summary>Null (with the reason) when BouncyCastle cannot read the certificate.</summary>
    public static ParsedCertificate? TryParse(X509Certificate2 certificate, out string? problem)
    {
        try
        {
            var raw = certificate.RawData;
            var parsed = new ParsedCertificate(certificate, new BcCertificate(raw), raw);
            problem = null;
            return parsed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problem = e.Message;
            return null;
        }
    }

    private static string NameKey(string name)
    {
        var key = new System.Text.StringBuilder(name.Length);
        var space = false;
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && key.Length > 0) key.Append(' ');
            space = false;
            key.Append(char.ToLowerInvariant(c));
        }

        return key.ToString();
    }

    private static DateTimeOffset Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc), TimeSpan.Zero),
    };

    private static T? Try<T>(Func<T?> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
