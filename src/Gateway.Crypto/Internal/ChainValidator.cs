using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Internal;

internal static class ChainValidator
{
    /// <summary>
    /// Builds a chain to <see cref="TrustStore.Roots"/> at <paramref name="time"/>. Revocation is not checked
    /// yet (CRL/OCSP support is a later issue), so this is only half of X.509 validation.
    /// </summary>
    public static Verdict? Validate(X509Certificate2 leaf, IEnumerable<X509Certificate2> extra, TrustStore trust, DateTimeOffset time)
    {
        using var chain = trust.CreateChain(extra, time);
        chain.ChainPolicy.VerificationTimeIgnored = false;

        if (chain.Build(leaf))
        {
            return null;
        }

        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var details = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
        {
            return Verdict.Indeterminate(SubIndications.NoCertificateChainFound, $"no chain from '{leaf.Subject}' to a trust anchor ({details})");
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return Verdict.Indeterminate(SubIndications.OutOfBoundsNoPoe, $"a certificate in the chain of '{leaf.Subject}' is not valid at {time:O} ({details})");
        }

        return Verdict.Indeterminate(SubIndications.ChainConstraintsFailure, $"the chain of '{leaf.Subject}' is invalid: {flags} ({details})");
    }
}
