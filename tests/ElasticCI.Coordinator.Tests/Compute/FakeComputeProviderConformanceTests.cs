using ElasticCI.Compute;

namespace ElasticCI.Coordinator.Tests.Compute;

/// <summary>The provider contract, against the fake cloud provider the restart tests use.</summary>
public sealed class FakeComputeProviderConformanceTests : ComputeProviderConformance
{
    private readonly FakeCloud _cloud = new();

    internal override Task<IComputeProvider> CreateAsync() => Task.FromResult<IComputeProvider>(new FakeComputeProvider(_cloud));

    internal override Task<bool> StillRunsAsync(string instanceId)
        => Task.FromResult(_cloud.Instances.TryGetValue(instanceId, out var status) && !status.IsGone);
}
