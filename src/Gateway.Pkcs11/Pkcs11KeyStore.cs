using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Pkcs11.Internal;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Gateway.Pkcs11;

/// <summary>
/// Opens signing keys named by PKCS#11 URIs. Keys on the same token share its login and session pool;
/// the token is logged out and the module unloaded when the last key is disposed.
/// </summary>
public static class Pkcs11KeyStore
{
    private static readonly Dictionary<(string Module, string Label), (Pkcs11Token Token, int Users)> Tokens = [];

    /// <param name="uri">pkcs11:token=LABEL;object=LABEL (and/or id=%01)[?module-path=...&amp;pin-source=file:///...]</param>
    /// <param name="options">Module path and PIN variable when the URI does not give them.</param>
    /// <param name="certificatePath">PEM (leaf first, then its chain) when the token holds no certificate object with the key's id.</param>
    public static Pkcs11SigningKey Load(Pkcs11Uri uri, Pkcs11Options options, string? certificatePath = null)
    {
        var modulePath = uri.ModulePath ?? options.ModulePath
            ?? throw new Pkcs11KeyException($"no PKCS#11 module for {uri}: add module-path to the URI or configure Gateway:Pkcs11:ModulePath");
        var token = Acquire(modulePath, uri, options);
        try
        {
            var lease = token.Rent();
            var broken = false;
            try
            {
                var (certificate, chain, algorithm) = Describe(lease.Session, uri, certificatePath);
                return new Pkcs11SigningKey(token, uri, certificate, chain, algorithm);
            }
            catch (Pkcs11Exception e)
            {
                broken = Pkcs11Failures.IsGone(e);
                throw new Pkcs11KeyException($"cannot read {uri}: {e.RV}", e);
            }
            finally
            {
                token.Return(lease, broken);
            }
        }
        catch
        {
            Release(token);
            throw;
        }
    }

    public static Pkcs11SigningKey Load(string uri, Pkcs11Options options, string? certificatePath = null) =>
        Load(Pkcs11Uri.Parse(uri), options, certificatePath);

    internal static void Release(Pkcs11Token token)
    {
        lock (Tokens)
        {
            var key = (token.Module.Path, token.Label);
            var (_, users) = Tokens[key];
            if (users > 1)
            {
                Tokens[key] = (token, users - 1);
                return;
            }
            Tokens.Remove(key);
        }
        token.Dispose();
        token.Module.Release();
    }

    private static Pkcs11Token Acquire(string modulePath, Pkcs11Uri uri, Pkcs11Options options)
    {
        // Read every time, so that a missing PIN file or variable is reported even when the token is open.
        var pin = Pkcs11Pin.Read(uri, options);
        lock (Tokens)
        {
            var module = Pkcs11Module.Acquire(modulePath);
            var key = (module.Path, uri.Token!);
            if (Tokens.TryGetValue(key, out var entry))
            {
                module.Release();
                var same = entry.Token.HasPin(pin);
                CryptographicOperations.ZeroMemory(pin);
                // The login is per token: a second PIN could only be a mistake, and would hide one.
                if (!same) throw new Pkcs11KeyException($"{uri} gives another PIN for token '{uri.Token}', which is open with a different one");
                Tokens[key] = (entry.Token, entry.Users + 1);
                return entry.Token;
            }
            try
            {
                var token = new Pkcs11Token(module, uri.Token!, pin, options.MaxSessions);
                Tokens.Add(key, (token, 1));
                return token;
            }
            catch
            {
                module.Release();
                throw;
            }
        }
    }

