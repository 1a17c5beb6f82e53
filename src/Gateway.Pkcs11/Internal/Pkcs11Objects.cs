using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Gateway.Pkcs11.Internal;

/// <summary>Finding a key's objects on a token by the URI's label and/or id.</summary>
internal static class Pkcs11Objects
{
    public static IObjectHandle FindPrivateKey(ISession session, Pkcs11Uri uri)
    {
        var found = session.FindAllObjects(Template(CKO.CKO_PRIVATE_KEY, uri.Object, uri.Id));
        return found.Count switch
        {
            1 => found[0],
            0 => throw new Pkcs11KeyException($"no private key {uri} on the token (is the PIN the user PIN?)"),
            _ => throw new Pkcs11KeyException($"{found.Count} private keys match {uri}: name the key by id as well"),
        };
    }

    public static IObjectHandle? FindOne(ISession session, CKO kind, byte[] id)
    {
        var found = session.FindAllObjects(Template(kind, null, id));
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>The X.509 certificate object with <paramref name="id"/>, if the token holds exactly one.</summary>
    public static System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate(ISession session, byte[] id) =>
        FindOne(session, CKO.CKO_CERTIFICATE, id) is { } handle
            ? System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Bytes(session, handle, CKA.CKA_VALUE))
            : null;

    public static List<IObjectHandle> FindAll(ISession session, CKO kind) => session.FindAllObjects(Template(kind, null, null));

    public static byte[] Bytes(ISession session, IObjectHandle handle, CKA attribute) =>
        session.GetAttributeValue(handle, [attribute])[0].GetValueAsByteArray() ?? [];

    public static ulong Number(ISession session, IObjectHandle handle, CKA attribute) =>
        session.GetAttributeValue(handle, [attribute])[0].GetValueAsUlong();

    public static bool Flag(ISession session, IObjectHandle handle, CKA attribute) =>
        session.GetAttributeValue(handle, [attribute])[0].GetValueAsBool();

    public static List<IObjectAttribute> Template(CKO kind, string? label, byte[]? id)
    {
        var attributes = Pkcs11Module.Factories.ObjectAttributeFactory;
        List<IObjectAttribute> template = [attributes.Create(CKA.CKA_CLASS, kind)];
        if (label is not null) template.Add(attributes.Create(CKA.CKA_LABEL, label));
        if (id is not null) template.Add(attributes.Create(CKA.CKA_ID, id));
        return template;
    }
}
