namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>A build is <c>scheduled</c> until a job starts: jobs skipped or broken without running do not make it <c>running</c>.</summary>
public sealed class BuildScheduledStateTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Build_FirstJobsSkippedOrBrokenRestWaitingForAnAgent_ScheduledWithoutStartTime()
    {
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - { command: lint, skip: not today }
              - { key: orphan, command: x, depends_on: nowhere, agents: { queue: nobody-serves-this } }
              - wait: { continue_on_failure: true }
              - { command: test, agents: { queue: nobody-serves-this } }
            """, "scheduled-state");

        var read = await _fixture.Client.GetBuildAsync(build.Id, CancellationToken.None);

        Assert.Equal(["skipped", "broken", "scheduled"], read.Jobs.Select(j => j.State));
        Assert.Equal("scheduled", read.State);
        Assert.Null(read.StartedAt);
    }
}
