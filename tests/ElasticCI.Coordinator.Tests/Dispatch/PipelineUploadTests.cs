namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>Dynamic pipelines: `buildkite-agent pipeline upload` from a running job, with a real agent process.</summary>
public sealed class PipelineUploadTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Upload_FromARunningJob_InsertsStepsBeforeTheNextWait()
    {
        _fixture.StartAgent("agent-dyn", spawn: 2);
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - label: generate
                command: |
                  mkdir -p .buildkite
                  printf 'steps:\n  - label: dynamic-a\n    command: echo "dynamic a"\n  - wait\n  - label: dynamic-b\n    command: echo "dynamic b"\n' > .buildkite/pipeline.yml
                  buildkite-agent pipeline upload
              - wait
              - label: after
                command: echo after
            """);

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        Assert.Equal("passed", done.State);
        Assert.Equal(["generate", "dynamic-a", "dynamic-b", "after"], done.Jobs.Select(j => j.Label));
        var dynamicB = done.Jobs[2];
        var after = done.Jobs[3];
        Assert.True(dynamicB.Times.StartedAt >= done.Jobs[1].Times.FinishedAt, "the uploaded wait holds dynamic-b");
        Assert.True(after.Times.StartedAt >= dynamicB.Times.FinishedAt, "the build's wait after the uploader also waits for the uploaded steps");
        Assert.Contains("dynamic b", await _fixture.LogAsync(dynamicB.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_WithReplace_RemovesTheStepsNotStartedYet()
    {
        _fixture.StartAgent("agent-replace");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - label: generate
                command: |
                  printf 'steps:\n  - label: replacement\n    command: echo replaced\n' | buildkite-agent pipeline upload - --replace
              - wait
              - label: original
                command: echo original
            """);

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        Assert.Equal("passed", done.State);
        Assert.Equal(["generate", "replacement"], done.Jobs.Select(j => j.Label));
    }

    [Fact]
    public async Task Upload_InvalidPipeline_FailsTheJobNamingTheLine()
    {
        _fixture.StartAgent("agent-bad-upload");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - label: generate
                command: |
                  printf 'steps:\n  - label: x\n    command: echo\n    cache: [dist]\n' | buildkite-agent pipeline upload -
            """);

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        Assert.Equal("failed", done.State);
        Assert.Single(done.Jobs);
        Assert.Contains("not supported yet: cache at line 4", await _fixture.LogAsync(done.Jobs[0].Id), StringComparison.Ordinal);
    }
}
