using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Evidence.Internal;

/// <summary>
/// One serialiser for the receipt JSON so that writing and reading agree. Property order is the
/// declaration order of <see cref="ReceiptContent"/>; Thai text stays readable (not \u-escaped),
/// since officers read these files.
/// </summary>
internal static class ReceiptJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false), new UtcTimeConverter() },
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static byte[] Serialize(ReceiptContent content) => JsonSerializer.SerializeToUtf8Bytes(content, Options);

    public static ReceiptContent Deserialize(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<ReceiptContent>(utf8, Options)
        ?? throw new JsonException("receipt JSON is null");

    /// <summary>Times inside artefacts are UTC, RFC 3339, millisecond precision.</summary>
    private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }
}
