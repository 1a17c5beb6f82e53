using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gateway.Crypto;
using Gateway.Pkcs11.Internal;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Gateway.Pkcs11;

/// <summary>
/// What an operator does with a token besides signing: list its keys, generate a key pair in it (never outside),
/// write a PKCS#10 request the token signs, store the CA's certificate next to its key, and check step by step
/// that a configured key works. The PIN comes from the same places as for signing, and no message shows it.
/// </summary>
public static class Pkcs11Tokens
{
    private static readonly byte[] Probe = SHA256.HashData("gateway: PKCS#11 test signature"u8);

    /// <summary>Every private key on the token <paramref name="token"/> names (token=LABEL), with its certificate if stored.</summary>
    public static IReadOnlyList<Pkcs11KeyInfo> ListKeys(Pkcs11Uri token, Pkcs11Options options) =>
        Pkcs11KeyStore.WithToken(token, options, (_, session) =>
            Pkcs11Objects.FindAll(session, CKO.CKO_PRIVATE_KEY).Select(key => Info(session, key, token, options)).OrderBy(k => k.Label, StringComparer.Ordinal).ToList());

    /// <summary>
    /// A new key pair made by the token: the private key sensitive and never extractable, the public key next to
    /// it with the same label and id (<paramref name="id"/>, else 8 random bytes).
    /// </summary>
    /// <exception cref="Pkcs11KeyException">A key with that label or id exists already, or the token refused.</exception>
    public static Pkcs11KeyInfo Generate(Pkcs11Uri token, Pkcs11Options options, string label, Pkcs11KeyType type, byte[]? id = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        id ??= RandomNumberGenerator.GetBytes(8);
        return WithReadWrite(token, options, session =>
        {
            // Two keys of one label would make every URI naming it ambiguous.
            if (session.FindAllObjects(Pkcs11Objects.Template(CKO.CKO_PRIVATE_KEY, label, null)).Count > 0)
                throw new Pkcs11KeyException($"the token '{token.Token}' already holds a key labelled '{label}'");
            if (session.FindAllObjects(Pkcs11Objects.Template(CKO.CKO_PRIVATE_KEY, null, id)).Count > 0)
                throw new Pkcs11KeyException($"the token '{token.Token}' already holds a key with id {Convert.ToHexString(id)}");
            var f = Pkcs11Module.Factories.ObjectAttributeFactory;
            List<IObjectAttribute> publicTemplate =
            [
                f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_PRIVATE, false), f.Create(CKA.CKA_VERIFY, true),
                f.Create(CKA.CKA_LABEL, label), f.Create(CKA.CKA_ID, id),
            ];
            List<IObjectAttribute> privateTemplate =
            [
                f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_PRIVATE, true), f.Create(CKA.CKA_SIGN, true),
                f.Create(CKA.CKA_SENSITIVE, true), f.Create(CKA.CKA_EXTRACTABLE, false),
                f.Create(CKA.CKA_LABEL, label), f.Create(CKA.CKA_ID, id),
            ];
            CKM mechanism;
            switch (type)
            {
                case Pkcs11KeyType.EcP256 or Pkcs11KeyType.EcP384:
                    mechanism = CKM.CKM_EC_KEY_PAIR_GEN;
                    publicTemplate.Add(f.Create(CKA.CKA_EC_PARAMS, TokenPublicKeys.Parameters(type == Pkcs11KeyType.EcP256 ? TokenPublicKeys.P256 : TokenPublicKeys.P384)));
                    break;
                case Pkcs11KeyType.Rsa2048 or Pkcs11KeyType.Rsa3072:
                    mechanism = CKM.CKM_RSA_PKCS_KEY_PAIR_GEN;
                    publicTemplate.Add(f.Create(CKA.CKA_MODULUS_BITS, type == Pkcs11KeyType.Rsa2048 ? 2048UL : 3072UL));
                    publicTemplate.Add(f.Create(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 1, 0, 1 }));
                    break;
                case Pkcs11KeyType.Ed25519:
                    mechanism = Pkcs11Constants.CKM_EC_EDWARDS_KEY_PAIR_GEN;
                    publicTemplate.Add(f.Create(CKA.CKA_EC_PARAMS, TokenPublicKeys.Parameters(TokenPublicKeys.Ed25519)));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(type));
            }
            using var m = Pkcs11Module.Factories.MechanismFactory.Create(mechanism);
            session.GenerateKeyPair(m, publicTemplate, privateTemplate, out _, out var privateKey);
            return Info(session, privateKey, token, options);
        });
    }

    /// <summary>
    /// A PKCS#10 certificate request (DER) for the token key <paramref name="key"/> names, signed by the token
    /// (SHA-384 for P-384 keys, SHA-256 otherwise), for a CA to issue its certificate from.
    /// </summary>
    /// <exception cref="Pkcs11KeyException">An Ed25519 key (it signs log checkpoints and has no certificate) or a key that cannot be read.</exception>
    public static byte[] CreateSigningRequest(Pkcs11Uri key, Pkcs11Options options, X500DistinguishedName subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var (tokenKey, algorithm, spki, description) = Pkcs11KeyStore.Open(key, options, (token, session) =>
        {
            var privateKey = Pkcs11Objects.FindPrivateKey(session, key);
            var algorithm = TokenPublicKeys.KindOf(session, privateKey) switch
            {
                CKK.CKK_RSA => KeyAlgorithm.Rsa,
                CKK.CKK_EC => KeyAlgorithm.Ecdsa,
                _ => throw new Pkcs11KeyException($"{key} is a {TokenPublicKeys.Describe(session, privateKey)} key: only EC and RSA keys get certificates"),
            };
            return (new TokenKey(token, key), algorithm, TokenPublicKeys.SubjectPublicKeyInfo(session, privateKey, key), TokenPublicKeys.Describe(session, privateKey));
        });
        using (tokenKey)
        {
            var hash = description switch { "EC P-384" => HashAlgorithmName.SHA384, "EC P-521" => HashAlgorithmName.SHA512, _ => HashAlgorithmName.SHA256 };
            var generator = new TokenSignatureGenerator(tokenKey, algorithm, spki);
            var request = new CertificateRequest(subject, PublicKey.CreateFromSubjectPublicKeyInfo(spki, out _), hash);
            return request.CreateSigningRequest(generator);
        }
    }

    /// <summary>
    /// Stores <paramref name="certificate"/> on the token with the label and id of the key <paramref name="key"/> names,
    /// after checking that it certifies that key; the CA certificates of <paramref name="chain"/> go next to it, so
    /// that the key's configuration needs no certificate file. <paramref name="replace"/> renews a stored certificate.
    /// </summary>
    /// <exception cref="Pkcs11KeyException">The certificate is for another key, or one is stored already and <paramref name="replace"/> is false.</exception>
    public static Pkcs11KeyInfo ImportCertificate(Pkcs11Uri key, Pkcs11Options options, X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, bool replace = false) =>
        WithReadWrite(key, options, session =>
        {
            var privateKey = Pkcs11Objects.FindPrivateKey(session, key);
            if (TokenPublicKeys.KindOf(session, privateKey) is not (CKK.CKK_RSA or CKK.CKK_EC)
                || !Pkcs11KeyStore.Matches(session, privateKey, key, certificate))
                throw new Pkcs11KeyException($"certificate '{certificate.Subject}' is not for the key {key}");
            var id = Pkcs11Objects.Bytes(session, privateKey, CKA.CKA_ID);
            var label = Encoding.UTF8.GetString(Pkcs11Objects.Bytes(session, privateKey, CKA.CKA_LABEL));
            var stored = session.FindAllObjects(Pkcs11Objects.Template(CKO.CKO_CERTIFICATE, null, id));
            if (stored.Count > 0 && !replace)
                throw new Pkcs11KeyException($"the token holds a certificate for {key} already: replace it explicitly to renew it");
            foreach (var old in stored) session.DestroyObject(old);
            session.CreateObject(CertificateTemplate(certificate, label, id));

            var onToken = Pkcs11Objects.FindAll(session, CKO.CKO_CERTIFICATE).Select(h => Pkcs11Objects.Bytes(session, h, CKA.CKA_VALUE)).ToList();
            foreach (var ca in chain.Where(c => !onToken.Any(raw => raw.AsSpan().SequenceEqual(c.RawData))))
                session.CreateObject(CertificateTemplate(ca, "ca " + ca.GetNameInfo(X509NameType.SimpleName, false), SHA256.HashData(ca.RawData)[..8]));
            return Info(session, privateKey, key, options);
        });

    /// <summary>
    /// Whether the key <paramref name="key"/> names works, step by step: the module loads, the token is there, the
    /// PIN source can be read (never shown), the key is found (with its certificate unless <paramref name="ed25519"/>),
    /// and a test signature verifies. The steps after the first failure are not run.
    /// </summary>
    public static IReadOnlyList<Pkcs11Check> Diagnose(Pkcs11Uri key, Pkcs11Options options, string? certificatePath, bool ed25519)
    {
        var checks = new List<Pkcs11Check>();
        bool Step(string step, Func<string> run)
        {
            try
            {
                checks.Add(new Pkcs11Check(step, true, run()));
                return true;
            }
            catch (Exception e) when (e is CryptographicException or Pkcs11Exception or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                checks.Add(new Pkcs11Check(step, false, e.Message));
                return false;
            }
        }

        string? modulePath = null;
        if (!Step("module", () =>
            {
                modulePath = Pkcs11KeyStore.ModulePath(key, options);
                var module = Pkcs11Module.Acquire(modulePath);
                try
                {
                    var info = module.Library.GetInfo();
                    return $"{module.Path} loaded ({info.LibraryDescription?.Trim()} {info.LibraryVersion})";
                }
                catch (Pkcs11Exception e)
                {
                    throw new Pkcs11KeyException($"{module.Path} does not answer C_GetInfo: {e.RV}", e);
                }
                finally
                {
                    module.Release();
                }
            })) return checks;
        if (!Step("token", () =>
            {
                var module = Pkcs11Module.Acquire(modulePath!);
                try
                {
                    var labels = module.Library.GetSlotList(SlotsType.WithTokenPresent).Select(s => s.GetTokenInfo().Label?.TrimEnd() ?? "").ToList();
                    return labels.Contains(key.Token!, StringComparer.Ordinal)
                        ? $"token '{key.Token}' present"
                        : throw new Pkcs11KeyException($"no token labelled '{key.Token}' in {module.Path} (tokens present: {(labels.Count == 0 ? "none" : string.Join(", ", labels.Select(l => $"'{l}'")))})");
                }
                catch (Pkcs11Exception e)
                {
                    throw new Pkcs11KeyException($"cannot list the slots of {module.Path}: {e.RV}", e);
                }
                finally
                {
                    module.Release();
                }
            })) return checks;
        if (!Step("PIN source", () =>
            {
                var pin = Pkcs11Pin.Read(key, options);
                CryptographicOperations.ZeroMemory(pin);
                return key.PinFile is { } file ? $"PIN file {file} readable" : $"PIN from ${options.PinEnvironmentVariable}";
            })) return checks;

        if (ed25519)
        {
            Pkcs11Ed25519Key? found = null;
            try
            {
                if (!Step("key", () =>
                    {
                        found = Pkcs11KeyStore.LoadEd25519(key, options);
                        return $"{key}: Ed25519";
                    })) return checks;
                Step("test signature", () =>
                {
                    var message = "gateway: PKCS#11 test signature"u8.ToArray();
                    var verifier = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
                    verifier.Init(false, new Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters(found!.PublicKey));
                    verifier.BlockUpdate(message, 0, message.Length);
                    return verifier.VerifySignature(found.Sign(message))
                        ? "CKM_EDDSA signature verifies under the key's public key"
                        : throw new Pkcs11KeyException($"the signature of {key} does not verify under its public key");
                });
            }
            finally
            {
                found?.Dispose();
            }
            return checks;
        }

        Pkcs11SigningKey? signing = null;
        try
        {
            if (!Step("key", () =>
                {
                    signing = Pkcs11KeyStore.Load(key, options, certificatePath);
                    return $"{key}: {signing.Algorithm}, certificate '{signing.Certificate.Subject}' valid until {signing.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}";
                })) return checks;
            Step("test signature", () =>
            {
                var signature = signing!.SignHash(Probe, HashAlgorithmName.SHA256);
                var verifies = signing.Algorithm == KeyAlgorithm.Rsa
                    ? signing.Certificate.GetRSAPublicKey()!.VerifyHash(Probe, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                    : signing.Certificate.GetECDsaPublicKey()!.VerifyHash(Probe, signature, DSASignatureFormat.Rfc3279DerSequence);
                return verifies
                    ? $"{signing.Algorithm} signature verifies against the certificate"
                    : throw new Pkcs11KeyException($"the signature of {key} does not verify against certificate '{signing.Certificate.Subject}'");
            });
        }
        finally
        {
            signing?.Dispose();
        }
        return checks;
    }

    private static T WithReadWrite<T>(Pkcs11Uri uri, Pkcs11Options options, Func<ISession, T> work) =>
        Pkcs11KeyStore.WithToken(uri, options, (token, _) =>
        {
            var session = token.OpenReadWrite();
            try
            {
                return work(session);
            }
            finally
            {
                Pkcs11Token.CloseSession(session);
            }
        });

    private static Pkcs11KeyInfo Info(ISession session, IObjectHandle privateKey, Pkcs11Uri token, Pkcs11Options options)
    {
        var label = Encoding.UTF8.GetString(Pkcs11Objects.Bytes(session, privateKey, CKA.CKA_LABEL));
        var id = Pkcs11Objects.Bytes(session, privateKey, CKA.CKA_ID);
        var uri = Pkcs11Uri.For(token.Token!, label: label.Length == 0 ? null : label, id: id.Length == 0 ? null : id);
        return new Pkcs11KeyInfo(label, id, TokenPublicKeys.Describe(session, privateKey),
            id.Length == 0 ? null : Pkcs11Objects.Certificate(session, id), uri.ToConfigurationString(token.ModulePath ?? options.ModulePath));
    }

    private static List<IObjectAttribute> CertificateTemplate(X509Certificate2 certificate, string label, byte[] id)
    {
        var f = Pkcs11Module.Factories.ObjectAttributeFactory;
        var serial = new AsnWriter(AsnEncodingRules.DER);
        serial.WriteInteger(certificate.SerialNumberBytes.Span);
        return
        [
            f.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE), f.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
            f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_PRIVATE, false), f.Create(CKA.CKA_LABEL, label), f.Create(CKA.CKA_ID, id),
            f.Create(CKA.CKA_SUBJECT, certificate.SubjectName.RawData), f.Create(CKA.CKA_ISSUER, certificate.IssuerName.RawData),
            f.Create(CKA.CKA_SERIAL_NUMBER, serial.Encode()), f.Create(CKA.CKA_VALUE, certificate.RawData),
        ];
    }
}
