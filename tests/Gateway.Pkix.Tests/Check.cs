using Gateway.Crypto;

namespace Gateway.Pkix.Tests;

internal static class Check
{
    public static CertificateValidatorOptions Offline => new() { FetchRevocation = false, WhenRevocationUnavailable = RevocationPolicy.Accept };

    public static CertificateValidator Validator(TestCert root, CertificateValidatorOptions? options = null, IEnumerable<TestCert>? intermediates = null, RevocationClient? client = null) =>
        Validator([root], options, intermediates, client);

    public static CertificateValidator Validator(IEnumerable<TestCert> roots, CertificateValidatorOptions? options = null, IEnumerable<TestCert>? intermediates = null, RevocationClient? client = null) =>
        new(TrustStore.FromCertificates(roots.Select(r => r.Certificate), intermediates?.Select(c => c.Certificate)), client, options ?? new CertificateValidatorOptions { FetchRevocation = false }, new FixedClock(TestPki.Now));

    public static Task<CertificateChainResult> Validate(
        this CertificateValidator validator,
        TestCert leaf,
        ValidationMaterial? material = null,
        CertificatePurpose purpose = CertificatePurpose.Signer,
        DateTimeOffset? at = null,
        DateTimeOffset? poe = null) =>
        validator.ValidateAsync(leaf.Certificate, purpose, material ?? ValidationMaterial.Empty, at ?? TestPki.Now, poe);

    public static void Passed(CertificateChainResult result)
    {
        Assert.True(result.Passed, $"{result.Indication} {result.SubIndication}: {string.Join(" | ", result.Errors)}");
        Assert.Null(result.SubIndication);
        Assert.Empty(result.Errors);
        Assert.True(result.ChainsToTrustAnchor);
    }

    public static void Failed(CertificateChainResult result, Indication indication, string subIndication)
    {
        Assert.True(result.Indication == indication && result.SubIndication == subIndication,
            $"expected {indication} {subIndication}, got {result.Indication} {result.SubIndication}: {string.Join(" | ", result.Errors)}");
        Assert.NotEmpty(result.Errors);
    }

    public static void Indeterminate(CertificateChainResult result, string subIndication) => Failed(result, Indication.Indeterminate, subIndication);

    /// <summary>The chain's subjects' common names, leaf first.</summary>
    public static string[] Names(CertificateChainResult result) =>
        result.Chain.Select(e => e.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false)).ToArray();
}
