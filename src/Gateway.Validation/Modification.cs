namespace Gateway.Validation;

/// <summary>
/// One change a later revision made to a signed document. <paramref name="Revision"/> is the index (in
/// <c>PdfDocument.Revisions</c>) of the revision that made it, <paramref name="Code"/> one of
/// <see cref="ModificationCodes"/>, <paramref name="ObjectNumber"/> the object it concerns most (null when none), and
/// <paramref name="Allowed"/> whether the permissions in effect at the signed revision allow it.
/// </summary>
public sealed record Modification(int Revision, string Code, string Description, int? ObjectNumber, bool Allowed)
{
    /// <summary>The level of the change; <see cref="ModificationLevel.Other"/> for what no rule allows.</summary>
    public ModificationLevel Level { get; init; } = ModificationLevel.Other;

    /// <summary>The fully qualified name of the form field concerned, when there is one.</summary>
    public string? FieldName { get; init; }
}
