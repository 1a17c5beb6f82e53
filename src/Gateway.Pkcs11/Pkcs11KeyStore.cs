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
    public static Pkcs11SigningKey Load(Pkcs11Uri uri, Pkcs11Options options, string? certificatePath = null) =>
        Open(uri, options, (token, session) =>
        {
            var (certificate, chain, algorithm) = Describe(session, uri, certificatePath);
            return new Pkcs11SigningKey(new TokenKey(token, uri), certificate, chain, algorithm);
        });

    public static Pkcs11SigningKey Load(string uri, Pkcs11Options options, string? certificatePath = null) =>
        Load(Pkcs11Uri.Parse(uri), options, certificatePath);

    /// <summary>An Ed25519 key (CKK_EC_EDWARDS) that signs with CKM_EDDSA, e.g. the evidence log's checkpoint key; no certificate.</summary>
    public static Pkcs11Ed25519Key LoadEd25519(Pkcs11Uri uri, Pkcs11Options options) =>
        Open(uri, options, (token, session) =>
        {
            var privateKey = Pkcs11Objects.FindPrivateKey(session, uri);
            if (TokenPublicKeys.KindOf(session, privateKey) != Pkcs11Constants.CKK_EC_EDWARDS
                || TokenPublicKeys.CurveOf(session, privateKey) != TokenPublicKeys.Ed25519)
                throw new Pkcs11KeyException($"{uri} is a {TokenPublicKeys.Describe(session, privateKey)} key, not Ed25519");
            return new Pkcs11Ed25519Key(new TokenKey(token, uri), TokenPublicKeys.Point(session, privateKey, uri));
        });

    /// <summary>
    /// Runs <paramref name="work"/> with a session of the logged-in token the URI names, and keeps the token for
    /// the result (which must release it, as <see cref="TokenKey"/> does) unless <paramref name="work"/> fails.
    /// </summary>
    internal static T Open<T>(Pkcs11Uri uri, Pkcs11Options options, Func<Pkcs11Token, ISession, T> work)
    {
        var token = Acquire(uri, options);
        try
        {
            return Use(token, uri, session => work(token, session));
        }
        catch
        {
            Release(token);
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> with a session of the token the URI names and gives the token back.</summary>
    internal static T WithToken<T>(Pkcs11Uri uri, Pkcs11Options options, Func<Pkcs11Token, ISession, T> work)
    {
        var token = Acquire(uri, options);
        try
        {
            return Use(token, uri, session => work(token, session));
        }
        finally
        {
            Release(token);
        }
    }

    private static T Use<T>(Pkcs11Token token, Pkcs11Uri uri, Func<ISession, T> work)
    {
        var lease = token.Rent();
        var broken = false;
        try
        {
            return work(lease.Session);
        }
        catch (Pkcs11Exception e)
        {
            broken = Pkcs11Failures.IsGone(e);
            throw new Pkcs11KeyException($"cannot use {uri}: {e.RV}", e);
        }
        finally
        {
            token.Return(lease, broken);
        }
    }

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

    internal static string ModulePath(Pkcs11Uri uri, Pkcs11Options options) => uri.ModulePath ?? options.ModulePath
        ?? throw new Pkcs11KeyException($"no PKCS#11 module for {uri}: add module-path to the URI or configure Gateway:Pkcs11:ModulePath");

    private static Pkcs11Token Acquire(Pkcs11Uri uri, Pkcs11Options options)
    {
        var modulePath = ModulePath(uri, options);
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
        var algorithm = TokenPublicKeys.KindOf(session, privateKey) switch
        {
            CKK.CKK_RSA => KeyAlgorithm.Rsa,
            CKK.CKK_EC => KeyAlgorithm.Ecdsa,
            Pkcs11Constants.CKK_EC_EDWARDS => throw new Pkcs11KeyException($"{uri} is an Ed25519 key: it signs evidence-log checkpoints (Gateway:EvidenceLog:KeyPath), not CMS or PDF"),
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
            leaf = Pkcs11Objects.Certificate(session, id)
                ?? throw new Pkcs11KeyException($"the token holds no certificate with the id of {uri}: configure a certificate file, or store it with `gw keys import-cert`");
            chain = ChainOnToken(session, leaf);
        }

        if (!Matches(session, privateKey, uri, leaf))
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
    /// Compares public halves rather than signing a probe. An EC private key shows only its curve: without a public
    /// key object (same id) there is nothing to compare, and the key is taken on trust until it signs.
    /// </summary>
    internal static bool Matches(ISession session, IObjectHandle privateKey, Pkcs11Uri uri, X509Certificate2 certificate)
    {
        byte[] spki;
        try
        {
            spki = TokenPublicKeys.SubjectPublicKeyInfo(session, privateKey, uri);
        }
        catch (Pkcs11KeyException) when (TokenPublicKeys.KindOf(session, privateKey) == CKK.CKK_EC)
        {
            return true;
        }
        var tokenKey = PublicKey.CreateFromSubjectPublicKeyInfo(spki, out _);
        return tokenKey.Oid.Value == certificate.PublicKey.Oid.Value
               && tokenKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(certificate.PublicKey.EncodedKeyValue.RawData);
    }
}
