namespace Gateway.Integration.Tests.Cluster;

/// <summary>
/// The tests that start gateway processes run one at a time: each drives two cores' worth of load, and
/// together they would measure the machine rather than the gateway.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "gateway processes";
}
