using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Evidence.Internal;

/// <summary>
/// Strict reading of catalogue and policy files: unknown fields, duplicate keys and wrong types are errors, and
/// every syntax or type error names its line and position (1-based), since operators edit these files by hand.
/// </summary>
internal static class MethodJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
    };

    public static T Read<T>(ReadOnlySpan<byte> utf8, string source) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(utf8, Options)
                   ?? throw new MethodConfigurationException(source, "the file holds null, not an object", 1, 1);
        }
        catch (JsonException e)
        {
            var detail = e.Message;
            var cut = detail.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut > 0) detail = detail[..cut];
            detail = detail.Replace(" Change the reader options.", "", StringComparison.Ordinal);
            throw new MethodConfigurationException(source, detail, e.LineNumber + 1, e.BytePositionInLine + 1, e.Path, e);
        }
    }

    public static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MethodConfigurationException(path, "cannot read the file: " + e.Message, inner: e);
        }
    }
}
