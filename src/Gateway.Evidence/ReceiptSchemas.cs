namespace Gateway.Evidence;

/// <summary>
/// The receipt JSON schemas. v1: the receipt as first issued. v2: v1 plus <see cref="ReceiptContent.Log"/>,
/// required — a v2 receipt is an entry of the evidence log and names its position, so a verifier with a
/// log can demand an inclusion proof. A new id rather than a silent new field, because a v1-only verifier
/// would otherwise accept the receipt while ignoring the part that makes it auditable. The issuer writes
/// v2 exactly when a log position is given; verifiers accept both.
/// v3: v1 plus <see cref="ReceiptContent.Grade"/>, required — the methods per step graded against the method catalogue
/// (its version named) and the service's policy, with the evidence behind each observed method; the log position is
/// carried when the receipt is logged. The issuer writes v3 whenever a grade is given. The JSON schema of all three is
/// schemas/receipt.schema.json in the repository.
/// </summary>
public static class ReceiptSchemas
{
    public const string V1 = ReceiptContent.SchemaId;
    public const string V2 = "https://gateway.example/schemas/receipt/v2";
    public const string V3 = "https://gateway.example/schemas/receipt/v3";

    /// <summary>The schema id a content should carry: v3 when it has a grade, else v2 when it has a log position, v1 otherwise.</summary>
    public static string For(ReceiptContent content) => content.Grade is not null ? V3 : content.Log is null ? V1 : V2;

    /// <summary>Null when the content is a well-formed receipt of a known schema; otherwise why not.</summary>
    public static string? Check(ReceiptContent content) => content.Schema switch
    {
        V1 or V2 when content.Grade is not null => "only a v3 receipt carries a grade",
        V1 when content.Log is not null => "a v1 receipt cannot carry a log position",
        V1 => null,
        V2 when content.Log is null => "a v2 receipt must carry its log position",
        V2 when string.IsNullOrEmpty(content.Log.Origin) || content.Log.LeafIndex < 0 => "the receipt's log position is malformed",
        V2 => null,
        V3 when content.Grade is null => "a v3 receipt must carry its grade",
        V3 when string.IsNullOrEmpty(content.Grade.CatalogueVersion) => "a v3 receipt must name its method catalogue version",
        V3 when content.Log is not null && (string.IsNullOrEmpty(content.Log.Origin) || content.Log.LeafIndex < 0) => "the receipt's log position is malformed",
        V3 => null,
        _ => $"unknown receipt schema '{content.Schema}'",
    };
}
