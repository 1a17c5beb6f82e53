using System.Collections.Frozen;
using System.Reflection;

namespace Gateway.Server.Internal.VerificationPage;

/// <summary>
/// The page's HTML, CSS and JavaScript, embedded in the assembly (Assets/, logical names "Gateway.Server.VerificationPage.*"):
/// the page must work on a network that reaches nothing but the gateway, so nothing comes from a CDN, not even a font.
/// </summary>
internal static class PageAssets
{
    private const string Prefix = "Gateway.Server.VerificationPage.";

    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType)> Assets = Load();

    /// <summary>The files served under /verify/assets/ (the HTML templates are served by their endpoints only).</summary>
    public static readonly FrozenSet<string> Public = new[] { "verify.css", "verify.js", "record.js" }.ToFrozenSet();

    public static (byte[] Bytes, string ContentType) Get(string name) =>
        Assets.TryGetValue(name, out var asset) ? asset : throw new InvalidOperationException($"verification page asset {name} is not embedded");

    public static string Text(string name) => System.Text.Encoding.UTF8.GetString(Get(name).Bytes);

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var assets = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var name = resource[Prefix.Length..];
            assets[name] = (buffer.ToArray(), Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                _ => "application/octet-stream",
            });
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
