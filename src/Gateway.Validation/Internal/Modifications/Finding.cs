namespace Gateway.Validation.Internal.Modifications;

/// <summary>A modification being assembled: its level, and what may still forbid it (a lock, a certification).</summary>
internal sealed class Finding
{
    public required string Code { get; set; }
    public required string Description { get; set; }
    public int? ObjectNumber { get; init; }
    public required ModificationLevel Level { get; set; }

    /// <summary>The field the change concerns; with <see cref="LockSensitive"/>, a FieldMDP lock on it forbids the change.</summary>
    public string? FieldName { get; init; }

    public bool LockSensitive { get; init; }

    /// <summary>Why the change is not allowed whatever the permissions say (null when the level decides).</summary>
    public string? Forbidden { get; set; }

    /// <summary>A new signature field with a visible widget: forbidden after a certification signature unless the options allow it.</summary>
    public bool VisibleNewSignatureField { get; init; }
}
