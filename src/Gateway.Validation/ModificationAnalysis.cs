namespace Gateway.Validation;

/// <summary>
/// What every revision after <paramref name="SignedRevision"/> changed. <paramref name="Level"/> is the highest level
/// among <paramref name="Modifications"/> (<see cref="ModificationLevel.None"/> when there are none);
/// <paramref name="DocMdpPermission"/> is the DocMDP P in effect at the signed revision (null when the document was not
/// certified at or before it).
/// </summary>
public sealed record ModificationAnalysis(int SignedRevision, IReadOnlyList<Modification> Modifications, ModificationLevel Level, int? DocMdpPermission)
{
    public bool HasDisallowedChanges => Modifications.Any(m => !m.Allowed);

    /// <summary>
    /// True when anything other than signatures, document time-stamps and DSS/VRI changed (form filling, annotations,
    /// or disallowed changes): what EU DSS calls "modified after signing". Document metadata updates (/Info, XMP) and
    /// unused objects do not count.
    /// </summary>
    public bool HasContentChanges => Modifications.Any(m => !m.Allowed || !ModificationCodes.IsValidationOnly(m.Code));
}
