using Gateway.Crypto;
namespace Gateway.Pkix.Internal;

/// <summary>
/// RFC 4158-style depth-first path building with backtracking: among several possible issuers (cross-certificates,
/// re-keyed CAs with the same name, duplicates) the first that leads to a trust anchor wins. Loops are cut by never
/// using the same name and key twice in one path; the work is bounded both by the path length and by a budget of
/// issuer look-ups, so that hostile material (many certificates with one name) cannot make validation slow.
/// </summary>
internal sealed class PathBuilder
{
    private const int Budget = 4096;

    private readonly IReadOnlyList<ParsedCertificate> _candidates;
    private readonly IReadOnlyList<ParsedCertificate> _anchors;
    private readonly int _maxLength;
    private readonly DateTimeOffset _time;
    private readonly IDictionary<(ParsedCertificate Child, ParsedCertificate Issuer), bool> _signatures;
    private int _spent;
    private List<ParsedCertificate> _best = [];

    /// <param name="candidates">Possible issuers, in preference order (the signed object's own certificates first).</param>
    /// <param name="anchors">The trust store's roots.</param>
    /// <param name="time">Issuers valid at this time are tried before others, so that a current path is found first.</param>
    /// <param name="signatures">Signature checks already made (shared between validations: the certificates are cached).</param>
    public PathBuilder(IReadOnlyList<ParsedCertificate> candidates, IReadOnlyList<ParsedCertificate> anchors, int maxLength, DateTimeOffset time,
        IDictionary<(ParsedCertificate Child, ParsedCertificate Issuer), bool>? signatures = null)
    {
        _signatures = signatures ?? new Dictionary<(ParsedCertificate, ParsedCertificate), bool>();
        _candidates = candidates;
        _anchors = anchors;
        _maxLength = Math.Max(1, maxLength);
        _time = time;
    }

    public BuiltPath Build(ParsedCertificate leaf)
    {
        // A leaf equal to an anchor is trusted as it is; it stays the caller's certificate, first in the chain.
        if (AnchorFor(leaf) is not null)
        {
            return new BuiltPath([leaf], true);
        }

        var path = new List<ParsedCertificate> { leaf };
        _best = [leaf];
        return Search(path) ? new BuiltPath(path, true) : new BuiltPath(_best, false);
    }

    /// <summary>The configured root that <paramref name="certificate"/> stands for, by bytes or by name and key.</summary>
    public ParsedCertificate? AnchorFor(ParsedCertificate certificate) =>
        _anchors.FirstOrDefault(a => a.SameBytes(certificate)) ?? _anchors.FirstOrDefault(a => a.SameNameAndKey(certificate));

    private bool Search(List<ParsedCertificate> path)
    {
        var current = path[^1];
        if (path.Count >= _maxLength)
        {
            Remember(path);
            return false;
        }

        foreach (var issuer in IssuersOf(current))
        {
            if (path.Any(p => p.SameNameAndKey(issuer)))
            {
                continue;
            }

            // The path ends at the configured anchor, not at the copy that came with the signature.
            var anchor = AnchorFor(issuer);
            path.Add(anchor ?? issuer);
            if (anchor is not null || Search(path))
            {
                return true;
            }

            path.RemoveAt(path.Count - 1);
        }

        Remember(path);
        return false;
    }

    private IEnumerable<ParsedCertificate> IssuersOf(ParsedCertificate child)
    {
        var matches = new List<ParsedCertificate>();
        foreach (var candidate in _candidates)
        {
            if (_spent >= Budget)
            {
                break;
            }

            if (candidate.SubjectKey != child.IssuerKey
                || !candidate.Subject.Equivalent(child.Issuer, true)
                || (child.AuthorityKeyId is { } aki && candidate.SubjectKeyId is { } ski && !aki.AsSpan().SequenceEqual(ski))
                || candidate.SameBytes(child))
            {
                continue;
            }

            _spent++;
            if (Signs(candidate, child))
            {
                matches.Add(candidate);
            }
        }

        // Stable: anchors first, then issuers valid at the validation time, then the rest, each in candidate order.
        return matches
            .OrderBy(m => AnchorFor(m) is null ? 1 : 0)
            .ThenBy(m => m.IsValidAt(_time) ? 0 : 1)
            .ToList();
    }

    private bool Signs(ParsedCertificate issuer, ParsedCertificate child)
    {
        if (_signatures.TryGetValue((child, issuer), out var known))
        {
            return known;
        }

        var platform = PlatformSignatures.TryVerifyData(issuer.SubjectPublicKeyInfo, child.Bc.SigAlgOid, child.Bc.GetTbsCertificate(), child.Bc.GetSignature());
        var verified = platform ?? false;
        if (platform is null && issuer.PublicKey is { } key)
        {
            try
            {
                child.Bc.Verify(key);
                verified = true;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A wrong key, an unsupported algorithm or a mangled signature: this candidate is not the issuer.
            }
        }

        _signatures[(child, issuer)] = verified;
        return verified;
    }

    /// <summary>
    /// Without an anchor, the path worth reporting is one that ends at a root (a certificate that verifies its own
    /// signature): it is complete, only untrusted. Among those, or among incomplete ones, the longest.
    /// </summary>
    private void Remember(List<ParsedCertificate> path)
    {
        var rooted = EndsAtRoot(path);
        var bestRooted = EndsAtRoot(_best);
        if ((rooted && !bestRooted) || (rooted == bestRooted && path.Count > _best.Count))
        {
            _best = [.. path];
        }
    }

    private bool EndsAtRoot(List<ParsedCertificate> path) =>
        path.Count > 0 && path[^1].Subject.Equivalent(path[^1].Issuer, true) && Signs(path[^1], path[^1]);
}
