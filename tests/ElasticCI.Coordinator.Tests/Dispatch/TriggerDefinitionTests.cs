using ElasticCI.Protocol.Pipelines;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>Trigger steps build the target pipeline's stored definition; without one (and without builds) they fail clearly.</summary>
public sealed class TriggerDefinitionTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Trigger_StoredDefinition_BuildsItOnItsDefaultBranch()
    {
        _fixture.StartAgent("agent-trigger-definition");
        await _fixture.Client.PutPipelineAsync("child", new PutPipelineRequest(
            "steps:\n  - command: echo \"child on $BUILDKITE_BRANCH from $BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG\"\n", DefaultBranch: "stable"),
            CancellationToken.None);
        var parent = await _fixture.CreateBuildAsync("steps:\n  - trigger: child\n", "parent");

        var done = await _fixture.WaitForAsync(parent.Id, b => b.State is "passed" or "failed", TimeSpan.FromSeconds(90));

        Assert.Equal("passed", done.State);
        var child = Assert.Single((await _fixture.Client.ListBuildsAsync("child", 10, CancellationToken.None)).Builds);
        Assert.Equal(("stable", "passed"), (child.Branch, child.State));
        Assert.Contains("child on stable from parent", await _fixture.LogAsync(child.Jobs[0].Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trigger_NoDefinitionAndNoBuild_FailsWithLogNamingThePipeline()
    {
        var parent = await _fixture.CreateBuildAsync("steps:\n  - trigger: nowhere\n", "parent");

        var done = await _fixture.WaitForPassedOrFailedAsync(parent.Id);

        Assert.Equal(("failed", "failed"), (done.State, done.Jobs[0].State));
        var log = await _fixture.LogAsync(done.Jobs[0].Id);
        Assert.Contains("Cannot trigger pipeline 'nowhere': it has no stored definition", log, StringComparison.Ordinal);
    }
}
