using System.Text;

namespace Gateway.Pkcs11;

/// <summary>
/// An RFC 7512 PKCS#11 URI naming a signing key: <c>pkcs11:token=gw;object=seal?module-path=/usr/lib/softhsm/libsofthsm2.so&amp;pin-source=file:///run/gw/pin</c>.
/// Only what a key provider needs is kept. A <c>pin-value</c> is refused: a PIN written into a URI ends up in
/// configuration files, shell history and logs.
/// </summary>
public sealed class Pkcs11Uri
{
    public const string Scheme = "pkcs11:";

    // RFC 7512 section 2.3: attributes that may appear in the path and in the query.
    private static readonly HashSet<string> PathAttributes = new(StringComparer.Ordinal)
    {
        "token", "manufacturer", "serial", "model", "library-manufacturer", "library-description", "library-version",
        "object", "type", "id", "slot-manufacturer", "slot-description", "slot-id",
    };

    private static readonly HashSet<string> QueryAttributes = new(StringComparer.Ordinal)
    {
        "pin-source", "pin-value", "module-name", "module-path",
    };

    private Pkcs11Uri(IReadOnlyDictionary<string, byte[]> attributes)
    {
        string? Text(string name) => attributes.TryGetValue(name, out var value) ? Encoding.UTF8.GetString(value) : null;
        Token = Text("token");
        Object = Text("object");
        Id = attributes.TryGetValue("id", out var id) ? id : null;
        Type = Text("type");
        ModulePath = Text("module-path");
        PinSource = Text("pin-source");
    }

    /// <summary>The token label (CKA_LABEL of the token): slot ids change when tokens are initialised.</summary>
    public string? Token { get; }

    /// <summary>The key's CKA_LABEL.</summary>
    public string? Object { get; }

    /// <summary>The key's CKA_ID (raw bytes; percent-encoded in the URI).</summary>
    public byte[]? Id { get; }

    /// <summary>"private" or absent: a signing key is a private key.</summary>
    public string? Type { get; }

    public string? ModulePath { get; }

    /// <summary>A file: URI whose content is the PIN.</summary>
    public string? PinSource { get; }

    public static bool IsPkcs11(string? text) => text is not null && text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses and checks the URI; errors name the attribute, never a value that might be secret.</summary>
    public static Pkcs11Uri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsPkcs11(text)) throw new FormatException("a PKCS#11 URI starts with 'pkcs11:'");
        var rest = text[Scheme.Length..];
        var question = rest.IndexOf('?');
        var path = question < 0 ? rest : rest[..question];
        var query = question < 0 ? "" : rest[(question + 1)..];

        var attributes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        Read(path, ';', PathAttributes, attributes);
        Read(query, '&', QueryAttributes, attributes);

        if (attributes.ContainsKey("pin-value"))
            throw new FormatException("pin-value is refused in a PKCS#11 URI: give the PIN in an environment variable or with pin-source=file:///path");
        var uri = new Pkcs11Uri(attributes);
        if (uri.Token is null) throw new FormatException("the PKCS#11 URI names no token (token=LABEL)");
        if (uri.Object is null && uri.Id is null) throw new FormatException("the PKCS#11 URI names no key (object=LABEL or id=%01)");
        if (uri.Type is not null and not "private")
            throw new FormatException($"type={uri.Type}: a signing key is a private key (type=private or no type)");
        // Only files: RFC 7512 also allows "|program", which would run a command named in configuration.
        if (uri.PinSource is not null && !(uri.PinSource.StartsWith("file:/", StringComparison.OrdinalIgnoreCase)
                && System.Uri.TryCreate(uri.PinSource, UriKind.Absolute, out var source) && source.IsFile))
            throw new FormatException("pin-source must be a file: URI with an absolute path (file:///path)");
        return uri;
    }

    /// <summary>
    /// A token (and optionally a key on it) named without parsing: for commands that take the token label, the
    /// module and the PIN file as separate options. <paramref name="pinFile"/> is a path, never a PIN.
    /// </summary>
    public static Pkcs11Uri For(string token, string? modulePath = null, string? pinFile = null, string? label = null, byte[]? id = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var attributes = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["token"] = Encoding.UTF8.GetBytes(token) };
        if (label is not null) attributes["object"] = Encoding.UTF8.GetBytes(label);
        if (id is not null) attributes["id"] = id;
        if (modulePath is not null) attributes["module-path"] = Encoding.UTF8.GetBytes(modulePath);
        if (pinFile is not null) attributes["pin-source"] = Encoding.UTF8.GetBytes(new Uri(Path.GetFullPath(pinFile)).AbsoluteUri);
        return new Pkcs11Uri(attributes);
    }

    /// <summary>
    /// The key's URI ready to paste into configuration (Seal:KeyPath, EvidenceLog:KeyPath, ...): the token, label
    /// and id, and the module when it is known; never a PIN source, which belongs to each installation.
    /// </summary>
    public string ToConfigurationString(string? modulePath) =>
        modulePath is null ? ToString() : $"{this}?module-path={Uri.EscapeDataString(modulePath).Replace("%2F", "/", StringComparison.Ordinal)}";

    /// <summary>The local path of <see cref="PinSource"/>.</summary>
    public string? PinFile => PinSource is null ? null : new Uri(PinSource).LocalPath;

    /// <summary>For messages and logs: the key's name, never a PIN source's content.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Scheme).Append("token=").Append(Uri.EscapeDataString(Token ?? ""));
        if (Object is not null) text.Append(";object=").Append(Uri.EscapeDataString(Object));
        if (Id is not null) text.Append(";id=").Append(string.Concat(Id.Select(b => $"%{b:X2}")));
        if (Type is not null) text.Append(";type=").Append(Type);
        return text.ToString();
    }

    private static void Read(string part, char separator, HashSet<string> known, Dictionary<string, byte[]> into)
    {
        if (part.Length == 0) return;
        foreach (var attribute in part.Split(separator))
        {
            var equals = attribute.IndexOf('=');
            if (equals <= 0) throw new FormatException($"'{Safe(attribute)}' in a PKCS#11 URI is not NAME=VALUE");
            var name = attribute[..equals];
            // Vendor attributes (x-...) are allowed by the RFC and ignored here; a misspelt standard one is an error.
            if (name.StartsWith("x-", StringComparison.Ordinal)) continue;
            if (!known.Contains(name))
                throw new FormatException(PathAttributes.Contains(name) || QueryAttributes.Contains(name)
                    ? $"'{name}' belongs in the {(separator == ';' ? "query (after '?')" : "path (before '?')")} of a PKCS#11 URI"
                    : $"unknown PKCS#11 URI attribute '{name}'");
            if (!into.TryAdd(name, PercentDecode(attribute[(equals + 1)..], name)))
                throw new FormatException($"'{name}' appears twice in the PKCS#11 URI");
        }
    }

    private static string Safe(string attribute) => attribute.StartsWith("pin-", StringComparison.Ordinal) ? "pin-…" : attribute;

    private static byte[] PercentDecode(string value, string name)
    {
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
                continue;
            }
            if (i + 2 >= value.Length || !Uri.IsHexDigit(value[i + 1]) || !Uri.IsHexDigit(value[i + 2]))
                throw new FormatException($"'{name}' has a malformed percent-encoding (expected %XX)");
            bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
            i += 2;
        }
        return [.. bytes];
    }
}
