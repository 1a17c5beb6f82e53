namespace Gateway.Validation;

/// <summary>
/// A signature field whose value is not a signature at all (no CMS could be parsed). EU DSS does not count
/// these as signatures; neither do we, but the document cannot pass while one is present.
/// </summary>
public sealed record UnreadableSignature(string? FieldName, string Reason);
