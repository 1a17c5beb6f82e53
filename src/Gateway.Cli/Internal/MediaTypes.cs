namespace Gateway.Cli.Internal;

internal static class MediaTypes
{
    public static string FromFileName(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".xml" => "application/xml",
        ".json" => "application/json",
        ".txt" => "text/plain",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".zip" => "application/zip",
        ".p7s" => "application/pkcs7-signature",
        ".p7m" => "application/pkcs7-mime",
        _ => "application/octet-stream",
    };
}
