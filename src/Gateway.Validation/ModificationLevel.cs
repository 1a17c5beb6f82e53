namespace Gateway.Validation;

/// <summary>
/// How far a change made after signing goes, in increasing order (pyHanko's levels; ISO 32000-1 12.8.2.2 DocMDP).
/// A DocMDP permission P allows up to <see cref="LongTermValidation"/> (P=1), <see cref="FormFilling"/> (P=2) or
/// <see cref="Annotations"/> (P=3); an approval signature allows up to <see cref="Annotations"/>; <see cref="Other"/> is
/// never allowed.
/// </summary>
public enum ModificationLevel
{
    /// <summary>Nothing changed.</summary>
    None,

    /// <summary>DSS/VRI validation data, document time-stamps, document metadata, unused objects.</summary>
    LongTermValidation,

    /// <summary>Form field values and their appearances, new signatures and signature fields.</summary>
    FormFilling,

    /// <summary>Annotations added, changed or removed.</summary>
    Annotations,

    /// <summary>Anything else: page content, resources, the page tree, catalog entries, replaced or deleted objects.</summary>
    Other,
}
