using System.Text;

namespace Gateway.Pkcs11.Internal;

/// <summary>The user PIN, from the URI's pin-source file or the configured environment variable; nowhere else.</summary>
internal static class Pkcs11Pin
{
    public static byte[] Read(Pkcs11Uri uri, Pkcs11Options options)
    {
        if (uri.PinFile is { } file)
        {
            string text;
            try { text = File.ReadAllText(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The inner exception is dropped on purpose: only the path is worth showing.
                throw new Pkcs11KeyException($"cannot read the PIN file '{file}' named by pin-source of {uri}");
            }
            // Files written with echo end in a newline that is not part of the PIN.
            return Encoding.UTF8.GetBytes(text.TrimEnd('\r', '\n'));
        }
        var variable = options.PinEnvironmentVariable;
        var pin = string.IsNullOrEmpty(variable) ? null : Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(pin))
            throw new Pkcs11KeyException($"no PIN for {uri}: set the environment variable {variable} or add pin-source=file:///path to the URI");
        return Encoding.UTF8.GetBytes(pin);
    }
}
