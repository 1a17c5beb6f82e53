namespace Gateway.Pkix.Internal;

/// <summary>
/// A path from the leaf (first) upwards. When <see cref="EndsAtAnchor"/>, the last certificate is the configured trust
/// anchor; otherwise this is the longest partial path found.
/// </summary>
internal sealed record BuiltPath(IReadOnlyList<ParsedCertificate> Certificates, bool EndsAtAnchor)
{
    public ParsedCertificate Leaf => Certificates[0];

    /// <summary>The certificates whose revocation must be checked: all but the anchor.</summary>
    public int NonAnchorCount => EndsAtAnchor ? Certificates.Count - 1 : Certificates.Count;

    public bool IsAnchor(int index) => EndsAtAnchor && index == Certificates.Count - 1;
}