    private static (X509Certificate2, IReadOnlyList<X509Certificate2>, KeyAlgorithm) Describe(ISession session, Pkcs11Uri uri, string? certificatePath)
    {
        var privateKey = Pkcs11Objects.FindPrivateKey(session, uri);
        var algorithm = (CKK)Pkcs11Objects.Number(session, privateKey, CKA.CKA_KEY_TYPE) switch
        {
            CKK.CKK_RSA => KeyAlgorithm.Rsa,
            CKK.CKK_EC => KeyAlgorithm.Ecdsa,
            var other => throw new Pkcs11KeyException($"{uri} is a {other} key; RSA and EC keys can sign"),
        };
        var id = Pkcs11Objects.Bytes(session, privateKey, CKA.CKA_ID);

        X509Certificate2 leaf;
        IReadOnlyList<X509Certificate2> chain;
        if (certificatePath is not null)
        {
            var file = new X509Certificate2Collection();
            try { file.ImportFromPemFile(certificatePath); }
            catch (Exception e) when (e is CryptographicException or IOException)
            {
                throw new Pkcs11KeyException($"cannot read certificates from '{certificatePath}' for {uri}", e);
            }
            if (file.Count == 0) throw new Pkcs11KeyException($"'{certificatePath}' holds no PEM certificate for {uri}");
            leaf = file[0];
            chain = FileSigningKey.OrderChain(leaf, file.Skip(1));
        }
        else
        {
            var handle = Pkcs11Objects.FindOne(session, CKO.CKO_CERTIFICATE, id)
                ?? throw new Pkcs11KeyException($"the token holds no certificate with the id of {uri}: configure a certificate file");
            leaf = X509CertificateLoader.LoadCertificate(Pkcs11Objects.Bytes(session, handle, CKA.CKA_VALUE));
            chain = ChainOnToken(session, leaf);
        }

        if (!Matches(session, privateKey, id, algorithm, leaf))
            throw new Pkcs11KeyException($"the private key {uri} does not belong to certificate '{leaf.Subject}'");
        return (leaf, chain, algorithm);
    }

    /// <summary>The issuing CAs stored on the token next to the key's certificate; unrelated certificates stay out.</summary>
    private static IReadOnlyList<X509Certificate2> ChainOnToken(ISession session, X509Certificate2 leaf)
    {
        var others = Pkcs11Objects.FindAll(session, CKO.CKO_CERTIFICATE)
            .Select(handle => X509CertificateLoader.LoadCertificate(Pkcs11Objects.Bytes(session, handle, CKA.CKA_VALUE)))
            .Where(c => !c.RawData.AsSpan().SequenceEqual(leaf.RawData));
        var linked = new List<X509Certificate2>();
        var current = leaf;
        foreach (var next in FileSigningKey.OrderChain(leaf, others))
        {
            if (!next.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData)) break;
            linked.Add(next);
            current = next;
        }
        return linked;
    }

    /// <summary>
    /// Compares public halves rather than signing a probe: RSA private keys show their modulus; an EC
    /// private key shows only its curve, so its public key object (same id) is compared when there is one.
    /// </summary>
    private static bool Matches(ISession session, IObjectHandle privateKey, byte[] id, KeyAlgorithm algorithm, X509Certificate2 certificate)
    {
        if (algorithm == KeyAlgorithm.Rsa)
        {
            using var rsa = certificate.GetRSAPublicKey();
            return rsa is not null && Trim(rsa.ExportParameters(false).Modulus).SequenceEqual(Trim(Pkcs11Objects.Bytes(session, privateKey, CKA.CKA_MODULUS)));
        }
        using var ecdsa = certificate.GetECDsaPublicKey();
        if (ecdsa is null) return false;
        var publicKey = Pkcs11Objects.FindOne(session, CKO.CKO_PUBLIC_KEY, id);
        if (publicKey is null) return true;
        var point = Pkcs11Objects.Bytes(session, publicKey, CKA.CKA_EC_POINT);
        // CKA_EC_POINT is a DER OCTET STRING around the point (some old modules give the bare point).
        return BarePoint(point).SequenceEqual(certificate.PublicKey.EncodedKeyValue.RawData);
    }

    private static ReadOnlySpan<byte> BarePoint(byte[] point)
    {
        try
        {
            var inner = AsnDecoder.ReadOctetString(point, AsnEncodingRules.DER, out var consumed);
            if (consumed == point.Length) return inner;
        }
        catch (AsnContentException) { }
        return point;
    }

    private static ReadOnlySpan<byte> Trim(byte[]? value)
    {
        var span = value.AsSpan();
        while (span.Length > 1 && span[0] == 0) span = span[1..];
        return span;
    }
}
