namespace Gateway.Pkcs11.Tests;

/// <summary>One token for all tests: SoftHSM2 is loaded once per process, as PKCS#11 modules must be.</summary>
[CollectionDefinition(Name)]
public sealed class SoftHsmCollection : ICollectionFixture<SoftHsm>
{
    public const string Name = "softhsm";
}
