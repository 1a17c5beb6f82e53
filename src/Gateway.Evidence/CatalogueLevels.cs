namespace Gateway.Evidence;

/// <summary>
/// The two levels the Cabinet resolution of 9 May 2023 adopted. The set is extensible: a catalogue lists its
/// levels lowest first, and a method's level is only compared through the catalogue's order.
/// </summary>
public static class CatalogueLevels
{
    public const string Initial = "initial";
    public const string Standard = "standard";
}
