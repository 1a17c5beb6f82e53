namespace Gateway.Integration.Tests.Hostile;

/// <summary>
/// The hostile tests that measure memory and latency: one at a time and with nothing else running (xunit runs
/// non-parallel collections after the parallel ones), on one gateway of their own (<see cref="HostileGateway"/>).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileCollection : ICollectionFixture<HostileGateway>
{
    public const string Name = "hostile";
}
