namespace Gateway.Pkix.Tests;

/// <summary>The fixture's port must stay free while no test of the collection serves it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DevPkiCollection : ICollectionFixture<DevPkiFixture>
{
    public const string Name = "dev-pki";
}
