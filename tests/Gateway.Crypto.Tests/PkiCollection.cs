namespace Gateway.Crypto.Tests;

[CollectionDefinition(Name)]
public sealed class PkiCollection : ICollectionFixture<PkiFixture>
{
    public const string Name = "pki";
}
