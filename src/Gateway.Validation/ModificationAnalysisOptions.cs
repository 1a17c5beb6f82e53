namespace Gateway.Validation;

/// <summary>Departures from the default policy (pyHanko's StandardDiffPolicy defaults).</summary>
public sealed record ModificationAnalysisOptions
{
    public static ModificationAnalysisOptions Default { get; } = new();

    /// <summary>
    /// A new signature field with a visible widget after a certification signature is disallowed by default, as in
    /// pyHanko (its appearance can draw over the certified content: the "sneaky signature" attack); Acrobat allows it
    /// under P=2 and P=3. True allows it at <see cref="ModificationLevel.FormFilling"/>.
    /// </summary>
    public bool AllowVisibleSignaturesAfterCertification { get; init; }
}
