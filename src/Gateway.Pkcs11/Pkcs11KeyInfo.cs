using System.Security.Cryptography.X509Certificates;

namespace Gateway.Pkcs11;

/// <summary>
/// A private key on a token as `gw keys list` shows it: label, id, type ("EC P-256", "RSA 3072", "Ed25519"),
/// the certificate stored with the same id (if any), and its pkcs11: URI ready for configuration.
/// </summary>
public sealed record Pkcs11KeyInfo(string Label, byte[] Id, string Type, X509Certificate2? Certificate, string Uri);
